/**
 * What the Salesforce wiring (bridge.ts) needs from the page around it. Open CTI implements it
 * (opencti.ts); a Service Cloud Voice connector can implement the same interface and reuse the wiring.
 * No method throws or rejects: a failure comes back as `{ ok: false, error }` (text to show and log).
 */
export type HostResult<T = unknown> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** A Salesforce record, as Open CTI names it in click-to-dial and navigation payloads. */
export interface HostRecord {
  readonly recordId?: string;
  readonly recordName?: string;
  readonly objectType?: string;
  /** Person accounts: the account and its contact. */
  readonly accountId?: string;
  readonly contactId?: string;
}

export interface ClickToDial extends HostRecord {
  readonly number: string;
}

export interface HostApi {
  /** Show (dock) the softphone panel. */
  showPanel(): Promise<HostResult>;
  /** Search the number in the objects of the softphone layout and pop what matches. */
  screenPop(call: { readonly number: string; readonly data: Readonly<Record<string, string>>; readonly direction: 'inbound' | 'outbound' }): Promise<HostResult>;
  /** Create (no `Id`) or update (`Id`) a record; the value is the record's id. */
  saveRecord(fields: Readonly<Record<string, string | number>>): Promise<HostResult<string | undefined>>;
  enableClickToDial(): Promise<HostResult>;
  onClickToDial(listener: (click: ClickToDial) => void): void;
  onNavigationChange(listener: (record: HostRecord & { readonly url?: string }) => void): void;
}
