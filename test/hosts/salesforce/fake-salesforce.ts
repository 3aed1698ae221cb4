/**
 * The Salesforce side of Open CTI for Lightning Experience, faked from the Open CTI Developer Guide: the page
 * that holds the softphone iframe (the utility bar's softphone panel). It answers the requests that
 * fake-opencti.js posts from inside the softphone (checking the sender's origin and window and the
 * message's shape, as the guide says Salesforce does), records every call, and plays the org: the call
 * center settings (`getCallCenterSettings`: the built callcenter.xml flattened to `/section/item` keys, with
 * overrides, as an administrator edits them in Setup), records to search and pop, the record the agent has
 * open (`onNavigationChange`), click-to-dial (only once `enableClickToDial` was called and a listener is
 * registered), Tasks created or updated by `saveLog`. `failNext` answers the next call of a method with
 * `success: false`, `throwNext` makes it throw inside the softphone.
 */
const TAG = 'fake-opencti';

export interface OpenCtiCall {
  readonly method: string;
  readonly args: Record<string, any>;
  readonly at: number;
  /** What Salesforce answered (`{ success, returnValue, errors }`). */
  response?: unknown;
}

export interface FakeRecord {
  readonly Id: string;
  readonly Name: string;
  readonly Phone: string;
  /** `Contact`, `Lead`, `Account`, `Case`… */
  readonly object: string;
}

export interface OpenCtiError {
  readonly code: string;
  readonly description: string;
  readonly details?: unknown;
}

/** Task fields a `saveLog` may set (Object Reference, Task; `entityApiName`/`Id` are saveLog's own). */
const TASK_FIELDS = new Set([
  'entityApiName', 'Id', 'Subject', 'Status', 'Priority', 'ActivityDate', 'Description', 'WhoId', 'WhatId', 'OwnerId',
  'CallType', 'CallDurationInSeconds', 'CallObject', 'CallDisposition', 'TaskSubtype', 'IsReminderSet', 'ReminderDateTime',
]);
const CALL_TYPES = new Set(['Inbound', 'Outbound', 'Internal']);
const STATUSES = new Set(['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred']);

const ok = (returnValue: unknown = null) => ({ success: true, returnValue, errors: null });
const fail = (...errors: OpenCtiError[]) => ({ success: false, returnValue: null, errors });
const invalid = (parameter: string, expected: string, found: unknown) =>
  fail({ code: 'INVALID_PARAM', description: `An invalid value was passed to the parameter ${parameter}. ${expected} was expected, but ${found === undefined ? 'undefined' : typeof found} was found instead.` });

/** The settings of a call center definition file, the way getCallCenterSettings returns them. */
export function flattenCallCenter(xml: string): Record<string, string> {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.querySelector('parsererror')) throw new Error('callcenter.xml does not parse');
  const out: Record<string, string> = {};
  const root = doc.documentElement;
  out['/label'] = root.querySelector('section[name="reqGeneralInfo"] item[name="reqDisplayName"]')?.textContent ?? '';
  out['/displayNameLabel'] = 'Display Name';
  out['/internalNameLabel'] = 'InternalName';
  for (const section of root.querySelectorAll(':scope > section')) {
    const s = section.getAttribute('name')!;
    out[`/${s}/label`] = section.getAttribute('label') ?? '';
    out[`/${s}/sortOrder`] = `${Number(section.getAttribute('sortOrder') ?? 0).toFixed(1)}`;
    for (const item of section.querySelectorAll(':scope > item')) {
      const i = item.getAttribute('name')!;
      out[`/${s}/${i}`] = item.textContent ?? '';
      out[`/${s}/${i}/label`] = item.getAttribute('label') ?? '';
      out[`/${s}/${i}/sortOrder`] = `${Number(item.getAttribute('sortOrder') ?? 0).toFixed(1)}`;
    }
  }
  return out;
}

export interface FakeSalesforceOptions {
  /** The widget's origin (where dist/ is served). */
  readonly widgetOrigin: string;
  /** The `sfdcIframeOrigin` put in the adapter URL. Default: this page's origin (the org). */
  readonly iframeOrigin?: string;
  /** Item values that replace the XML's, keyed `/section/item`. */
  readonly settings?: Record<string, string>;
  readonly records?: readonly FakeRecord[];
  readonly apex?: Record<string, (params: string) => string>;
  /** Extra query for the adapter URL (the tests' driver). */
  readonly query?: Record<string, string>;
  /** Where the iframe goes. Default: document.body. */
  readonly parent?: HTMLElement;
  readonly width?: number;
  readonly height?: number;
  /** The org's Tasks, shared by the fakes of one org (each Salesforce tab has its own softphone frame). */
  readonly tasks?: Map<string, Record<string, unknown>>;
}

/** Task ids are unique across every fake of the page (several tabs of one org). */
let taskCounter = 0;

export class FakeSalesforce {
  readonly calls: OpenCtiCall[] = [];
  readonly tasks: Map<string, Record<string, unknown>>;
  readonly iframe: HTMLIFrameElement;
  settings: Record<string, string> = {};
  records: FakeRecord[];
  panelVisible = false;
  clickToDialEnabled = false;
  current: FakeRecord | undefined;
  /** Apex web service methods exposed to the softphone (`runApex`), by `Class.method`: they return a string. */
  apex: Record<string, (params: string) => string> = {};
  /** Called after each call is recorded (the demo's log). */
  onCall?: (call: OpenCtiCall, response: unknown) => void;
  readonly #listeners = new Set<string>();
  readonly #fail = new Map<string, OpenCtiError[]>();
  readonly #widgetOrigin: string;
  readonly #onMessage = (event: MessageEvent) => this.#receive(event);

  private constructor(options: FakeSalesforceOptions) {
    this.#widgetOrigin = options.widgetOrigin;
    this.tasks = options.tasks ?? new Map();
    this.records = [...(options.records ?? [])];
    const query = new URLSearchParams({ sfdcIframeOrigin: options.iframeOrigin ?? location.origin, ...options.query });
    this.iframe = document.createElement('iframe');
    this.iframe.title = 'Softphone';
    this.iframe.width = String(options.width ?? 360);
    this.iframe.height = String(options.height ?? 560);
    // What a Lightning softphone panel allows its frame (docs/salesforce.md "iframe allow").
    this.iframe.allow = 'microphone; autoplay; clipboard-write';
    this.iframe.src = `${options.widgetOrigin}/dist/salesforce/softphone.html?${query}`;
  }

  /** Load the built call center definition, then the softphone page in a cross-site iframe. */
  static async open(options: FakeSalesforceOptions): Promise<FakeSalesforce> {
    const sf = new FakeSalesforce(options);
    const xml = await (await fetch(`${options.widgetOrigin}/dist/salesforce/callcenter.xml`)).text();
    sf.settings = { ...flattenCallCenter(xml), ...options.settings };
    sf.apex = { ...options.apex };
    window.addEventListener('message', sf.#onMessage);
    const loaded = new Promise((resolve) => sf.iframe.addEventListener('load', resolve, { once: true }));
    (options.parent ?? document.body).append(sf.iframe);
    await loaded;
    return sf;
  }

  of(method: string): OpenCtiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** The next call of `method` answers `success: false` with these errors. */
  failNext(method: string, ...errors: OpenCtiError[]): void {
    this.#fail.set(method, errors.length ? errors : [{ code: 'GENERIC_ERROR', description: 'An error occurred while calling the API method.' }]);
  }

  /** The next call of `method` throws inside the softphone (before anything is posted). */
  throwNext(method: string): void {
    this.#post({ tag: TAG, throwNext: method });
  }

  /** The agent clicks a phone number in Salesforce. False when click-to-dial is not enabled (the number is not a link). */
  clickToDial(payload: { number: string; recordId?: string; recordName?: string; objectType?: string }): boolean {
    if (!this.clickToDialEnabled || !this.#listeners.has('onClickToDial')) return false;
    this.#post({ tag: TAG, event: 'onClickToDial', payload });
    return true;
  }

  /** The agent opens a record (or, with no record, a list view). */
  navigate(record: FakeRecord | undefined): void {
    this.current = record;
    const url = record ? `${location.origin}/lightning/r/${record.object}/${record.Id}/view` : `${location.origin}/lightning/o/Contact/list`;
    const payload = record ? { url, recordId: record.Id, recordName: record.Name, objectType: record.object } : { url, recordId: '', recordName: '', objectType: '' };
    if (this.#listeners.has('onNavigationChange')) this.#post({ tag: TAG, event: 'onNavigationChange', payload });
  }

  close(): void {
    window.removeEventListener('message', this.#onMessage);
    this.iframe.remove();
  }

  #post(message: unknown): void {
    this.iframe.contentWindow?.postMessage(message, this.#widgetOrigin);
  }

  #receive(event: MessageEvent): void {
    // What the guide says Salesforce checks: the sender and the message's format.
    if (event.source !== this.iframe.contentWindow || event.origin !== this.#widgetOrigin) return;
    const data = event.data as { tag?: unknown; id?: unknown; method?: unknown; args?: unknown; hasCallback?: unknown };
    if (!data || data.tag !== TAG || typeof data.id !== 'number' || typeof data.method !== 'string' || typeof data.args !== 'object') return;
    const call: OpenCtiCall = { method: data.method, args: data.args as Record<string, any>, at: Date.now() };
    this.calls.push(call);
    const failure = this.#fail.get(call.method);
    if (failure) this.#fail.delete(call.method);
    const response = failure ? fail(...failure) : this.#answer(call);
    call.response = response;
    this.onCall?.(call, response);
    if (data.hasCallback) this.#post({ tag: TAG, id: data.id, response });
  }

  #answer({ method, args }: OpenCtiCall): unknown {
    switch (method) {
      case 'onClickToDial':
      case 'onNavigationChange':
        this.#listeners.add(method);
        if (method === 'onNavigationChange' && this.current) queueMicrotask(() => this.navigate(this.current));
        return ok();
      case 'enableClickToDial':
        this.clickToDialEnabled = true;
        return ok();
      case 'disableClickToDial':
        this.clickToDialEnabled = false;
        return ok();
      case 'getCallCenterSettings':
        return ok({ ...this.settings });
      case 'setSoftphonePanelVisibility':
        if (typeof args['visible'] !== 'boolean') return invalid('visible', 'A boolean value', args['visible']);
        this.panelVisible = args['visible'];
        return ok();
      case 'isSoftphonePanelVisible':
        return ok({ visible: this.panelVisible });
      case 'searchAndScreenPop':
        return this.#search(args);
      case 'saveLog':
        return this.#saveLog(args);
      case 'runApex': {
        if (typeof args['apexClass'] !== 'string' || typeof args['methodName'] !== 'string') return invalid('apexClass', 'A string value', args['apexClass']);
        const method = this.apex[`${args['apexClass']}.${args['methodName']}`];
        if (!method) return fail({ code: 'SERVER_ERROR', description: `Could not load Apex class: ${args['apexClass']}` });
        return ok({ runApex: method(String(args['methodParams'] ?? '')) });
      }
      case 'notifyInitializationComplete':
      case 'refreshView':
      case 'setSoftphonePanelHeight':
      case 'setSoftphonePanelWidth':
      case 'setSoftphonePanelLabel':
      case 'setSoftphonePanelIcon':
      case 'setSoftphoneItemLabel':
      case 'setSoftphoneItemIcon':
      case 'screenPop':
        return ok();
      default:
        return fail({ code: 'GENERIC_ERROR', description: 'An error occurred while calling the API method.' });
    }
  }

  #search(args: Record<string, any>): unknown {
    if (!['inbound', 'outbound', 'internal'].includes(args['callType'])) return invalid('callType', 'A CALL_TYPE value', args['callType']);
    if (args['searchParams'] !== undefined && typeof args['searchParams'] !== 'string') return invalid('searchParams', 'A string value', args['searchParams']);
    const wanted = String(args['searchParams'] ?? '').replace(/\D/g, '');
    const matches = wanted ? this.records.filter((r) => r.Phone.replace(/\D/g, '').endsWith(wanted) || wanted.endsWith(r.Phone.replace(/\D/g, ''))) : [];
    const returnValue: Record<string, unknown> = {};
    for (const r of matches) returnValue[r.Id] = { Id: r.Id, Name: r.Name, RecordType: r.object, LastModifiedDate: '2026-11-30T12:00:00.000Z' };
    // One match pops its record (the softphone layout's "single match" default); the record page's navigation
    // then reaches the softphone's onNavigationChange listener.
    if (!args['deferred'] && matches.length === 1) this.navigate(matches[0]);
    return ok(returnValue);
  }

  #saveLog(args: Record<string, any>): unknown {
    const value = args['value'];
    if (!value || typeof value !== 'object') return invalid('value', 'An object', value);
    const unknown = Object.keys(value).filter((k) => !TASK_FIELDS.has(k));
    if (unknown.length) return fail({ code: 'SERVER_ERROR', description: 'A problem was encountered on the server.', details: { fields: unknown } });
    if (value.CallType !== undefined && !CALL_TYPES.has(value.CallType)) return fail({ code: 'SERVER_ERROR', description: 'A problem was encountered on the server.', details: { fields: ['CallType'] } });
    if (value.Status !== undefined && !STATUSES.has(value.Status)) return fail({ code: 'SERVER_ERROR', description: 'A problem was encountered on the server.', details: { fields: ['Status'] } });
    if (value.Id) {
      const task = this.tasks.get(value.Id);
      if (!task) return fail({ code: 'SERVER_ERROR', description: 'A problem was encountered on the server.', details: { Id: 'not found' } });
      const { Id: _id, ...rest } = value;
      Object.assign(task, rest);
      return ok(value.Id);
    }
    if (value.entityApiName !== 'Task') return invalid('entityApiName', 'Task', value.entityApiName);
    const id = `00T${String(++taskCounter).padStart(12, '0')}`;
    const { entityApiName: _e, ...fields } = value;
    this.tasks.set(id, { ...fields });
    return ok(id);
  }
}
