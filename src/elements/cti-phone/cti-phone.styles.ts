import { css } from 'lit';

export const phoneStyles = css`
  [part~='dialer'] {
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
  }
  [part~='dial-hint'] {
    margin: 0;
    padding: calc(var(--_gap) / 2) var(--_gap);
    border-radius: var(--cti-radius);
    background: var(--cti-color-warning-bg);
    color: var(--cti-color-warning-fg);
  }
  .number-row {
    display: flex;
    gap: var(--_gap);
    align-items: flex-end;
  }
  .number-row label {
    flex: 1;
  }
  [part~='dialpad'],
  [part~='dtmf-pad'] {
    display: grid;
    grid-template-columns: repeat(3, 1fr);
    gap: calc(var(--_gap) / 2);
  }
  [part~='dialpad-key'],
  [part~='dtmf-key'] {
    font-variant-numeric: tabular-nums;
    font-size: 1.1em;
  }
  [part~='calls'] {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
  }
  [part~='notices'] {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  [part~='call'],
  [part~='notice-card'],
  [part~='dialer-tools'] {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_gap) / 2);
    padding: var(--_gap);
    border: 1px solid var(--cti-color-border);
    border-radius: var(--cti-radius);
    background: var(--cti-color-surface);
  }
  [part~='call'][data-state='ringing'],
  [part~='notice-card'] {
    border-width: 2px;
    border-color: var(--cti-color-success);
    background: var(--cti-color-highlight-bg);
  }
  [part~='call-selected'] {
    outline: 2px solid var(--cti-color-accent);
  }
  [part~='call'][data-state='held'],
  [part~='call'][data-state='ended'] {
    color: var(--cti-color-muted);
  }
  .call-head {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_gap) / 2) var(--_gap);
    align-items: baseline;
  }
  [part~='caller'] {
    font-weight: 600;
    overflow-wrap: anywhere;
    flex: 1 1 auto;
  }
  .nowrap {
    white-space: nowrap;
  }
  /* The state and its timer wrap as one unit (never the timer alone on a line). */
  .state-timer {
    display: inline-flex;
    flex-wrap: wrap;
    gap: 0 var(--_gap);
    align-items: baseline;
  }
  [part~='caller']:has(+ [part~='copy-button']) {
    flex-grow: 0;
  }
  [part~='copy-button'] {
    margin-inline-end: auto;
    min-height: 1.75rem;
    min-width: 1.75rem;
    padding: 0;
    display: inline-grid;
    place-items: center;
    align-self: center;
  }
  [part~='copy-button'] svg {
    fill: none;
    stroke: currentColor;
    stroke-width: 1.3;
  }
  [part~='call'].compact {
    padding: calc(var(--_gap) / 2) var(--_gap);
  }
  [part~='call-consultation'] {
    color: var(--cti-color-muted);
  }
  [part~='call-actions'] button,
  .dial-row button {
    flex: 1 1 auto;
  }
  [part~='form-error'],
  [part~='notice'],
  [part~='copy-status'] {
    margin: 0;
  }
  [part~='copy-status'] {
    color: var(--cti-color-muted);
    overflow-wrap: anywhere;
  }
  [part~='form-error'] {
    color: var(--cti-color-error-fg);
  }
  @container (min-width: 560px) {
    [part~='dialer'] {
      max-width: 360px;
    }
    [part~='lines'] {
      grid-template-columns: repeat(3, minmax(0, 1fr));
    }
  }
  [part~='notice']:empty,
  [part~='copy-status']:empty {
    display: none;
  }
`;
