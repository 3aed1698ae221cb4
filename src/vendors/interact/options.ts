/**
 * Interact options (`config.options`), read once with their bounds. Keys (defaults): `channelIdMin` (1),
 * `channelIdMax` (9999), `expires` (3600 s), `heartbeatTimeoutMs` (45000), `requestTimeoutMs` (10000),
 * `reconnectBaseMs` (1000), `reconnectMaxMs` (30000), `serverDownBaseMs` (5000), `queues` (true),
 * `updateInterval` (5 s), `dialingPollMs` (3000: while a call we dialled is not known to be answered,
 * `get_status` every this long; the manual promises no event when the far end answers).
 */
import type { SessionConfig } from '../adapter.js';
import { num } from './codec.js';

/** Options with their defaults (see the module comment). */
export interface InteractOptions {
  readonly channelIdMin: number;
  readonly channelIdMax: number;
  readonly expires: number;
  readonly heartbeatTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly reconnectBaseMs: number;
  readonly reconnectMaxMs: number;
  readonly serverDownBaseMs: number;
  readonly queues: boolean;
  readonly updateInterval: number;
  readonly dialingPollMs: number;
}

export const DEFAULT_OPTIONS: InteractOptions = {
  channelIdMin: 1,
  channelIdMax: 9999,
  expires: 3600,
  heartbeatTimeoutMs: 45_000,
  requestTimeoutMs: 10_000,
  reconnectBaseMs: 1_000,
  reconnectMaxMs: 30_000,
  serverDownBaseMs: 5_000,
  queues: true,
  updateInterval: 5,
  dialingPollMs: 3_000,
};

export function readOptions(raw: SessionConfig['options']): InteractOptions {
  const o = raw ?? {};
  const n = (k: keyof InteractOptions, min: number, max: number): number => {
    const v = num(o[k]);
    return v === undefined ? (DEFAULT_OPTIONS[k] as number) : Math.min(max, Math.max(min, v));
  };
  const channelIdMin = Math.round(n('channelIdMin', 1, 9999));
  return {
    channelIdMin,
    channelIdMax: Math.max(channelIdMin, Math.round(n('channelIdMax', 1, 9999))),
    expires: Math.round(n('expires', 1, 86_400)),
    heartbeatTimeoutMs: n('heartbeatTimeoutMs', 1_000, 600_000),
    requestTimeoutMs: n('requestTimeoutMs', 500, 120_000),
    reconnectBaseMs: n('reconnectBaseMs', 10, 600_000),
    reconnectMaxMs: n('reconnectMaxMs', 10, 3_600_000),
    serverDownBaseMs: n('serverDownBaseMs', 10, 600_000),
    queues: o['queues'] !== false && o['queues'] !== 'false',
    updateInterval: n('updateInterval', 5, 60),
    dialingPollMs: n('dialingPollMs', 500, 60_000),
  };
}
