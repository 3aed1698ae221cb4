import type { ConnectionInfo, ConnectionStatus } from '../domain/model.js';

export interface CtiConnectionChangedDetail {
  /** `undefined` for the first status the provider sees. */
  readonly previous: ConnectionStatus | undefined;
  readonly next: ConnectionStatus;
  readonly connection: ConnectionInfo;
}

/** The connection status changed (connecting, connected, reconnecting, server-down...). */
export class CtiConnectionChangedEvent extends Event {
  readonly detail: CtiConnectionChangedDetail;
  constructor(detail: CtiConnectionChangedDetail) {
    super('cti-connection-changed', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface HTMLElementEventMap {
    'cti-connection-changed': CtiConnectionChangedEvent;
  }
}
