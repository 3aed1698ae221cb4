/** Tactium IP (raw TCP through websockify): pauses, dialer calls with attach data and recording, outcomes, callbacks, supervisor. */
import type { PauseReason } from '../../../src/domain/model.js';
import { agent, ago, call, snap, supervisor, team } from './build.js';
import type { GalleryState } from './types.js';

const V = 'tactium';
const pauseReasons: PauseReason[] = [
  { id: '1', name: 'Almoço' },
  { id: '2', name: 'Feedback com supervisor' },
];
const base = { pauseReasons };

export const tactiumStates: readonly GalleryState[] = [
  { id: 'signed-out', title: 'Signed out (sign in through the IP Client)', snapshot: snap(V, { ...base, agent: agent('logged-out', '0') }) },
  { id: 'ready', title: 'Ready', snapshot: snap(V, { ...base, agent: agent('ready', '1') }) },
  {
    id: 'paused',
    title: 'Paused with a reason',
    snapshot: snap(V, { ...base, agent: agent('paused', '3', { pause: { reasonId: '2', reasonName: 'Feedback com supervisor', trigger: 'manual' } }) }),
  },
  {
    id: 'call-data',
    title: 'Dialer call with attach data and recording',
    snapshot: snap(V, {
      ...base,
      agent: agent('busy', '2'),
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
      agent: agent('busy', '2'),
      calls: [call(V, { id: 'tactium-2', state: 'active', direction: 'outbound', remote: [{ number: '1138887777' }], service: 'COBRANCA', data: { id: '99121' }, detail: 'dialer' })],
    }),
    press: [{ element: 'cti-phone', selector: '[part~="callback"] > summary' }],
  },
  {
    id: 'after-call',
    title: 'After-call work after a dialer call',
    snapshot: snap(V, {
      ...base,
      agent: agent('after-call', '4', { afterCall: { callId: 'tactium-1', mustClassify: false } }),
      calls: [call(V, { id: 'tactium-1', state: 'wrap-up', direction: 'outbound', remote: [{ number: '1138887777' }], service: 'COBRANCA', data: { id: '99120' }, detail: 'dialer' })],
    }),
  },
  {
    id: 'error-vendor',
    title: 'Relay up, Tactium server unreachable (condition)',
    snapshot: snap(V, {
      ...base,
      agent: agent('logged-out', '0'),
      connection: { status: 'reconnecting', since: ago(15), attempt: 4 },
      condition: { code: 'vendor-unreachable', at: ago(15), operation: 'connect' },
    }),
  },
  {
    id: 'error-refused',
    title: 'Refused command (ready) while paused',
    snapshot: snap(V, { ...base, agent: agent('paused', '3', { pause: { reasonId: '1', reasonName: 'Almoço', trigger: 'manual' } }) }),
    press: [{ element: 'cti-agent-status', selector: '[part~="ready-button"]', error: { code: 'command-failed', at: 0, operation: 'ready', detail: '<R>0' } }],
  },
  { id: 'supervisor', title: 'Supervisor: the team (ADMSOCKET)', snapshot: supervisor(V, team(V)), config: { options: { role: 'supervisor' } }, elements: ['cti-agent-status', 'cti-queue'] },
];

