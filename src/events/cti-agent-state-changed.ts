import type { AgentPhase, AgentState } from '../domain/model.js';

export interface CtiAgentStateSummary {
  readonly phase: AgentPhase;
  /** The vendor's own state name. */
  readonly detail: string;
  /** Pause reason id, while paused. */
  readonly pauseReasonId?: string;
}

export interface CtiAgentStateChangedDetail {
  /** `undefined` for the first state the provider sees. */
  readonly previous: CtiAgentStateSummary | undefined;
  readonly next: CtiAgentStateSummary;
  /** The full agent state (immutable snapshot value). */
  readonly agent: AgentState;
}

/** The agent's phase, vendor detail state or pause reason changed. Dispatched by `<cti-provider>`. */
export class CtiAgentStateChangedEvent extends Event {
  readonly detail: CtiAgentStateChangedDetail;
  constructor(detail: CtiAgentStateChangedDetail) {
    super('cti-agent-state-changed', { bubbles: true, composed: true });
    this.detail = detail;
  }
}

declare global {
  interface HTMLElementEventMap {
    'cti-agent-state-changed': CtiAgentStateChangedEvent;
  }
}
