/** The adapter-started silence watchdog (Catix arms it on its first KEEP_ALIVE), against a `ManualClock`. */
import { expect } from '@open-wc/testing';
import { ManualClock } from '../../domain/clock.js';
import { SilenceWatch } from './silence-watch.js';

function watch(limitMs = 1000) {
  const clock = new ManualClock();
  const fired: number[] = [];
  return { clock, fired, w: new SilenceWatch(clock, limitMs, (ms) => fired.push(ms)) };
}

describe('runtime: SilenceWatch (started by the adapter)', () => {
  it('watches nothing until started: silence before that is no loss', () => {
    const { clock, fired, w } = watch();
    w.touch();
    clock.advance(10_000);
    expect(fired).to.deep.equal([]);
    expect(w.started).to.equal(false);
  });

  it('once started, anything heard re-arms it; limitMs of silence fires once, then it is stopped', () => {
    const { clock, fired, w } = watch();
    w.start();
    clock.advance(900);
    w.touch();
    clock.advance(900);
    expect(fired).to.deep.equal([]);
    clock.advance(100);
    expect(fired).to.deep.equal([1000]);
    expect(w.started).to.equal(false);
    clock.advance(5000);
    w.touch();
    clock.advance(5000);
    expect(fired).to.deep.equal([1000]);
  });

  it('stop (the link ended) cancels the wait; a limit of 0 never watches', () => {
    const { clock, fired, w } = watch();
    w.start();
    w.stop();
    clock.advance(5000);
    expect(fired).to.deep.equal([]);
    const off = watch(0);
    off.w.start();
    off.clock.advance(60_000);
    expect(off.w.started).to.equal(false);
    expect(off.fired).to.deep.equal([]);
  });
});
