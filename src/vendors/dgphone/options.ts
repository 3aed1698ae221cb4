/**
 * DGPhone `config.options` (defaults): `encoding` ('utf-8'), `requestTimeoutMs` (8000), `reconnectBaseMs`
 * (1000), `reconnectMaxMs` (30000), `keepAliveIntervalMs` (15000) and `keepAliveMisses` (3), `agentLoginCode`
 * ('*9800'), `agentLogoffCode` (none: logout sends `logoff`), `agentLoginTimeoutMs` (12000),
 * `helperHangupGraceMs` (1500), `eventUser` (none: the Login User). See docs/vendors/dgphone.md.
 */
import type { SessionConfig } from '../adapter.js';
import { RelayEncoding, isRelayEncoding } from '../relay/decoder.js';
import { defined } from './codec.js';
import { numberOption } from '../runtime/options.js';

export interface DGPhoneOptions {
  readonly encoding: RelayEncoding;
  readonly requestTimeoutMs: number;
  readonly reconnectBaseMs: number;
  readonly reconnectMaxMs: number;
  readonly keepAliveIntervalMs: number;
  readonly keepAliveMisses: number;
  readonly agentLoginCode: string;
  readonly agentLogoffCode?: string;
  readonly agentLoginTimeoutMs: number;
  readonly helperHangupGraceMs: number;
  /** The `User` the DGPhone names in what it sends when it is not the Login `User` (seed L23 / L79). */
  readonly eventUser?: string;
}

/** `config.options` with defaults and bounds applied. */
export function readDGPhoneOptions(raw: SessionConfig['options']): DGPhoneOptions {
  const o = raw ?? {};
  const n = (k: string, def: number, min: number, max: number): number => numberOption(o[k], def, min, max);
  const code = (k: string): string | undefined => {
    const v = o[k];
    const s = typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '';
    return /^[0-9*#]{1,20}$/.test(s) ? s : undefined;
  };
  return defined({
    encoding: isRelayEncoding(o['encoding']) ? o['encoding'] : RelayEncoding.Utf8,
    requestTimeoutMs: n('requestTimeoutMs', 8_000, 200, 120_000),
    reconnectBaseMs: n('reconnectBaseMs', 1_000, 10, 600_000),
    reconnectMaxMs: n('reconnectMaxMs', 30_000, 10, 3_600_000),
    keepAliveIntervalMs: n('keepAliveIntervalMs', 15_000, 50, 600_000),
    keepAliveMisses: Math.round(n('keepAliveMisses', 3, 1, 20)),
    agentLoginCode: code('agentLoginCode') ?? '*9800',
    agentLogoffCode: code('agentLogoffCode'),
    agentLoginTimeoutMs: n('agentLoginTimeoutMs', 12_000, 500, 120_000),
    helperHangupGraceMs: n('helperHangupGraceMs', 1_500, 0, 60_000),
    eventUser: typeof o['eventUser'] === 'string' || typeof o['eventUser'] === 'number' ? String(o['eventUser']).trim() || undefined : undefined,
  });
}
