/**
 * Dollar framing (Tactium IP): `<field><field>...$`. Pure.
 *
 * - A message starts at `<` and ends at the first `$` outside angle brackets: `<jose><L><ON>$`.
 *   Inside a field everything up to `>` is text (`$`, `<`, `=`, `;`, `/`, `:`, `\`); fields may be empty.
 * - Whitespace and line breaks between messages are ignored; text between fields stays in `raw`
 *   but is not a field.
 * - A `$` with nothing before it (`$$` after a message, a stray `$` between messages) ends an empty message:
 *   `Empty`, which carries nothing. The seed (Tactium IP — Integração Socket, 4.12's attribute table: "\$
 *   Caracter de Finalização") makes `$` a terminator, not a message: a terminator with no fields before it
 *   terminates nothing, so a plausible server's doubled or stray `$` is noise, never a reply (our assumption:
 *   the seed shows no message without fields). The consumer logs it at debug and otherwise ignores it.
 * - A `$` right after a `<` (`…<id externo><$`, or `<\$`) ends the message too; the `<` opened no field. Seed 5.1's
 *   format line (`<login><A><id>…<id externo><\$`, L351) and 4.7's first example (L238) end that way, so a
 *   server written from it may send it; a field whose text starts with `$` is the price (taken as that end).
 * - Anything else between messages is `Garbage`, reported when it ends: at a `<` (the next message), at a
 *   line break, or at a `$` (kept in the text, so an unknown `ERRO$` reply surfaces whole).
 * - A message or garbage run longer than `maxChars` (its `$` not counted) is dropped, reported as one
 *   `Overflow` where it started, and framing resumes after its end.
 */
import { maxCharsOf, type FramerOptions, type Overflow } from './framing.js';

export interface DollarMessage {
  readonly kind: 'message';
  /** The bracketed fields' contents, in order. */
  readonly fields: readonly string[];
  /** The message as received, from `<` to `$` inclusive. */
  readonly raw: string;
}

/** Text outside any message (trailing blanks trimmed). */
export interface Garbage {
  readonly kind: 'garbage';
  readonly text: string;
}

/** A `$` with nothing before it (only blanks since the last message): an empty message. */
export interface Empty {
  readonly kind: 'empty';
}

export type DollarItem = DollarMessage | Garbage | Empty | Overflow;

type State = 'idle' | 'garbage' | 'field' | 'between';

const BLANK = /\s/;

export class DollarFramer {
  readonly maxChars: number;
  private state: State = 'idle';
  /** Stored characters of the current message / garbage from earlier pushes. */
  private unit = '';
  /** Characters of the current unit so far, stored or not. */
  private count = 0;
  /** The current unit overflowed: track its end, store nothing. */
  private skip = false;
  /** The field just opened: nothing in it yet. */
  private fresh = false;

  constructor(options: FramerOptions = {}) {
    this.maxChars = maxCharsOf(options);
  }

  /** Characters held for the unfinished message. */
  get buffered(): number {
    return this.unit.length;
  }

  push(text: string): DollarItem[] {
    const out: DollarItem[] = [];
    let seg = 0; // where the current unit's characters in `text` begin
    for (let i = 0; i < text.length; i++) {
      const c = text.charAt(i);
      switch (this.state) {
        case 'idle':
          if (c === '<') {
            seg = this.open('field', i, out);
          } else if (c === '$') {
            out.push({ kind: 'empty' });
          } else if (!BLANK.test(c)) {
            seg = this.open('garbage', i, out);
          }
          break;
        case 'garbage':
          if (c === '<' || c === '$' || c === '\n' || c === '\r') {
            this.close(out, text.slice(seg, c === '$' ? i + 1 : i));
            if (c === '<') seg = this.open('field', i, out);
          } else {
            this.grow(out);
          }
          break;
        case 'field':
          if (c === '$' && this.fresh) {
            this.close(out, text.slice(seg, i + 1));
            break;
          }
          if (c === '>') this.state = 'between';
          // The seed writes its terminator `\$`: `<\$` is that end too (no field starts with `\$`).
          this.fresh &&= c === '\\';
          this.grow(out);
          break;
        case 'between':
          if (c === '$') {
            this.close(out, text.slice(seg, i + 1));
          } else {
            if (c === '<') this.state = 'field';
            this.fresh = c === '<';
            this.grow(out);
          }
          break;
      }
    }
    if (this.state !== 'idle' && !this.skip) this.unit += text.slice(seg);
    return out;
  }

  /** Drop everything held (a new connection). */
  reset(): void {
    this.state = 'idle';
    this.unit = '';
    this.count = 0;
    this.skip = false;
  }

  /** Start a unit with the character at `i`; returns where it begins in the current text. */
  private open(state: 'field' | 'garbage', i: number, out: DollarItem[]): number {
    this.state = state;
    this.fresh = state === 'field';
    this.unit = '';
    this.count = 0;
    this.skip = false;
    this.grow(out);
    return i;
  }

  private grow(out: DollarItem[]): void {
    this.count++;
    if (!this.skip && this.count > this.maxChars) {
      out.push({ kind: 'overflow', limit: this.maxChars });
      this.skip = true;
      this.unit = '';
    }
  }

  private close(out: DollarItem[], tail: string): void {
    if (!this.skip) {
      const raw = this.unit + tail;
      if (this.state === 'garbage') out.push({ kind: 'garbage', text: raw.trimEnd() });
      else out.push({ kind: 'message', fields: fieldsOf(raw), raw });
    }
    this.state = 'idle';
    this.unit = '';
    this.count = 0;
    this.skip = false;
  }
}

/** The bracketed contents of a complete message. */
function fieldsOf(raw: string): string[] {
  const fields: string[] = [];
  let open = -1;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charAt(i);
    if (open < 0 && c === '<') open = i + 1;
    else if (open >= 0 && c === '>') {
      fields.push(raw.slice(open, i));
      open = -1;
    }
  }
  return fields;
}
