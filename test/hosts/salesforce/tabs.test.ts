/**
 * Two Salesforce tabs, each with its softphone frame (the built page, one fake Lightning page per tab, one org:
 * the Tasks are shared), on one session (one hub). The tab that logs a call goes away mid-call — closed (its
 * `pagehide` says so) or crashed (no `pagehide`: only its Web Lock tells) — and the other completes the Task,
 * once, with the right fields; while the logging tab lives, the other writes nothing.
 */
import { expect } from '@open-wc/testing';
import { waitFor } from '../../e2e/helpers.js';
import { MARIA_ID, savedTasks as saved, sleep, TwoTabsCall, UNANSWERED } from './helpers.js';

describe('Salesforce softphone in two tabs: the Task of a tab that goes away mid-call', function () {
  this.timeout(40000);
  const scene = new TwoTabsCall();
  afterEach(() => scene.close());
  const { tasks } = scene;

  /** Tab A signed in and ready, then tab B opened on the same session; a call answered and logged by A. */
  async function loggedByA() {
    const call = await scene.start();
    expect((await call.b.state()).hubMode).to.equal('shared-worker');
    expect(saved(call.a)).to.have.length(1);
    expect(saved(call.b)).to.deep.equal([]);
    return call;
  }

  for (const how of ['closed', 'crashed'] as const) {
    it(`tab A ${how} mid-call: tab B completes A's Task once, with the duration and a classification given in B`, async () => {
      const { a, b, id, call_id } = await loggedByA();
      if (how === 'crashed') await a.run('crash');
      scene.remove(a);
      await sleep(1100);
      const hangup = Date.now();
      await scene.hangup(call_id);
      await waitFor(() => tasks.get(id)?.['Status'] === 'Completed', 'the Task completed by tab B');
      // Told by A's Web Lock (released with the frame) or its pagehide, not by the 3 s wait for a word from A that
      // only a browser without Web Locks needs.
      expect(Date.now() - hangup).to.be.below(2900);
      expect(tasks.size).to.equal(1);
      const duration = tasks.get(id)!['CallDurationInSeconds'];
      expect(duration).to.be.a('number').and.at.least(1).and.at.most(10);
      expect(saved(b)).to.deep.equal([{ Id: id, Status: 'Completed', CallDurationInSeconds: duration }]);
      // The service demands a classification: given in B after the hand-over, it becomes the Task's CallDisposition.
      await b.run('classify', { callId: call_id, classificationId: '2' });
      await waitFor(() => tasks.get(id)?.['CallDisposition'] === 'Dúvida resolvida', 'CallDisposition from B');
      await sleep(500);
      expect(saved(b)).to.deep.equal([
        { Id: id, Status: 'Completed', CallDurationInSeconds: duration },
        { Id: id, CallDisposition: 'Dúvida resolvida' },
      ]);
      expect(tasks.get(id)).to.include({ Status: 'Completed', CallObject: call_id, Subject: 'Chamada recebida 11955554444' });
      expect(b.of('uncaught')).to.deep.equal([]);
      expect((await b.state()).notices).to.deep.equal([]);
    });
  }

  it('tab A alive: A completes its Task and B writes nothing, not even when A closes after the call', async () => {
    const { a, b, id, call_id } = await loggedByA();
    await sleep(1100);
    await scene.hangup(call_id);
    await waitFor(() => tasks.get(id)?.['Status'] === 'Completed', 'the Task completed by tab A');
    await a.run('classify', { callId: call_id, classificationId: '2' });
    await waitFor(() => tasks.get(id)?.['CallDisposition'] === 'Dúvida resolvida', 'CallDisposition from A');
    scene.remove(a);
    await sleep(1000);
    expect(saved(b)).to.deep.equal([]);
    expect(tasks.size).to.equal(1);
    expect(b.of('uncaught')).to.deep.equal([]);
  });

  // A number clicked in tab A: its Task is created on the clicked record as soon as the call dials, so it survives A.
  for (const [how, answered] of [['closed', true], ['crashed', false]] as const) {
    it(`tab A ${how} while the number it clicked dials (${answered ? 'answered' : 'never answered'}): tab B completes A's Task on the clicked record, once`, async () => {
      const { a, b, id, call_id } = await scene.dial();
      if (how === 'crashed') await a.run('crash');
      scene.remove(a);
      await sleep(300);
      if (answered) {
        await scene.answer(call_id);
        await b.until((s) => s.calls.some((c) => c.id === call_id && c.state === 'active'), 'the call answered in B');
        await sleep(1100);
      }
      await scene.hangup(call_id);
      await waitFor(() => tasks.get(id)?.['Status'] === 'Completed', 'the Task completed by tab B');
      await sleep(500);
      const done = answered ? { Status: 'Completed', CallDurationInSeconds: tasks.get(id)!['CallDurationInSeconds'] } : UNANSWERED;
      if (answered) expect(done.CallDurationInSeconds).to.be.a('number').and.at.least(1).and.at.most(10);
      expect(saved(b)).to.deep.equal([{ Id: id, ...done }]);
      // Without the hand-over B logged the answered call as dialled in the softphone: popped and on another record.
      expect(b.sf.of('searchAndScreenPop')).to.deep.equal([]);
      expect(tasks.size).to.equal(1);
      expect(tasks.get(id)).to.include({ ...done, WhoId: MARIA_ID, CallType: 'Outbound', CallObject: call_id });
      expect(b.of('uncaught')).to.deep.equal([]);
    });
  }

  it('tab A alive, the number it clicked never answered: A completes its Task as unanswered and B writes nothing', async () => {
    const { a, b, id, call_id } = await scene.dial();
    await scene.hangup(call_id);
    await waitFor(() => tasks.get(id)?.['Status'] === 'Completed', 'the Task completed by tab A');
    scene.remove(a);
    await sleep(1000);
    expect(saved(a)).to.deep.equal([saved(a)[0], { Id: id, ...UNANSWERED }]);
    expect(saved(b)).to.deep.equal([]);
    expect(tasks.size).to.equal(1);
    expect(tasks.get(id)).to.include({ ...UNANSWERED, WhoId: MARIA_ID });
    expect(b.of('uncaught')).to.deep.equal([]);
  });

  it('a malformed message on the channel is logged and ignored, never thrown', async () => {
    const { b, id, call_id } = await loggedByA();
    // Any frame of the widget's origin can post on the channel: here a test page of that origin.
    const frame = document.createElement('iframe');
    frame.src = `${b.sf.iframe.src.split('/dist/')[0]}/test/hosts/salesforce/channel-noise.html`;
    const posted = new Promise((r) =>
      addEventListener('message', function on(e) {
        if (e.data?.noise === 'posted') removeEventListener('message', on), r(e.data);
      }),
    );
    document.body.append(frame);
    await posted;
    frame.remove();
    await sleep(300);
    expect(b.of('uncaught')).to.deep.equal([]);
    // Nothing of it was taken: the call still ends with A's Task, completed by A alone.
    await scene.hangup(call_id);
    await waitFor(() => tasks.get(id)?.['Status'] === 'Completed', 'the Task completed by tab A');
    await sleep(300);
    expect(saved(b)).to.deep.equal([]);
    expect(b.of('warn').filter((w: string) => w.includes('ignored a malformed message'))).to.have.length.of.at.least(10);
  });
});
