import type { CallDirection, Party, Timestamp } from '../domain/model.js';

export interface CtiCallAnsweredDetail {
  readonly callId: string;
  readonly direction: CallDirection;
  /** The other side(s). Server text. */
  readonly remote: readonly Party[];
  readonly service?: string;
  readonly data: Readonly<Record<string, string>>;
  readonly answeredAt: Timestamp;
}

/** A call was answered (inbound picked up, or outbound connected). Dispatched by `<cti-provider>`. */
export class CtiCallAnsweredEvent extends Event {
  readonly detail: CtiCallAnsweredDetail;
  constructor(detail: CtiCallAnsweredDetail) {
    super('cti-call-answered', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface HTMLElementEventMap {
    'cti-call-answered': CtiCallAnsweredEvent;
  }
}
