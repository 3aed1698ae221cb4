import { expect } from '@open-wc/testing';
import { connectTabs, readMessage, type Heard, type Tabs } from './tabs.js';

let n = 0;
const run = Math.random().toString(36).slice(2);
/** The channel name of the latest `tabsOn`. */
const current = () => `cti-tabs-test-${run}-${n}`;
/** Tabs on one fresh BroadcastChannel name (one per test), with what each heard and logged. */
function tabsOn(count: number, options: { locks?: boolean; windowMs?: number; shown?: () => [boolean, boolean] } = {}) {
  n++;
  const name = current();
  return Array.from({ length: count }, () => {
    const logs: string[] = [];
    const heard: Heard[] = [];
    const tabs = connectTabs({
      channel: new BroadcastChannel(name),
      locks: options.locks ? navigator.locks : undefined,
      log: (t) => logs.push(t),
      windowMs: options.windowMs ?? 100,
      ...(options.shown ? { shown: options.shown } : {}),
    });
    tabs.onMessage = (m) => heard.push(m);
    return { tabs, logs, heard };
  });
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const closeAll = (list: { tabs: Tabs }[]) => list.forEach((t) => t.tabs.close());

describe('Salesforce softphones across tabs (tabs.ts)', () => {
  it('reads only whole, well-formed messages of ours', () => {
    const tab = 'a1b2-c3';
    expect(readMessage({ cti: 'cti-sf1', tab, k: 'task', call: 'c1', task: '00T000000000001AAA' })).to.deep.equal({ k: 'task', tab, call: 'c1', task: '00T000000000001AAA' });
    expect(readMessage({ cti: 'cti-sf1', tab, k: 'done', call: 'c1', extra: 1 })).to.deep.equal({ k: 'done', tab, call: 'c1' });
    expect(readMessage({ cti: 'cti-sf1', tab, k: 'claim', key: 'cx', rank: '110abc' })).to.deep.equal({ k: 'claim', tab, key: 'cx', rank: '110abc' });
    for (const bad of [
      null,
      'task',
      [],
      { cti: 'cti-sf2', tab, k: 'hello' },
      { cti: 'cti-sf1', k: 'hello' },
      { cti: 'cti-sf1', tab: 'a tab', k: 'hello' },
      { cti: 'cti-sf1', tab: 'x'.repeat(65), k: 'bye' },
      { cti: 'cti-sf1', tab, k: 'constructor' },
      { cti: 'cti-sf1', tab, k: 'task', call: 'c1', task: '00T00000000001' },
      { cti: 'cti-sf1', tab, k: 'task', call: 'c1', task: '00T000000000001AA' },
      { cti: 'cti-sf1', tab, k: 'task', call: '', task: '00T000000000001' },
      { cti: 'cti-sf1', tab, k: 'task', call: 'c'.repeat(256), task: '00T000000000001' },
      { cti: 'cti-sf1', tab, k: 'done', call: 5 },
      { cti: 'cti-sf1', tab, k: 'claim', key: 'k', rank: 5 },
      { cti: 'cti-sf1', tab, k: 'claim', key: 'k', rank: 'r'.repeat(81) },
    ]) {
      expect(readMessage(bad), JSON.stringify(bad)).to.equal(undefined);
    }
  });

  it('a malformed message on the channel is logged and ignored; tabs hear each other, not themselves', async () => {
    const [a, b] = tabsOn(2);
    const intruder = new BroadcastChannel(current());
    const cyclic: Record<string, unknown> = { cti: 'cti-sf1', k: 'hello' };
    cyclic['self'] = cyclic;
    intruder.postMessage(cyclic);
    intruder.postMessage({ cti: 'cti-sf1', tab: 'x', k: 'task', call: 'c', task: '<b>' });
    a!.tabs.send({ k: 'done', call: 'c9' });
    await sleep(100);
    intruder.close();
    expect(b!.logs).to.deep.equal(['ignored a malformed message from another frame (object)', 'ignored a malformed message from another frame (object)']);
    // B's hello at start and A's `done`; A heard B's hello, never its own messages.
    expect(b!.heard).to.deep.equal([{ k: 'done', tab: a!.tabs.id, call: 'c9' }]);
    expect(a!.heard).to.deep.equal([{ k: 'hello', tab: b!.tabs.id }]);
    closeAll([a!, b!]);
  });

  it('of the tabs claiming a key, one wins, and the key is won once', async () => {
    const list = tabsOn(3);
    const results = await Promise.all(list.map((t) => t.tabs.claim('c1')));
    expect(results.filter(Boolean)).to.have.length(1);
    // The highest tab id wins when no tab is clicked, visible or focused more than another.
    const best = [...list].sort((x, y) => (x.tabs.id < y.tabs.id ? 1 : -1))[0]!;
    expect(results[list.indexOf(best)]).to.equal(true);
    // Later claims of the same key lose: the winner answers them.
    expect(await Promise.all(list.filter((t) => t !== best).map((t) => t.tabs.claim('c1')))).to.deep.equal([false, false]);
    // A claim heard before this tab claims counts: the strong (clicked) tab claims first and wins.
    const [first, second] = list.filter((t) => t !== best);
    const strong = first!.tabs.claim('c2', true);
    await sleep(20);
    expect(await Promise.all([strong, second!.tabs.claim('c2'), best.tabs.claim('c2')])).to.deep.equal([true, false, false]);
    closeAll(list);
  });

  it('a visible, focused tab outranks a hidden one', async () => {
    const [hidden] = tabsOn(1, { shown: () => [false, false] });
    const shown = connectTabs({ channel: new BroadcastChannel(current()), log: () => undefined, windowMs: 100, shown: () => [true, true] });
    expect(await Promise.all([hidden!.tabs.claim('c'), shown.claim('c')])).to.deep.equal([false, true]);
    closeAll([hidden!, { tabs: shown }]);
  });

  it('watch tells when a tab is gone (its Web Lock released), and says false without Web Locks', async () => {
    const [a, b] = tabsOn(2, { locks: true });
    await sleep(50);
    expect(a!.tabs.locks).to.equal(true);
    let gone = 0;
    expect(b!.tabs.watch(a!.tabs.id, () => gone++)).to.equal(true);
    await sleep(100);
    expect(gone).to.equal(0);
    a!.tabs.close(); // a tab's life ends: its lock is released (as when its frame goes away)
    await sleep(100);
    expect(gone).to.equal(1);
    expect(b!.heard.map((m) => m.k)).to.deep.equal(['bye']);
    const [noLocks] = tabsOn(1);
    expect(noLocks!.tabs.locks).to.equal(false);
    expect(noLocks!.tabs.watch(b!.tabs.id, () => gone++)).to.equal(false);
    closeAll([b!, noLocks!]);
  });
});
