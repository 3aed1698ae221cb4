import { css } from 'lit';

/**
 * Design tokens, declared with their defaults on `:host` (override them on the element or with a
 * selector that matches it). Light by default, dark with `prefers-color-scheme: dark` unless
 * `theme="light"`, and with `theme="dark"`. Every text/background pair is ≥ 4.5:1 (WCAG AA).
 */
/** The dark colour scheme, for `prefers-color-scheme: dark` and `theme="dark"` alike. */
const darkPalette = css`
  --cti-color-bg: #0d1117;
  --cti-color-fg: #e6edf3;
  --cti-color-surface: #161b22;
  --cti-color-muted: #9da7b3;
  --cti-color-border: #8b949e;
  --cti-color-accent: #4493f8;
  --cti-color-on-accent: #0d1117;
  --cti-color-danger: #ff7b72;
  --cti-color-on-danger: #0d1117;
  --cti-color-success: #3fb950;
  --cti-color-on-success: #0d1117;
  --cti-color-warning-bg: #2d2108;
  --cti-color-warning-fg: #f0b72f;
  --cti-color-error-bg: #3c1618;
  --cti-color-error-fg: #ffa198;
  --cti-color-highlight-bg: #12253f;
  --cti-color-focus: #4493f8;
`;

export const tokens = css`
  :host {
    --cti-font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
    --cti-font-size: 0.875rem;
    --cti-radius: 6px;
    --cti-space: 0.5rem;
    --cti-density: 1;
    --cti-control-height: 2.25rem;
    --cti-color-bg: #ffffff;
    --cti-color-fg: #1f2328;
    --cti-color-surface: #f6f8fa;
    --cti-color-muted: #59636e;
    --cti-color-border: #6e7781;
    --cti-color-accent: #0a58ca;
    --cti-color-on-accent: #ffffff;
    --cti-color-danger: #b42318;
    --cti-color-on-danger: #ffffff;
    --cti-color-success: #146c2e;
    --cti-color-on-success: #ffffff;
    --cti-color-warning-bg: #fff4e5;
    --cti-color-warning-fg: #7a2e0e;
    --cti-color-error-bg: #fdecea;
    --cti-color-error-fg: #b42318;
    --cti-color-highlight-bg: #eaf2ff;
    --cti-color-focus: #0a58ca;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${darkPalette}
    }
  }
  :host([theme='dark']) {
    ${darkPalette}
  }
`;

/** The declarations that hide a box from the eye but not from assistive technology (`.visually-hidden`). */
export const visuallyHidden = css`
  position: absolute;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip: rect(0 0 0 0);
  clip-path: inset(50%);
  white-space: nowrap;
`;

/** Shared layout and controls. */
export const base = css`
  :host {
    --_gap: calc(var(--cti-space) * var(--cti-density));
    display: block;
    box-sizing: border-box;
    container-type: inline-size;
    min-width: 0;
    font-family: var(--cti-font-family);
    font-size: var(--cti-font-size);
    line-height: 1.4;
    color: var(--cti-color-fg);
    background: var(--cti-color-bg);
    border-radius: var(--cti-radius);
    padding: var(--_gap);
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  [part~='base'] {
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
  }
  h2,
  h3 {
    font-size: 1em;
    margin: 0;
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
  }
  button {
    min-height: var(--cti-control-height);
    min-width: var(--cti-control-height);
    padding: 0 calc(var(--_gap) * 1.5);
    border: 1px solid var(--cti-color-border);
    border-radius: var(--cti-radius);
    background: var(--cti-color-surface);
    color: var(--cti-color-fg);
    cursor: pointer;
  }
  button.primary {
    background: var(--cti-color-accent);
    border-color: var(--cti-color-accent);
    color: var(--cti-color-on-accent);
  }
  button.danger {
    background: var(--cti-color-danger);
    border-color: var(--cti-color-danger);
    color: var(--cti-color-on-danger);
  }
  button.success {
    background: var(--cti-color-success);
    border-color: var(--cti-color-success);
    color: var(--cti-color-on-success);
  }
  /* A control that waits or is not possible now (the reason is next to it): it must not look like an action that works. */
  button[aria-disabled='true'] {
    cursor: not-allowed;
    border-style: dashed;
    border-color: var(--cti-color-border);
    background: var(--cti-color-surface);
    color: var(--cti-color-muted);
  }
  input,
  select,
  textarea {
    min-height: var(--cti-control-height);
    width: 100%;
    min-width: 0;
    padding: 0 var(--_gap);
    border: 1px solid var(--cti-color-border);
    border-radius: var(--cti-radius);
    background: var(--cti-color-bg);
  }
  textarea {
    padding: var(--_gap);
    min-height: calc(var(--cti-control-height) * 2);
  }
  :focus-visible {
    outline: 3px solid var(--cti-color-focus);
    outline-offset: 2px;
  }
  label {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_gap) / 2);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gap);
    align-items: center;
  }
  .muted {
    color: var(--cti-color-muted);
  }
  .visually-hidden {
    ${visuallyHidden}
  }
  [part~='connection'] {
    padding: var(--_gap);
    border-radius: var(--cti-radius);
    background: var(--cti-color-warning-bg);
    color: var(--cti-color-warning-fg);
  }
  [part~='connection']:empty {
    display: none;
  }
  [part~='error'] {
    display: flex;
    gap: var(--_gap);
    align-items: flex-start;
    padding: var(--_gap);
    border-radius: var(--cti-radius);
    border: 1px solid var(--cti-color-error-fg);
    background: var(--cti-color-error-bg);
    color: var(--cti-color-error-fg);
  }
  [part~='error-text'] {
    flex: 1;
    overflow-wrap: anywhere;
  }
  [part~='error-dismiss'] {
    background: transparent;
    color: inherit;
    border-color: currentColor;
    padding: 0;
  }
  .timer {
    font-variant-numeric: tabular-nums;
  }
`;

/** An element nested in another element's shadow root: no card padding or background of its own. */
export const nested = css`
  :host {
    padding: 0;
    background: transparent;
  }
`;

/** A `<details>` whose `<summary>` is a bold flex row with a ▸ / ▾ marker (call data, recent calls). Each sets its own height and gap. */
export const disclosure = css`
  summary {
    cursor: pointer;
    display: flex;
    align-items: center;
    font-weight: 600;
  }
  summary::before {
    content: '▸';
  }
  details[open] > summary::before {
    content: '▾';
  }
  summary::-webkit-details-marker {
    display: none;
  }
`;
