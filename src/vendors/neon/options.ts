/** NEON `config.options`, read and clamped (see `adapter.ts` for what each one does). */
import type { SessionConfig } from '../adapter.js';
import { defined, str } from './codec.js';
import { numberOption } from '../runtime/options.js';

export interface NeonOptions {
  readonly sipDomain?: string;
  readonly autodisconnect: boolean;
  readonly requestTimeoutMs: number;
  /** How long a command the document shows no answer for may still be refused before it counts as taken. */
  readonly ackWaitMs: number;
  readonly registerTimeoutMs: number;
  readonly reconnectBaseMs: number;
  readonly reconnectMaxMs: number;
}

export const DEFAULT_NEON_URL = 'ws://localhost:15070/';

export function readNeonOptions(raw: SessionConfig['options']): NeonOptions {
  const o = raw ?? {};
  const n = (k: string, def: number, min: number, max: number): number => numberOption(o[k], def, min, max);
  return defined({
    sipDomain: str(o['sipDomain']),
    // Off by default: NEON then keeps the SIP account and its calls when the socket goes (a reload in a
    // browser whose hub dies with the page, a hub crash); see the README, "Reloading the page".
    autodisconnect: o['autodisconnect'] === true || o['autodisconnect'] === 'true',
    requestTimeoutMs: n('requestTimeoutMs', 10_000, 200, 120_000),
    ackWaitMs: n('ackWaitMs', 500, 0, 10_000),
    registerTimeoutMs: n('registerTimeoutMs', 15_000, 200, 300_000),
    reconnectBaseMs: n('reconnectBaseMs', 1_000, 10, 600_000),
    reconnectMaxMs: n('reconnectMaxMs', 10_000, 10, 3_600_000),
  });
}
