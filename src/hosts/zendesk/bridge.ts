/**
 * The Zendesk wiring of a `<cti-provider>` inside a ZAF app (top_bar location), through the documented ZAF
 * client only:
 *  - ring (this tab is the call's `primary` one) → `client.invoke('popover', 'show')`; the caller looked up by
 *    number (`GET /api/v2/search.json?query=type:user phone:<number>`), then their newest unsolved ticket
 *    (`GET /api/v2/users/{id}/tickets/requested.json`, newest update first) or, without one, the user is opened:
 *    with the Talk Partner Edition display endpoints (`POST /api/v2/channels/voice/agents/{agent}/tickets|users/{id}/display.json`)
 *    where the account has them, else `client.invoke('routeTo', 'ticket'|'user', id)` in this browser;
 *  - call ended → per the `callLog` setting: nothing, an internal note on the ticket the ring opened
 *    (`PUT /api/v2/tickets/{id}.json`, `comment.public: false`; a new ticket when there was none) or a new ticket
 *    (`POST /api/v2/tickets.json`), with the call's summary (summary.ts);
 *  - a phone number clicked in Zendesk (`voice.dialout`, offered to Talk Partner Edition accounts) → `dial()`,
 *    which fires the cancelable `cti-dial-request`: a veto is respected.
 * Several Zendesk tabs (`tabs`, tabs.ts): the tab that pops a call, or dialled it (once the call shows in the
 * session), tells the others (`own`, with the user and ticket it found) and says `done` when it logs it. Where each
 * tab has its own hub (`single-tab`: third-party storage blocked) every tab sees the call and is primary in its own
 * hub: the tabs claim a ring first, so one pops and logs it. The logging tab gone mid-call (its Web Lock released,
 * or its `bye`; without Web Locks, no `done` within `graceMs` of the call's end), one survivor (a claim) writes the
 * log it would have written.
 * Every failure from ZAF is shown (Notices) and logged, never thrown.
 */
import type { CtiCallEndedDetail } from '../../events/cti-call-ended.js';
import type { CtiIncomingCallDetail } from '../../events/cti-incoming-call.js';
import type { Call } from '../../domain/model.js';
import { dialable } from '../shared/dialable.js';
import type { Translate } from './i18n.js';
import { describeFailure, type Notices } from './notices.js';
import type { ZendeskAppSettings } from './settings.js';
import { callBody, callSubject, type CallRecord } from './summary.js';
import type { CallTabs, TabsHost } from './tabs.js';
import type { ZafClient, ZafRequestOptions } from './zaf.js';

export interface DialingProvider extends HTMLElement {
  dial(number: string): Promise<boolean>;
  readonly session?:
    | { readonly hubMode?: string | undefined; subscribe?(listener: (snapshot: { readonly calls: readonly Call[] }) => void): () => void }
    | undefined;
}

/** What the app found for a call's number. */
export interface Found {
  userId?: number;
  userName?: string;
  ticketId?: number;
}

interface ZendeskUser {
  readonly id: number;
  readonly name?: string;
  readonly result_type?: string;
}
interface ZendeskTicket {
  readonly id: number;
  readonly status?: string;
  readonly updated_at?: string;
}

const UNSOLVED = new Set(['new', 'open', 'pending', 'hold']);
const digits = (n: string) => n.replace(/[^\d+]/g, '');

export interface ZendeskBridgeOptions {
  readonly client: ZafClient;
  readonly provider: DialingProvider;
  readonly settings: ZendeskAppSettings;
  readonly notices: Notices;
  readonly t: Translate;
  /** The app's frames in this browser's other Zendesk tabs (tabs.ts; a lazily loaded chunk, hence the promise). */
  readonly tabs?: Promise<((host: TabsHost) => CallTabs) | undefined> | undefined;
  /** Without Web Locks: how long after a call's end the popping tab has to say `done` before another logs it. */
  readonly graceMs?: number;
}

export class ZendeskBridge {
  readonly #o: ZendeskBridgeOptions;
  /**
   * Calls this tab popped (primary on ring), dialled or adopted, by call id: the lookup in progress or done; null:
   * adopted without what the ring found (looked up at the end).
   */
  readonly #calls = new Map<string, Promise<Found> | null>();
  #tabs: CallTabs | undefined;
  /** Numbers dialled from this tab (not vetoed), until their call shows in the session (or ends). */
  readonly #dialled = new Map<string, number>();
  /** The session whose snapshots this tab watches for the calls it dialled. */
  #watched: unknown;
  /** Whether the Talk Partner Edition display endpoints answered (undefined until tried). */
  #tpe: boolean | undefined;
  #agentId: Promise<number | undefined> | undefined;

  constructor(options: ZendeskBridgeOptions) {
    this.#o = options;
  }

  start(): void {
    const { provider, client } = this.#o;
    provider.addEventListener('cti-incoming-call', (e) => this.#guard(this.#onIncoming(e.detail)));
    provider.addEventListener('cti-call-ended', (e) => this.#guard(this.#onEnded(e.detail)));
    provider.addEventListener('cti-dial-request', (e) => {
      const number = e.detail.number;
      // After every listener ran (dispatch is synchronous): a vetoed dial makes no call to log.
      queueMicrotask(() => {
        if (e.defaultPrevented) return;
        this.#dialled.set(digits(number), (this.#dialled.get(digits(number)) ?? 0) + 1);
        this.#watchDials();
      });
    });
    client.on('voice.dialout', (event: { number?: unknown } | undefined) => this.#guard(this.dialFromHost(event?.number)));
    void this.#o.tabs?.then((make) => {
      this.#tabs = make?.({ calls: this.#calls, end: (d) => this.#onEnded(d), guard: (p) => this.#guard(p), logs: this.#o.settings.callLog !== 'off', graceMs: this.#o.graceMs });
    });
  }

  /** A number clicked in Zendesk: dial through the provider (`cti-dial-request` first, a veto wins). */
  async dialFromHost(raw: unknown): Promise<void> {
    // As Zendesk shows it ("+55 11 95555-4444", "(48) 3000-1234"): the digits (and a leading +, *, #) are dialled.
    const number = typeof raw === 'string' ? dialable(raw) : '';
    if (!number.replace('+', '')) return;
    const { provider, notices, t } = this.#o;
    await customElements.whenDefined('cti-provider');
    try {
      const dialled = await provider.dial(number);
      if (!dialled) notices.status(t('vetoed', { number }));
    } catch (e) {
      notices.alert(t('dialFailed', { number, detail: describeFailure(e) }), e);
    }
  }

  async #onIncoming(detail: CtiIncomingCallDetail): Promise<void> {
    const id = detail.callId;
    if (!detail.primary || this.#calls.has(id)) return;
    // Its own hub in each tab: every tab sees the call and is primary; the tab that wins the claim pops it.
    if (this.#tabs && !(await this.#tabs.pops(id, this.#o.provider.session?.hubMode === 'single-tab'))) return;
    if (this.#calls.has(id)) return;
    const lookup = this.#find(detail.from.number).then(async (found) => {
      await this.#open(found);
      return found;
    });
    this.#calls.set(id, lookup);
    this.#tabs?.announce(id);
    await this.#host('popover', () => this.#o.client.invoke('popover', 'show'));
    await lookup;
  }

  async #onEnded(detail: CtiCallEndedDetail): Promise<void> {
    const number = detail.remote[0]?.number ?? '';
    if (this.#tabs?.ended(detail)) return; // another tab logs it
    let lookup = this.#calls.get(detail.callId);
    this.#calls.delete(detail.callId);
    const off = this.#o.settings.callLog === 'off';
    // Dialled here and not matched to its call in a snapshot (it ended at once): looked up now. Not logged: counted off.
    if (lookup === null || (!lookup && detail.direction === 'outbound' && this.#dialledHere(number) && !off)) lookup = this.#find(number, false);
    if (!lookup || off) return;
    const found = await lookup;
    const record: CallRecord = {
      callId: detail.callId,
      direction: detail.direction,
      number,
      ...(detail.remote[0]?.name ? { name: detail.remote[0].name } : {}),
      ...(detail.service ? { service: detail.service } : {}),
      answered: detail.answered,
      ...(detail.talkMs !== undefined ? { talkMs: detail.talkMs } : {}),
      data: detail.data,
      vendor: this.#o.settings.vendor,
    };
    await this.#log(record, found);
  }

  /**
   * A call dialled here shows in the session (dialling or talking, not yet this tab's): this tab logs it, as it
   * logs a call it popped — the callee looked up now, and the other tabs told (`own`, then the user and ticket),
   * so that a survivor writes the same log if this tab goes away mid-call.
   */
  #watchDials(): void {
    const session = this.#o.provider.session;
    if (this.#o.settings.callLog === 'off' || this.#watched === session || !session?.subscribe) return;
    this.#watched = session;
    session.subscribe(({ calls }) => {
      for (const c of calls) {
        const number = c.remote[0]?.number ?? '';
        if (c.direction === 'outbound' && (c.state === 'dialing' || c.state === 'active') && !this.#calls.has(c.id) && this.#dialledHere(number)) {
          this.#calls.set(c.id, this.#find(number, false));
          this.#tabs?.announce(c.id);
        }
      }
    });
  }

  /** Whether `number` was dialled here and not yet matched to its call: the match counts it off. */
  #dialledHere(number: string): boolean {
    const key = digits(number);
    const count = this.#dialled.get(key);
    if (count && count > 1) this.#dialled.set(key, count - 1);
    else this.#dialled.delete(key);
    return !!count;
  }

  /** The caller's user and newest unsolved ticket; `say` puts the result in the status line. */
  async #find(number: string, say = true): Promise<Found> {
    const { t, notices } = this.#o;
    const query = digits(number);
    if (!query) return {};
    const users = await this.#host('search', () =>
      this.#request({ url: `/api/v2/search.json?query=${encodeURIComponent(`type:user phone:${query}`)}` }),
    );
    const results = (users as { results?: ZendeskUser[] } | undefined)?.results;
    const user = results?.find((r) => typeof r?.id === 'number' && (r.result_type === undefined || r.result_type === 'user'));
    if (!user) {
      if (users !== undefined && say) notices.status(t('notFound', { number }));
      return {};
    }
    const found: Found = { userId: user.id, ...(typeof user.name === 'string' ? { userName: user.name } : {}) };
    const tickets = await this.#host('search', () =>
      this.#request({ url: `/api/v2/users/${user.id}/tickets/requested.json?sort_by=updated_at&sort_order=desc` }),
    );
    const list = ((tickets as { tickets?: ZendeskTicket[] } | undefined)?.tickets ?? []).filter(
      (tk) => typeof tk?.id === 'number' && UNSOLVED.has(String(tk.status)),
    );
    // Newest update first, whatever order the server answered in.
    list.sort((a, b) => String(b.updated_at ?? '').localeCompare(String(a.updated_at ?? '')));
    if (list[0]) found.ticketId = list[0].id;
    if (say) notices.status(t('found', { name: found.userName ?? number }));
    return found;
  }

  /** Open the ticket (else the user) in the agent's browser. */
  async #open(found: Found): Promise<void> {
    const { t, notices } = this.#o;
    const target = found.ticketId !== undefined ? (['ticket', found.ticketId] as const) : found.userId !== undefined ? (['user', found.userId] as const) : undefined;
    if (!target) return;
    const [kind, id] = target;
    let opened = false;
    if (this.#tpe !== false) {
      const agent = await this.#agent();
      if (agent !== undefined) {
        try {
          await this.#request({ url: `/api/v2/channels/voice/agents/${agent}/${kind}s/${id}/display.json`, type: 'POST', contentType: 'application/json', data: '{}' });
          this.#tpe = true;
          opened = true;
        } catch (e) {
          // No Talk Partner Edition on this account (or not for this agent): route in this browser instead.
          if (this.#tpe === undefined) this.#tpe = false;
          else console.warn('[cti-zendesk] Talk Partner Edition display failed', e);
        }
      }
    }
    if (!opened) opened = (await this.#host('display', () => this.#o.client.invoke('routeTo', kind, String(id)))) !== undefined;
    if (opened && kind === 'ticket') {
      notices.status(`${t('found', { name: found.userName ?? '' })} · ${t('ticketOpened', { id })}`);
    }
  }

  async #log(record: CallRecord, found: Found): Promise<void> {
    const { t, notices, settings } = this.#o;
    const body = callBody(record, t);
    if (settings.callLog === 'note' && found.ticketId !== undefined) {
      const ok = await this.#host('log', () =>
        this.#request({
          url: `/api/v2/tickets/${found.ticketId}.json`,
          type: 'PUT',
          contentType: 'application/json',
          data: JSON.stringify({ ticket: { comment: { body, public: false } } }),
        }),
      );
      if (ok !== undefined) notices.status(t('noted', { id: found.ticketId }));
      return;
    }
    const created = await this.#host('log', () =>
      this.#request({
        url: '/api/v2/tickets.json',
        type: 'POST',
        contentType: 'application/json',
        data: JSON.stringify({
          ticket: {
            subject: callSubject(record, t),
            comment: { body, public: false },
            ...(found.userId !== undefined ? { requester_id: found.userId } : {}),
            tags: ['cti_elements', `cti_${record.direction}`],
          },
        }),
      }),
    );
    const id = (created as { ticket?: { id?: unknown } } | undefined)?.ticket?.id;
    if (typeof id === 'number') notices.status(t('created', { id }));
  }

  #agent(): Promise<number | undefined> {
    this.#agentId ??= this.#o.client
      .get('currentUser.id')
      .then((r) => (typeof r['currentUser.id'] === 'number' ? (r['currentUser.id'] as number) : undefined))
      .catch(() => undefined);
    return this.#agentId;
  }

  #request(options: ZafRequestOptions): Promise<unknown> {
    return this.#o.client.request(options);
  }

  /** Run a ZAF call; on failure show `hostError` for `action` and resolve undefined. */
  async #host<T>(action: 'popover' | 'search' | 'display' | 'log', call: () => Promise<T>): Promise<T | undefined> {
    const { t, notices } = this.#o;
    try {
      const result = await call();
      return (result ?? (true as unknown)) as T;
    } catch (e) {
      notices.alert(t('hostError', { action: t(`action.${action}`), detail: describeFailure(e) }), e);
      return undefined;
    }
  }

  #guard(p: Promise<unknown>): void {
    p.catch((e: unknown) => this.#o.notices.alert(describeFailure(e), e));
  }
}
