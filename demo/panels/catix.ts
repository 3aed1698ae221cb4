/**
 * The Catix simulator's panel (`#sim-catix`): agent 1001's login on extension 2001 and the PIN it confirms there
 * (typed by the panel, wrong, or automatic), an inbound queue call or a dialer call with the campaign's contact
 * data, a scheduled call announced and then answered, the server stopped or started, and the agents' calls.
 */
import { digits } from '../crm.js';
import { $, el } from '../dom.js';
import { isKey, tr } from '../text.js';
import {
  answerHangup,
  callerPicker,
  callsChanged,
  describeParty,
  fakeCpf,
  pickedCustomer,
  pickedNumber,
  renderRunning,
  serverToggle,
  simAction,
  simCallItem,
} from './sim.js';
import type { SimPanel } from './sim.js';

const picker = callerPicker('catix-from-select', 'catix-from', (c) => {
  // The campaign's contact data, as a dialer would have it (fictitious CPF; the contract is the CRM account).
  $<HTMLInputElement>('catix-cpf').value = c ? fakeCpf(c) : '';
  $<HTMLInputElement>('catix-contract').value = c?.account ?? '';
});

const CATIX_AGENT = '1001';
/** The simulator's PIN delay when the agent does not type the PIN himself (its default, as `npm start` runs it). */
const CATIX_AUTO_PIN_MS = 300;

interface CatixSimCall {
  readonly rl: string;
  readonly number: string;
  readonly kind: 'agent' | 'queue' | 'dialer' | 'scheduled' | string;
  readonly state: 'dialing' | 'active' | string;
}

interface CatixSimAgent {
  readonly id: string;
  readonly name: string;
  readonly extension: string | null;
  readonly status: string;
  readonly pendingLogin: { readonly extension: string } | null;
  readonly call: CatixSimCall | null;
}

interface CatixSimState {
  readonly running: boolean;
  readonly agents: readonly CatixSimAgent[];
  readonly timing: { readonly pinDelayMs: number | null };
}

let catixState: CatixSimState | undefined;
let catixScheduledId: string | undefined;
const catixKind = $<HTMLSelectElement>('catix-kind');
/** The simulator's queues (its defaults): the ids are what `/_sim/inbound` takes. */
const CATIX_QUEUES = [
  { id: '154', name: 'RECEPCAO' },
  { id: '155', name: 'COBRANCA_GERAL' },
] as const;

function renderCatixKinds(): void {
  const current = catixKind.value || `queue:${CATIX_QUEUES[0].id}`;
  catixKind.replaceChildren(
    ...CATIX_QUEUES.map((q) => el('option', { text: tr('catix.queue', { name: q.name, id: q.id }), attrs: { value: `queue:${q.id}` } })),
    el('option', { text: tr('catix.kind.dialer'), attrs: { value: 'dialer' } }),
  );
  catixKind.value = current;
  syncCatixKind();
}

function syncCatixKind(): void {
  const dialer = catixKind.value === 'dialer';
  $('catix-dialer-fields').hidden = !dialer;
  const note = $('catix-kind-note');
  note.dataset['i18n'] = dialer ? 'catix.dialerNote' : 'catix.queueNote';
  note.textContent = tr(dialer ? 'catix.dialerNote' : 'catix.queueNote');
}

catixKind.addEventListener('change', syncCatixKind);

function catixAgent(state = catixState): CatixSimAgent | undefined {
  return state?.agents.find((a) => a.id === CATIX_AGENT);
}

function renderCatixState(state: CatixSimState): void {
  catixState = state;
  const agent = catixAgent(state);
  const readout = $('catix-agent-state');
  readout.textContent = !agent
    ? '–'
    : agent.pendingLogin
      ? tr('catix.pendingPin', { extension: agent.pendingLogin.extension })
      : agent.extension
        ? tr('catix.status', { status: agent.status, extension: agent.extension })
        : agent.status;
  readout.classList.toggle('down', agent !== undefined && !agent.extension && !agent.pendingLogin);
  $<HTMLButtonElement>('catix-pin').disabled = !agent?.pendingLogin;
  $<HTMLButtonElement>('catix-pin-wrong').disabled = !agent?.pendingLogin;
  $<HTMLInputElement>('catix-manual-pin').checked = state.timing.pinDelayMs === null;
  renderRunning('catix-server-state', 'catix-server-toggle', state.running);
  renderCatixCalls(state.agents.filter((a) => a.call !== null));
}

function catixKindLabel(kind: string): string {
  const key = `catix.kindLabel.${kind}`;
  return isKey(key) ? tr(key) : kind;
}

function renderCatixCalls(agents: readonly CatixSimAgent[]): void {
  if (!callsChanged(JSON.stringify(['catix', agents.map((a) => [a.id, a.call?.rl, a.call?.state])]))) return;
  $('catix-calls').replaceChildren(
    ...agents.map((agent) => {
      const call = agent.call as CatixSimCall;
      const actions = answerHangup(call.state === 'dialing', { agent: agent.id });
      const meta = `${catixKindLabel(call.kind)} · → ${agent.id}`;
      return simCallItem(`rl ${call.rl}`, call.state, describeParty(call.number), meta, actions);
    }),
  );
  $('catix-calls-empty').hidden = agents.length > 0;
}

/** Why Catix refused, in the page's words, when the state shows it (the agent is not logged in). */
function catixRefusal(): string | undefined {
  const agent = catixAgent();
  return agent && !agent.extension ? tr('catix.noAgent') : undefined;
}

$<HTMLFormElement>('catix-inbound').addEventListener('submit', (e) => {
  e.preventDefault();
  const from = pickedNumber(picker);
  const customer = pickedCustomer(picker);
  if (catixKind.value === 'dialer') {
    const cpf = digits($<HTMLInputElement>('catix-cpf').value);
    const contract = $<HTMLInputElement>('catix-contract').value.trim();
    void simAction<{ rl: string }>(
      '/dialer',
      {
        agent: CATIX_AGENT,
        'numero-contato': from,
        'campanha-id': '7',
        ...(customer ? { 'contato-id': customer.account.replace(/\D/g, '') } : {}),
        ...(cpf ? { 'contato-cpfcnpj': cpf } : {}),
        ...(contract ? { 'contato-contrato': contract } : {}),
      },
      (r) => tr('sim.sentPlain', { id: `rl ${r.rl}` }),
      catixRefusal,
    );
  } else {
    const queue = catixKind.value.replace(/^queue:/, '');
    void simAction<{ rl: string }>(
      '/inbound',
      { agent: CATIX_AGENT, from, queue },
      (r) => tr('sim.sentPlain', { id: `rl ${r.rl}` }),
      catixRefusal,
    );
  }
});

$('catix-scheduled').addEventListener('click', () => {
  const dueAt = new Date(Date.now() + 5 * 60_000).toISOString();
  void simAction<{ id: string; atributos: Record<string, string> }>(
    '/scheduled',
    { agent: CATIX_AGENT, dueAt },
    (r) => {
      catixScheduledId = r.id;
      return tr('catix.scheduledSent', { id: r.id, when: r.atributos['agendamento-data-hora'] ?? dueAt });
    },
  );
});

$('catix-scheduled-answer').addEventListener('click', () => {
  const customer = pickedCustomer(picker);
  void simAction<{ rl: string }>(
    '/scheduled-answer',
    {
      agent: CATIX_AGENT,
      ...(catixScheduledId ? { id: catixScheduledId } : {}),
      'numero-contato': pickedNumber(picker),
      ...(customer ? { 'contato-contrato': customer.account, 'contato-cpfcnpj': fakeCpf(customer) } : {}),
    },
    (r) => tr('sim.sentPlain', { id: `rl ${r.rl}` }),
    catixRefusal,
  );
});

$('catix-pin').addEventListener('click', () => void simAction('/pin', { agent: CATIX_AGENT }, () => tr('sim.done')));
$('catix-pin-wrong').addEventListener('click', () => void simAction('/pin', { agent: CATIX_AGENT, accept: false }, () => tr('sim.done')));
$<HTMLInputElement>('catix-manual-pin').addEventListener('change', (e) => {
  const manual = (e.target as HTMLInputElement).checked;
  void simAction('/config', { pinDelayMs: manual ? null : CATIX_AUTO_PIN_MS }, () => tr('sim.done'));
});
serverToggle('catix-server-toggle', () => catixState?.running);

export const catixPanel: SimPanel = {
  render: () => {
    renderCatixKinds();
    if (catixState) renderCatixState(catixState);
  },
  update: (state) => renderCatixState(state as CatixSimState),
};
