/** Tactium IP (raw TCP through websockify): pauses, dialer calls with attach data and recording, outcomes, callbacks, supervisor. */
import type { PauseReason, TeamMember } from '../../../src/domain/model.js';
import { agent, ago, call, snap, supervisor, T0 } from './build.js';
import type { GalleryState } from './types.js';

const V = 'tactium';
const pauseReasons: PauseReason[] = [
  { id: '1', name: 'Almoço' },
  { id: '2', name: 'Feedback com supervisor' },
];
const base = { pauseReasons };

/**
 * The team as the adapter reports it (`team.ts`): ADMSOCKET gives logins only (no names, no extensions), the
 * state is the seed 4.6 status code as `status-<code>` (the phase is translated; the code is only the title),
 * no pause reason (the status says "paused", not why), a call from the `<A>`/`<R>` event.
 */
function tactiumTeam(): TeamMember[] {
  const at = T0;
  return [
    { agentId: 'ana.ribeiro', phase: 'ready', detail: 'status-1', since: at - 42_000, updatedAt: at },
    {
      agentId: 'bruno',
      phase: 'busy',
      detail: 'status-3',
      since: at - 185_000,
      updatedAt: at,
      call: { id: 'tactium-7', direction: 'inbound', number: '11987654321', since: at - 180_000 },
    },
    {
      agentId: 'carla',
      phase: 'busy',
      detail: 'status-3',
      since: at - 64_000,
      updatedAt: at,
      call: { id: 'tactium-8', direction: 'outbound', number: '8540050500', since: at - 60_000, service: 'Cobrança' },
    },
    { agentId: 'maria.aparecida.albuquerque', phase: 'paused', detail: 'status-2', since: at - 1_260_000, updatedAt: at },
    { agentId: 'joao', phase: 'after-call', detail: 'status-4', since: at - 20_000, updatedAt: at },
    { agentId: 'pedro', phase: 'logged-out', detail: 'status-0', since: at - 3_600_000, updatedAt: at },
    // A status code the seed does not list: the phase is unknown, the code stays out of the text.
    { agentId: 'rita', phase: 'unknown', detail: 'status-9', since: at - 5_000, updatedAt: at },
  ];
}

export const tactiumStates: readonly GalleryState[] = [
  { id: 'signed-out', title: 'Signed out (sign in through the IP Client)', snapshot: snap(V, { ...base, agent: agent('logged-out', 'status-0') }) },
  { id: 'ready', title: 'Ready', snapshot: snap(V, { ...base, agent: agent('ready', 'status-1') }) },
  {
    id: 'paused',
    title: 'Paused with a reason',
    snapshot: snap(V, { ...base, agent: agent('paused', 'status-2', { pause: { reasonId: '2', reasonName: 'Feedback com supervisor', trigger: 'manual' } }) }),
  },
  {
    id: 'call-data',
    title: 'Dialer call with attach data and recording',
    snapshot: snap(V, {
      ...base,
      agent: agent('busy', 'status-3'),
      calls: [
        call(V, {
          id: 'tactium-1',
          state: 'active',
          direction: 'outbound',
          remote: [{ number: '1138887777' }],
          service: 'COBRANCA',
          data: { id: '99120', descricao: 'Renegociação de dívida — 3ª tentativa', 'cod-vinculo-gravacao': '12345678909', crm: 'ACC-1001', gravacao: '/gravacoes/2026/12/03/1001-tactium-1.wav' },
          detail: 'dialer',
        }),
      ],
    }),
  },
  {
    id: 'callback-form',
    title: 'Schedule a callback: the form open',
    snapshot: snap(V, {
      ...base,
      agent: agent('busy', 'status-3'),
      calls: [call(V, { id: 'tactium-2', state: 'active', direction: 'outbound', remote: [{ number: '1138887777' }], service: 'COBRANCA', data: { id: '99121' }, detail: 'dialer' })],
    }),
    press: [{ element: 'cti-phone', selector: '[part~="callback"] > summary' }],
  },
  {
    id: 'after-call',
    title: 'After-call work after a dialer call',
    snapshot: snap(V, {
      ...base,
      agent: agent('after-call', 'status-4', { afterCall: { callId: 'tactium-1', mustClassify: false } }),
      calls: [call(V, { id: 'tactium-1', state: 'wrap-up', direction: 'outbound', remote: [{ number: '1138887777' }], service: 'COBRANCA', data: { id: '99120' }, detail: 'dialer' })],
    }),
  },
  {
    id: 'error-vendor',
    title: 'Relay up, Tactium server unreachable (condition)',
    snapshot: snap(V, {
      ...base,
      agent: agent('logged-out', 'status-0'),
      connection: { status: 'reconnecting', since: ago(15), attempt: 4 },
      condition: { code: 'vendor-unreachable', at: ago(15), operation: 'connect' },
    }),
  },
  {
    id: 'error-refused',
    // A refusal is `command-failed` (translated) with the server's words as detail (`replyWords`): the seed has no
    // result codes. Here the IP Client put a call through before the next status poll showed it.
    title: 'Refused command (ready) while paused: the server\'s words',
    snapshot: snap(V, { ...base, agent: agent('paused', 'status-2', { pause: { reasonId: '1', reasonName: 'Almoço', trigger: 'manual' } }) }),
    press: [{ element: 'cti-agent-status', selector: '[part~="ready-button"]', error: { code: 'command-failed', at: 0, operation: 'ready', detail: 'Agente em atendimento' } }],
  },
  { id: 'supervisor', title: 'Supervisor: the team (ADMSOCKET)', snapshot: supervisor(V, tactiumTeam()), config: { options: { role: 'supervisor' } }, elements: ['cti-agent-status', 'cti-queue'] },
];

