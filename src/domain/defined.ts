/**
 * `o` without its `undefined` fields. A vendor's mapper builds its record whole and lets this drop what the wire did
 * not carry: an absent field is no key at all, as the domain's records and the tests expect. It edits `o`: pass it a
 * fresh literal. Pure: no DOM, no Lit, no comlink.
 */
export function defined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
