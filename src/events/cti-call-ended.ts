import type { CallDirection, Party } from '../domain/model.js';

export interface CtiCallEndedDetail {
  readonly callId: string;
  readonly direction: CallDirection;
  readonly remote: readonly Party[];
  readonly service?: string;
  readonly data: Readonly<Record<string, string>>;
  /** Whether the call was ever answered. */
  readonly answered: boolean;
  /** Talk time in milliseconds, when the call was answered and the end time is known. */
  readonly talkMs?: number;
}

/** The voice part of a call ended (it may still be in wrap-up). Dispatched by `<cti-provider>`. */
export class CtiCallEndedEvent extends Event {
  readonly detail: CtiCallEndedDetail;
  constructor(detail: CtiCallEndedDetail) {
    super('cti-call-ended', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface HTMLElementEventMap {
    'cti-call-ended': CtiCallEndedEvent;
  }
}
