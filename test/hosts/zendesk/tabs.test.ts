/**
 * Two Zendesk tabs, each with the BUILT app's top bar frame (one fake Zendesk parent: one account, one ticket
 * store), on one session (one hub): the hub elects one tab for the ring, and that tab pops and logs the call. It
 * goes away mid-call — closed (its `pagehide` says so) or crashed (no `pagehide`: only its Web Lock tells) — and
 * the other writes the internal note on the ticket A's ring opened, once; while A lives, the other writes nothing.
 * The same for a call dialled from A (a number clicked in A's Zendesk page): A tells B it logs it, with the user and
 * ticket its lookup found.
 */
import { expect } from '@open-wc/testing';
import { waitFor } from '../../e2e/helpers.js';
import { sleep, TwoZendeskTabs } from './helpers.js';

describe('Zendesk app in two tabs: the call log of a tab that goes away mid-call', function () {
  this.timeout(40000);
  const scene = new TwoZendeskTabs();
  afterEach(() => scene.close());

  /** One call popped by one tab (the hub's elected one); the other popped nothing. */
  async function poppedByOne() {
    const { fake, a, b } = await scene.open();
    expect((await fake.ask(b, 'state')).hubMode).to.equal('shared-worker');
    const call_id = await scene.ring(a, b);
    const popped = scene.popped();
    expect(popped).to.have.length(1);
    const owner = popped[0]!;
    return { fake, owner, other: owner === a ? b : a, call_id };
  }

  /** A call one tab logs: it popped its ring (the hub elected it), or it dialled it (a number clicked in that tab). */
  const ownedByOne = (dialled: boolean) => (dialled ? scene.dialledByOne() : poppedByOne());

  for (const [dialled, how] of [false, true].flatMap((d) => (['closed', 'crashed'] as const).map((h) => [d, h] as const))) {
    it(`the ${dialled ? 'dialling' : 'popping'} tab ${how} mid-call: the other writes its note on the ticket the ${dialled ? "dial's lookup found" : 'ring opened'}, once`, async () => {
      const { fake, owner, other, call_id } = await ownedByOne(dialled);
      const took = await scene.goneThenNote(owner, how, call_id);
      // Told by the owner's Web Lock (released with its frame) or its pagehide, not by the 3 s wait for its word that
      // only a browser without Web Locks needs.
      expect(took).to.be.below(2900);
      await sleep(500);
      expect(scene.notes()).to.have.length(1);
      expect(scene.notes()[0]).to.contain(`ID da chamada: ${call_id}`).and.contain('Atendida: sim').and.match(/Duração: 0:0[1-9]/);
      expect(scene.notes()[0]).to.contain(`Direção: ${dialled ? 'efetuada' : 'recebida'}`);
      expect(scene.writes(other).map((r) => `${r.type} ${r.url}`)).to.deep.equal(['PUT /api/v2/tickets/9001.json']);
      expect(fake.tickets.filter((tk) => tk.comments?.length).map((tk) => tk.id), 'no other ticket written').to.deep.equal([9001]);
      const state = await fake.ask(other, 'state');
      expect(state.errors).to.deep.equal([]);
      expect(state.alerts).to.deep.equal([]);
    });
  }

  it('the dialling tab alive: it says it logs the call (with the user and ticket it found) and writes the note; the other writes nothing', async () => {
    const { fake, owner, other, call_id } = await scene.dialledByOne();
    const mine = (heard: { k: string; call?: string }[]) => heard.filter((m) => m.call === call_id);
    expect(mine((await fake.ask(other, 'state')).heard)).to.deep.equal([{ k: 'own', call: call_id }, { k: 'own', call: call_id, u: 501, t: 9001 }]);
    await scene.hangup(call_id);
    await waitFor(() => scene.notes().length, 'the note on ticket 9001', 10000);
    fake.remove(owner);
    await sleep(1500);
    expect(scene.notes()).to.have.length(1);
    expect(scene.notes()[0]).to.contain('Direção: efetuada');
    expect(scene.writes(owner).map((r) => `${r.type} ${r.url}`)).to.deep.equal(['PUT /api/v2/tickets/9001.json']);
    expect(scene.writes(other)).to.deep.equal([]);
    expect(mine((await fake.ask(other, 'state')).heard).at(-1)).to.deep.equal({ k: 'done', call: call_id });
  });

  it('the popping tab alive: it writes the note and the other writes nothing, not even when it closes after the call; channel noise is logged and ignored', async () => {
    const { fake, owner, other, call_id } = await poppedByOne();
    const noise = await fake.ask(other, 'noise', { callId: call_id });
    await sleep(300);
    await scene.hangup(call_id);
    await waitFor(() => scene.notes().length, 'the note on ticket 9001', 10000);
    fake.remove(owner);
    await sleep(1500);
    expect(scene.notes()).to.have.length(1);
    expect(scene.writes(other)).to.deep.equal([]);
    const state = await fake.ask(other, 'state');
    expect(state.errors).to.deep.equal([]);
    // Every malformed message of the noise frame was logged by the other tab's app, none taken.
    expect(state.warnings.filter((w: string) => w.includes('ignored a malformed message'))).to.have.length(noise.count);
  });
});
