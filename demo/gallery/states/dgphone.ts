/** Intelix DGPhone (raw TCP through websockify): six lines, several calls, no agent pauses. */
import type { Line } from '../../../src/domain/model.js';
import { agent, ago, call, snap, T0 } from './build.js';
import type { GalleryState } from './types.js';

const V = 'dgphone';
function lines(busy: Record<string, { state: Line['state']; callId: string }> = {}, selected = '1'): Line[] {
  return ['1', '2', '3', '4', '5', '6'].map((id) => ({ id, label: id, selected: id === selected, ...(busy[id] ?? { state: 'idle' as const }) }));
}
const customer = { number: '4830001234', name: 'Pedro Henrique Moraes' };

export const dgphoneStates: readonly GalleryState[] = [
  { id: 'signed-out', title: 'Signed out', snapshot: snap(V, { agent: agent('logged-out', 'UserLogoff'), lines: lines() }) },
  { id: 'ready', title: 'Ready, six idle lines', snapshot: snap(V, { agent: agent('ready', 'UserLogon'), lines: lines() }) },
  {
    id: 'ringing',
    title: 'Ringing on line 2',
    snapshot: snap(V, {
      agent: agent('ready', 'UserLogon'),
      lines: lines({ '2': { state: 'ringing', callId: 'd2' } }),
      calls: [call(V, { id: 'd2', state: 'ringing', remote: [customer], lineId: '2', detail: 'AgentCalled' })],
    }),
  },
  {
    id: 'two-calls',
    title: 'Two calls: line 1 on hold, line 2 talking',
    snapshot: snap(V, {
      agent: agent('busy', 'UserLogon'),
      lines: lines({ '1': { state: 'held', callId: 'd1' }, '2': { state: 'busy', callId: 'd2' } }, '2'),
      calls: [
        call(V, { id: 'd1', state: 'held', remote: [{ number: '1140028922' }], lineId: '1', detail: 'Hold' }),
        call(V, { id: 'd2', state: 'active', remote: [customer], lineId: '2', startedAt: ago(40), answeredAt: ago(33), detail: 'Up' }),
      ],
    }),
  },
  {
    id: 'four-calls',
    title: 'Four lines in use: one talking, two on hold, one ringing',
    snapshot: snap(V, {
      agent: agent('busy', 'UserLogon'),
      lines: lines({ '1': { state: 'held', callId: 'd1' }, '2': { state: 'busy', callId: 'd2' }, '3': { state: 'held', callId: 'd3' }, '4': { state: 'ringing', callId: 'd4' } }, '2'),
      calls: [
        call(V, { id: 'd1', state: 'held', remote: [{ number: '1140028922' }], lineId: '1', startedAt: ago(300), answeredAt: ago(290), detail: 'Hold' }),
        call(V, { id: 'd2', state: 'active', remote: [customer], lineId: '2', startedAt: ago(40), answeredAt: ago(33), detail: 'Up' }),
        call(V, { id: 'd3', state: 'held', remote: [{ number: '08009998877', name: 'Fornecedor' }], lineId: '3', startedAt: ago(200), answeredAt: ago(190), detail: 'Hold' }),
        call(V, { id: 'd4', state: 'ringing', remote: [{ number: '2105', name: 'Ramal 2105' }], lineId: '4', startedAt: ago(3), detail: 'AgentCalled' }),
      ],
    }),
  },
  {
    id: 'error-keepalive',
    title: 'Keep-alive lost (condition), the next attempt counted down',
    snapshot: snap(V, {
      agent: agent('ready', 'UserLogon'),
      lines: lines(),
      connection: { status: 'reconnecting', since: ago(8), attempt: 1, retryAt: T0 + 20_000 },
      condition: { code: 'keep-alive-lost', at: ago(8), operation: 'connect' },
    }),
  },
  {
    id: 'error-refused',
    title: 'Refused command (hold) on line 1',
    snapshot: snap(V, {
      agent: agent('busy', 'UserLogon'),
      lines: lines({ '1': { state: 'busy', callId: 'd1' } }),
      calls: [call(V, { id: 'd1', state: 'active', remote: [customer], lineId: '1', detail: 'Up' })],
    }),
    press: [{ element: 'cti-phone', selector: '[part~="hold-button"]', error: { code: 'command-failed', at: 0, operation: 'Hold', vendorCode: 'Error', detail: 'Linha 1 sem chamada ativa' } }],
  },
];
