/**
 * Catix session options (`config.options`), read once with defaults and bounds. Plain data, no secrets: the
 * integration account is `config.credentials`.
 *
 * | option | default | meaning |
 * |---|---|---|
 * | `role` | `'agent'` | `'agent'`: `LOGAR_SINGLE_USER` bound to `config.agent`; `'supervisor'`: `LOGAR_MULTI_USER`, fills `team`, never acts as an agent |
 * | `agents` | `''` | supervisor: agents to query with `STATUS_AGENTE` on every (re)connect, `'1001,1002'` |
 * | `encoding` | `'utf-8'` | text encoding of the TCP stream: `'utf-8'`, `'iso-8859-1'`, `'windows-1252'` |
 * | `requestTimeoutMs` | `10000` | no answer to a command by then → `timeout` |
 * | `reconnectBaseMs` / `reconnectMaxMs` | `1000` / `30000` | reconnection backoff (exponential, jittered) |
 * | `keepAliveIntervalMs` | `30000` | the server's `KEEP_ALIVE` interval, at least (a longer gap seen is used); `0` turns the watchdog off |
 * | `keepAliveMissed` | `3` | intervals without a line from the server (once it has shown its `KEEP_ALIVE` rhythm) → `keep-alive-lost`, reconnect |
 * | `keepAliveReply` | `false` | answer each server `KEEP_ALIVE` with one of ours |
 * | `unpauseAction` | `'DESPAUSAR'` | the `pausa-acao` value that unpauses (undocumented: see docs/vendors/catix.md) |
 * | `pinTimeoutMs` | `90000` | after `AGENTE_LOGAR`, no `AGENT_LOGIN` by then → `STATUS_AGENTE`; still logged out → `timeout` error (the PIN was never typed) |
 * | `eventWaitMs` | `5000` | after an accepted command, no event by then → `STATUS_AGENTE` is read; `0`: never |
 * | `statusPollMs` | `30000` | agent: no line from the server for that long, and no `KEEP_ALIVE` rhythm shown → `STATUS_AGENTE` (unanswered in `requestTimeoutMs`: the link is lost, reconnect); `0`: never |
 */
import { RelayEncoding, isRelayEncoding } from '../relay/decoder.js';
import type { SessionConfig } from '../adapter.js';
import type { ErrorCode } from '../../domain/model.js';
import { numberOption } from '../runtime/options.js';

export type CatixRole = 'agent' | 'supervisor';

export interface CatixOptions {
  readonly role: CatixRole;
  readonly agents: readonly string[];
  readonly encoding: RelayEncoding;
  readonly requestTimeoutMs: number;
  readonly reconnectBaseMs: number;
  readonly reconnectMaxMs: number;
  readonly keepAliveIntervalMs: number;
  readonly keepAliveMissed: number;
  readonly keepAliveReply: boolean;
  readonly unpauseAction: string;
  readonly pinTimeoutMs: number;
  readonly eventWaitMs: number;
  readonly statusPollMs: number;
}

/** The most agents a supervisor session queries at start. */
export const MAX_QUERIED_AGENTS = 200;

/** The numeric options: default, least, most (out of range: the bound; not a number: the default; `numberOption`). */
const NUMBERS = {
  requestTimeoutMs: [10_000, 200, 120_000],
  reconnectBaseMs: [1_000, 10, 600_000],
  reconnectMaxMs: [30_000, 10, 3_600_000],
  keepAliveIntervalMs: [30_000, 0, 3_600_000],
  keepAliveMissed: [3, 1, 100],
  pinTimeoutMs: [90_000, 1_000, 3_600_000],
  eventWaitMs: [5_000, 0, 600_000],
  statusPollMs: [30_000, 0, 3_600_000],
} as const;

export function readCatixOptions(raw: SessionConfig['options']): CatixOptions {
  const o = raw ?? {};
  const numbers = Object.fromEntries(
    Object.entries(NUMBERS).map(([k, [def, min, max]]) => [k, numberOption(o[k], def, min, max)]),
  ) as Record<keyof typeof NUMBERS, number>;
  const text = (k: string): string => (typeof o[k] === 'string' ? (o[k] as string).trim() : typeof o[k] === 'number' ? String(o[k]) : '');
  const encoding = o['encoding'];
  const unpause = text('unpauseAction');
  return {
    ...numbers,
    role: text('role').toLowerCase() === 'supervisor' ? 'supervisor' : 'agent',
    agents: [...new Set(text('agents').split(/[\s,;]+/).filter(Boolean))].slice(0, MAX_QUERIED_AGENTS),
    encoding: isRelayEncoding(encoding) ? encoding : RelayEncoding.Utf8,
    keepAliveMissed: Math.round(numbers.keepAliveMissed),
    // A boolean, or its text.
    keepAliveReply: o['keepAliveReply'] === true || o['keepAliveReply'] === 'true',
    unpauseAction: /^[A-Za-z_]{1,40}$/.test(unpause) ? unpause : 'DESPAUSAR',
  };
}

/**
 * What keeps a session from starting (refused before any relay is opened: no retry loop), or `undefined`. The
 * translated message names the cti-provider property to set; the detail is that property's name (a code).
 */
export function configProblem(config: SessionConfig, supervisor: boolean): { code: ErrorCode; vendorCode: string; detail: string } | undefined {
  if (!config.credentials?.user) {
    return { code: 'auth-failed', vendorCode: 'no-credentials', detail: 'credentials' };
  }
  if (!supervisor && !config.agent.trim()) return { code: 'missing-data', vendorCode: 'no-agent', detail: 'agent' };
  return undefined;
}
