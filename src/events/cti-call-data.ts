import type { CallDirection, Party } from '../domain/model.js';

export interface CtiCallDataDetail {
  readonly callId: string;
  readonly direction: CallDirection;
  /** The other side(s). Server text. */
  readonly remote: readonly Party[];
  /** All of the call's data now (dialer contact data, recording path…). Server text: render as text. */
  readonly data: Readonly<Record<string, string>>;
  /** The line the call is on (multi-line vendors). */
  readonly lineId?: string;
}

/**
 * A call's associated data gained or changed keys (a new call counts as having had none): the dialer's
 * contact data arrived, a recording path was announced… Dispatched by `<cti-provider>`.
 */
export class CtiCallDataEvent extends Event {
  readonly detail: CtiCallDataDetail;
  constructor(detail: CtiCallDataDetail) {
    super('cti-call-data', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface HTMLElementEventMap {
    'cti-call-data': CtiCallDataEvent;
  }
}
