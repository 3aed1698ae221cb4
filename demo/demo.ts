/**
 * The demo page: "Acme CRM" with the cti-elements softphone in a side column, and a control panel
 * for the simulated contact center. `npm start` runs a simulator per vendor: Dígitro Interact (a CTI
 * server), InWise NEON (a softphone on the agent's computer), and Catix, Intelix DGPhone and Tactium IP
 * (raw TCP servers, reached through one websockify relay). The vendor switch reconfigures the one
 * `<cti-provider>`; the choice is kept in the URL (`?vendor=catix`, `&role=supervisor` for the Catix and
 * Tactium supervisor view), never with credentials (the integration accounts are JS properties).
 *
 * Everything the server or the simulator sends is written with `textContent` (never innerHTML):
 * caller ids, names and associated data are untrusted text.
 *
 * This file is the page shell: the CRM (customers, record, screen pop, event log), the provider's events,
 * click-to-dial, theme, language, and the vendor switch that configures the provider and shows that vendor's
 * simulator panel. Beside it: `text.ts` (the page's pt-BR/en/es text), `crm.ts` (the customers), `dom.ts`, and
 * `panels/` — one module per vendor's simulator panel (`panels/<vendor>.ts`) and what they share (`panels/sim.ts`).
 */
import { errorMessage } from '../src/index.js';
import type {
  CtiAgentStateChangedEvent,
  CtiCallAnsweredEvent,
  CtiCallDataEvent,
  CtiCallEndedEvent,
  CtiConnectionChangedEvent,
  CtiDialRequestEvent,
  CtiError,
  CtiErrorEvent,
  CtiIncomingCallEvent,
  CtiNoticeEvent,
  CtiProvider,
  Party,
  VendorId,
} from '../src/index.js';
import { comparable, customers, digits, formatPhone, lookUp } from './crm.js';
import type { Customer } from './crm.js';
import { $, el } from './dom.js';
import { catixPanel } from './panels/catix.js';
import { dgphonePanel } from './panels/dgphone.js';
import { interactPanel } from './panels/interact.js';
import { neonPanel } from './panels/neon.js';
import { poll, reasonText, refreshSimState, renderSimFromOptions, renderSimPanel, showPanel, simStatus } from './panels/sim.js';
import type { SimPanel } from './panels/sim.js';
import { tactiumPanel } from './panels/tactium.js';
import { LANGS, applyPageText, lang, tr, useLang } from './text.js';
import type { Key, Lang } from './text.js';

const provider = $<CtiProvider>('provider');
const ctiElements = () => [...provider.querySelectorAll<HTMLElement>('cti-agent-status, cti-phone, cti-queue')];

/* ------------------------------------------------------------------ page state */

let selectedId: string | undefined;
/** The call the screen pop is about. */
let pop:
  | {
      callId: string;
      customer: Customer | undefined;
      number: string;
      /** The caller's own name when the vendor gives one (NEON: the SIP display name). */
      name?: string | undefined;
      service: string | undefined;
      /** The call's data (dialer contact, recording…) or the scheduled call's fields: server text. */
      data?: Readonly<Record<string, string>> | undefined;
      /** When a scheduled call is due (`phase: 'scheduled'`: a Catix notice, not a call). */
      dueAt?: number | undefined;
      phase: 'ringing' | 'active' | 'ended' | 'dialing' | 'scheduled';
    }
  | undefined;
let activeCallCustomerId: string | undefined;

/* ------------------------------------------------------------------ customers table + record */

function renderCustomers(): void {
  const rows = $<HTMLTableSectionElement>('customer-rows');
  rows.replaceChildren(
    ...customers.map((c) => {
      const open = el('button', {
        className: 'link-button',
        text: c.name,
        attrs: { type: 'button', 'aria-label': tr('customers.open', { name: c.name }) },
      });
      open.addEventListener('click', () => select(c.id));
      const dial = dialButton(c, 'dial-link');
      const tickets = el('td', { className: 'num' });
      if (c.tickets.length > 0) tickets.append(el('span', { className: 'pill', text: String(c.tickets.length) }));
      else tickets.textContent = '–';
      const row = el(
        'tr',
        { attrs: { 'data-customer': c.id } },
        el('th', { attrs: { scope: 'row' } }, open),
        el('td', { className: 'mono', text: c.account }),
        el('td', {}, dial),
        tickets,
      );
      if (c.id === selectedId) row.classList.add('selected');
      if (c.id === activeCallCustomerId) row.classList.add('on-call');
      return row;
    }),
  );
  $('customers-count').textContent = tr('customers.count', { n: customers.length });
}

function dialButton(c: Customer, className: string, label?: string): HTMLButtonElement {
  const button = el('button', {
    className,
    attrs: { type: 'button', 'aria-label': tr('customers.call', { name: c.name, phone: formatPhone(c.phone) }) },
  });
  button.append(el('span', { className: 'dial-icon', text: '☎', attrs: { 'aria-hidden': 'true' } }), ' ', label ?? formatPhone(c.phone));
  button.addEventListener('click', () => void dial(c));
  return button;
}

function renderRecord(): void {
  const body = $('record-body');
  const record = $('record');
  const c = customers.find((x) => x.id === selectedId);
  record.classList.toggle('on-call', c !== undefined && c.id === activeCallCustomerId);
  if (!c) {
    body.replaceChildren(el('p', { className: 'muted', text: tr('record.none') }));
    return;
  }
  const initials = c.name
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .slice(0, 2)
    .join('');
  const field = (label: Key, value: string, mono = false) =>
    el('div', { className: 'field' }, el('dt', { text: tr(label) }), el('dd', { className: mono ? 'mono' : '', text: value }));
  const head = el(
    'div',
    { className: 'record-head' },
    el('div', { className: 'avatar', text: initials, attrs: { 'aria-hidden': 'true' } }),
    el('div', { className: 'record-name' }, el('h3', { text: c.name }), el('span', { className: 'muted', text: `${c.plan} · ${c.city}` })),
  );
  if (c.id === activeCallCustomerId) {
    const ringing = pop?.phase === 'ringing';
    head.append(el('span', { className: `badge ${ringing ? 'badge-ringing' : 'badge-live'}`, text: tr(ringing ? 'record.ringing' : 'record.onCall') }));
  }
  else head.append(dialButton(c, 'btn btn-primary btn-small', tr('record.call')));
  const facts = el(
    'dl',
    { className: 'facts' },
    field('record.account', c.account, true),
    field('record.phone', formatPhone(c.phone), true),
    field('record.plan', c.plan),
    field('record.since', c.since),
  );
  const email = field('record.email', c.email);
  email.classList.add('wide');
  facts.append(email);
  const tickets = el('div', { className: 'tickets' }, el('h4', { text: tr('record.tickets') }));
  if (c.tickets.length === 0) tickets.append(el('p', { className: 'muted small', text: tr('record.noTickets') }));
  else
    tickets.append(
      el(
        'ul',
        { className: 'ticket-list' },
        ...c.tickets.map((t) =>
          el(
            'li',
            {},
            el('span', { className: 'mono ticket-id', text: `#${t.id}` }),
            el('span', { className: 'ticket-subject', text: t.subject }),
            el('span', { className: `priority priority-${t.priority === 'média' ? 'media' : t.priority}`, text: t.priority }),
          ),
        ),
      ),
    );
  body.replaceChildren(head, facts, tickets);
}

function select(id: string | undefined, flash = false): void {
  selectedId = id;
  $('new-contact').hidden = true;
  renderCustomers();
  renderRecord();
  if (flash) {
    const record = $('record');
    record.classList.remove('flash');
    void record.offsetWidth; // restart the animation
    record.classList.add('flash');
  }
}

/* ------------------------------------------------------------------ screen pop */

function renderPop(): void {
  const box = $('screen-pop');
  const action = $<HTMLButtonElement>('screen-pop-action');
  if (!pop) {
    box.hidden = true;
    return;
  }
  const c = pop.customer;
  const name = c?.name ?? pop.name ?? formatPhone(pop.number);
  let title: string;
  let sub = '';
  if (pop.phase === 'ringing') {
    if (c) {
      const first = c.tickets[0];
      title = tr('pop.incoming', { name: c.name, ticket: first ? tr('pop.ticket', { id: first.id }) : tr('pop.noTicket') });
    } else if (pop.name) {
      title = tr('pop.incomingUnknownNamed', { name: pop.name, number: formatPhone(pop.number) });
    } else {
      title = tr('pop.incomingUnknown', { number: formatPhone(pop.number) });
    }
  } else if (pop.phase === 'scheduled') {
    const when = pop.dueAt !== undefined ? new Date(pop.dueAt).toLocaleString(lang, { timeStyle: 'short', dateStyle: 'short' }) : '?';
    title = tr('pop.scheduled', { id: pop.data?.['agendamento-id'] ?? pop.callId, when });
  } else if (pop.phase === 'dialing') title = tr('pop.dialing', { name });
  else if (pop.phase === 'active') title = tr('pop.active', { name });
  else title = tr('pop.ended', { name });
  if (pop.phase === 'scheduled') sub = tr('pop.scheduledSub');
  else if (c) sub = pop.service ? tr('pop.sub', { account: c.account, service: pop.service }) : tr('pop.subNoService', { account: c.account });
  else sub = tr('pop.unknownSub');
  const shown = popData(pop.data);
  const dataBox = $('screen-pop-data');
  dataBox.replaceChildren(
    ...shown.map(([k, v]) => el('span', { className: 'pop-field' }, el('span', { className: 'pop-key', text: k }), ' ', el('span', { className: 'pop-value', text: v }))),
  );
  dataBox.hidden = shown.length === 0;
  $('screen-pop-title').textContent = title;
  $('screen-pop-sub').textContent = sub;
  box.dataset['phase'] = pop.phase;
  box.classList.toggle('unknown', !c);
  action.hidden = c !== undefined || pop.phase === 'dialing' || pop.phase === 'scheduled';
  action.textContent = tr('pop.createContact');
  box.hidden = false;
}

/**
 * The call data worth showing in the screen pop (dialer contact, recording), in this order; the vendors' own
 * key names, values as server text. The campaign is the call's service, already in the line above.
 */
const POP_DATA_KEYS = [
  'descricao',
  'contato-cpfcnpj',
  'cod-vinculo-gravacao',
  'contato-contrato',
  'agendamento-cod-referencia',
  'gravacao',
] as const;

function popData(data: Readonly<Record<string, string>> | undefined): [string, string][] {
  if (!data) return [];
  return POP_DATA_KEYS.flatMap((k) => {
    const v = data[k]?.trim();
    return v ? [[k, v.length > 80 ? `${v.slice(0, 79)}…` : v] as [string, string]] : [];
  });
}

function openNewContact(number: string, callerName = ''): void {
  select(undefined);
  const form = $<HTMLFormElement>('new-contact');
  form.hidden = false;
  $<HTMLInputElement>('new-contact-phone').value = formatPhone(number);
  const name = $<HTMLInputElement>('new-contact-name');
  name.value = callerName;
  name.focus();
}

function createContact(event: SubmitEvent): void {
  event.preventDefault();
  const name = $<HTMLInputElement>('new-contact-name').value.trim();
  const phone = digits($<HTMLInputElement>('new-contact-phone').value);
  if (!name || !phone) return;
  const n = customers.length + 1;
  const customer: Customer = {
    id: `c${Date.now()}`,
    name,
    account: `ACC-${1000 + n}`,
    phone,
    email: '–',
    city: '–',
    plan: 'Novo',
    since: String(new Date().getFullYear()),
    tickets: [],
  };
  customers.push(customer);
  if (pop && !pop.customer && comparable(pop.number) === comparable(phone)) {
    pop = { ...pop, customer };
    if (pop.phase !== 'ended') activeCallCustomerId = customer.id;
  }
  select(customer.id, true);
  renderPop();
  renderSimFromOptions();
}

/* ------------------------------------------------------------------ event log */

const MAX_LOG = 200;

function logEvent(name: string, detail: unknown, message?: string): void {
  const list = $<HTMLOListElement>('event-log');
  const time = new Date().toLocaleTimeString(lang, { hour12: false });
  let text: string;
  try {
    text = JSON.stringify(detail, (_k, v: unknown) => (v === undefined ? null : v));
  } catch {
    text = String(detail);
  }
  const item = el(
    'li',
    { className: `log-${name.replace(/^cti-/, '')}` },
    el('time', { className: 'log-time mono', text: time }),
    el('span', { className: 'log-name mono', text: name }),
    el('code', { className: 'log-detail', text }),
  );
  if (message) item.append(el('span', { className: 'log-message small', text: message }));
  list.prepend(item);
  while (list.children.length > MAX_LOG) list.lastElementChild?.remove();
  $('event-log-empty').hidden = true;
}

/* ------------------------------------------------------------------ provider events */

function partyNumber(remote: readonly Party[]): string {
  return remote[0]?.number ?? '';
}

provider.addEventListener('cti-incoming-call', (e: CtiIncomingCallEvent) => {
  logEvent(e.type, e.detail);
  const { callId, from, service, data } = e.detail;
  const customer = lookUp(from.number, data);
  pop = { callId, customer, number: from.number, name: from.name, service, data, phase: 'ringing' };
  activeCallCustomerId = customer?.id;
  if (customer) select(customer.id, true);
  else openNewContact(from.number, from.name);
  renderPop();
});

provider.addEventListener('cti-call-answered', (e: CtiCallAnsweredEvent) => {
  logEvent(e.type, e.detail);
  const { callId, remote, service, data, direction } = e.detail;
  if (pop?.callId === callId) {
    pop = { ...pop, data, phase: 'active' };
  } else {
    const number = partyNumber(remote);
    const customer = lookUp(number, data);
    // The agent's own dial (click-to-dial or the keypad) vs a call that came to the agent (Catix queue and
    // dialer calls, Tactium calls arrive already connected, without ringing).
    const ownDial = pop?.phase === 'dialing' && comparable(pop.number) === comparable(number);
    pop = { callId, customer, number, name: remote[0]?.name, service, data, phase: 'active' };
    activeCallCustomerId = customer?.id;
    if (customer && (direction === 'inbound' || !ownDial)) select(customer.id, true);
  }
  renderCustomers();
  renderRecord();
  renderPop();
});

provider.addEventListener('cti-call-ended', (e: CtiCallEndedEvent) => {
  logEvent(e.type, e.detail);
  if (pop?.callId === e.detail.callId || (pop?.phase === 'dialing' && partyNumber(e.detail.remote) === pop.number)) {
    pop = { ...pop, callId: e.detail.callId, phase: 'ended' };
    activeCallCustomerId = undefined;
    renderCustomers();
    renderRecord();
    renderPop();
  }
});

/* A call's data grew (the dialer's contact data, a recording path): the screen pop shows it, and may now
   know the customer (a contract or CRM key in the data). */
provider.addEventListener('cti-call-data', (e: CtiCallDataEvent) => {
  logEvent(e.type, e.detail);
  const { callId, data } = e.detail;
  if (pop?.callId !== callId) return;
  const customer = pop.customer ?? lookUp(pop.number, data);
  const found = customer !== undefined && pop.customer === undefined;
  pop = { ...pop, data, customer };
  if (found && pop.phase !== 'ended') {
    activeCallCustomerId = customer.id;
    select(customer.id, true);
  }
  renderPop();
});

/* A scheduled call announced (Catix): shown in the screen pop unless a call is being handled. */
provider.addEventListener('cti-notice', (e: CtiNoticeEvent) => {
  logEvent(e.type, e.detail);
  if (pop && pop.phase !== 'ended' && pop.phase !== 'scheduled') return;
  const notice = e.detail;
  const number = notice.data['numero-contato'] ?? '';
  pop = { callId: notice.id, customer: lookUp(number, notice.data), number, service: undefined, data: notice.data, dueAt: notice.dueAt, phase: 'scheduled' };
  renderPop();
});

provider.addEventListener('cti-agent-state-changed', (e: CtiAgentStateChangedEvent) => logEvent(e.type, e.detail));
provider.addEventListener('cti-connection-changed', (e: CtiConnectionChangedEvent) => logEvent(e.type, e.detail));
provider.addEventListener('cti-error', (e: CtiErrorEvent) => logEvent(e.type, e.detail, errorText(e.detail)));
provider.addEventListener('cti-dial-request', (e: CtiDialRequestEvent) => logEvent(e.type, e.detail));

$('screen-pop-close').addEventListener('click', () => {
  pop = undefined;
  renderPop();
});
$('screen-pop-action').addEventListener('click', () => {
  if (pop) openNewContact(pop.number, pop.name);
});
$<HTMLFormElement>('new-contact').addEventListener('submit', createContact);
$('new-contact-cancel').addEventListener('click', () => {
  $('new-contact').hidden = true;
  renderRecord();
});
$('log-clear').addEventListener('click', () => {
  $('event-log').replaceChildren();
  $('event-log-empty').hidden = false;
});

/* ------------------------------------------------------------------ click-to-dial */

function showNotice(text: string): void {
  const notice = $('page-notice');
  notice.textContent = text;
  notice.hidden = text === '';
}

async function dial(c: Customer): Promise<void> {
  showNotice('');
  select(c.id);
  try {
    const placed = await provider.dial(c.phone);
    if (placed) {
      pop = { callId: '', customer: c, number: c.phone, service: undefined, phase: 'dialing' };
      activeCallCustomerId = c.id;
      renderCustomers();
      renderRecord();
      renderPop();
    }
  } catch (reason) {
    showNotice(tr('dial.failed', { number: formatPhone(c.phone), code: errorText(reason) }));
  }
}

function isCtiError(value: unknown): value is CtiError {
  return typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string';
}

/** The widget's own words for an error, vendor-specific when it has them (NEON 601: not registered). */
function errorText(reason: unknown): string {
  if (!isCtiError(reason)) return errorMessage('internal', lang);
  const message = errorMessage(reason, lang, provider.vendor);
  return reason.detail ? `${message} (${reason.detail})` : message;
}

/* ------------------------------------------------------------------ theme, language, format */

const store = {
  get(key: string): string | null {
    try {
      return localStorage.getItem(`cti-demo:${key}`);
    } catch {
      return null;
    }
  },
  set(key: string, value: string): void {
    try {
      localStorage.setItem(`cti-demo:${key}`, value);
    } catch {
      /* private mode: not remembered */
    }
  },
};

let theme: 'light' | 'dark' =
  (store.get('theme') as 'light' | 'dark' | null) ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');

function applyTheme(): void {
  document.documentElement.dataset['theme'] = theme;
  for (const element of ctiElements()) element.setAttribute('theme', theme);
  const toggle = $('theme-toggle');
  toggle.setAttribute('aria-pressed', String(theme === 'dark'));
  const label = $('theme-label');
  label.dataset['i18n'] = theme === 'dark' ? 'toolbar.light' : 'toolbar.dark';
  label.textContent = tr(theme === 'dark' ? 'toolbar.light' : 'toolbar.dark');
}

$('theme-toggle').addEventListener('click', () => {
  theme = theme === 'dark' ? 'light' : 'dark';
  store.set('theme', theme);
  applyTheme();
});

function setLang(next: Lang): void {
  useLang(next);
  document.documentElement.lang = next;
  provider.setAttribute('lang', next);
  provider.locale = next;
  $<HTMLSelectElement>('lang-select').value = next;
  applyPageText();
  renderCustomers();
  renderRecord();
  renderPop();
  renderSimFromOptions();
  renderSimPanel();
  void refreshSimState();
}

$<HTMLSelectElement>('lang-select').addEventListener('change', (e) => {
  const value = (e.target as HTMLSelectElement).value as Lang;
  store.set('lang', value);
  setLang(value);
});

const formatSelect = $<HTMLSelectElement>('format-select');
formatSelect.addEventListener('change', () => {
  const format = formatSelect.value === 'xml' ? 'xml' : 'json';
  store.set('format', format);
  provider.format = format;
});

/* ------------------------------------------------------------------ vendor */

type DemoVendor = VendorId;
const DEMO_VENDORS: readonly DemoVendor[] = ['interact', 'neon', 'catix', 'dgphone', 'tactium'];
/** The vendors whose session can be a supervisor's (`options.role: 'supervisor'`: the team in `<cti-queue>`). */
const SUPERVISOR_VENDORS: ReadonlySet<DemoVendor> = new Set(['catix', 'tactium']);

/**
 * NEON as this demo's integration configures it: the application credentials NEON's simulator
 * accepts (a JS property of the provider, never an attribute, the URL or storage) and its SIP proxy.
 */
const NEON_APP = { user: 'crm', password: 'secret' } as const;
const NEON_SIP_DOMAIN = 'sip.example.com:5060';
/** The Catix simulator's integration account (`LOGAR_*` `usuario` / `senha`): a JS property too. */
const CATIX_ACCOUNT = { user: 'crm', password: 'secret' } as const;
/** Tactium's pause reasons ("Código Externo" = name): the wire cannot list them, the integration says them. */
const TACTIUM_PAUSES = '1=Lanche;2=Banheiro;3=Treinamento';

interface DemoTarget {
  readonly server?: string;
  readonly control?: string;
  /** Set by `npm start` when this vendor cannot run here (websockify missing): shown, nothing connects. */
  readonly problem?: string;
}

interface DemoConfig {
  readonly vendors?: Partial<Record<DemoVendor, DemoTarget>>;
}

let vendor: DemoVendor = 'interact';
let supervisor = false;
let demoConfig: DemoConfig | undefined;
const vendorSelect = $<HTMLSelectElement>('vendor-select');
const supervisorToggle = $<HTMLInputElement>('supervisor-toggle');

/** The vendor named in the page's URL (`?vendor=neon`); Interact otherwise. */
function vendorFromUrl(): DemoVendor {
  const wanted = new URLSearchParams(location.search).get('vendor');
  return DEMO_VENDORS.find((v) => v === wanted) ?? 'interact';
}

/** `?role=supervisor` (Catix and Tactium only). */
function supervisorFromUrl(): boolean {
  return new URLSearchParams(location.search).get('role') === 'supervisor';
}

/** Keep the choice across reloads in the URL: the vendor name (and the supervisor view) only. */
function rememberVendor(): void {
  const url = new URL(location.href);
  if (vendor === 'interact') url.searchParams.delete('vendor');
  else url.searchParams.set('vendor', vendor);
  if (supervisor && SUPERVISOR_VENDORS.has(vendor)) url.searchParams.set('role', 'supervisor');
  else url.searchParams.delete('role');
  if (url.href !== location.href) history.replaceState(history.state, '', url);
}

function showConfigError(error: string, key: Key = 'config.failed'): void {
  const box = $('config-error');
  box.textContent = error ? tr(key, { error, problem: error }) : '';
  box.hidden = error === '';
}

/** Point the one `<cti-provider>` at the vendor's simulator (the old session is disposed). */
function configureProvider(): void {
  const target = demoConfig?.vendors?.[vendor];
  const problem = $('sim-problem');
  problem.textContent = target?.problem ? tr('sim.problem', { problem: target.problem }) : '';
  problem.hidden = !target?.problem;
  if (!demoConfig) return;
  if (target?.problem) {
    // Nothing to connect to: no session (the elements show "not configured"), and the page says why.
    provider.credentials = undefined;
    provider.configure({ vendor, server: undefined, options: undefined });
    showConfigError(target.problem, 'config.problem');
    return;
  }
  if (!target?.server) {
    showConfigError(`vendors.${vendor}.server missing`);
    return;
  }
  showConfigError('');
  const boss = supervisor && SUPERVISOR_VENDORS.has(vendor);
  const common = { server: target.server, format: undefined, locale: lang } as const;
  switch (vendor) {
    case 'neon':
      provider.credentials = { ...NEON_APP };
      provider.configure({ ...common, vendor, agent: '2001', extension: undefined, options: { sipDomain: NEON_SIP_DOMAIN } });
      break;
    case 'catix':
      // Agent: one agent's session (`LOGAR_SINGLE_USER`), the agent logs in on an extension and confirms the
      // PIN there. Supervisor: `LOGAR_MULTI_USER`, the listed agents' states in the team table.
      provider.credentials = { ...CATIX_ACCOUNT };
      provider.configure({
        ...common,
        vendor,
        agent: boss ? 'supervisor' : '1001',
        extension: boss ? undefined : '2001',
        options: boss ? { role: 'supervisor', agents: '1001,1002,1003' } : undefined,
      });
      break;
    case 'dgphone':
      // The DGPhone `User` is the extension; the agent signs in with a feature code + PIN on a helper line.
      provider.credentials = undefined;
      provider.configure({ ...common, vendor, agent: '1001', extension: '2001', options: { agentLoginCode: '*9800' } });
      break;
    case 'tactium':
      // No credentials: the agent logs in through the IP Client; the socket binds to that login.
      provider.credentials = undefined;
      provider.configure({
        ...common,
        vendor,
        agent: boss ? '' : 'jose',
        extension: undefined,
        options: {
          pauseReasons: TACTIUM_PAUSES,
          defaultDdd: '11',
          defaultService: 'Vendas',
          ...(boss ? { role: 'supervisor', agents: 'jose,maria,ana' } : {}),
        },
      });
      break;
    default:
      provider.credentials = undefined;
      provider.configure({
        ...common,
        vendor: 'interact',
        agent: '1001',
        extension: '2001',
        format: formatSelect.value === 'xml' ? 'xml' : 'json',
        options: undefined,
      });
  }
}

const HINTS: Record<DemoVendor, Key> = {
  interact: 'hint',
  neon: 'hint.neon',
  catix: 'hint.catix',
  dgphone: 'hint.dgphone',
  tactium: 'hint.tactium',
};
const SUPERVISOR_HINTS: Partial<Record<DemoVendor, Key>> = { catix: 'hint.catix.supervisor', tactium: 'hint.tactium.supervisor' };
/** Each vendor's simulator panel (`#sim-<vendor>` in the page, `panels/<vendor>.ts`). */
const PANELS: Record<DemoVendor, SimPanel> = {
  interact: interactPanel,
  neon: neonPanel,
  catix: catixPanel,
  dgphone: dgphonePanel,
  tactium: tactiumPanel,
};
const INTROS: Record<DemoVendor, Key> = {
  interact: 'sim.intro',
  neon: 'sim.intro.neon',
  catix: 'sim.intro.catix',
  dgphone: 'sim.intro.dgphone',
  tactium: 'sim.intro.tactium',
};

function applyVendor(next: DemoVendor, nextSupervisor = supervisor): void {
  const changed = next !== vendor || nextSupervisor !== supervisor;
  vendor = next;
  supervisor = nextSupervisor;
  vendorSelect.value = next;
  const canSupervise = SUPERVISOR_VENDORS.has(next);
  $('format-field').hidden = next !== 'interact';
  $('supervisor-field').hidden = !canSupervise;
  supervisorToggle.checked = supervisor && canSupervise;
  // A supervisor's session never acts as an agent: the page shows the team (in <cti-queue>), not a sign-in.
  const agentStatus = provider.querySelector<HTMLElement>('cti-agent-status');
  if (agentStatus) agentStatus.hidden = supervisor && canSupervise;
  const hint = (supervisor && canSupervise ? SUPERVISOR_HINTS[next] : undefined) ?? HINTS[next];
  for (const element of document.querySelectorAll<HTMLElement>('.vendor-hint')) element.dataset['i18n'] = hint;
  $('sim-intro').dataset['i18n'] = INTROS[next];
  for (const v of DEMO_VENDORS) $(`sim-${v}`).hidden = v !== next;
  applyPageText();
  if (changed) {
    // The other vendor's calls went with its session.
    pop = undefined;
    activeCallCustomerId = undefined;
    renderCustomers();
    renderRecord();
    renderPop();
    showNotice('');
    simStatus('');
  }
  configureProvider();
  showPanel(PANELS[next], demoConfig?.vendors?.[next]?.control ?? '');
}

vendorSelect.addEventListener('change', () => {
  applyVendor(DEMO_VENDORS.find((v) => v === vendorSelect.value) ?? 'interact');
  rememberVendor();
});

supervisorToggle.addEventListener('change', () => {
  applyVendor(vendor, supervisorToggle.checked);
  rememberVendor();
});

/* ------------------------------------------------------------------ start */

async function start(): Promise<void> {
  const storedLang = store.get('lang');
  const initialLang: Lang = LANGS.includes(storedLang as Lang) ? (storedLang as Lang) : 'pt-BR';
  formatSelect.value = store.get('format') === 'xml' ? 'xml' : 'json';
  setLang(initialLang);
  applyTheme();
  select(undefined);
  renderSimFromOptions();
  applyVendor(vendorFromUrl(), supervisorFromUrl());

  try {
    const response = await fetch(new URL('./config.json', location.href));
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    demoConfig = (await response.json()) as DemoConfig;
  } catch (reason) {
    showConfigError(reasonText(reason));
    return;
  }
  applyVendor(vendor);
  poll();
}

void start();
