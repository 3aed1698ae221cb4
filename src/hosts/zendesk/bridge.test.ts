import { expect } from '@open-wc/testing';
import type { Call } from '../../domain/model.js';
import { CtiCallEndedEvent, type CtiCallEndedDetail } from '../../events/cti-call-ended.js';
import { CtiDialRequestEvent } from '../../events/cti-dial-request.js';
import { ZendeskBridge, type DialingProvider } from './bridge.js';
import { translator } from './i18n.js';
import { Notices } from './notices.js';
import type { CallTabs } from './tabs.js';
import type { ZafClient, ZafRequestOptions } from './zaf.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The bridge on a fake provider and session (snapshots pushed by the test), a fake ZAF client and fake tabs. */
async function scene(callLog: 'note' | 'off' = 'note') {
  const requests: ZafRequestOptions[] = [];
  const client = {
    on: () => undefined,
    get: async () => ({}),
    invoke: async () => undefined,
    request: async (o: ZafRequestOptions) => {
      requests.push(o);
      if (o.url.startsWith('/api/v2/search.json')) return { results: [{ id: 501, name: 'Maria', result_type: 'user' }] };
      if (o.url.includes('/tickets/requested.json')) return { tickets: [{ id: 9001, status: 'open', updated_at: '2026-12-01' }] };
      return {};
    },
  } as unknown as ZafClient;
  let listener: ((s: { calls: readonly Call[] }) => void) | undefined;
  const provider = document.createElement('div') as unknown as DialingProvider & { session: unknown };
  provider.dial = async () => true;
  provider.session = { subscribe: (l: typeof listener) => ((listener = l), () => undefined) };
  const announced: string[] = [];
  let host: { calls: Map<string, unknown> } | undefined;
  const tabs = { announce: (id: string) => void announced.push(id), ended: () => false, pops: async () => true } as unknown as CallTabs;
  const t = translator('pt-BR');
  new ZendeskBridge({
    client,
    provider,
    settings: { vendor: 'interact', server: 'https://cti.example', options: {}, callLog },
    notices: new Notices(document, t),
    t,
    tabs: Promise.resolve((h) => ((host = h), tabs)),
  }).start();
  await sleep(0);
  const dial = async (number: string, veto = false) => {
    const e = new CtiDialRequestEvent({ number, source: 'api' });
    if (veto) provider.addEventListener('cti-dial-request', (ev) => ev.preventDefault(), { once: true });
    provider.dispatchEvent(e);
    await sleep(0);
  };
  const call = (id: string, state: Call['state'], number = '4830001234') => ({ id, direction: 'outbound', state, remote: [{ number }] }) as unknown as Call;
  const snapshot = async (...calls: Call[]) => {
    listener?.({ calls });
    await sleep(0);
  };
  const end = async (callId: string) => {
    provider.dispatchEvent(new CtiCallEndedEvent({ callId, direction: 'outbound', remote: [{ number: '4830001234' }], answered: true, talkMs: 5000, data: {} } as unknown as CtiCallEndedDetail));
    await sleep(10);
  };
  return { requests, announced, dial, call, snapshot, end, subscribed: () => !!listener, calls: () => [...(host?.calls.keys() ?? [])] };
}

describe('Zendesk bridge: a call dialled in this tab', () => {
  it("is this tab's once it shows in the session: looked up then, announced, and noted on that ticket at its end", async () => {
    const s = await scene();
    await s.dial('4830001234');
    // An inbound call and an outbound one to another number are not this dial; the number matches by its digits.
    await s.snapshot({ ...s.call('i1', 'active'), direction: 'inbound' }, s.call('x1', 'dialing', '4899990000'));
    await s.snapshot(s.call('c1', 'dialing', '(48) 3000-1234'));
    await s.snapshot(s.call('c1', 'active'));
    expect(s.announced).to.deep.equal(['c1']);
    expect(s.calls()).to.deep.equal(['c1']);
    expect(s.requests.map((r) => r.url.split('?')[0])).to.deep.equal(['/api/v2/search.json', '/api/v2/users/501/tickets/requested.json']);
    await s.end('c1');
    expect(s.requests.at(-1)).to.include({ url: '/api/v2/tickets/9001.json', type: 'PUT' });
    expect(s.calls()).to.deep.equal([]);
  });

  it('a call in wrap-up or ended is not a new dial to the same number; a vetoed dial is no call; callLog off looks nothing up', async () => {
    const s = await scene();
    await s.dial('4830001234');
    await s.snapshot(s.call('c1', 'active'));
    await s.end('c1');
    await s.dial('4830001234');
    await s.snapshot(s.call('c1', 'wrap-up'));
    await s.snapshot(s.call('c1', 'ended'));
    expect(s.announced).to.deep.equal(['c1']);
    await s.snapshot(s.call('c2', 'dialing'));
    expect(s.announced).to.deep.equal(['c1', 'c2']);
    const vetoed = await scene();
    await vetoed.dial('4830001234', true);
    expect(vetoed.subscribed()).to.equal(false);
    const off = await scene('off');
    await off.dial('4830001234');
    await off.snapshot(off.call('c1', 'dialing'));
    await off.end('c1');
    expect([off.subscribed(), off.announced, off.requests]).to.deep.equal([false, [], []]);
  });
});
