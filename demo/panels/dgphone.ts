/**
 * The Intelix DGPhone simulator's panel (`#sim-dgphone`): the phone of user 2001 (its app open or closed, the
 * agent signed in on it), an inbound call on a chosen or free line, every free line filled at once, DTMF from
 * the far end, the server stopped or started, and the phone's lines in use.
 */
import { customers } from '../crm.js';
import { $ } from '../dom.js';
import { tr } from '../text.js';
import {
  answerHangup,
  callerPicker,
  callsChanged,
  describeParty,
  pickedNumber,
  reasonText,
  refreshAfterChange,
  renderRunning,
  renderToggle,
  serverToggle,
  sim,
  simAction,
  simCallItem,
  simStatus,
} from './sim.js';
import type { SimPanel } from './sim.js';

const picker = callerPicker('dg-from-select', 'dg-from');

const DG_USER = '2001';

interface DGSimLine {
  readonly line: number;
  readonly state: 'idle' | 'dialing' | 'ringing' | 'active' | 'held';
  readonly callId?: string;
  readonly number?: string;
  readonly direction?: string;
  readonly feature?: boolean | string | null;
}

interface DGSimPhone {
  readonly available: boolean;
  readonly selected: number;
  readonly agent: string | null;
  readonly lines: readonly DGSimLine[];
}

interface DGSimState {
  readonly running: boolean;
  readonly phones: Readonly<Record<string, DGSimPhone>>;
}

let dgState: DGSimState | undefined;

function dgPhone(state = dgState): DGSimPhone | undefined {
  return state?.phones[DG_USER];
}

function renderDGState(state: DGSimState): void {
  dgState = state;
  const phone = dgPhone(state);
  const app = $('dg-app-state');
  const available = phone?.available ?? false;
  app.textContent = phone ? tr(available ? 'dg.open' : 'dg.closed') : '–';
  app.classList.toggle('down', phone !== undefined && !available);
  $('dg-agent-state').textContent = phone ? (phone.agent ?? tr('dg.noAgent')) : '–';
  renderToggle('dg-app-toggle', available || !phone, 'dg.close', 'dg.reopen');
  $<HTMLButtonElement>('dg-app-toggle').disabled = !state.running || !phone;
  renderRunning('dg-server-state', 'dg-server-toggle', state.running);
  renderDGCalls(phone);
}

function renderDGCalls(phone: DGSimPhone | undefined): void {
  // The agent-login feature-code call on a helper line is the phone's business, not a customer's call.
  const lines = (phone?.lines ?? []).filter((l) => l.state !== 'idle' && !l.feature);
  if (!callsChanged(JSON.stringify(['dgphone', phone?.selected, lines.map((l) => [l.line, l.state, l.callId])]))) return;
  $('dg-calls').replaceChildren(
    ...lines.map((l) => {
      const actions = answerHangup(l.state === 'dialing', { user: DG_USER, line: l.line });
      if (l.state === 'active') {
        // Between answer and hang-up: the far end sends these digits.
        actions.splice(-1, 0, {
          text: 'sim.dtmf',
          label: 'sim.dtmfLabel',
          className: '',
          run: () => {
            const keys = $<HTMLInputElement>('dg-digits').value.replace(/[^0-9*#A-D]/gi, '').toUpperCase() || '1';
            void simAction('/dtmf', { user: DG_USER, line: l.line, digits: keys }, () => tr('sim.done'));
          },
        });
      }
      const selected = phone?.selected === l.line ? ' ◂' : '';
      const meta = [tr('dg.lineN', { n: l.line }) + selected, l.direction].filter(Boolean).join(' · ');
      return simCallItem(l.callId ? `callId ${l.callId}` : '', l.state, describeParty(l.number ?? ''), meta, actions);
    }),
  );
  $('dg-calls-empty').hidden = lines.length > 0;
}

$<HTMLFormElement>('dg-inbound').addEventListener('submit', (e) => {
  e.preventDefault();
  const line = $<HTMLSelectElement>('dg-line').value;
  void simAction<{ line: number; callId: string }>(
    '/inbound',
    { user: DG_USER, from: pickedNumber(picker), ...(line ? { line: Number(line) } : {}) },
    (r) => tr('dg.sent', { id: r.callId, line: r.line }),
  );
});

$('dg-fill').addEventListener('click', () => {
  void (async () => {
    // The lines as they are now (the last poll may be a second old).
    let fresh: DGSimState;
    try {
      fresh = await sim<DGSimState>('/state');
    } catch (reason) {
      simStatus(tr('sim.unreachable', { error: reasonText(reason) }), true);
      return;
    }
    const free = (dgPhone(fresh)?.lines ?? []).filter((l) => l.state === 'idle').map((l) => l.line);
    if (free.length === 0) {
      simStatus(tr('dg.noFree'), true);
      return;
    }
    // Every customer calls (then made-up numbers): one call per free line, in line order.
    const numbers = free.map((_, i) => customers[i]?.phone ?? `1195555${String(1000 + i)}`);
    let sent = 0;
    for (const [i, line] of free.entries()) {
      try {
        await sim('/inbound', { user: DG_USER, from: numbers[i], line });
        sent++;
      } catch (reason) {
        simStatus(tr('sim.failed', { error: reasonText(reason) }), true);
        break;
      }
    }
    if (sent === free.length) simStatus(tr('dg.filled', { n: sent }));
    await refreshAfterChange();
  })();
});

$('dg-app-toggle').addEventListener('click', () => {
  const available = dgPhone()?.available ?? true;
  void simAction(available ? '/user-logoff' : '/user-logon', { user: DG_USER }, () => tr('sim.done'));
});
serverToggle('dg-server-toggle', () => dgState?.running);

export const dgphonePanel: SimPanel = {
  render: () => {
    if (dgState) renderDGState(dgState);
  },
  update: (state) => renderDGState(state as DGSimState),
};
