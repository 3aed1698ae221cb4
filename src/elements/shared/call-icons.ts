import { html, type TemplateResult } from 'lit';
import type { CallDirection } from '../../domain/model.js';

const ARROWS: Readonly<Record<CallDirection, string>> = {
  inbound: 'M12 4 4 12M4 6v6h6',
  outbound: 'M4 12 12 4M6 4h6v6',
  unknown: 'M3 8h10',
};

/**
 * A call's direction as a small arrow (into the corner for a received call, out of it for a made one),
 * always next to the direction's word: the icon is decoration (`aria-hidden`), the word is the label.
 * A `missed` call's arrow has the class `missed` (the error colour). Drawn with `currentColor`.
 */
export function directionIcon(direction: CallDirection, missed = false): TemplateResult {
  return html`<svg class=${missed ? 'icon missed' : 'icon'} aria-hidden="true" viewBox="0 0 16 16" width="14" height="14" fill="none"
    stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"><path d=${ARROWS[direction]}></path></svg>`;
}

/** A stopwatch, before a duration (time in a state, talk time): decoration next to the number. */
export function clockIcon(): TemplateResult {
  return html`<svg class="icon" aria-hidden="true" viewBox="0 0 16 16" width="12" height="12" fill="none" stroke="currentColor"
    stroke-width="1.6"><circle cx="8" cy="9" r="5.5"></circle><path d="M8 6v3l2 1.5M6.5 1.5h3"></path></svg>`;
}
