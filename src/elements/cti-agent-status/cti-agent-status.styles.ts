import { css } from 'lit';

export const agentStatusStyles = css`
  form {
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
  }
  [part~='state'] {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_gap) / 2) var(--_gap);
    align-items: baseline;
    padding: var(--_gap);
    border-radius: var(--cti-radius);
    border-inline-start: 4px solid var(--cti-color-border);
    background: var(--cti-color-surface);
  }
  [part~='state'][data-phase='ready'] {
    border-inline-start-color: var(--cti-color-success);
  }
  [part~='state'][data-phase='paused'],
  [part~='state'][data-phase='after-call'] {
    border-inline-start-color: var(--cti-color-accent);
  }
  [part~='state-failure'] {
    border-inline-start-color: var(--cti-color-danger);
    background: var(--cti-color-error-bg);
    color: var(--cti-color-error-fg);
  }
  [part~='state-label'] {
    font-weight: 600;
  }
  [part~='elapsed'] {
    margin-inline-start: auto;
  }
  [part~='state-detail'],
  [part~='pause-ends'] {
    flex-basis: 100%;
    overflow-wrap: anywhere;
  }
  [part~='pending-pause'],
  [part~='classify-deadline'] {
    margin: 0;
    padding: calc(var(--_gap) / 2) var(--_gap);
    border-radius: var(--cti-radius);
    background: var(--cti-color-warning-bg);
    color: var(--cti-color-warning-fg);
  }
  [part~='form-error'] {
    margin: 0;
    flex-basis: 100%;
    color: var(--cti-color-error-fg);
  }
  /* Hints and reasons are help, not errors: muted text, never the error colour. */
  [part~='sign-in-hint'],
  [part~='end-after-call-reason'] {
    margin: 0;
    flex-basis: 100%;
    color: var(--cti-color-muted);
  }
  [part~='pause-reason'] {
    overflow-wrap: anywhere;
  }
  [part~='state-label'] {
    min-width: 0;
  }
  [part~='sign-out'] {
    margin-block-start: var(--_gap);
    justify-content: flex-end;
  }
  [part~='sign-out-confirm'] {
    display: flex;
    flex-direction: column;
    gap: calc(var(--_gap) / 2);
    padding: var(--_gap);
    border-radius: var(--cti-radius);
    background: var(--cti-color-warning-bg);
    color: var(--cti-color-warning-fg);
  }
  [part~='sign-out-confirm'] p {
    margin: 0;
  }
  @container (min-width: 480px) {
    [part~='sign-in-form'] {
      flex-direction: row;
      flex-wrap: wrap;
      align-items: flex-end;
    }
    [part~='sign-in-form'] label {
      flex: 1 1 8rem;
    }
  }
`;
