/** The one numeric-option reader (`options.ts`): its edge cases, and every reader that uses it reading them alike. */
import { expect } from '@open-wc/testing';
import { graceOf } from '../../hub/hub-core.js';
import { readCatixOptions } from '../catix/options.js';
import { readDGPhoneOptions } from '../dgphone/options.js';
import { readNeonOptions } from '../neon/options.js';
import { readTactiumOptions } from '../tactium/options.js';
import type { SessionConfig } from '../adapter.js';
import { finiteNumber, numberOption } from './options.js';

const DEF = 7;
const MIN = 0;
const MAX = 100;
/** value, what `numberOption(value, 7, 0, 100)` reads. */
const TABLE: ReadonlyArray<readonly [unknown, number]> = [
  [15, 15],
  [15.5, 15.5],
  [' 15 ', 15],
  ['15', 15],
  ['\t42\n', 42],
  ['1e1', 10],
  ['0x10', 16],
  [0, 0],
  ['0', 0],
  [-5, MIN],
  ['-5', MIN],
  [1e9, MAX],
  ['1e9', MAX],
  ['', DEF],
  ['   ', DEF],
  ['12abc', DEF],
  ['abc', DEF],
  ['1,5', DEF],
  [NaN, DEF],
  [Infinity, DEF],
  [-Infinity, DEF],
  ['Infinity', DEF],
  [true, DEF],
  [false, DEF],
  [null, DEF],
  [undefined, DEF],
  [{}, DEF],
  [[5], DEF],
];

describe('numberOption: one reader for every numeric session option', () => {
  for (const [value, expected] of TABLE) {
    it(`${JSON.stringify(value) ?? String(value)} → ${expected}`, () => {
      expect(numberOption(value, DEF, MIN, MAX)).to.equal(expected);
      // finiteNumber is the same reading before the clamp: undefined exactly where the default is used.
      expect(finiteNumber(value) === undefined).to.equal(expected === DEF);
    });
  }

  it('every vendor reader and the hub read the same edge input alike (whitespace only: the default, as everywhere)', () => {
    const config = (options: SessionConfig['options']) => ({ vendor: 'neon', server: 's', agent: 'a', options }) as SessionConfig;
    /** Each reader on one of its options: the value read, its default, its least value. */
    const readers: ReadonlyArray<readonly [string, (v: unknown) => number, number, number]> = [
      ['catix', (v) => readCatixOptions({ requestTimeoutMs: v as never }).requestTimeoutMs, 10_000, 200],
      ['dgphone', (v) => readDGPhoneOptions({ helperHangupGraceMs: v as never }).helperHangupGraceMs, 1_500, 0],
      ['tactium', (v) => readTactiumOptions({ reconnectBaseMs: v as never }).reconnectBaseMs, 1_000, 10],
      ['neon', (v) => readNeonOptions({ ackWaitMs: v as never }).ackWaitMs, 500, 0],
      ['hub', (v) => graceOf(config({ reloadGraceMs: v as never }), 4_000), 4_000, 0],
    ];
    for (const [name, read, def, min] of readers) {
      for (const value of ['   ', '', '12abc', true, Infinity, null]) expect(read(value), `${name} ${JSON.stringify(value)}`).to.equal(def);
      expect(read(' 900 '), `${name} trimmed`).to.equal(900);
      expect(read(-3), `${name} negative`).to.equal(min);
    }
  });
});
