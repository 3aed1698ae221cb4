/**
 * The Salesforce softphone page's script (`dist/salesforce/softphone.js`, loaded by softphone.html after the
 * drop-in `../cti-elements.js`). Salesforce opens the page in its softphone panel with `?sfdcIframeOrigin=`:
 *
 *  1. the origin is checked (origin.ts); a refused origin is said on the page and nothing is loaded;
 *  2. `opencti_min.js` is loaded from that origin only, through a Trusted Types policy that lets exactly that
 *     URL through;
 *  3. `getCallCenterSettings` gives the widget's configuration (settings.ts): the page builds
 *     `<cti-provider>` with `<cti-agent-status>`, `<cti-phone>` and `<cti-queue>`;
 *  4. bridge.ts wires the provider to Open CTI.
 * Problems are shown in the page's notice list (text only) and logged to the console; nothing is thrown.
 */
import type { Command } from '../../domain/commands.js';
import type { CtiSessionHandle } from '../../client/types.js';
import type { SessionSnapshot } from '../../domain/model.js';
import { connectSalesforce, type HostAction, type SalesforceBridge } from './bridge.js';
import { loadMessages, message, type MessageKey } from './messages.js';
import { allowListFrom, checkSalesforceOrigin, originParam } from './origin.js';
import { credentialsFromApex, getCallCenterSettings, openCtiHost, type OpenCtiLike } from './opencti.js';
import { widgetSettings, type SettingsProblem } from './settings.js';

const POLICY = 'cti-salesforce';
const DEFAULT_VERSION = '62.0';

let locale: string | undefined;
const notices = () => document.getElementById('host-notices');

function notice(text: string, level: 'error' | 'warn' = 'error'): void {
  (level === 'error' ? console.error : console.warn)(`[cti-salesforce] ${text}`);
  const list = notices();
  if (!list) return;
  const item = document.createElement('p');
  item.className = `notice ${level}`;
  item.setAttribute('role', level === 'error' ? 'alert' : 'status');
  const span = document.createElement('span');
  span.textContent = text;
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = '×';
  close.setAttribute('aria-label', message(locale, 'dismiss'));
  close.addEventListener('click', () => item.remove());
  item.append(span, close);
  list.append(item);
  // Bounded: the newest few.
  while (list.children.length > 5) list.firstElementChild?.remove();
}

const say = (key: MessageKey, params?: Record<string, string>, level?: 'error' | 'warn') => notice(message(locale, key, params), level);

function meta(name: string): string | null {
  return document.querySelector(`meta[name="${name}"]`)?.getAttribute('content') ?? null;
}

interface TrustedTypesLike {
  createPolicy(name: string, rules: { createScriptURL(url: string): string }): { createScriptURL(url: string): unknown };
}

/** Load `url` as a classic script; only that exact URL passes the Trusted Types policy. */
function loadScript(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const script = document.createElement('script');
    let src: unknown = url;
    const tt = (globalThis as { trustedTypes?: TrustedTypesLike }).trustedTypes;
    if (tt) {
      try {
        src = tt.createPolicy(POLICY, {
          createScriptURL: (candidate) => {
            if (candidate !== url) throw new TypeError(`${POLICY}: refusing ${candidate}`);
            return candidate;
          },
        }).createScriptURL(url);
      } catch {
        // The page's CSP does not allow the policy name: the assignment below is then reported and refused.
      }
    }
    script.addEventListener('load', () => resolve(true), { once: true });
    script.addEventListener('error', () => resolve(false), { once: true });
    try {
      (script as { src: unknown }).src = src;
    } catch {
      resolve(false);
      return;
    }
    document.head.append(script);
  });
}

function settingsProblem(p: SettingsProblem): void {
  if (p.kind === 'missing') say('settings.missing', { item: p.item });
  else if (p.kind === 'bad-options') say('settings.options', {}, 'warn');
  else if (p.kind === 'bad-apex') say('settings.apex');
  else say('settings.credential', { item: p.item }, 'warn');
}

const ACTIONS: Record<Exclude<HostAction, 'dial'>, MessageKey> = {
  panel: 'action.panel',
  pop: 'action.pop',
  log: 'action.log',
  c2d: 'action.c2d',
  listen: 'action.listen',
};

/**
 * The session as the provider sees it, observed: `onFirst` gets its first snapshot before the provider does, and
 * `onDone` every successful classify / dialer-outcome command.
 */
function observed(
  session: CtiSessionHandle,
  onFirst: (snapshot: SessionSnapshot) => void,
  onDone: (command: Command, session: CtiSessionHandle) => void,
): CtiSessionHandle {
  let first = true;
  const see = (snapshot: SessionSnapshot | undefined) => {
    if (snapshot && first) {
      first = false;
      onFirst(snapshot);
    }
    return snapshot;
  };
  const execute = async (command: Command) => {
    await session.execute(command);
    onDone(command, session);
  };
  const subscribe = (listener: (snapshot: SessionSnapshot) => void) => session.subscribe((snapshot) => listener(see(snapshot)!));
  return new Proxy(session, {
    get(target, key) {
      if (key === 'execute') return execute;
      if (key === 'subscribe') return subscribe;
      if (key === 'snapshot') return see(target.snapshot);
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The agent and extension this browser used last (not secrets; the password is typed in the sign-in form). */
const STORE = 'cti-salesforce-agent';
interface AgentChoice {
  readonly agent: string;
  readonly extension?: string;
}
function storedAgent(): AgentChoice | undefined {
  try {
    const v = JSON.parse(localStorage.getItem(STORE) ?? 'null') as { agent?: unknown; extension?: unknown } | null;
    if (v && typeof v.agent === 'string' && v.agent) return { agent: v.agent, ...(typeof v.extension === 'string' && v.extension ? { extension: v.extension } : {}) };
  } catch {
    // Storage refused (a third-party frame where the browser blocks it): ask every time.
  }
  return undefined;
}
function storeAgent(choice: AgentChoice | undefined): void {
  try {
    if (choice) localStorage.setItem(STORE, JSON.stringify(choice));
    else localStorage.removeItem(STORE);
  } catch {
    /* not kept */
  }
}

function field(id: string, label: string, value: string, required: boolean): HTMLElement {
  const wrap = document.createElement('div');
  wrap.className = 'field';
  const l = document.createElement('label');
  l.htmlFor = id;
  l.textContent = label;
  const input = document.createElement('input');
  input.id = id;
  input.name = id;
  input.value = value;
  input.autocomplete = 'off';
  input.spellcheck = false;
  input.required = required;
  wrap.append(l, input);
  return wrap;
}

/** The agent (and extension) the session connects for: asked once, then remembered in this browser. */
function askAgent(into: HTMLElement): Promise<AgentChoice> {
  return new Promise((resolve) => {
    const form = document.createElement('form');
    form.id = 'agent-form';
    const set = document.createElement('fieldset');
    const legend = document.createElement('legend');
    legend.textContent = message(locale, 'agent.legend');
    const button = document.createElement('button');
    button.type = 'submit';
    button.textContent = message(locale, 'agent.continue');
    set.append(legend, field('agent-id', message(locale, 'agent.agent'), '', true), field('agent-extension', message(locale, 'agent.extension'), '', false), button);
    form.append(set);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const agent = (form.elements.namedItem('agent-id') as HTMLInputElement).value.trim();
      const extension = (form.elements.namedItem('agent-extension') as HTMLInputElement).value.trim();
      if (!agent) return;
      form.remove();
      resolve({ agent, ...(extension ? { extension } : {}) });
    });
    into.append(form);
  });
}

/** "Agent 1001 · Change agent": forgets the choice and starts again. */
function agentLine(choice: AgentChoice): HTMLElement {
  const line = document.createElement('p');
  line.className = 'agent-line';
  const text = document.createElement('span');
  text.textContent = message(locale, 'agent.current', { agent: choice.extension ? `${choice.agent} · ${choice.extension}` : choice.agent });
  const change = document.createElement('button');
  change.type = 'button';
  change.textContent = message(locale, 'agent.change');
  change.addEventListener('click', () => {
    storeAgent(undefined);
    location.reload();
  });
  line.append(text, change);
  return line;
}

interface ProviderElement extends HTMLElement {
  credentials?: { user: string; password: string };
  sessionFactory: (config: CtiSessionHandle['config']) => CtiSessionHandle;
  options: Readonly<Record<string, unknown>>;
  session?: CtiSessionHandle;
  dial(number: string): Promise<boolean>;
}

async function start(): Promise<void> {
  const param = originParam(location.search);
  if (param !== null && typeof param === 'object') return say('origin.ambiguous');
  const verdict = checkSalesforceOrigin(param, allowListFrom(meta('cti-salesforce-allowed-origins')));
  if (!verdict.ok) return verdict.reason === 'missing' ? say('origin.missing') : say('origin.refused', { origin: String(param) });

  const version = /^\d{2,3}\.0$/.test(meta('cti-opencti-version') ?? '') ? meta('cti-opencti-version')! : DEFAULT_VERSION;
  if (!(await loadScript(`${verdict.origin}/support/api/${version}/lightning/opencti_min.js`))) return say('opencti.load', { origin: verdict.origin });
  const api = (globalThis as { sforce?: { opencti?: OpenCtiLike } }).sforce?.opencti;
  if (!api) return say('opencti.load', { origin: verdict.origin });

  const result = await getCallCenterSettings(api);
  if (!result.ok) return say('opencti.settings', { error: result.error });
  const { settings, problems } = widgetSettings(result.value ?? {});
  locale = settings?.locale;
  await loadMessages(locale);
  for (const p of problems) settingsProblem(p);
  if (!settings) return;
  if (settings.locale) document.documentElement.lang = settings.locale;

  const root = document.getElementById('softphone') ?? document.body;
  // Interact and the relay vendors connect for one agent: ask which (NEON signs in with its SIP account).
  let choice: AgentChoice | undefined;
  if (settings.vendor !== 'neon') {
    choice = storedAgent() ?? (await askAgent(root));
    storeAgent(choice);
    root.append(agentLine(choice));
  }

  // The integration's credentials (NEON, Catix), from the org's own Apex: in memory only, never shown.
  let credentials: { user: string; password: string } | undefined;
  if (settings.credentialsApex) {
    const got = await credentialsFromApex(api, settings.credentialsApex);
    if (got.ok) credentials = got.value;
    else say('credentials.failed', { apex: settings.credentialsApex, error: got.error });
  }

  await customElements.whenDefined('cti-provider');
  const provider = document.createElement('cti-provider') as ProviderElement;
  if (credentials) provider.credentials = credentials;
  let bridge: SalesforceBridge | undefined;
  const made = provider.sessionFactory;
  provider.sessionFactory = (config) =>
    observed(
      made(config),
      (snapshot) => bridge?.alreadyAnswered(snapshot.calls.filter((c) => c.answeredAt !== undefined).map((c) => c.id)),
      (command, session) => {
      if (command.type === 'classify') {
        const name = session.snapshot?.classifications.find((c) => c.id === command.classificationId)?.name ?? command.classificationId;
        bridge?.disposition(command.callId, name);
      } else if (command.type === 'dialer-outcome') bridge?.disposition(command.callId, command.outcome);
      },
    );
  if (settings.options) provider.options = settings.options;
  const { vendor, server, format, locale: lang, ringtone } = settings;
  for (const [name, value] of Object.entries({ vendor, server, agent: choice?.agent, extension: choice?.extension, format, locale: lang, ringtone })) if (value) provider.setAttribute(name, value);
  provider.append(document.createElement('cti-agent-status'), document.createElement('cti-phone'), document.createElement('cti-queue'));

  const host = openCtiHost(api, (error) => say('host.failed', { action: message(locale, 'action.listen'), error }));
  bridge = connectSalesforce({
    provider,
    host,
    texts: { subject: (kind, number) => message(locale, `task.${kind}`, { number }) },
    report: (action, error, number) =>
      action === 'dial' ? say('dial.failed', { number: number ?? '', error }) : say('host.failed', { action: message(locale, ACTIONS[action]), error }),
    // The other Salesforce tabs' softphones (the same widget origin and site): who logs which call's Task.
    // Loaded beside the widget (a chunk of its own): nothing of it is needed before a call is answered.
    tabs: import('./tabs.js')
      .then(({ connectTabs }) =>
        connectTabs({
          channel: typeof BroadcastChannel === 'function' ? new BroadcastChannel('cti-salesforce-tasks') : undefined,
          locks: navigator.locks,
          log: (text) => console.warn(`[cti-salesforce] ${text}`),
          shown: () => [document.visibilityState === 'visible', document.hasFocus()],
        }),
      )
      .catch((e: unknown) => void console.warn(`[cti-salesforce] ${String(e)}`)),
  });
  root.append(provider);
}

start().catch((e: unknown) => notice(String((e as Error)?.message ?? e)));
