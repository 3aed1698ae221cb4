/**
 * Two Salesforce tabs where the browser refuses storage to third-party frames (group blocked-third-party-storage):
 * each softphone runs its own hub (`single-tab`) and sees the call on its own vendor connection, and there are no
 * Web Locks. The tabs claim the call over their BroadcastChannel, so one pops it and logs it; when that tab is closed
 * (its `pagehide` says so) or crashed (it says nothing: the other waits 3 s after the call's end for its word), the
 * other completes the Task, once.
 */
import { expect } from '@open-wc/testing';
import { waitFor } from '../../e2e/helpers.js';
import { MARIA_ID, savedTasks as saved, sleep, TwoTabsCall, UNANSWERED } from './helpers.js';

describe('Salesforce softphone in two tabs with third-party storage blocked', function () {
  this.timeout(40000);
  const scene = new TwoTabsCall();
  afterEach(() => scene.close());
  const { tasks } = scene;

  /** A call seen by both tabs on their own connections: one tab pops and logs it (the owner), the other nothing. */
  async function oneTaskForTwoTabs() {
    const { a, b, id, call_id } = await scene.start();
    expect([(await a.state()).hubMode, (await b.state()).hubMode]).to.deep.equal(['single-tab', 'single-tab']);
    // Without the claim both tabs popped and logged it (two Tasks for one call).
    expect(a.sf.of('searchAndScreenPop').length + b.sf.of('searchAndScreenPop').length).to.equal(1);
    expect(tasks.size).to.equal(1);
    const [owner, other] = saved(a).length ? [a, b] : [b, a];
    expect(saved(owner)).to.have.length(1);
    expect(saved(other)).to.deep.equal([]);
    expect(owner.sf.of('searchAndScreenPop')).to.have.length(1);
    return { owner, other, id, call_id };
  }

  it('one tab pops and logs the call; it completes the Task and the other writes nothing', async () => {
    const { owner, other, id, call_id } = await oneTaskForTwoTabs();
    await scene.hangup(call_id);
    await waitFor(() => tasks.get(id)?.['Status'] === 'Completed', 'the Task completed by its tab');
    await sleep(3500); // past the other tab's wait for the owner's word
    expect(saved(owner)).to.have.length(2);
    expect(saved(other)).to.deep.equal([]);
    expect([...owner.of('uncaught'), ...other.of('uncaught')]).to.deep.equal([]);
  });

  for (const how of ['closed', 'crashed'] as const) {
    it(`the logging tab ${how} mid-call: the other completes its Task once`, async () => {
      const { owner, other, id, call_id } = await oneTaskForTwoTabs();
      if (how === 'crashed') await owner.run('crash');
      scene.remove(owner);
      await sleep(1100);
      const hangup = Date.now();
      await scene.hangup(call_id);
      await waitFor(() => tasks.get(id)?.['Status'] === 'Completed', 'the Task completed by the other tab', 10000);
      const took = Date.now() - hangup;
      // Closed: its pagehide said so. Crashed: nothing said; the other waited 3 s after the end for a word.
      if (how === 'closed') expect(took).to.be.below(2900);
      else expect(took).to.be.at.least(2900);
      const duration = tasks.get(id)!['CallDurationInSeconds'];
      expect(duration).to.be.a('number').and.at.least(1).and.at.most(10);
      await sleep(500);
      expect(saved(other)).to.deep.equal([{ Id: id, Status: 'Completed', CallDurationInSeconds: duration }]);
      expect(tasks.size).to.equal(1);
      expect(other.of('uncaught')).to.deep.equal([]);
    });
  }

  // A number clicked in tab A (the tab that claims it first): A logs it from the dial, on the clicked record.
  for (const how of ['alive', 'closed', 'crashed'] as const) {
    it(`the number tab A clicked, never answered, A ${how} while it dials: one tab completes A's Task as unanswered, once`, async () => {
      const { a, b, id, call_id } = await scene.dial();
      expect([(await a.state()).hubMode, (await b.state()).hubMode]).to.deep.equal(['single-tab', 'single-tab']);
      expect(saved(b)).to.deep.equal([]);
      if (how === 'crashed') await a.run('crash');
      if (how !== 'alive') scene.remove(a);
      await sleep(300);
      const hangup = Date.now();
      await scene.hangup(call_id);
      await waitFor(() => tasks.get(id)?.['Status'] === 'Completed', 'the Task completed', 10000);
      const took = Date.now() - hangup;
      // Crashed: nothing said; B waited 3 s after the end for a word from A.
      if (how === 'crashed') expect(took).to.be.at.least(2900);
      else expect(took).to.be.below(2900);
      await sleep(how === 'alive' ? 3500 : 500); // alive: past B's wait for A's word
      expect(saved(how === 'alive' ? a : b).at(-1)).to.deep.equal({ Id: id, ...UNANSWERED });
      expect(saved(b)).to.have.length(how === 'alive' ? 0 : 1);
      expect(b.sf.of('searchAndScreenPop')).to.deep.equal([]);
      expect(tasks.size).to.equal(1);
      expect(tasks.get(id)).to.include({ ...UNANSWERED, WhoId: MARIA_ID, CallObject: call_id });
      expect(b.of('uncaught')).to.deep.equal([]);
    });
  }
});
