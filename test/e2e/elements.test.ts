/**
 * The real elements in two iframes of one page (two "tabs" of one site), sharing ONE Interact
 * connection through the real hub SharedWorker, driven the way an agent drives them.
 */
import { expect } from '@open-wc/testing';
import type { CtiProvider } from '../../src/elements/cti-provider/cti-provider.js';
import { control, simState, startSimulator, uniqueHubName, waitFor, type SimulatorHandle } from './helpers.js';

interface TabWindow extends Window {
  provider: CtiProvider;
  hostEvents: { type: string; at: number; detail: any }[];
}

async function openTab(params: Record<string, string>): Promise<{ iframe: HTMLIFrameElement; win: TabWindow }> {
  const iframe = document.createElement('iframe');
  iframe.style.width = '360px';
  iframe.style.height = '700px';
  iframe.src = `/test/fixtures/e2e/elements-tab.html?${new URLSearchParams(params)}`;
  document.body.append(iframe);
  await new Promise((resolve) => iframe.addEventListener('load', resolve, { once: true }));
  const win = iframe.contentWindow as TabWindow;
  await waitFor(() => win.provider?.session, 'the provider session');
  return { iframe, win };
}

const shadow = (win: TabWindow, tag: string) => win.document.querySelector(tag)!.shadowRoot!;
const part = (win: TabWindow, tag: string, name: string) => shadow(win, tag).querySelector<HTMLElement>(`[part~="${name}"]`);

describe('elements end to end: two tabs, one connection (Interact)', function () {
  this.timeout(40000);
  let sim: SimulatorHandle;
  const frames: HTMLIFrameElement[] = [];
  afterEach(async () => {
    for (const f of frames.splice(0)) f.remove();
    await sim?.stop();
  });

  it('signs in from the form, both tabs ring together, the other tab answers, closing a tab keeps the other working', async () => {
    sim = await startSimulator('interact', { handleMode: 'manual', acceptTimeoutMs: 60000, afterCallWorkMs: 0, classificationTimeoutMs: 0 });
    const params = { hub: uniqueHubName('elements'), server: sim.url, agent: '1001', extension: '2001' };
    const a = await openTab(params);
    frames.push(a.iframe);
    const b = await openTab(params);
    frames.push(b.iframe);

    // Sign in with the keyboard-operable form in tab A: agent and extension are prefilled from the provider.
    const password = await waitFor(() => part(a.win, 'cti-agent-status', 'password-input') as HTMLInputElement | null, 'the sign-in form');
    expect((part(a.win, 'cti-agent-status', 'agent-input') as HTMLInputElement).value).to.equal('1001');
    password.value = '1234';
    password.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    await waitFor(() => part(a.win, 'cti-agent-status', 'sign-in-button')?.getAttribute('aria-disabled') === 'false', 'sign-in to be enabled once connected');
    part(a.win, 'cti-agent-status', 'sign-in-button')!.click();
    await waitFor(() => part(a.win, 'cti-agent-status', 'ready-button'), 'the ready button after sign-in').catch((e) => {
      throw new Error(`${e.message}; the element shows: ${shadow(a.win, 'cti-agent-status').textContent?.replace(/\s+/g, ' ')}`);
    });
    expect(password.value, 'the password field is cleared').to.equal('');
    part(a.win, 'cti-agent-status', 'ready-button')!.click();
    await waitFor(() => a.win.hostEvents.some((e) => e.type === 'cti-agent-state-changed' && e.detail.next.phase === 'ready'), 'ready in tab A');
    await waitFor(() => b.win.hostEvents.some((e) => e.type === 'cti-agent-state-changed' && e.detail.next.phase === 'ready'), 'ready in tab B');

    // The simulator sees exactly one agent event channel for the two tabs.
    const before = await simState(sim);
    expect(before.channels.filter((c: any) => c.monitor === 'agent')).to.have.length(1);

    const { call_id } = await control(sim, 'inbound', { agent: '1001', from: '11987654321', service: 'Atendimento', data: 'crm=ACC-1001' });
    const ringA = await waitFor(() => a.win.hostEvents.find((e) => e.type === 'cti-incoming-call'), 'the incoming call in A');
    const ringB = await waitFor(() => b.win.hostEvents.find((e) => e.type === 'cti-incoming-call'), 'the incoming call in B');
    expect(ringA.detail.callId).to.equal(call_id);
    expect(JSON.stringify(ringA.detail.from)).to.contain('11987654321');
    expect(JSON.stringify(ringA.detail.data)).to.contain('crm=ACC-1001');
    const skew = Math.abs(ringA.at - ringB.at);
    console.log(`incoming call skew between tabs: ${skew.toFixed(1)} ms`);
    // Both tabs get the call from the one hub broadcast (one connection, no second server round trip). How close
    // they are in frames is a performance figure, measured under controlled load by `npm run bench` ("slowest tab
    // per sample"), not asserted here: on 2 shared cores this test saw 19.6 ms once against a 17 ms bound.
    expect(ringB.detail.callId).to.equal(ringA.detail.callId);
    expect(skew, 'both tabs show the call from the same hub update, not a later one (a poll, a timer)').to.be.below(100);
    // The agent hears and sees the number formatted; the host event above keeps it raw.
    await waitFor(() => part(a.win, 'cti-phone', 'announcer')?.textContent?.includes('(11) 98765-4321'), 'the live-region announcement');

    // Manual answer mode: the Answer button exists; tab B answers.
    await waitFor(() => part(b.win, 'cti-phone', 'answer-button'), 'the answer button in B');
    part(b.win, 'cti-phone', 'answer-button')!.click();
    await waitFor(() => a.win.hostEvents.some((e) => e.type === 'cti-call-answered'), 'answered seen in A');
    await waitFor(() => shadow(a.win, 'cti-phone').querySelector('[part~="call"][data-state="active"]'), 'the active call in A');

    // Close tab A: B keeps the connection and hangs up.
    a.iframe.remove();
    await waitFor(() => part(b.win, 'cti-phone', 'hangup-button'), 'the hang-up button in B');
    part(b.win, 'cti-phone', 'hangup-button')!.click();
    await waitFor(() => b.win.hostEvents.some((e) => e.type === 'cti-call-ended'), 'the call ended in B');
    const during = await simState(sim);
    expect(during.channels.filter((c: any) => c.monitor === 'agent')).to.have.length(1);

    // Last tab gone: the connection is closed cleanly, and the agent stays logged in.
    b.iframe.remove();
    await waitFor(async () => (await simState(sim)).channels.filter((c: any) => c.monitor === 'agent').length === 0, 'the channel to be closed');
    const after = await simState(sim);
    expect(after.agents.find((x: any) => x.name === '1001')!.loggedIn).to.equal(true);
  });
});
