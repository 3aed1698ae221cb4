/** Catix (raw TCP through websockify): pauses with notes, redial, transfer list, dialer contact, scheduled calls, supervisor. */
import type { PauseReason, QueueStats } from '../../../src/domain/model.js';
import { agent, ago, call, snap, supervisor, T0, team } from './build.js';
import type { GalleryState } from './types.js';

const V = 'catix';
const pauseReasons: PauseReason[] = [
  { id: '1', name: 'Almoço', maxMinutes: 60 },
  { id: '2', name: 'Lanche', maxMinutes: 15 },
  { id: '3', name: 'Particular', requiresNote: true },
];
const queues: QueueStats[] = [
  { id: '1', name: 'SAC', updatedAt: T0 },
  { id: '2', name: 'Cobrança', updatedAt: T0 },
];
const transferTargets = [
  { id: '2002', name: 'Ramal 2002 · Carlos' },
  { id: '2003', name: 'Ramal 2003 · Fernanda' },
];
const base = { pauseReasons, queues, transferTargets };

export const catixStates: readonly GalleryState[] = [
  { id: 'signed-out', title: 'Signed out', snapshot: snap(V, { ...base, agent: agent('logged-out', 'Deslogado') }) },
  { id: 'pin-pending', title: 'Signing in: the extension rings for the PIN', snapshot: snap(V, { ...base, agent: agent('logged-out', 'catix-pin-pending') }) },
  {
    id: 'pin-timeout',
    title: 'Signing in: the PIN was never typed',
    snapshot: snap(V, { ...base, agent: agent('logged-out', ''), lastError: { code: 'timeout', at: T0, operation: 'pin', vendorCode: 'pin-timeout' } }),
  },
  { id: 'ready', title: 'Ready', snapshot: snap(V, { ...base, agent: agent('ready', 'Disponível') }) },
  {
    id: 'paused',
    title: 'Paused with a reason',
    snapshot: snap(V, { ...base, agent: agent('paused', 'Pausado', { pause: { reasonId: '1', reasonName: 'Almoço', trigger: 'manual' } }) }),
  },
  {
    id: 'dialing',
    title: 'Dialing out',
    snapshot: snap(V, {
      ...base,
      agent: agent('busy', 'Discando'),
      calls: [call(V, { id: 'rl-1', state: 'dialing', direction: 'outbound', remote: [{ number: '1733334444' }], detail: 'Discando' })],
    }),
  },
  {
    id: 'call-data',
    title: 'Dialer call with the contact data',
    snapshot: snap(V, {
      ...base,
      agent: agent('busy', 'Em ligação'),
      calls: [
        call(V, {
          id: 'rl-2',
          state: 'active',
          direction: 'outbound',
          remote: [{ number: '17991491234', name: 'Carlos Eduardo Nogueira' }],
          service: '18',
          // AGENT_RECEIVED_DIALER_CALL's documented fields (digest catix.md).
          data: { 'contato-id': '5521', 'contato-cpfcnpj': '12345678909', 'contato-contrato': 'CT-2026-000981', 'numero-contato-id': '88', 'numero-contato': '17991491234', 'campanha-id': '18' },
          detail: 'dialer',
        }),
      ],
    }),
  },
  {
    id: 'transfer-prompt',
    title: 'Transfer: the vendor\'s destinations',
    snapshot: snap(V, {
      ...base,
      agent: agent('busy', 'Em ligação'),
      calls: [call(V, { id: 'rl-4', state: 'active', remote: [{ number: '1733334444', name: 'Ana Beatriz Costa' }], service: 'SAC', detail: 'Em ligação' })],
    }),
    press: [{ element: 'cti-phone', selector: '[part~="transfer-button"]' }],
  },
  {
    id: 'scheduled',
    title: 'Scheduled call announced',
    snapshot: snap(V, {
      ...base,
      agent: agent('ready', 'Disponível'),
      notices: [{ id: 'scheduled-77', kind: 'scheduled-call', at: ago(5), dueAt: T0 + 300_000, data: { 'agendamento-id': '77', 'agendamento-destino-tipo': 'agente', 'agendamento-destino-tipo-id': '1001' } }],
    }),
  },
  {
    id: 'error-refused',
    title: 'Refused command (hang up)',
    snapshot: snap(V, {
      ...base,
      agent: agent('busy', 'Em ligação'),
      calls: [call(V, { id: 'rl-3', state: 'active', remote: [{ number: '1733334444' }], detail: 'Em ligação' })],
    }),
    press: [{ element: 'cti-phone', selector: '[part~="hangup-button"]', error: { code: 'command-failed', at: 0, operation: 'hangup', detail: 'Chamada não encontrada' } }],
  },
  {
    id: 'error-relay',
    title: 'Relay unreachable (condition)',
    snapshot: snap(V, {
      ...base,
      agent: agent('logged-out', 'Deslogado'),
      connection: { status: 'reconnecting', since: ago(12), attempt: 2 },
      condition: { code: 'relay-unavailable', at: ago(12), operation: 'connect' },
    }),
  },
  { id: 'supervisor', title: 'Supervisor: the team', snapshot: supervisor(V, team(V)), config: { options: { role: 'supervisor' } }, elements: ['cti-agent-status', 'cti-queue'] },
];
