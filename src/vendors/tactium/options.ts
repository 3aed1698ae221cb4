/**
 * Tactium IP `config.options` → options, every value bounded; unknown or wrong values fall back to the default.
 * See the adapter's header and docs/vendors/tactium.md.
 */
import type { PauseReason } from '../../domain/model.js';
import type { SessionConfig } from '../adapter.js';
import { RelayEncoding, isRelayEncoding } from '../relay/decoder.js';
import { parseAgentList, parsePauseReasons } from './codec-input.js';
import { numberOption } from '../runtime/options.js';

export interface TactiumOptions {
  readonly role: 'agent' | 'supervisor';
  readonly encoding: RelayEncoding;
  readonly requestTimeoutMs: number;
  readonly statusPollMs: number;
  readonly reconnectBaseMs: number;
  readonly reconnectMaxMs: number;
  readonly pauseReasons: readonly PauseReason[];
  readonly defaultDdd: string;
  readonly defaultService: string;
  /**
   * Refuse a dial with no service or campaign (when there is no `defaultService`). Off by default: seed 4.9
   * allows a blank one ("Pode estar em branco quando não se quer realizar este vínculo das ligações").
   */
  readonly requireService: boolean;
  /** Supervisor: agents whose status is asked at start and on every poll. */
  readonly agents: readonly string[];
  readonly maxMessageChars: number;
  /**
   * How long a dial the server took (status busy) is shown as dialing while its `<A>` (seed 5.1) has not come:
   * it goes at the first status read (the poll) after this. The seed gives no ring time: 60 s, longer than a
   * usual no-answer timeout.
   */
  readonly dialWaitMs: number;
}

/** Brazilian Windows servers: the seed's product writes `c:\records\…` and Portuguese text. */
export const DEFAULT_TACTIUM_ENCODING: RelayEncoding = RelayEncoding.Windows1252;

/** `config.options` → options, every value bounded; unknown or wrong values fall back to the default. */
export function readTactiumOptions(raw: SessionConfig['options']): TactiumOptions {
  const o = raw ?? {};
  const n = (k: string, def: number, min: number, max: number): number => numberOption(o[k], def, min, max);
  const s = (k: string): string => (typeof o[k] === 'string' ? (o[k] as string).trim() : typeof o[k] === 'number' ? String(o[k]) : '');
  const encoding = s('encoding').toLowerCase();
  const poll = n('statusPollMs', 10_000, 0, 3_600_000);
  return {
    role: s('role') === 'supervisor' ? 'supervisor' : 'agent',
    encoding: isRelayEncoding(encoding) ? encoding : DEFAULT_TACTIUM_ENCODING,
    requestTimeoutMs: n('requestTimeoutMs', 5_000, 50, 120_000),
    statusPollMs: poll > 0 ? Math.max(50, poll) : 0,
    reconnectBaseMs: n('reconnectBaseMs', 1_000, 10, 600_000),
    reconnectMaxMs: n('reconnectMaxMs', 30_000, 10, 3_600_000),
    pauseReasons: parsePauseReasons(s('pauseReasons')),
    defaultDdd: s('defaultDdd'),
    defaultService: s('defaultService'),
    requireService: o['requireService'] === true || s('requireService') === 'true',
    agents: parseAgentList(s('agents')),
    maxMessageChars: n('maxMessageChars', 65_536, 256, 1 << 20),
    dialWaitMs: n('dialWaitMs', 60_000, 1_000, 600_000),
  };
}
