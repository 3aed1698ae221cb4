/**
 * Commands: what a user (or the host page) asks the vendor to do.
 * A discriminated union on `type`; every element and the host page speak only this.
 * Pure: no DOM, no Lit, no comlink.
 */

export type Command =
  /** Sign in. `password` lives in hub memory only; it is never logged or stored. */
  | {
      readonly type: 'login';
      readonly agent: string;
      readonly password?: string;
      readonly extension?: string;
      /** SIP proxy `host:port` (NEON); defaults to the `sipDomain` option. */
      readonly domain?: string;
    }
  /** Sign out. Interact needs the password again; the hub keeps it from login when it can. */
  | { readonly type: 'logout'; readonly password?: string }
  | { readonly type: 'ready' }
  | { readonly type: 'pause'; readonly reasonId: string; readonly note?: string }
  | { readonly type: 'end-after-call'; readonly callId?: string }
  | { readonly type: 'classify'; readonly callId: string; readonly classificationId: string }
  | { readonly type: 'dial'; readonly to: string; readonly service?: string }
  | { readonly type: 'answer'; readonly callId: string }
  | { readonly type: 'reject'; readonly callId: string }
  | { readonly type: 'hangup'; readonly callId: string }
  | { readonly type: 'hold'; readonly callId: string }
  | { readonly type: 'retrieve'; readonly callId: string }
  | { readonly type: 'consult'; readonly callId: string; readonly to: string }
  /**
   * Transfer. `to`: a typed number; with `toTarget: true`, the id of one of the snapshot's
   * `transferTargets` (Catix `destino: Ramal` + `idDestino`).
   */
  | { readonly type: 'transfer'; readonly callId: string; readonly to: string; readonly toTarget?: boolean }
  | { readonly type: 'conference'; readonly callId: string }
  | { readonly type: 'drop-party'; readonly callId: string; readonly party: string }
  | { readonly type: 'dtmf'; readonly callId: string; readonly digits: string }
  | { readonly type: 'associate-data'; readonly callId: string; readonly data: string }
  /** Make `lineId` the selected line (multi-line vendors: DGPhone `LineSelect`). */
  | { readonly type: 'select-line'; readonly lineId: string }
  /** Redial the agent's last number (Catix `REDISCAR`). */
  | { readonly type: 'redial' }
  /** Report a dialer call's outcome, one of `capabilities.dialerOutcomes` (Tactium `<C><S><state>`). */
  | { readonly type: 'dialer-outcome'; readonly callId?: string; readonly outcome: string }
  /**
   * Schedule a callback for a dialer contact (Tactium `<TR><dd/mm/yyyy hh:mm><phone><agent>`).
   * `at`: local date and time `YYYY-MM-DDTHH:mm` (what `<input type=datetime-local>` gives);
   * `agent`: who gets it (default: this agent).
   */
  | { readonly type: 'schedule-callback'; readonly at: string; readonly number: string; readonly agent?: string }
  /** Forget a notice (handled by the hub; never reaches the vendor). */
  | { readonly type: 'dismiss-notice'; readonly id: string }
  /** Show or hide the softphone's own window on the agent's computer (NEON `showui`). */
  | { readonly type: 'show-softphone'; readonly show: boolean }
  /** Re-read the full state from the server (Interact get_status); reconnect now when disconnected. */
  | { readonly type: 'refresh' };

export type CommandType = Command['type'];

/** Fields that must never be logged, stored or put in a URL. */
export const SECRET_FIELDS: ReadonlySet<string> = new Set(['password', 'token', 'secret']);

/** A copy of a command safe to log: secret fields replaced by `***`. */
export function redactCommand(command: Command): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(command)) out[k] = SECRET_FIELDS.has(k) ? '***' : v;
  return out;
}
