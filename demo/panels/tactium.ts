/**
 * The Tactium IP simulator's panel (`#sim-tactium`): agent "jose" logged in or out through the IP Client (the
 * socket binds to that login), an inbound call or a dialer call (campaign description, recording code, attach
 * info), a recording started on a call, the server stopped or started, and the agents' calls.
 */
import { comparable, digits } from '../crm.js';
import { $ } from '../dom.js';
import { isKey, tr } from '../text.js';
import { callerPicker, callsChanged, describeParty, fakeCpf, pickedNumber, renderRunning, renderToggle, serverToggle, simAction, simCallItem } from './sim.js';
import type { SimPanel } from './sim.js';

const picker = callerPicker('tac-from-select', 'tac-from', (c) => {
  $<HTMLInputElement>('tac-description').value = c ? `${c.plan} · ${c.tickets[0]?.subject ?? c.city}` : '';
  $<HTMLInputElement>('tac-recording-code').value = c ? fakeCpf(c) : '';
  $<HTMLInputElement>('tac-attach').value = c ? `crm=${c.account}` : '';
});

const TAC_AGENT = 'jose';

interface TacSimCall {
  readonly key: number;
  readonly kind: 'A' | 'R';
  readonly dialer: boolean;
  readonly id: string;
  readonly dddOrigin: string;
  readonly origin: string;
  readonly dddDest: string;
  readonly dest: string;
  readonly description?: string;
  readonly service?: string;
  readonly recording?: string;
}

interface TacSimAgent {
  readonly login: string;
  readonly status: number;
  readonly extension: string;
  readonly call: TacSimCall | null;
}

interface TactiumSimState {
  readonly running: boolean;
  readonly agents: readonly TacSimAgent[];
}

let tacState: TactiumSimState | undefined;
const tacKind = $<HTMLSelectElement>('tac-kind');

function tacAgent(state = tacState): TacSimAgent | undefined {
  return state?.agents.find((a) => a.login === TAC_AGENT);
}

function tacStatusLabel(status: number | undefined): string {
  const key = `tac.status.${status ?? ''}`;
  return isKey(key) ? tr(key) : String(status ?? '–');
}

function renderTactiumState(state: TactiumSimState): void {
  tacState = state;
  const agent = tacAgent(state);
  const readout = $('tac-agent-state');
  readout.textContent = agent ? tacStatusLabel(agent.status) : '–';
  readout.classList.toggle('down', agent?.status === 0);
  const loggedIn = agent !== undefined && agent.status !== 0;
  renderToggle('tac-ip-toggle', loggedIn, 'tac.ipLogout', 'tac.ipLogin');
  renderRunning('tac-server-state', 'tac-server-toggle', state.running);
  renderTactiumCalls(state.agents.filter((a) => a.call !== null));
}

function renderTactiumCalls(agents: readonly TacSimAgent[]): void {
  if (!callsChanged(JSON.stringify(['tactium', agents.map((a) => [a.login, a.call?.key, a.call?.recording])]))) return;
  $('tac-calls').replaceChildren(
    ...agents.map((agent) => {
      const call = agent.call as TacSimCall;
      const inbound = call.kind === 'R';
      const number = inbound ? `${call.dddOrigin}${call.origin}` : `${call.dddDest}${call.dest}`;
      const kind = tr(inbound ? 'tac.inbound' : call.dialer ? 'tac.dialer' : 'tac.outgoing');
      const meta = [kind, call.service, call.description, `→ ${agent.login}`].filter(Boolean).join(' · ');
      const actions = [
        {
          text: 'tac.recording' as const,
          label: 'tac.recordingLabel' as const,
          className: '',
          run: () => void simAction('/recording', { agent: agent.login }, () => tr('sim.done')),
        },
        {
          text: 'sim.hangup' as const,
          label: 'sim.hangupLabel' as const,
          className: 'btn-danger',
          run: () => void simAction('/hangup', { agent: agent.login }, () => tr('sim.done')),
        },
      ];
      const id = [call.id ? `id ${call.id}` : `#${call.key}`, call.recording].filter(Boolean).join(' · ');
      return simCallItem(id, 'active', describeParty(number), meta, actions);
    }),
  );
  $('tac-calls-empty').hidden = agents.length > 0;
}

function syncTacKind(): void {
  $('tac-dialer-fields').hidden = tacKind.value !== 'dialer';
}
tacKind.addEventListener('change', syncTacKind);

/** A Brazilian number as Tactium's DDD + phone (a short number gets São Paulo's 11). */
function splitDdd(number: string): { ddd: string; number: string } {
  const d = comparable(number);
  return d.length >= 10 ? { ddd: d.slice(0, 2), number: d.slice(2) } : { ddd: '11', number: d };
}

/** `crm=ACC-1001;x=y` → `{ crm: 'ACC-1001', x: 'y' }` (the dialer's attach info). */
function attachInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(';')) {
    const [k, ...v] = part.split('=');
    const name = k?.trim().replace(/[<>$;=]/g, '');
    if (name) out[name] = v.join('=').trim().replace(/[<>$;]/g, '');
  }
  return out;
}

function tacRefusal(): string | undefined {
  const agent = tacAgent();
  return agent && agent.status !== 1 ? tr('tac.needsAvailable') : undefined;
}

$<HTMLFormElement>('tac-inbound').addEventListener('submit', (e) => {
  e.preventDefault();
  const { ddd, number } = splitDdd(pickedNumber(picker));
  if (tacKind.value === 'dialer') {
    const description = $<HTMLInputElement>('tac-description').value.trim().replace(/[<>$]/g, '');
    const recordingCode = digits($<HTMLInputElement>('tac-recording-code').value);
    const attach = attachInfo($<HTMLInputElement>('tac-attach').value);
    void simAction<{ id: string }>(
      '/dialer',
      { agent: TAC_AGENT, ddd, number, campaign: 'Campanha_Cobrança', description, recordingCode, attach },
      (r) => tr('sim.sentPlain', { id: r.id }),
      tacRefusal,
    );
  } else {
    void simAction<{ key: number }>(
      '/inbound',
      { agent: TAC_AGENT, ddd, number, to: '4000' },
      (r) => tr('sim.sentPlain', { id: `#${r.key}` }),
      tacRefusal,
    );
  }
});

$('tac-ip-toggle').addEventListener('click', () => {
  const loggedIn = (tacAgent()?.status ?? 0) !== 0;
  void simAction(loggedIn ? '/ip-logout' : '/ip-login', { agent: TAC_AGENT }, () => tr('sim.done'));
});
serverToggle('tac-server-toggle', () => tacState?.running);
syncTacKind();

export const tactiumPanel: SimPanel = {
  render: () => {
    if (tacState) renderTactiumState(tacState);
  },
  update: (state) => renderTactiumState(state as TactiumSimState),
};
