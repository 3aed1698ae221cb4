/** Dígitro Interact CTI (REST + SSE): agent states, pauses with reasons, classification, up to 3 calls. */
import type { PauseReason, QueueStats } from '../../../src/domain/model.js';
import { agent, ago, call, snap, T0 } from './build.js';
import type { GalleryState } from './types.js';

const V = 'interact';
const pauseReasons: PauseReason[] = [
  { id: '2', name: 'Almoço' },
  { id: '3', name: 'Treinamento obrigatório de qualidade' },
  { id: '4', name: 'Banheiro' },
];
const queues: QueueStats[] = [
  { id: 'q1', name: 'Atendimento', waiting: 4, longestWaitSeconds: 138, agentsReady: 2, agentsBusy: 7, agentsPaused: 1, handled: 1234, abandoned: 9, updatedAt: T0 },
  { id: 'q2', name: 'Suporte técnico empresarial', waiting: 0, agentsReady: 1, agentsBusy: 2, agentsPaused: 0, handled: 87, abandoned: 0, updatedAt: T0 },
];
const classifications = [
  { id: '10', name: 'Dúvida resolvida', scope: 'general' },
  { id: '11', name: 'Reclamação encaminhada ao supervisor', scope: 'inbound' },
  { id: '12', name: 'Venda', scope: 'outbound' },
];
const base = { pauseReasons, queues, classifications };
const customer = { number: '11987654321', name: 'Maria Souza' };

export const interactStates: readonly GalleryState[] = [
  { id: 'signed-out', title: 'Signed out', snapshot: snap(V, { ...base, agent: agent('logged-out', 'not_logged_in') }) },
  { id: 'ready', title: 'Ready, queues with numbers', snapshot: snap(V, { ...base, agent: agent('ready', 'ready_free') }) },
  {
    id: 'paused',
    title: 'Paused with a reason',
    snapshot: snap(V, { ...base, agent: agent('paused', 'pause', { pause: { reasonId: '2', reasonName: 'Almoço', trigger: 'manual' } }) }),
  },
  {
    id: 'paused-failure',
    title: 'System pause after a missed call',
    snapshot: snap(V, { ...base, agent: agent('paused', 'timeout_fail_pause', { pause: { reasonId: 'timeout_fail_pause', reasonName: '', trigger: 'system', failure: true }, changedBy: 'system' }) }),
  },
  {
    id: 'paused-unnamed',
    title: 'Paused after sign-in (state pause, no pause name)',
    snapshot: snap(V, { ...base, agent: agent('paused', 'pause', { pause: { reasonId: 'pause', reasonName: '', trigger: 'system' } }) }),
  },
  {
    id: 'ringing',
    title: 'Ringing (must accept)',
    snapshot: snap(V, {
      ...base,
      agent: agent('busy', 'ready_ringing'),
      calls: [call(V, { id: 'c1', state: 'ringing', mustAccept: true, remote: [customer], service: 'Atendimento', detail: 'ringing' })],
    }),
  },
  {
    id: 'ringing-on-call',
    title: 'A second call rings during a call',
    snapshot: snap(V, {
      ...base,
      agent: agent('busy', 'busy'),
      calls: [
        call(V, { id: 'c1', state: 'active', remote: [customer], service: 'Atendimento', detail: 'talking' }),
        call(V, { id: 'c2', state: 'ringing', mustAccept: true, remote: [{ number: '08001234567', name: 'Central de Relacionamento' }], service: 'Suporte técnico empresarial', startedAt: ago(4), detail: 'ringing' }),
      ],
    }),
  },
  {
    id: 'ringing-held',
    title: 'A call rings while one is active and one held: a compact ringing card after them',
    snapshot: snap(V, {
      ...base,
      agent: agent('busy', 'busy'),
      calls: [
        call(V, { id: 'c3', state: 'ringing', mustAccept: true, remote: [{ number: '+5521987654321', name: 'Loja Centro' }], service: 'Atendimento', startedAt: ago(3), data: { associated_data: 'Pedido 4471; CPF 123.456.789-09' }, detail: 'ringing' }),
        call(V, { id: 'c1', state: 'held', remote: [customer], service: 'Atendimento', detail: 'hold' }),
        call(V, { id: 'c2', state: 'active', remote: [{ number: '2002', name: 'Supervisor Carlos' }], startedAt: ago(30), detail: 'talking' }),
      ],
    }),
  },
  {
    id: 'two-calls',
    title: 'Two calls: consultation, original on hold',
    snapshot: snap(V, {
      ...base,
      agent: agent('busy', 'busy'),
      calls: [
        call(V, { id: 'c1', state: 'held', remote: [customer], service: 'Atendimento', consultationId: 'c2', detail: 'hold' }),
        call(V, { id: 'c2', state: 'active', direction: 'outbound', remote: [{ number: '2002', name: 'Supervisor Carlos' }], consultationOf: 'c1', startedAt: ago(20), answeredAt: ago(15), detail: 'talking' }),
      ],
    }),
  },
  {
    id: 'conference',
    title: 'Conference of three',
    snapshot: snap(V, {
      ...base,
      agent: agent('busy', 'busy'),
      calls: [call(V, { id: 'c1', state: 'conference', remote: [customer, { number: '2002', name: 'Supervisor Carlos' }], conferenceOwner: '1001', detail: 'conference' })],
    }),
  },
  {
    id: 'transferred',
    title: 'Call transferred (ended: says to whom)',
    snapshot: snap(V, {
      ...base,
      agent: agent('ready', 'ready_free'),
      calls: [call(V, { id: 'c1', state: 'ended', remote: [customer], endedAt: ago(1), transferredTo: '2002', detail: 'transferred' })],
    }),
  },
  {
    id: 'long-text',
    title: 'Long names, service, pause reason and data',
    snapshot: snap(V, {
      ...base,
      agent: agent('paused', 'pause', { pause: { reasonId: '3', reasonName: 'Treinamento obrigatório de qualidade', trigger: 'manual' } }),
      calls: [
        call(V, {
          id: 'c1',
          state: 'active',
          remote: [{ number: '+5511987654321', name: 'Maria Aparecida dos Santos Albuquerque Cavalcanti de Oliveira' }],
          service: 'Atendimento Pós-Venda Empresarial — Contratos Corporativos',
          data: { 'nome-completo-do-responsavel-financeiro': 'Francisco de Assis Nogueira', endereco: 'Avenida Presidente Juscelino Kubitschek, 1909 — Torre Norte, 24º andar' },
          detail: 'talking',
        }),
      ],
    }),
  },
  {
    id: 'after-call',
    title: 'After-call work, classification mandatory',
    snapshot: snap(V, {
      ...base,
      agent: agent('after-call', 'wrap_up', { afterCall: { callId: 'c1', mustClassify: true, classifyBy: T0 + 45_000 } }),
      calls: [call(V, { id: 'c1', state: 'wrap-up', remote: [customer], endedAt: ago(10), detail: 'wrap_up' })],
    }),
  },
  {
    id: 'call-data',
    title: 'Call with associated data, a pause requested for after it',
    snapshot: snap(V, {
      ...base,
      agent: agent('busy', 'pre_pause', { pendingPause: { reasonId: '2', reasonName: 'Almoço', trigger: 'manual' } }),
      calls: [
        call(V, {
          id: 'c1',
          state: 'active',
          remote: [{ number: '4833334444', name: 'Comércio de Alimentos Ltda' }],
          service: 'Suporte técnico empresarial',
          data: { crm: 'ACC-1001', protocolo: '20261203-000123', cpf: '12345678909', observacao: 'Cliente pediu retorno após as 18h' },
          detail: 'talking',
        }),
      ],
    }),
  },
  {
    id: 'error-refused',
    title: 'Refused command (hold) during a call',
    snapshot: snap(V, {
      ...base,
      agent: agent('busy', 'busy'),
      calls: [call(V, { id: 'c1', state: 'active', remote: [customer], detail: 'talking' })],
    }),
    press: [{ element: 'cti-phone', selector: '[part~="hold-button"]', error: { code: 'command-failed', at: 0, operation: 'hold', httpStatus: 400, vendorCode: 'command_failed', detail: 'command_failed' } }],
  },
  {
    id: 'sign-out-during-call',
    title: 'Sign out pressed during a call: asks first',
    snapshot: snap(V, { ...base, agent: agent('busy', 'busy'), calls: [call(V, { id: 'c1', state: 'active', remote: [customer], detail: 'talking' })] }),
    press: [{ element: 'cti-agent-status', selector: '[part~="sign-out-button"]' }],
  },
  {
    id: 'error-server-down',
    title: 'Server down (503), agent signed in',
    snapshot: snap(V, {
      ...base,
      agent: agent('ready', 'ready_free'),
      connection: { status: 'server-down', since: ago(30) },
      condition: { code: 'server-unavailable', at: ago(30), operation: 'channel', httpStatus: 503 },
    }),
  },
  {
    id: 'error-server-down-command',
    title: 'Server down while paused, Ready pressed: it waits for the connection (aria-disabled, the reason; nothing sent)',
    snapshot: snap(V, {
      ...base,
      agent: agent('paused', 'custom_pause', { pause: { reasonId: '2', reasonName: 'Almoço', trigger: 'manual' } }),
      connection: { status: 'server-down', since: ago(30), attempt: 2 },
      condition: { code: 'server-unavailable', at: ago(30), operation: 'on_server_state_change' },
    }),
    press: [{ element: 'cti-agent-status', selector: '[part~="ready-button"]', error: { code: 'not-connected', at: 0, operation: 'ready', detail: 'server-down' } }],
  },
  {
    id: 'reconnecting-after-call',
    title: 'Reconnecting (no condition), after-call work: classify and end wait for the connection',
    snapshot: snap(V, {
      ...base,
      agent: agent('after-call', 'wrap_up', { afterCall: { callId: 'c1', mustClassify: true, classifyBy: T0 + 45_000 } }),
      calls: [call(V, { id: 'c1', state: 'wrap-up', remote: [customer], endedAt: ago(10), detail: 'wrap_up' })],
      connection: { status: 'reconnecting', since: ago(3), attempt: 2, retryAt: T0 + 7_000 },
    }),
  },
];
