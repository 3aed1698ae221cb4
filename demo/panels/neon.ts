/**
 * The InWise NEON simulator's panel (`#sim-neon`): NEON is a softphone on the agent's computer, so the panel
 * plays its side: the app running or quit, its window, the SIP registration (expire it, cancel it, refuse the
 * next one), a busy far end for the next outgoing call, an inbound call (number and caller name), its calls.
 */
import { $ } from '../dom.js';
import { tr } from '../text.js';
import { answerHangup, callerPicker, callsChanged, describeParty, pickedNumber, renderToggle, simAction, simCallItem } from './sim.js';
import type { SimPanel } from './sim.js';

const neonNameInput = $<HTMLInputElement>('neon-name');
const picker = callerPicker('neon-from-select', 'neon-from', (c) => {
  neonNameInput.value = c?.name ?? '';
});


interface NeonSimCall {
  readonly callId: string | number;
  readonly type: 'incoming' | 'outgoing';
  /** SIP URIs: `sip:11987654321@sip.example.com`, or `"Name" <sip:…>`. */
  readonly from: string;
  readonly to: string;
  readonly state: 'ringing' | 'active';
  readonly held: boolean;
}

interface NeonSimState {
  readonly running: boolean;
  readonly registration: {
    readonly state: 'unregistered' | 'registering' | 'registered';
    readonly number: string | null;
    readonly domain: string | null;
  };
  readonly calls: readonly NeonSimCall[];
  readonly ui: { readonly shown: boolean };
  readonly nextOutcome: string | null;
  readonly nextOutgoing: { readonly sipError: number } | null;
}

let neonState: NeonSimState | undefined;

/** The number and display name in a SIP URI, for the simulator's list (the widget parses its own). */
function sipParty(uri: string): { number: string; name?: string } {
  const angle = /^\s*(?:"((?:[^"\\]|\\.)*)"|([^<]*?))\s*<([^>]*)>/.exec(uri);
  const name = (angle?.[1] ?? angle?.[2] ?? '').replace(/\\(.)/g, '$1').trim();
  const address = angle?.[3] ?? uri;
  const user = /^\s*(?:sips?|tel):([^@;?>]+)/i.exec(address)?.[1];
  return { number: user ?? address.trim(), ...(name ? { name } : {}) };
}

function renderNeonState(state: NeonSimState): void {
  neonState = state;
  const reg = state.registration;
  const regState = $('neon-reg-state');
  regState.textContent =
    reg.state === 'registered'
      ? tr('neon.reg.registered', { number: reg.number ?? '?' })
      : reg.state === 'registering'
        ? tr('neon.reg.registering', { number: reg.number ?? '?' })
        : tr('neon.reg.unregistered');
  const noAccount = !state.running || reg.state === 'unregistered';
  $<HTMLButtonElement>('neon-expire').disabled = noAccount;
  $<HTMLButtonElement>('neon-cancel').disabled = noAccount;
  $<HTMLInputElement>('neon-refuse-next').checked = state.nextOutcome === 'refused';
  $<HTMLInputElement>('neon-busy-next').checked = state.nextOutgoing !== null;

  const app = $('neon-app-state');
  app.textContent = tr(state.running ? 'neon.running' : 'neon.stopped');
  app.classList.toggle('down', !state.running);
  $('neon-window-state').textContent = state.running ? tr(state.ui.shown ? 'neon.shown' : 'neon.hidden') : '–';
  renderToggle('neon-app-toggle', state.running, 'neon.quit', 'neon.start');

  renderNeonCalls(state.calls);
}

function renderNeonCalls(calls: readonly NeonSimCall[]): void {
  if (!callsChanged(JSON.stringify(['neon', calls.map((c) => [c.callId, c.state, c.held])]))) return;
  $('neon-calls').replaceChildren(
    ...calls.map((call) => {
      const callId = String(call.callId);
      const remote = sipParty(call.type === 'incoming' ? call.from : call.to);
      const local = sipParty(call.type === 'incoming' ? call.to : call.from);
      const state = call.held ? 'held' : call.state;
      const meta = `${tr(call.type === 'incoming' ? 'neon.incoming' : 'neon.outgoing')} · ${call.type === 'incoming' ? '→' : '←'} ${local.number}`;
      // The far end of an outgoing call is the simulator's: it answers it.
      const actions = answerHangup(call.type === 'outgoing' && call.state === 'ringing', { callId });
      return simCallItem(`callId ${callId}`, state, describeParty(remote.number, remote.name), meta, actions);
    }),
  );
  $('neon-calls-empty').hidden = calls.length > 0;
}

/** Why NEON refused, in the page's words, when the state shows it (stopped, no SIP account). */
function neonRefusal(): string | undefined {
  if (neonState && !neonState.running) return tr('neon.needsRunning');
  if (neonState && neonState.registration.state !== 'registered') return tr('neon.needsRegistration');
  return undefined;
}

$<HTMLFormElement>('neon-inbound').addEventListener('submit', (e) => {
  e.preventDefault();
  const from = pickedNumber(picker);
  const name = neonNameInput.value.trim();
  void simAction<{ callId: string | number }>(
    '/inbound',
    { from, ...(name ? { name } : {}) },
    (r) => tr('neon.sent', { id: String(r.callId), account: neonState?.registration.number ?? '?' }),
    neonRefusal,
  );
});

$<HTMLInputElement>('neon-busy-next').addEventListener('change', (e) => {
  const next = (e.target as HTMLInputElement).checked;
  void simAction('/busy', { next }, () => tr('sim.done'));
});

$<HTMLInputElement>('neon-refuse-next').addEventListener('change', (e) => {
  const refuse = (e.target as HTMLInputElement).checked;
  void simAction('/registration', { nextOutcome: refuse ? 'refused' : null }, () => tr('sim.done'));
});

for (const [id, event] of [
  ['neon-expire', 'expired'],
  ['neon-cancel', 'cancelled'],
] as const) {
  $(id).addEventListener('click', () => void simAction('/registration', { event }, () => tr('sim.done'), neonRefusal));
}

$('neon-app-toggle').addEventListener('click', () => {
  const running = neonState?.running ?? true;
  void simAction(running ? '/stop' : '/start', {}, () => tr('sim.done'));
});

export const neonPanel: SimPanel = {
  render: () => {
    if (neonState) renderNeonState(neonState);
  },
  update: (state) => renderNeonState(state as NeonSimState),
};
