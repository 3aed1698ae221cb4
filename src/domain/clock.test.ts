import { expect } from '@open-wc/testing';
import { ManualClock } from './clock.js';

describe('ManualClock', () => {
  it('fires timers in due order and only when time reaches them', () => {
    const clock = new ManualClock(0);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b'), 20);
    clock.setTimeout(() => fired.push('a'), 10);
    const c = clock.setTimeout(() => fired.push('c'), 15);
    clock.clearTimeout(c);
    clock.advance(12);
    expect(fired).to.deep.equal(['a']);
    expect(clock.now()).to.equal(12);
    clock.advance(10);
    expect(fired).to.deep.equal(['a', 'b']);
    expect(clock.pending).to.equal(0);
  });

  it('runs timers scheduled by timers within the same advance', () => {
    const clock = new ManualClock(0);
    const fired: number[] = [];
    clock.setTimeout(() => {
      fired.push(clock.now());
      clock.setTimeout(() => fired.push(clock.now()), 5);
    }, 5);
    clock.advance(10);
    expect(fired).to.deep.equal([5, 10]);
  });
});
