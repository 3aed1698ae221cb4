/**
 * The built Salesforce softphone where the browser refuses storage to third-party frames (the
 * `blocked-third-party-storage` group: inside Salesforce the softphone is always a cross-site iframe, and
 * Chrome Incognito, Safari and Brave block its storage). No SharedWorker, no Web Locks, no localStorage there:
 * the softphone runs its own hub in a dedicated worker (`single-tab`), asks for the agent (nothing remembered),
 * connects, and a call still rings, shows the panel and pops the caller.
 */
import { expect } from '@open-wc/testing';
import { control, startSimulator, waitFor, type SimulatorHandle } from '../../e2e/helpers.js';
import { Softphone, widget } from './helpers.js';

describe('Salesforce softphone where third-party storage is refused', function () {
  this.timeout(30000);
  let sim: SimulatorHandle | undefined;
  let phone: Softphone | undefined;
  afterEach(async () => {
    phone?.close();
    await sim?.stop();
  });

  it('connects with its own hub, and a call rings, shows the panel and pops the number', async () => {
    sim = await startSimulator('interact', { ringMs: 300 });
    phone = await Softphone.open({ settings: widget(sim.url) });
    await phone.run('agent');
    const s = await phone.until((x) => x.status === 'connected', 'the softphone to connect', 15000);
    expect(s.hubMode).to.equal('single-tab');
    await phone.run('login');
    await phone.run('ready');
    await phone.until((x) => x.phase === 'ready', 'ready');
    const { call_id } = await control(sim, 'inbound', { agent: '1001', from: '11955554444' });
    await waitFor(() => phone!.sf.of('searchAndScreenPop').length === 1, 'searchAndScreenPop');
    expect(phone.sf.of('searchAndScreenPop')[0]!.args).to.include({ searchParams: '11955554444', callType: 'inbound' });
    expect(phone.sf.panelVisible).to.equal(true);
    await waitFor(() => [...phone!.sf.tasks.values()].some((t) => t['CallObject'] === call_id), 'the Task');
    expect(phone.of('uncaught')).to.deep.equal([]);
  });
});
