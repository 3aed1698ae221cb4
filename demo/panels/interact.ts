/**
 * The Dígitro Interact simulator's panel (`#sim-interact`): an inbound call to agent 1001 (caller, service,
 * associated data, must-accept), a call queued on a service, the CTI server up or down, and the calls it holds.
 */
import { $ } from '../dom.js';
import { tr } from '../text.js';
import { answerHangup, callerPicker, callsChanged, describeParty, pickedNumber, renderToggle, simAction, simCallItem } from './sim.js';
import type { SimPanel } from './sim.js';

interface SimCall {
  readonly call_id: string;
  readonly agent: string | null;
  readonly service?: string;
  readonly interlocutor: string;
  readonly call_state: string;
  readonly call_type?: string;
}

interface InteractSimState {
  readonly connected: boolean;
  readonly calls: readonly SimCall[];
}

const FAR_END_OVER: ReadonlySet<string> = new Set(['ended', 'classifying', 'after_call']);

let serverConnected = true;
let serverStateKnown = false;

const dataInput = $<HTMLInputElement>('sim-data');
const picker = callerPicker('sim-from-select', 'sim-from', (c) => {
  dataInput.value = c ? `crm=${c.account}` : '';
});

function renderInteractState(state: InteractSimState): void {
  const changed = state.connected !== serverConnected || !serverStateKnown;
  serverConnected = state.connected;
  serverStateKnown = true;
  if (changed) renderServerState();
  // Calls in the agent's wrap-up (classifying / after_call) are over for the far end: nothing to do here.
  renderSimCalls(state.calls.filter((c) => !FAR_END_OVER.has(c.call_state)));
}

$<HTMLFormElement>('sim-inbound').addEventListener('submit', (e) => {
  e.preventDefault();
  const from = pickedNumber(picker);
  const data = dataInput.value.trim();
  void simAction<{ call_id: string; agent?: string; queued: boolean }>(
    '/inbound',
    {
      from,
      service: $<HTMLSelectElement>('sim-service').value,
      ...(data ? { data } : {}),
      mustAccept: $<HTMLInputElement>('sim-must-accept').checked,
      agent: '1001',
    },
    (r) => (r.queued ? tr('sim.sentQueued', { id: r.call_id }) : tr('sim.sent', { id: r.call_id, agent: r.agent ?? '?' })),
  );
});

$<HTMLFormElement>('sim-queue').addEventListener('submit', (e) => {
  e.preventDefault();
  const service = $<HTMLSelectElement>('sim-queue-service').value;
  void simAction<{ call_id: string; service: string }>('/queue-call', { service }, (r) =>
    tr('sim.queued', { id: r.call_id, service: r.service }),
  );
});

$('sim-server-toggle').addEventListener('click', () => {
  void simAction('/server-state', { connected: !serverConnected }, () => tr('sim.done'));
});

function renderServerState(): void {
  const state = $('sim-server-state');
  state.textContent = serverStateKnown ? tr(serverConnected ? 'sim.serverUp' : 'sim.serverDownState') : '–';
  state.classList.toggle('down', !serverConnected);
  renderToggle('sim-server-toggle', serverConnected, 'sim.serverDown', 'sim.serverUpAction');
}

function renderSimCalls(calls: readonly SimCall[]): void {
  if (!callsChanged(JSON.stringify(['interact', calls.map((c) => [c.call_id, c.call_state, c.agent])]))) return;
  $('sim-calls').replaceChildren(
    ...calls.map((call) => {
      const meta = [call.call_type, call.service, call.agent ? `→ ${call.agent}` : undefined].filter(Boolean).join(' · ');
      const ringing = call.call_state === 'dialing' || call.call_state === 'calling';
      const actions = answerHangup(ringing, { call_id: call.call_id });
      return simCallItem(call.call_id, call.call_state, describeParty(call.interlocutor), meta, actions);
    }),
  );
  $('sim-calls-empty').hidden = calls.length > 0;
}

export const interactPanel: SimPanel = {
  render: renderServerState,
  update: (state) => renderInteractState(state as InteractSimState),
};
