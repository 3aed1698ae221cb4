/**
 * The one reader of a numeric session option (`config.options`, which a host page fills from attributes or JSON:
 * a number, or its text). Used by Catix, DGPhone, Tactium, NEON and the hub's `reloadGraceMs`; Interact keeps its
 * stricter pattern reader (`interact/codec.ts` `num`). Pure: no DOM, no clock.
 *
 * | value                                                    | `finiteNumber` | `numberOption(v, def, min, max)` |
 * |----------------------------------------------------------|----------------|----------------------------------|
 * | a finite number: `15`, `-5`, `1e9`                       | itself         | clamped to `[min, max]`          |
 * | a string `Number` reads once trimmed: `' 15 '`, `'-5'`,  | that number    | clamped to `[min, max]`          |
 * | `'1e3'`, `'0x10'` (16)                                   |                |                                  |
 * | `''`, `'  '` (whitespace only), `'12abc'`, `'abc'`,      | `undefined`    | `def`                            |
 * | `NaN`, `Infinity`, `'Infinity'`, `true`, `false`, `null`,|                |                                  |
 * | `undefined`, an object, an array                         |                |                                  |
 *
 * A wrong value is never an error: the session starts with the default (a bound for one out of range).
 */
export function finiteNumber(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/**
 * A numeric option: `v` read by `finiteNumber`, else `def`; clamped to `[min, max]` (see the table above). `def` is
 * clamped too: a default out of its bounds (the hub's `reloadGraceMs` fallback is the hub's own option) is the bound.
 */
export function numberOption(v: unknown, def: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, finiteNumber(v) ?? def));
}
