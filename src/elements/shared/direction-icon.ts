import { html, nothing, svg, type TemplateResult } from 'lit';
import type { CallDirection } from '../../domain/model.js';

const ARROWS: Readonly<Record<CallDirection, string>> = {
  inbound: 'M12 4 4 12M4 6v6h6',
  outbound: 'M4 12 12 4M6 4h6v6',
  unknown: 'M3 8h10',
};

/**
 * A call's direction as a small arrow (into the corner for a received call, out of it for a made one),
 * always next to the direction's word: the icon is decoration (`aria-hidden`), the word is the label.
 * `missed` adds a cross. Drawn with `currentColor`, so it follows the text's colour and the theme.
 */
export function directionIcon(direction: CallDirection, missed = false): TemplateResult {
  return html`<svg class="direction-icon" aria-hidden="true" viewBox="0 0 16 16" width="14" height="14" fill="none" stroke="currentColor"
    stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"><path d=${ARROWS[direction]}></path>${missed
      ? svg`<path d="M1.5 1.5l3.5 3.5m0-3.5-3.5 3.5"></path>`
      : nothing}</svg>`;
}
