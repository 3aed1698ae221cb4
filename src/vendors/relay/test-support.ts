/**
 * Test helpers for the relay layer (imported by `*.test.ts` only): a seeded PRNG and the ways of
 * cutting a stream into pieces that the framing tests compare.
 */

/** mulberry32: a small, seeded, reproducible PRNG returning floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cut `whole` (a string or bytes) into pieces of random length 1..maxPiece. */
export function randomSplits<T extends string | Uint8Array>(whole: T, rand: () => number, maxPiece = 8): T[] {
  const pieces: T[] = [];
  for (let i = 0; i < whole.length; ) {
    const n = 1 + Math.floor(rand() * maxPiece);
    pieces.push(whole.slice(i, i + n) as T);
    i += n;
  }
  return pieces;
}

/** One piece per element (one byte, or one UTF-16 unit — splitting surrogate pairs too). */
export function oneByOne<T extends string | Uint8Array>(whole: T): T[] {
  return randomSplits(whole, () => 0, 1);
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Random bytes, length 0..maxLength, biased towards `bias` bytes when given. */
export function randomBytes(rand: () => number, maxLength: number, bias: readonly number[] = []): Uint8Array {
  const out = new Uint8Array(Math.floor(rand() * (maxLength + 1)));
  for (let i = 0; i < out.length; i++) {
    out[i] = bias.length > 0 && rand() < 0.5 ? bias[Math.floor(rand() * bias.length)] ?? 0 : Math.floor(rand() * 256);
  }
  return out;
}

/** Anything with `push(text): T[]`. */
export interface Pushable<T> {
  push(text: string): T[];
  readonly buffered: number;
  readonly maxChars: number;
}

/** Feed `pieces` in order and collect the output; asserts the buffer bound after every piece. */
export function feed<T>(framer: Pushable<T>, pieces: readonly string[]): T[] {
  const out: T[] = [];
  for (const piece of pieces) {
    out.push(...framer.push(piece));
    if (framer.buffered > framer.maxChars) throw new Error(`buffer ${framer.buffered} > limit ${framer.maxChars}`);
  }
  return out;
}

/**
 * Bytes → text through a UTF-8 `TextDecoder` in stream mode, one decoded piece per byte piece
 * (so a framer sees the text in the same pieces a relay connection would hand it).
 */
export function decodePieces(pieces: readonly Uint8Array[]): string[] {
  const d = new TextDecoder('utf-8');
  return [...pieces.map((p) => d.decode(p, { stream: true })), d.decode()];
}

/**
 * The split-invariance check: the whole text at once, one UTF-16 unit at a time, one byte at a time
 * through the decoder, and `rounds` seeded random byte splits all give the same items.
 */
export function splitInvariant<T>(make: () => Pushable<T>, text: string, seed: number, rounds = 20): T[] {
  const whole = feed(make(), [text]);
  const variants: [string, string[]][] = [
    ['one unit at a time', oneByOne(text)],
    ['one byte at a time', decodePieces(oneByOne(utf8(text)))],
  ];
  const rand = prng(seed);
  for (let i = 0; i < rounds; i++) variants.push([`random split #${i} (seed ${seed})`, decodePieces(randomSplits(utf8(text), rand, 7))]);
  for (const [name, pieces] of variants) {
    const got = JSON.stringify(feed(make(), pieces));
    if (got !== JSON.stringify(whole)) throw new Error(`${name}: ${got} ≠ ${JSON.stringify(whole)}`);
  }
  return whole;
}

/**
 * Milliseconds one call of `f` takes, the best of three rounds of repeated calls (each round at least
 * `roundMs`): stable enough for ratios even when a call takes microseconds, and under a loaded machine.
 */
export function perCall(f: () => void, roundMs = 8): number {
  f(); // warm up (JIT, lazy compilation of regular expressions)
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    let count = 0;
    let elapsed = 0;
    const start = performance.now();
    do {
      f();
      count++;
      elapsed = performance.now() - start;
    } while (elapsed < roundMs);
    best = Math.min(best, elapsed / count);
  }
  return best;
}

/**
 * How the cost grows from input size `n` to `8n`: `perCall(work(8n)) / perCall(work(n))`. Linear work gives
 * ~8, quadratic ~64; tests allow a fixed factor between (`LINEAR_FACTOR`), wide enough for a loaded machine.
 * Each size is measured twice, in turn, the best kept: the first `8n` round of a cold parser ran before the JIT had
 * optimised it (measured: 8N/N 35–45 for the linear Tactium framer on a fresh Node, 8 once it was warm).
 */
export function growth(work: (n: number) => () => void, n: number): number {
  const small = work(n);
  const big = work(8 * n);
  let s = Infinity;
  let b = Infinity;
  for (let round = 0; round < 2; round++) {
    s = Math.min(s, perCall(small));
    b = Math.min(b, perCall(big));
  }
  return b / s;
}

/** The ratio a linear-time check allows for 8× the input (linear ≈ 8, quadratic ≈ 64). */
export const LINEAR_FACTOR = 24;
