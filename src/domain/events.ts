/**
 * Domain events: what adapters report, already mapped from the wire.
 * The session store folds them into a `SessionSnapshot` through the agent and call state machines.
 * Pure: no DOM, no Lit, no comlink.
 */
import type {
  AgentPhase,
  Call,
  CallDirection,
  CallState,
  Classification,
  ConnectionStatus,
  CtiError,
  Line,
  Notice,
  Party,
  PauseInfo,
  PauseReason,
  QueueStats,
  TeamMember,
  Timestamp,
  TransferTarget,
} from './model.js';

/** A call as the vendor reports it (the call machine derives `state` transitions and `actions`). */
export interface CallReport {
  readonly id: string;
  readonly direction?: CallDirection;
  readonly remote?: readonly Party[];
  readonly service?: string;
  readonly mustAccept?: boolean;
  readonly permissions?: readonly ('consult' | 'transfer' | 'conference')[];
  readonly data?: Readonly<Record<string, string>>;
  readonly consultationId?: string;
  readonly consultationOf?: string;
  readonly conferenceOwner?: string;
  readonly lineId?: string;
  /** Vendor call-state name. */
  readonly detail?: string;
  /** Seconds the call has lasted, when the vendor says (lets a resync restore the timer). */
  readonly durationSeconds?: number;
  /**
   * The call's state, when the vendor says. Used by `snapshot` (a resync must know whether a call is
   * ringing, active or held); the other events imply the state. Absent in a snapshot: `active`.
   */
  readonly state?: CallState;
}

/** The agent as the vendor reports it. */
export interface AgentReport {
  readonly phase: AgentPhase;
  readonly detail: string;
  /** When the current phase began, when the vendor says (Catix `tempo`): a resync keeps the timer right. */
  readonly since?: Timestamp;
  readonly agentId?: string;
  readonly extension?: string;
  readonly pause?: PauseInfo;
  readonly pendingPause?: PauseInfo;
  readonly changedBy?: string;
}

export type DomainEvent =
  | { readonly type: 'connection'; readonly status: ConnectionStatus; readonly attempt?: number; readonly retryAt?: Timestamp }
  /** Authoritative resync after every (re)connect: replaces agent and calls, never merges. */
  | { readonly type: 'snapshot'; readonly agent: AgentReport; readonly calls: readonly CallReport[] }
  | { readonly type: 'agent'; readonly agent: AgentReport }
  | { readonly type: 'logged-in'; readonly agentId: string; readonly extension?: string }
  | { readonly type: 'logged-out' }
  /** A call offered to the agent (inbound ringing). */
  | { readonly type: 'call-offered'; readonly call: CallReport }
  /** A call the agent generated (outbound dialing). */
  | { readonly type: 'call-dialing'; readonly call: CallReport }
  /** Answered / connected. */
  | { readonly type: 'call-answered'; readonly call: CallReport }
  | { readonly type: 'call-held'; readonly call: CallReport }
  | { readonly type: 'call-retrieved'; readonly call: CallReport }
  /** A consultation call was made from `call.id`; the consultation is reported as its own call. */
  | { readonly type: 'call-consulting'; readonly call: CallReport; readonly consultation?: CallReport }
  /** The call was transferred: `previousId` leaves, `call` (new id) may stay with this agent or not. */
  | {
      readonly type: 'call-transferred';
      readonly previousId: string;
      readonly call?: CallReport;
      readonly stays: boolean;
      /** Who the call went to (agent, extension or number), when known: the ended call shows it. */
      readonly to?: string;
    }
  | { readonly type: 'call-conference'; readonly call: CallReport; readonly replaces?: readonly string[] }
  /** The voice part ended; wrap-up and/or classification may follow. */
  | {
      readonly type: 'call-released';
      readonly callId: string;
      readonly mustClassify?: boolean;
      readonly classifySeconds?: number;
      readonly wrapUpSeconds?: number;
    }
  /** The interaction is over (after any wrap-up). */
  | { readonly type: 'call-ended'; readonly callId: string }
  | { readonly type: 'call-data'; readonly callId: string; readonly data: Readonly<Record<string, string>> }
  /** Any other change to a known call (remote party, detail...). */
  | { readonly type: 'call-updated'; readonly call: CallReport }
  | { readonly type: 'lines'; readonly lines: readonly Line[] }
  | { readonly type: 'pause-reasons'; readonly reasons: readonly PauseReason[] }
  | { readonly type: 'classifications'; readonly classifications: readonly Classification[] }
  /** Queue statistics; `replace` drops queues not listed, otherwise listed fields merge. */
  | { readonly type: 'queues'; readonly queues: readonly Partial<QueueStats>[]; readonly replace?: boolean }
  | { readonly type: 'transfer-targets'; readonly targets: readonly TransferTarget[] }
  /** A vendor announcement (kept until dismissed; an event with a known `id` replaces it). */
  | { readonly type: 'notice'; readonly notice: Omit<Notice, 'at'> & { readonly at?: Timestamp } }
  | { readonly type: 'notice-dismissed'; readonly id: string }
  /**
   * Supervisor feed: members merge by `agentId` (listed fields replace; `call: null` clears the call);
   * `replace` drops members not listed.
   */
  | {
      readonly type: 'team';
      readonly members: readonly (Partial<Omit<TeamMember, 'call'>> & {
        readonly agentId: string;
        readonly call?: TeamMember['call'] | null;
      })[];
      readonly replace?: boolean;
    }
  | { readonly type: 'error'; readonly error: CtiError };

export type DomainEventType = DomainEvent['type'];

export type { Call };
