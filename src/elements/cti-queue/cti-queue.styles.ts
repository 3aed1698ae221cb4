import { css } from 'lit';

export const queueStyles = css`
  [part~='queue-list'] {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: var(--_gap);
  }
  [part~='queue'] {
    padding: var(--_gap);
    border: 1px solid var(--cti-color-border);
    border-radius: var(--cti-radius);
    background: var(--cti-color-surface);
  }
  [part~='queue'][data-waiting='true'] {
    border-inline-start: 4px solid var(--cti-color-accent);
  }
  [part~='queue-name'] {
    overflow-wrap: break-word;
  }
  [role='heading'] {
    font-weight: bold;
  }
  [part~='queue-stats'] {
    display: grid;
    grid-template-columns: minmax(0, 1fr) max-content;
    gap: 0 var(--_gap);
    margin: calc(var(--_gap) / 2) 0;
  }
  [part~='queue-stats'] dt {
    color: var(--cti-color-muted);
  }
  [part~='queue-stats'] dd {
    margin: 0;
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  [part~='queue-updated'] {
    margin: 0;
    font-size: 0.9em;
  }
  [part~='empty'],
  [part~='queue-names'] {
    margin: 0;
  }
  @container (min-width: 560px) {
    [part~='queue-list'] {
      grid-template-columns: repeat(auto-fill, minmax(240px, 1fr));
    }
  }
`;
