import { expect } from '@open-wc/testing';
import type { CtiCallEndedDetail } from '../../events/cti-call-ended.js';
import type { Found } from './bridge.js';
import { CallTabs, readOwn, type OwnMessage, type ZendeskTabs } from './tabs.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The other tabs as a test plays them (what this tab sent, claims won unless told), and the bridge's side. */
function scene(options: { locks?: boolean; logs?: boolean; wins?: boolean } = {}) {
  const sent: unknown[] = [];
  const claims: string[] = [];
  const watched = new Map<string, () => void>();
  const link: ZendeskTabs = {
    id: 'me',
    locks: options.locks ?? false,
    send: (m) => void sent.push(m),
    watch: (tab, gone) => (watched.set(tab, gone), options.locks ?? false),
    claim: async (key) => (claims.push(key), options.wins ?? true),
    close: () => undefined,
  };
  const calls = new Map<string, Promise<Found> | null>();
  const logged: { detail: CtiCallEndedDetail; found: Promise<Found> | null | undefined }[] = [];
  const failures: unknown[] = [];
  const tabs = new CallTabs(link, {
    calls,
    end: async (detail) => void logged.push({ detail, found: calls.get(detail.callId) }),
    guard: (p) => void p.catch((e) => failures.push(e)),
    logs: options.logs ?? true,
    graceMs: 60,
  });
  const hear = (m: OwnMessage | { k: 'hello' | 'bye' } | { k: 'done'; call: string }, tab = 'owner') => link.onMessage!({ ...m, tab } as never);
  return { tabs, sent, claims, watched, calls, logged, failures, hear };
}
const end = (callId: string) => ({ callId, direction: 'inbound', remote: [{ number: '11955554444' }], answered: true, talkMs: 4000, data: {} }) as unknown as CtiCallEndedDetail;

describe('Zendesk app across tabs (tabs.ts)', () => {
  it('reads only whole own messages with positive integer ids', () => {
    expect(readOwn({ k: 'own', call: 'c1', u: 501, t: 9001 })).to.deep.equal({ k: 'own', call: 'c1', u: 501, t: 9001 });
    expect(readOwn({ k: 'own', call: 'c1', extra: 'x' })).to.deep.equal({ k: 'own', call: 'c1' });
    for (const bad of [{ k: 'task', call: 'c1' }, { k: 'own', call: '' }, { k: 'own', call: 'c'.repeat(256) }, { k: 'own', call: 'c', u: -1 }, { k: 'own', call: 'c', t: '9001' }, { k: 'own', call: 'c', u: 1.5 }, { k: 'own', call: 'c', t: 2 ** 60 }]) {
      expect(readOwn(bad), JSON.stringify(bad)).to.equal(undefined);
    }
  });

  it('a ring claims the call only where every tab is primary; a call another tab owns is not popped; the owner says what it found and done', async () => {
    const s = scene();
    expect(await s.tabs.pops('c1', false)).to.equal(true);
    expect(s.claims).to.deep.equal([]);
    expect(await s.tabs.pops('c2', true)).to.equal(true);
    expect(s.claims).to.deep.equal(['cc2']);
    s.hear({ k: 'own', call: 'c3' });
    expect(await s.tabs.pops('c3', true)).to.equal(false);
    s.calls.set('c1', Promise.resolve({ userId: 501, userName: 'Maria', ticketId: 9001 }));
    s.tabs.announce('c1');
    await sleep(0);
    expect(s.sent).to.deep.equal([{ k: 'own', call: 'c1' }, { k: 'own', call: 'c1', u: 501, t: 9001 }]);
    expect(s.tabs.ended(end('c1'))).to.equal(false);
    expect(s.sent.at(-1)).to.deep.equal({ k: 'done', call: 'c1' });
    // callLog off: nothing to hand over, nothing said.
    const off = scene({ logs: false });
    off.calls.set('c1', Promise.resolve({}));
    off.tabs.announce('c1');
    expect(off.sent).to.deep.equal([]);
  });

  it("the owner's bye mid-call: this tab claims the call and logs it at its end with what the owner's ring found", async () => {
    const s = scene({ locks: true });
    s.hear({ k: 'own', call: 'c1' });
    s.hear({ k: 'own', call: 'c1', u: 501, t: 9001 });
    expect([...s.watched.keys()]).to.deep.equal(['owner']);
    s.hear({ k: 'bye' });
    await sleep(0);
    expect(s.claims).to.deep.equal(['ac1/owner']);
    expect(await s.calls.get('c1')).to.deep.equal({ userId: 501, ticketId: 9001 });
    expect(s.tabs.ended(end('c1'))).to.equal(false);
    expect(s.sent).to.deep.include({ k: 'done', call: 'c1' });
    // The bridge then logs it as its own (its end handling reads the adopted lookup).
    expect(s.logged).to.deep.equal([]);
  });

  it('the owner crashed (its lock released) after the call ended here: the adoption logs it at once; a lost claim logs nothing', async () => {
    const s = scene({ locks: true });
    s.hear({ k: 'own', call: 'c1' }); // no ids: the owner went before its lookup answered
    expect(s.tabs.ended(end('c1'))).to.equal(true);
    await sleep(100);
    expect(s.logged).to.deep.equal([]); // Web Locks: no wait, the owner lives
    s.watched.get('owner')!();
    await sleep(0);
    expect(s.logged.map((l) => [l.detail.callId, l.found])).to.deep.equal([['c1', null]]);
    const lost = scene({ locks: true, wins: false });
    lost.hear({ k: 'own', call: 'c1' });
    lost.tabs.ended(end('c1'));
    lost.watched.get('owner')!();
    await sleep(0);
    expect(lost.logged).to.deep.equal([]);
    expect(lost.calls.size).to.equal(0);
  });

  it('without Web Locks: no done within the grace after the end → this tab logs it; a done in time → nothing', async () => {
    const silent = scene();
    silent.hear({ k: 'own', call: 'c1', u: 501 });
    expect(silent.tabs.ended(end('c1'))).to.equal(true);
    await sleep(20);
    expect(silent.logged).to.deep.equal([]);
    await sleep(80);
    expect(silent.logged.map((l) => l.detail.callId)).to.deep.equal(['c1']);
    const alive = scene();
    alive.hear({ k: 'own', call: 'c1', u: 501 });
    alive.tabs.ended(end('c1'));
    alive.hear({ k: 'done', call: 'c1' });
    alive.hear({ k: 'bye' });
    await sleep(120);
    expect(alive.logged).to.deep.equal([]);
    expect(alive.claims).to.deep.equal([]);
    expect([...silent.failures, ...alive.failures]).to.deep.equal([]);
  });
});
