/**
 * Two Zendesk tabs where the browser refuses storage to third-party frames (group blocked-third-party-storage, as
 * Chrome Incognito and Safari; inside Zendesk the app is always a cross-site iframe): each tab's app runs its own
 * hub (`single-tab`), sees the call on its own vendor connection and is primary in its own hub, and there are no
 * Web Locks. The tabs claim the call over their BroadcastChannel, so one pops and logs it; when that tab is closed
 * (its `pagehide` says so) or crashed (it says nothing: the other waits 3 s after the call's end for its word), the
 * other writes the note, once. A call dialled from one tab (a number clicked there) is that tab's to log in the same
 * way: it tells the other, which writes the note if the dialling tab goes away mid-call.
 */
import { expect } from '@open-wc/testing';
import { waitFor } from '../../e2e/helpers.js';
import { sleep, TwoZendeskTabs } from './helpers.js';

describe('Zendesk app in two tabs with third-party storage blocked', function () {
  this.timeout(40000);
  const scene = new TwoZendeskTabs();
  afterEach(() => scene.close());

  /** A call seen by both tabs on their own connections: one tab pops it (the owner), the other nothing. */
  async function poppedByOne(callLog = 'note') {
    const { fake, a, b } = await scene.open(callLog);
    expect([(await fake.ask(a, 'state')).hubMode, (await fake.ask(b, 'state')).hubMode]).to.deep.equal(['single-tab', 'single-tab']);
    const call_id = await scene.ring(a, b);
    // Without the claim both tabs popped (and each wrote a note for the one call).
    const popped = scene.popped();
    expect(popped).to.have.length(1);
    expect(fake.invocations.filter((i) => i.name === 'routeTo')).to.have.length(1);
    const owner = popped[0]!;
    return { fake, owner, other: owner === a ? b : a, call_id };
  }

  it('one tab pops and logs the call (a new ticket per call); the other writes nothing', async () => {
    const { fake, owner, other, call_id } = await poppedByOne('ticket');
    await scene.hangup(call_id);
    await waitFor(() => scene.writes(owner).length, 'the new ticket', 10000);
    await sleep(3500); // past the other tab's wait for the owner's word
    expect(scene.writes(owner).map((r) => `${r.type} ${r.url}`)).to.deep.equal(['POST /api/v2/tickets.json']);
    expect(scene.writes(other)).to.deep.equal([]);
    const created = fake.tickets.filter((tk) => tk.tags?.includes('cti_elements'));
    expect(created).to.have.length(1);
    expect(created[0]!.comments![0]!.body).to.contain(`ID da chamada: ${call_id}`);
    for (const guid of [owner, other]) expect((await fake.ask(guid, 'state')).errors).to.deep.equal([]);
  });

  it('the dialling tab alive: it writes the note; the other, past its wait for that tab\'s word, writes nothing', async () => {
    const { fake, owner: a, other: b, call_id } = await scene.dialledByOne();
    await scene.hangup(call_id);
    await waitFor(() => scene.notes().length, 'the note on ticket 9001', 10000);
    await sleep(3500);
    expect(scene.notes()).to.have.length(1);
    expect(scene.writes(a).map((r) => `${r.type} ${r.url}`)).to.deep.equal(['PUT /api/v2/tickets/9001.json']);
    expect(scene.writes(b)).to.deep.equal([]);
    expect((await fake.ask(b, 'state')).heard.filter((m: { call?: string }) => m.call === call_id).map((m: { k: string }) => m.k)).to.deep.equal(['own', 'own', 'done']);
  });

  /** A call one tab logs: it dialled it (a number clicked in that tab's Zendesk page), or it popped its ring. */
  const ownedByOne = (dialled: boolean) => (dialled ? scene.dialledByOne() : poppedByOne());

  for (const [dialled, how] of [false, true].flatMap((d) => (['closed', 'crashed'] as const).map((h) => [d, h] as const))) {
    it(`the ${dialled ? 'dialling' : 'popping'} tab ${how} mid-call: the other writes the note on the ticket its ${dialled ? 'dial found' : 'ring opened'}, once`, async () => {
      const { fake, owner, other, call_id } = await ownedByOne(dialled);
      const took = await scene.goneThenNote(owner, how, call_id);
      // Closed: its pagehide said so. Crashed: nothing said; the other waited 3 s after the end for a word.
      if (how === 'closed') expect(took).to.be.below(2900);
      else expect(took).to.be.at.least(2900);
      await sleep(500);
      expect(scene.notes()).to.have.length(1);
      expect(scene.notes()[0]).to.contain(`ID da chamada: ${call_id}`).and.contain('Atendida: sim').and.contain(`Direção: ${dialled ? 'efetuada' : 'recebida'}`);
      expect(scene.writes(other).map((r) => `${r.type} ${r.url}`)).to.deep.equal(['PUT /api/v2/tickets/9001.json']);
      expect((await fake.ask(other, 'state')).errors).to.deep.equal([]);
    });
  }
});
