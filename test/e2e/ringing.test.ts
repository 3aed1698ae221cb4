/**
 * One ringer across tabs (issue #11 §4), end to end: two same-origin iframes ("tabs" of one site) with the real
 * elements, sharing one Interact connection through the real hub SharedWorker. The hub elects the most recently
 * focused visible tab: exactly that one rings and gets `cti-incoming-call` with `primary: true`; focus moves →
 * the other tab is elected for the next call; the elected tab closes → the other takes over the ringing call.
 *
 * Audio is a fake AudioContext per tab (headless Chromium has no speakers; the fake counts oscillators).
 * Focus: iframes in a headless page do not reliably get window focus, so each tab's `document.hasFocus()` is
 * stubbed to say which tab the agent is in, and a `focus` event tells the tab to report it to the hub (what a
 * real focus change does).
 */
import { expect } from '@open-wc/testing';
import type { CtiProvider } from '../../src/elements/cti-provider/cti-provider.js';
import type { AudioContextLike } from '../../src/client/ringer.js';
import { FakeAudio } from '../../src/elements/test-support/fake-audio.js';
import { control, startSimulator, uniqueHubName, waitFor, type SimulatorHandle } from './helpers.js';

interface TabWindow extends Window {
  provider: CtiProvider;
  hostEvents: { type: string; at: number; detail: any }[];
}

interface Tab {
  readonly iframe: HTMLIFrameElement;
  readonly win: TabWindow;
  readonly audio: FakeAudio;
  focused: boolean;
}

async function openTab(params: Record<string, string>): Promise<Tab> {
  const iframe = document.createElement('iframe');
  iframe.style.width = '320px';
  iframe.style.height = '400px';
  iframe.src = `/test/fixtures/e2e/elements-tab.html?${new URLSearchParams(params)}`;
  document.body.append(iframe);
  await new Promise((resolve) => iframe.addEventListener('load', resolve, { once: true }));
  const win = iframe.contentWindow as TabWindow;
  const audio = new FakeAudio();
  const tab: Tab = { iframe, win, audio, focused: false };
  Object.defineProperty(win.document, 'hasFocus', { configurable: true, value: () => tab.focused });
  await waitFor(() => win.provider?.session, 'the provider session');
  win.provider.createAudioContext = () => audio as unknown as AudioContextLike;
  expect(await win.provider.enableRinging()).to.equal(true);
  return tab;
}

/** The agent moves to `tab`. */
function focus(tabs: Tab[], tab: Tab): void {
  for (const t of tabs) t.focused = t === tab;
  tab.win.dispatchEvent(new FocusEvent('focus'));
}

const incoming = (tab: Tab, callId: string) => tab.win.hostEvents.find((e) => e.type === 'cti-incoming-call' && e.detail.callId === callId);

describe('ringing end to end: one tab rings, one tab pops (Interact, real SharedWorker hub)', function () {
  this.timeout(40000);
  let sim: SimulatorHandle;
  const frames: HTMLIFrameElement[] = [];
  afterEach(async () => {
    for (const f of frames.splice(0)) f.remove();
    await sim?.stop();
  });

  it('exactly one tab rings and gets primary: true; focus moves the next call; closing the elected tab hands the ring over', async () => {
    sim = await startSimulator('interact', { handleMode: 'manual', acceptTimeoutMs: 60000, afterCallWorkMs: 0, classificationTimeoutMs: 0 });
    const params = { hub: uniqueHubName('ringing'), server: sim.url, agent: '1001', extension: '2001' };
    const a = await openTab(params);
    frames.push(a.iframe);
    const b = await openTab(params);
    frames.push(b.iframe);
    const tabs = [a, b];
    await waitFor(() => a.win.provider.session?.snapshot?.connection.status === 'connected', 'connected');
    await a.win.provider.login({ password: '1234' });
    await a.win.provider.execute({ type: 'ready' });
    await waitFor(() => b.win.provider.session?.snapshot?.agent.phase === 'ready', 'ready in B');

    // The agent is in B.
    focus(tabs, b);
    await waitFor(() => b.win.provider.session?.snapshot?.primary === true, 'B elected');
    const first = await control(sim, 'inbound', { agent: '1001', from: '11987654321', force: true });
    const [inA, inB] = await Promise.all([waitFor(() => incoming(a, first.call_id), 'the call in A'), waitFor(() => incoming(b, first.call_id), 'the call in B')]);
    expect([inA.detail.primary, inB.detail.primary]).to.deep.equal([false, true]);
    await waitFor(() => b.win.provider.ringing, 'B rings');
    expect(a.win.provider.ringing, 'A is silent').to.equal(false);
    expect(a.audio.oscillators).to.equal(0);
    await control(sim, 'hangup', { call_id: first.call_id });
    await waitFor(() => !b.win.provider.ringing, 'B stops ringing when the caller hangs up');

    // The agent moves to A: the next call rings and pops there.
    focus(tabs, a);
    await waitFor(() => a.win.provider.session?.snapshot?.primary === true, 'A elected');
    const second = await control(sim, 'inbound', { agent: '1001', from: '4833334444', force: true });
    const [nextA, nextB] = await Promise.all([waitFor(() => incoming(a, second.call_id), 'call 2 in A'), waitFor(() => incoming(b, second.call_id), 'call 2 in B')]);
    expect([nextA.detail.primary, nextB.detail.primary]).to.deep.equal([true, false]);
    await waitFor(() => a.win.provider.ringing, 'A rings');
    expect(b.win.provider.ringing).to.equal(false);

    // A is closed while the call rings: B takes the ring over (its pop already happened in A: no second primary).
    a.iframe.remove();
    await waitFor(() => b.win.provider.ringing, 'B rings after A closed', 8000);
    expect(b.win.hostEvents.filter((e) => e.type === 'cti-incoming-call' && e.detail.callId === second.call_id)).to.have.length(1);
  });

  it('every tab hidden: one desktop notification, in the tab last focused; clicking it focuses that tab and its Answer button', async () => {
    sim = await startSimulator('interact', { handleMode: 'manual', acceptTimeoutMs: 60000, afterCallWorkMs: 0, classificationTimeoutMs: 0 });
    const params = { hub: uniqueHubName('notify'), server: sim.url, agent: '1001', extension: '2001' };
    const a = await openTab(params);
    frames.push(a.iframe);
    const b = await openTab(params);
    frames.push(b.iframe);
    const tabs = [a, b];
    // Each tab's Notification is a stub that records what it shows (permission granted).
    const shown: { tab: string; title: string; body: string; onclick: (() => void) | null }[] = [];
    for (const [name, tab] of [['a', a], ['b', b]] as const) {
      (tab.win as unknown as { Notification: unknown }).Notification = class {
        static permission = 'granted';
        onclick: (() => void) | null = null;
        constructor(title: string, options: NotificationOptions) {
          shown.push(Object.assign(this, { tab: name, title, body: options.body ?? '' }));
        }
        close() {}
      };
      tab.win.provider.notifications = true;
    }
    await waitFor(() => a.win.provider.session?.snapshot?.connection.status === 'connected', 'connected');
    await a.win.provider.login({ password: '1234' });
    await a.win.provider.execute({ type: 'ready' });
    focus(tabs, a);
    await waitFor(() => a.win.provider.session?.snapshot?.primary === true, 'A elected');
    // The agent leaves the browser: both pages are hidden (the hub hears it from each), A had the focus last.
    for (const t of tabs) {
      t.focused = false;
      Object.defineProperty(t.win.document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      t.win.document.dispatchEvent(new Event('visibilitychange'));
    }
    const call = await control(sim, 'inbound', { agent: '1001', from: '11987654321', service: 'Atendimento', force: true });
    await waitFor(() => incoming(b, call.call_id), 'the call in B');
    await waitFor(() => shown.length > 0, 'a notification');
    await new Promise((r) => setTimeout(r, 100));
    expect(shown.map((n) => n.tab)).to.deep.equal(['a']);
    expect(shown[0]!.title, 'the tab page is lang=en').to.equal('Incoming call');
    expect(shown[0]!.body).to.equal('11987654321 · Atendimento');
    expect(incoming(a, call.call_id)!.detail.primary).to.equal(true);
    let focused = false;
    a.win.focus = () => {
      focused = true;
    };
    shown[0]!.onclick!();
    expect(focused, 'the tab is focused').to.equal(true);
    const phone = a.win.document.querySelector('cti-phone')!;
    // A hidden page renders nothing until shown: the click renders the phone, then focuses Answer.
    await waitFor(() => phone.shadowRoot!.activeElement, 'the focus in the phone');
    expect(phone.shadowRoot!.activeElement?.getAttribute('part')).to.contain('answer-button');
  });
});
