/**
 * The silence watch fed every message through a `KeepAlive` filter, against a `ManualClock`: armed by the first
 * keep-alive; re-armed only by the keep-alive (`only`, DGPhone's DGTimeStamp) or by anything heard (Catix).
 */
import { expect } from '@open-wc/testing';
import { ManualClock } from '../../domain/clock.js';
import { SilenceWatch } from './silence-watch.js';

function watch(only: boolean, limitMs = 3000) {
  const clock = new ManualClock();
  const fired: number[] = [];
  const w = new SilenceWatch<string>(clock, limitMs, (ms) => fired.push(ms), { is: (m) => m === 'tick', only });
  return { clock, fired, w };
}

describe('runtime: SilenceWatch with a keep-alive filter', () => {
  it('nothing before the first keep-alive is watched: a server that sends none is never dropped', () => {
    const { clock, fired, w } = watch(true);
    w.heard('event');
    clock.advance(60_000);
    expect(w.started).to.equal(false);
    expect(fired).to.deep.equal([]);
  });

  it('only: armed by the first keep-alive, re-armed only by keep-alives; other traffic does not hide a dead keep-alive', () => {
    const { clock, fired, w } = watch(true);
    w.heard('tick');
    clock.advance(2900);
    w.heard('tick');
    clock.advance(2900);
    w.heard('event');
    expect(fired).to.deep.equal([]);
    clock.advance(100);
    expect(fired).to.deep.equal([3000]);
    expect(w.started).to.equal(false);
    // Stopped until the next keep-alive (a new link's first one).
    w.heard('event');
    clock.advance(10_000);
    expect(fired).to.deep.equal([3000]);
    w.heard('tick');
    w.stop();
    clock.advance(10_000);
    expect(fired).to.deep.equal([3000]);
    expect(clock.pending).to.equal(0);
  });

  it('not only: once started by the keep-alive, anything heard re-arms it', () => {
    const { clock, fired, w } = watch(false);
    w.heard('event');
    expect(w.started).to.equal(false);
    w.heard('tick');
    clock.advance(2900);
    w.heard('event');
    clock.advance(2900);
    expect(fired).to.deep.equal([]);
    clock.advance(100);
    expect(fired).to.deep.equal([3000]);
  });
});
