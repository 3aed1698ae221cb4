/**
 * The BUILT Zendesk app in a browser that refuses storage to third-party frames (the
 * `blocked-third-party-storage` group: Chromium with ThirdPartyStoragePartitioning off), as Chrome Incognito and
 * Safari do — inside Zendesk the app is always a cross-site iframe. It may not start a SharedWorker or take a Web
 * Lock there: it still connects (its own hub in a dedicated Worker, `single-tab`), rings, pops and logs.
 */
import { expect } from '@open-wc/testing';
import { control, startSimulator, waitFor, type SimulatorHandle } from '../../e2e/helpers.js';
import { appUrl, MARIA, mariaTickets, readyApp } from './helpers.js';
import { ZafParentFake } from './zaf-fake.js';

describe('Zendesk app (built) where third-party storage is refused', function () {
  this.timeout(40000);
  let sim: SimulatorHandle | undefined;
  let fake: ZafParentFake | undefined;
  afterEach(async () => {
    fake?.close();
    await sim?.stop();
  });

  it('connects with a hub of its own, and a call still pops the caller and is logged', async () => {
    sim = await startSimulator('interact', { ringMs: 100 });
    fake = new ZafParentFake({
      appUrl: appUrl(),
      settings: { vendor: 'interact', server: sim.url, callLog: 'note' },
      users: [MARIA],
      tickets: mariaTickets(),
      extraParams: { zreport: '1' },
    });
    const f = fake;
    const guid = await f.open('top_bar');
    const ready = await readyApp(f, guid);
    expect(ready.hubMode).to.equal('single-tab');
    const { call_id } = await control(sim, 'inbound', { agent: '1001', from: '11955554444' });
    await waitFor(() => f.invocations.find((i) => i.name === 'popover'), 'popover on ring');
    await waitFor(() => f.invocations.find((i) => i.name === 'routeTo' && i.args[1] === '9001'), 'the open ticket routed to');
    await waitFor(async () => (await f.ask(guid, 'state')).calls.some((c: any) => c.id === call_id && c.state === 'active'), 'the call to be active');
    await control(sim, 'hangup', { call_id });
    const ticket = await waitFor(() => f.tickets.find((tk) => tk.id === 9001 && tk.comments?.length), 'the internal note');
    expect(ticket.comments![0]!.body).to.contain(`ID da chamada: ${call_id}`);
    expect((await f.ask(guid, 'state')).errors).to.deep.equal([]);
  });
});
