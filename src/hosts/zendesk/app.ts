/**
 * The Zendesk app's page script (`dist/zendesk/assets/zendesk-app.js`, loaded by `assets/iframe.html`):
 *  1. checks the `origin` query parameter (the parent the ZAF SDK will trust) against https://*.zendesk.com
 *     and the page's allow-list — a refused origin gets a clear error and nothing else: no ZAF handshake, no
 *     widget loaded;
 *  2. `ZAFClient.init()`; in the `background` location it only preloads the top bar pane (a top bar app is not
 *     in the page until opened, and a call must ring with the pane closed);
 *  3. in the `top_bar`: reads the settings, loads the widget (`cti-elements.module.js` next to this script),
 *     builds `<cti-provider>` with the status, phone and queue elements, and starts the bridge.
 */
import ZAFClient from 'zendesk_app_framework_sdk';
import { ZendeskBridge, type DialingProvider } from './bridge.js';
import { translator, zendeskLocale, type Translate } from './i18n.js';
import { Notices, describeFailure } from './notices.js';
import { allowListFrom, isTrustedZendeskOrigin } from './origin.js';
import { parseSettings, SettingError } from './settings.js';
import type { ZafClient } from './zaf.js';

const root = document.getElementById('app') ?? document.body;

function fatal(text: string): void {
  const box = document.createElement('p');
  box.className = 'zd-fatal';
  box.setAttribute('role', 'alert');
  box.textContent = text;
  root.replaceChildren(box);
  console.warn(`[cti-zendesk] ${text}`);
}

function param(name: string): string | null {
  return new URLSearchParams(location.search).get(name) ?? new URLSearchParams(location.hash.slice(1)).get(name);
}

async function preloadTopBar(client: ZafClient): Promise<void> {
  const { instances } = (await client.get('instances')) as { instances?: Record<string, { location?: string }> };
  for (const [guid, instance] of Object.entries(instances ?? {})) {
    if (instance?.location === 'top_bar') await client.instance(guid).invoke('preloadPane');
  }
}

async function startTopBar(client: ZafClient, t0: Translate): Promise<void> {
  let locale = zendeskLocale(navigator.language);
  try {
    const user = await client.get('currentUser.locale');
    locale = zendeskLocale(String(user['currentUser.locale'] ?? ''));
  } catch {
    // keep the browser's language
  }
  const t = translator(locale);
  document.documentElement.lang = locale;
  title(t);
  const notices = new Notices(document, t);
  let settings;
  try {
    settings = parseSettings((await client.metadata()).settings ?? {});
  } catch (e) {
    root.replaceChildren(notices.element);
    if (e instanceof SettingError) notices.alert(t('badSetting', { what: e.message }), e);
    else notices.alert(t0('hostError', { action: t('action.settings'), detail: describeFailure(e) }), e);
    return;
  }
  // Not `new URL('…', import.meta.url)` literally: the bundler would try to resolve that path.
  const here = import.meta.url;
  await import(/* @vite-ignore */ new URL('cti-elements.module.js', here).href);
  await customElements.whenDefined('cti-provider');
  const provider = document.createElement('cti-provider') as DialingProvider & { options?: unknown };
  provider.setAttribute('vendor', settings.vendor);
  provider.setAttribute('server', settings.server);
  provider.setAttribute('locale', locale);
  const { format, ...options } = settings.options;
  if (format === 'json' || format === 'xml') provider.setAttribute('format', format);
  provider.options = options;
  for (const name of ['cti-agent-status', 'cti-phone', 'cti-queue']) provider.append(document.createElement(name));
  // Interact subscribes to the agent's events before sign-in: it needs the agent's login to connect. It is
  // per agent, not an app setting: asked once and remembered in this browser (when it may store anything).
  const userId = await client.get('currentUser.id').then((r) => String(r['currentUser.id'] ?? ''), () => '');
  const key = `cti-zendesk-agent:${userId}`;
  const remembered = readStored(key);
  if (remembered || settings.vendor !== 'interact') {
    if (remembered) provider.setAttribute('agent', remembered);
    root.replaceChildren(notices.element, provider);
  } else {
    // The phone comes in once the login is known: a provider without it would only show a refused subscription.
    const form = agentForm(t, key, (agent) => {
      provider.setAttribute('agent', agent);
      form.replaceWith(provider);
      void focusSignIn(provider);
    });
    root.replaceChildren(notices.element, form);
  }
  // The app in this browser's other Zendesk tabs: one tab pops and logs each call (a chunk of its own).
  const tabs = import('./tabs.js').then(({ callTabs }) => callTabs).catch((e: unknown) => void console.warn('[cti-zendesk]', e));
  new ZendeskBridge({ client, provider, settings, notices, t, tabs }).start();
}

/** Keyboard focus to the phone's sign-in once it is there (the form that had it is gone). */
async function focusSignIn(provider: HTMLElement): Promise<void> {
  const status = provider.querySelector('cti-agent-status');
  for (let i = 0; i < 30 && status; i++) {
    const field = status.shadowRoot?.querySelector<HTMLElement>('input:not([type="hidden"]):not([disabled]), select:not([disabled])');
    if (field) {
      field.focus();
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function readStored(key: string): string {
  try {
    return localStorage.getItem(key) ?? '';
  } catch {
    return ''; // third-party storage blocked: asked again next time
  }
}

/** The agent's login (Interact), asked before the provider can connect. */
function agentForm(t: Translate, key: string, done: (agent: string) => void): HTMLFormElement {
  const form = document.createElement('form');
  form.className = 'zd-agent';
  const label = document.createElement('label');
  label.textContent = t('agentLabel');
  const input = document.createElement('input');
  input.name = 'agent';
  input.required = true;
  input.autocomplete = 'username';
  input.maxLength = 64;
  label.append(input);
  const submit = document.createElement('button');
  submit.type = 'submit';
  submit.textContent = t('agentSubmit');
  form.append(label, submit);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const agent = input.value.trim();
    if (!agent) return;
    try {
      localStorage.setItem(key, agent);
    } catch {
      // not remembered: fine
    }
    done(agent);
  });
  return form;
}

/** The page's heading (visually hidden: Zendesk's pane header shows the app's name), in the agent's language. */
function title(t: Translate): void {
  const h1 = document.getElementById('zd-title');
  if (h1) h1.textContent = t('title');
}

async function main(): Promise<void> {
  const t0 = translator(zendeskLocale(navigator.language));
  title(t0);
  const origin = param('origin');
  if (!origin || !param('app_guid')) return fatal(t0('noOrigin'));
  if (!isTrustedZendeskOrigin(origin, allowListFrom(document))) return fatal(t0('refused', { origin: origin.slice(0, 200) }));
  const client = ZAFClient.init();
  if (!client) return fatal(t0('noOrigin'));
  const context = await client.context();
  if (context.location === 'background') {
    await preloadTopBar(client).catch((e: unknown) => console.warn('[cti-zendesk] could not preload the top bar pane', e));
    return;
  }
  await startTopBar(client, t0);
}

main().catch((e: unknown) => fatal(describeFailure(e)));
