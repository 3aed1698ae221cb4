/** InWise NEON (WebSocket to the softphone on the agent's computer): SIP registration, two calls, no pauses. */
import { agent, ago, call, snap } from './build.js';
import type { GalleryState } from './types.js';

const V = 'neon';
const customer = { number: '4832001000', name: 'José da Silva' };

export const neonStates: readonly GalleryState[] = [
  { id: 'signed-out', title: 'Not registered', snapshot: snap(V, { agent: agent('logged-out', 'sip-unregistered') }) },
  { id: 'ready', title: 'Registered', snapshot: snap(V, { agent: agent('ready', 'sip-registered') }) },
  {
    id: 'ringing',
    title: 'Ringing',
    snapshot: snap(V, { agent: agent('ready', 'sip-registered'), calls: [call(V, { id: 'n1', state: 'ringing', remote: [customer], detail: 'incoming' })] }),
  },
  {
    id: 'two-calls',
    title: 'Two calls: one on hold, one talking',
    snapshot: snap(V, {
      agent: agent('ready', 'sip-registered'),
      calls: [
        call(V, { id: 'n1', state: 'held', remote: [customer], detail: 'hold' }),
        call(V, { id: 'n2', state: 'active', direction: 'outbound', remote: [{ number: '08001234567' }], startedAt: ago(30), answeredAt: ago(25), detail: 'talking' }),
      ],
    }),
  },
  {
    id: 'error-not-running',
    title: 'NEON is not running (condition)',
    snapshot: snap(V, {
      agent: agent('logged-out', 'sip-unregistered'),
      connection: { status: 'reconnecting', since: ago(20), attempt: 3 },
      condition: { code: 'softphone-unavailable', at: ago(20), operation: 'connect' },
    }),
  },
  {
    id: 'error-refused',
    title: 'Refused command (hold) during a call: 102 invalid argument',
    snapshot: snap(V, { agent: agent('ready', 'sip-registered'), calls: [call(V, { id: 'n1', state: 'active', remote: [customer], detail: 'talking' })] }),
    // The seed's error table: 600 is "Credenciais inválidas" (the application's `authenticate`), never a hold's.
    // A `sethold` NEON cannot do is 102 "Argumento inválido" (the call id or the call's state), which `neonError`
    // reads as `bad-request`; the seed shows no failure frame, so no description of the server's.
    press: [{ element: 'cti-phone', selector: '[part~="hold-button"]', error: { code: 'bad-request', at: 0, operation: 'hold', vendorCode: '102' } }],
  },
];
