/**
 * Domain command → Interact request, for the commands that need nothing but their own fields (pure). The
 * commands that depend on what the adapter knows (login, logout, end-after-call, classify, consult, transfer,
 * conference, refresh) are the adapter's and `calls.ts`'s. Every request names the agent.
 */
import type { Command } from '../../domain/commands.js';
import type { CtiError, ErrorCode } from '../../domain/model.js';
import { num, utf8Length, type WireObject } from './codec.js';

/** Maximum bytes of `call_associate_data` (L5542-5544). */
export const MAX_ASSOCIATED_BYTES = 100;

/**
 * A refusal of ours: `detail` is the offending field or the command's type (a code: it can reach the screen, as
 * a title, beside the translated message of `code`); `why` is the sentence, for the log only.
 */
export type Refuse = (code: ErrorCode, detail: string, why: string) => CtiError;

/** Call commands whose request is only the call and the agent. */
const CALL_REQUESTS = {
  answer: 'call_accept',
  reject: 'call_terminate',
  hangup: 'call_terminate',
  hold: 'call_hold',
  retrieve: 'call_retrieve',
} as const;

/**
 * `[command, body]` to POST under `agent/`, or `undefined` when the command is not a plain one. Throws a local
 * `CtiError` (bad-request, unsupported: `refuse`'s) when nothing may be sent.
 */
export function plainRequest(command: Command, agent: string, refuse: Refuse): [string, WireObject] | undefined {
  switch (command.type) {
    case 'answer':
    case 'reject':
    case 'hangup':
    case 'hold':
    case 'retrieve':
      return [CALL_REQUESTS[command.type], { call_id: command.callId, agent }];
    case 'ready':
      return ['set_state', { agent, state_id: 2 }];
    case 'pause':
      return ['set_state', { agent, state_id: num(command.reasonId) ?? command.reasonId }];
    case 'dial': {
      const to = command.to.trim();
      if (!to) throw refuse('bad-request', 'to', 'empty number');
      return command.service ? ['call_service', { agent, to, media_type: 'voice', service: command.service }] : ['call_private', { agent, to, media_type: 'voice' }];
    }
    case 'drop-party':
      if (!command.party.trim()) throw refuse('bad-request', 'party', 'no participant');
      return ['call_exclude_conference', { call_id: command.callId, contact: command.party.trim(), agent }];
    case 'associate-data':
      if (utf8Length(command.data) > MAX_ASSOCIATED_BYTES) throw refuse('bad-request', 'data', `associated data is limited to ${MAX_ASSOCIATED_BYTES} bytes (UTF-8)`);
      return ['call_associate_data', { call_id: command.callId, from: agent, data: command.data }];
    case 'dtmf':
      throw refuse('unsupported', command.type, 'Interact CTI has no DTMF command');
    case 'show-softphone':
      throw refuse('unsupported', command.type, 'Interact CTI is not a softphone');
    case 'select-line':
    case 'redial':
    case 'dialer-outcome':
    case 'schedule-callback':
    case 'dismiss-notice':
      throw refuse('unsupported', command.type, `Interact CTI has no ${command.type}`);
    default:
      return undefined;
  }
}
