/**
 * The vendor-neutral model that every element sees.
 *
 * Pure data: no DOM, no Lit, no comlink. Everything here is a plain, structured-cloneable,
 * immutable value so it can cross a MessagePort and be compared with `Object.is`.
 * Adapters map wire ↔ model; the elements never see a vendor's wire format.
 */

/** Vendors the library speaks. */
export const Vendor = {
  Interact: 'interact',
  Neon: 'neon',
  Catix: 'catix',
  DGPhone: 'dgphone',
  Tactium: 'tactium',
} as const;
export type VendorId = (typeof Vendor)[keyof typeof Vendor];

/** Milliseconds since the epoch, read from an injected clock. */
export type Timestamp = number;

/* ------------------------------------------------------------------ agent */

/**
 * The agent's phase, the vendor-neutral summary of the vendor's detail state.
 * See `agent-machine.ts` for the lifecycle diagram.
 */
export const AgentPhase = {
  LoggedOut: 'logged-out',
  Ready: 'ready',
  Paused: 'paused',
  Busy: 'busy',
  AfterCall: 'after-call',
  Unknown: 'unknown',
} as const;
export type AgentPhase = (typeof AgentPhase)[keyof typeof AgentPhase];

export type PauseTrigger = 'manual' | 'scheduled' | 'system';

export interface PauseInfo {
  /** Reason id as the vendor knows it (Interact: the pause type id used as state_id). */
  readonly reasonId: string;
  /** Reason name as the server gave it (server text: render as text). */
  readonly reasonName: string;
  readonly trigger?: PauseTrigger;
  /** A failure pause entered by the system (missed call, inactivity...). */
  readonly failure?: boolean;
  /** When a scheduled pause is due to end. */
  readonly endsAt?: Timestamp;
}

export interface AfterCallInfo {
  /** The call whose wrap-up / classification is pending. */
  readonly callId: string;
  /** The server demands a classification before the agent can go on. */
  readonly mustClassify: boolean;
  /** Deadline for classification, when the server gave one. */
  readonly classifyBy?: Timestamp;
  /** Deadline for wrap-up, when the server gave one. */
  readonly wrapUpBy?: Timestamp;
}

export interface AgentState {
  readonly phase: AgentPhase;
  /** When the current phase was entered (drives the elapsed-time display). */
  readonly since: Timestamp;
  /** Agent login name, once known. */
  readonly agentId?: string;
  /** Extension / branch the agent is logged in on. */
  readonly extension?: string;
  /** The vendor's own state name (e.g. Interact `ready_free`, `timeout_fail_pause`). */
  readonly detail: string;
  /** Set while phase is `paused`. */
  readonly pause?: PauseInfo;
  /** A pause requested while busy, entered when the calls end (Interact `pre_pause`). */
  readonly pendingPause?: PauseInfo;
  /** Set while phase is `after-call`, and while a classification is still owed. */
  readonly afterCall?: AfterCallInfo;
  /** Who made the last change: the agent, a supervisor's login or `system`. */
  readonly changedBy?: string;
}

export interface PauseReason {
  readonly id: string;
  readonly name: string;
  /** The vendor demands a free-text note with this reason (Catix `exigeObs`). */
  readonly requiresNote?: boolean;
  /** Maximum minutes per entry, when the vendor says (0 or absent: no limit). */
  readonly maxMinutes?: number;
}

export interface Classification {
  readonly id: string;
  readonly name: string;
  /** `general`, `inbound`, `outbound` or a service name (Interact). */
  readonly scope?: string;
}

/* ------------------------------------------------------------------- call */

/**
 * A call's state. See `call-machine.ts` for the lifecycle diagram.
 * - `dialing`: the agent generated it, the far end has not answered.
 * - `ringing`: offered to the agent, not yet answered.
 * - `active`: talking.
 * - `held`: on hold (by this agent, or as the original of a consultation).
 * - `conference`: in a conference.
 * - `wrap-up`: the voice part ended; after-call work / classification is pending.
 * - `ended`: finished; kept briefly so the UI can show it ended, then removed.
 */
/**
 * The `detail` of a call the vendor's automatic dialer placed (Catix, Tactium `<A>` with a dialer item): the hub pops
 * the screen for it as for an inbound call, and `<cti-phone>` offers the dialer tools (outcome, callback) under it.
 */
export const DIALER_CALL = 'dialer';

export const CallState = {
  Dialing: 'dialing',
  Ringing: 'ringing',
  Active: 'active',
  Held: 'held',
  Conference: 'conference',
  WrapUp: 'wrap-up',
  Ended: 'ended',
} as const;
export type CallState = (typeof CallState)[keyof typeof CallState];

export type CallDirection = 'inbound' | 'outbound' | 'unknown';

/** The actions that are possible on a call right now (capabilities ∩ call state ∩ server permissions). */
export interface CallActions {
  readonly answer: boolean;
  readonly reject: boolean;
  readonly hangup: boolean;
  readonly hold: boolean;
  readonly retrieve: boolean;
  readonly consult: boolean;
  readonly transfer: boolean;
  readonly conference: boolean;
  readonly dtmf: boolean;
  readonly associateData: boolean;
}

export interface Party {
  /** A number a person can read (digits, extension), or a name for chat. */
  readonly number: string;
  readonly name?: string;
}

export interface Call {
  readonly id: string;
  readonly direction: CallDirection;
  readonly state: CallState;
  /** The other side; in a conference, every other participant. */
  readonly remote: readonly Party[];
  /** When the call appeared (offered or dialled). */
  readonly startedAt: Timestamp;
  /** When the call was answered (drives the talk timer). */
  readonly answeredAt?: Timestamp;
  readonly endedAt?: Timestamp;
  /** Service / queue / campaign the call came through. */
  readonly service?: string;
  /** The agent must explicitly accept it (Interact `must_accept`). */
  readonly mustAccept: boolean;
  /** Server permissions for this call (Interact `permissions`), when the vendor sends them. */
  readonly permissions?: readonly ('consult' | 'transfer' | 'conference')[];
  /** Associated data (CRM keys, dialer contact data...). Server text: render as text. */
  readonly data: Readonly<Record<string, string>>;
  /** Id of the consultation call made from this one. */
  readonly consultationId?: string;
  /** Id of the call this one is a consultation of. */
  readonly consultationOf?: string;
  /** Conference owner, when in conference. */
  readonly conferenceOwner?: string;
  /** The call ended because it was transferred to this agent, extension or number. */
  readonly transferredTo?: string;
  /** The line the call is on, for multi-line vendors. */
  readonly lineId?: string;
  /** The vendor's own call state name. */
  readonly detail: string;
  /** What the agent can do with it now (computed by the call machine). */
  readonly actions: CallActions;
}

/* ------------------------------------------------------------------- line */

export interface Line {
  readonly id: string;
  /** Human label ("1".."6"). */
  readonly label: string;
  readonly state: 'idle' | 'busy' | 'ringing' | 'held' | 'unknown';
  readonly selected: boolean;
  readonly callId?: string;
}

/* ------------------------------------------------------------------ queue */

export interface QueueStats {
  readonly id: string;
  readonly name: string;
  /** Calls waiting now. */
  readonly waiting?: number;
  /** Longest current wait, in seconds. */
  readonly longestWaitSeconds?: number;
  readonly agentsReady?: number;
  readonly agentsBusy?: number;
  readonly agentsPaused?: number;
  readonly handled?: number;
  readonly abandoned?: number;
  /** When the vendor last updated these numbers. */
  readonly updatedAt: Timestamp;
}

/* --------------------------------------------------------------- transfer */

/** A destination the vendor offers for transfers (Catix `BUSCAR_OPCOES_TRANSFERENCIA`). Server text. */
export interface TransferTarget {
  readonly id: string;
  readonly name: string;
}

/* ----------------------------------------------------------------- notice */

/**
 * Something the vendor announces that is not a call yet (Catix `SCHEDULED_CALL_COMING`). Kept in the
 * snapshot (newest last, bounded) until dismissed with the `dismiss-notice` command.
 */
export interface Notice {
  /** Unique within the session (vendor id when it has one). */
  readonly id: string;
  readonly kind: 'scheduled-call';
  readonly at: Timestamp;
  /** When the announced thing is due, when the vendor says. */
  readonly dueAt?: Timestamp;
  /** The vendor's fields (scheduling id, contact...). Server text: render as text. */
  readonly data: Readonly<Record<string, string>>;
}

/* ------------------------------------------------------------------- team */

/**
 * One agent as a supervisor feed reports it (Catix multi-user events, Tactium `ADMSOCKET`).
 * Filled only in a session whose `options.role` is `supervisor`.
 */
export interface TeamMember {
  readonly agentId: string;
  /** Display name, when the vendor gives one. Server text. */
  readonly name?: string;
  readonly phase: AgentPhase;
  /** The vendor's own state name or pause reason. Server text. */
  readonly detail: string;
  /** When the member entered `phase`. */
  readonly since: Timestamp;
  /** The agent's current call, if any. */
  readonly call?: {
    readonly id: string;
    readonly direction: CallDirection;
    /** The other side's number. Server text. */
    readonly number: string;
    readonly since: Timestamp;
    readonly service?: string;
  };
  readonly extension?: string;
  readonly updatedAt: Timestamp;
}

/* ------------------------------------------------------------- capability */

/**
 * A login form field the vendor needs. `domain`: the SIP proxy `host:port` (NEON `sipregister`),
 * prefilled from the `sipDomain` option.
 */
export type LoginField = 'agent' | 'password' | 'extension' | 'domain';

/**
 * What a vendor can do. A capability the vendor lacks is absent from the UI, never faked.
 */
export interface Capabilities {
  readonly vendor: VendorId;
  /**
   * `agent`: the session is an agent's (the default). `supervisor`: a supervisor session (`options.role`,
   * Catix multi-user, Tactium `ADMSOCKET`) watches every agent (`team`) and acts as none: every agent
   * and call capability is off.
   */
  readonly role: 'agent' | 'supervisor';
  /**
   * What signing in means: `agent` — an agent session on the contact-center server (ready, pause...);
   * `sip` — registering a SIP account on a softphone (NEON): phase `ready` reads "registered",
   * `logged-out` "not registered".
   */
  readonly signIn: 'agent' | 'sip';
  readonly loginFields: readonly LoginField[];
  /** Agent ready / pause. */
  readonly agentStates: boolean;
  readonly pauseReasons: boolean;
  readonly afterCallEnd: boolean;
  readonly classify: boolean;
  readonly dial: boolean;
  /** `always`: every offered call must be answered from the UI; `when-required`: only when the server says so. */
  readonly answer: 'always' | 'when-required' | 'never';
  readonly reject: boolean;
  readonly hangup: boolean;
  readonly hold: boolean;
  readonly consult: boolean;
  readonly transfer: boolean;
  readonly conference: boolean;
  readonly dtmf: boolean;
  readonly associateData: boolean;
  /** Number of lines (1 for vendors with one call; more for DGPhone). */
  readonly lines: number;
  readonly maxCalls: number;
  readonly queues: boolean;
  /** The softphone has a window of its own the widget can show or hide (NEON `showui`). */
  readonly softphoneWindow: boolean;
  /** Redial the agent's last number (Catix `REDISCAR`). */
  readonly redial: boolean;
  /** The vendor lists transfer destinations (`transferTargets` in the snapshot). */
  readonly transferTargets: boolean;
  /**
   * Dialing takes a service / campaign: `none` — never; `optional`; `required` — the vendor needs one
   * (Tactium `<A><ddd><phone><service>`).
   */
  readonly dialService: 'none' | 'optional' | 'required';
  /** The service / campaign the vendor dials with when none is given (Tactium `options.defaultService`). */
  readonly defaultService?: string;
  /** Dialer call outcomes the agent can report (Tactium `<C><S><state>`); empty: none. Wire values. */
  readonly dialerOutcomes: readonly string[];
  /** The agent can schedule a callback for a dialer contact (Tactium `<TR>`). */
  readonly scheduleCallback: boolean;
  /** A supervisor session (`options.role: 'supervisor'`) gets every agent's state and calls (`team`). */
  readonly team: boolean;
}

/* ------------------------------------------------------------- connection */

export const ConnectionStatus = {
  Idle: 'idle',
  Connecting: 'connecting',
  Connected: 'connected',
  Reconnecting: 'reconnecting',
  /** The vendor server answers but its back-end is down (Interact 503 / on_server_state_change). */
  ServerDown: 'server-down',
  Closed: 'closed',
} as const;
export type ConnectionStatus = (typeof ConnectionStatus)[keyof typeof ConnectionStatus];

/**
 * How this tab reaches the connection: the shared hub worker (one connection per top-level site), the
 * leader tab's hub or a follower of it (no SharedWorker here), or `single-tab`: this tab runs its own hub
 * and its own vendor connection (Web Locks refused, e.g. a cross-site iframe that may not use storage).
 */
export type HubMode = 'shared-worker' | 'leader-tab' | 'follower-tab' | 'single-tab' | 'in-page';

export interface ConnectionInfo {
  readonly status: ConnectionStatus;
  readonly since: Timestamp;
  /** Reconnection attempt number while reconnecting. */
  readonly attempt?: number;
  /** When the next attempt is due. */
  readonly retryAt?: Timestamp;
  /** Which hub this tab reaches the connection through (set by the page side, so per tab). */
  readonly hubMode?: HubMode;
}

/* ----------------------------------------------------------------- errors */

export const ErrorCode = {
  /** No network path to the server (fetch rejected, socket refused). */
  Network: 'network',
  /** HTTP 503 / the vendor's back-end is disconnected. */
  ServerUnavailable: 'server-unavailable',
  /** HTTP 400 or a vendor "invalid data" reply. */
  BadRequest: 'bad-request',
  /** HTTP 403. */
  Forbidden: 'forbidden',
  /** HTTP 404 or vendor `not_found`. */
  NotFound: 'not-found',
  /** No answer in time. */
  Timeout: 'timeout',
  /** A frame that could not be parsed. */
  MalformedFrame: 'malformed-frame',
  /** An event name the adapter does not know. */
  UnknownEvent: 'unknown-event',
  /** Wrong credentials / login refused. */
  AuthFailed: 'auth-failed',
  /** The vendor says the command failed. */
  CommandFailed: 'command-failed',
  /** No privilege. */
  CommandDenied: 'command-denied',
  NoLicense: 'no-license',
  /** Rate limited (Interact `unsafe_request`). */
  RateLimited: 'rate-limited',
  /** Unknown agent/service/event in a subscription. */
  InvalidItem: 'invalid-item',
  /** A required field was missing. */
  MissingData: 'missing-data',
  DuplicatedNumber: 'duplicated-number',
  /** Command issued while not connected: fails fast, never queued. */
  NotConnected: 'not-connected',
  /** The vendor has no such operation. */
  Unsupported: 'unsupported',
  /** The command is not possible in the current state (e.g. hold a ringing call). */
  InvalidState: 'invalid-state',
  /** The hub did not answer / is gone. */
  HubUnavailable: 'hub-unavailable',
  /** The connection was lost. */
  ConnectionLost: 'connection-lost',
  /** The softphone on this computer does not answer (NEON not running, or its WebSocket disabled). */
  SoftphoneUnavailable: 'softphone-unavailable',
  /** The relay (websockify) does not answer, or refused this widget's token (it looks the same). */
  RelayUnavailable: 'relay-unavailable',
  /** The relay answered but could not reach the vendor server behind it (websockify closes 1011). */
  VendorUnreachable: 'vendor-unreachable',
  /** The vendor's keep-alive stopped (Catix `KEEP_ALIVE`, DGPhone `DGTimeStamp`): the link is dead. */
  KeepAliveLost: 'keep-alive-lost',
  /** The softphone is not registered with the SIP proxy (NEON 601): register first. */
  NotRegistered: 'not-registered',
  /** The SIP registration was refused, expired, cancelled or failed. */
  RegistrationFailed: 'registration-failed',
  /**
   * The page was reloaded and the browser ended the hub with it: the new connection could not learn again
   * what was on screen before (a signed-in agent, a call) because the vendor cannot be asked.
   */
  StateLost: 'state-lost',
  /**
   * The hub refused this page a session another page opened: it did not present that session's secret
   * (a page of another origin reaching the hub). Nothing of the session is revealed.
   */
  SessionDenied: 'session-denied',
  Internal: 'internal',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** A typed, visible error. `code` selects the translated message; `detail` is server text (render as text). */
export interface CtiError {
  readonly code: ErrorCode;
  readonly at: Timestamp;
  /** The command or operation that failed (`dial`, `login`, `channel`...). */
  readonly operation?: string;
  readonly httpStatus?: number;
  /** The vendor's error code (`command_failed`, `600`...). */
  readonly vendorCode?: string;
  /** The vendor's message or a technical detail. Server text: render as text, never as HTML. */
  readonly detail?: string;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogEntry {
  readonly at: Timestamp;
  readonly level: LogLevel;
  readonly message: string;
  readonly code?: ErrorCode;
}

/* --------------------------------------------------------------- snapshot */

/** Everything an element needs to render one session. Immutable; a new object on every change. */
export interface SessionSnapshot {
  /** `vendor|server|agent`. */
  readonly key: string;
  readonly vendor: VendorId;
  /** Monotonic version, bumped on every change. */
  readonly version: number;
  readonly connection: ConnectionInfo;
  readonly capabilities: Capabilities;
  readonly agent: AgentState;
  readonly calls: readonly Call[];
  readonly lines: readonly Line[];
  readonly queues: readonly QueueStats[];
  readonly pauseReasons: readonly PauseReason[];
  readonly classifications: readonly Classification[];
  /** Transfer destinations the vendor lists (empty when it lists none). */
  readonly transferTargets: readonly TransferTarget[];
  /** Vendor announcements (scheduled calls), newest last, until dismissed. */
  readonly notices: readonly Notice[];
  /** Every agent, for a supervisor session (empty otherwise). */
  readonly team: readonly TeamMember[];
  /** The latest error, until cleared. */
  readonly lastError?: CtiError;
  /**
   * A condition of the connection that holds now (network, server down, softphone not running, relay
   * unreachable: `conditions.ts`): set by the adapter's outage error, removed when the connection is back.
   */
  readonly condition?: CtiError;
  /** The last log entries (bounded). Never contains credentials. */
  readonly log: readonly LogEntry[];
  /** Tabs currently attached to this session in the hub. */
  readonly tabs: number;
  /**
   * Set by the hub per tab: this tab is the session's elected tab (the most recently focused visible one),
   * the one that rings and notifies. Absent (no hub election, e.g. a test session): the tab counts as elected.
   */
  readonly primary?: boolean;
  /** Set by the hub per tab: the live incoming calls this tab pops (`cti-incoming-call` `primary: true`). */
  readonly popCalls?: readonly string[];
  /** The session's ended calls, newest first (hub memory only, bounded: `session-history.ts`). */
  readonly recentCalls?: readonly RecentCall[];
  /** The connection's status changes, oldest first (bounded; for diagnostics). */
  readonly connectionHistory?: readonly ConnectionChange[];
}

/** How a recent call ended: answered, missed (inbound, never answered), unanswered (outbound), transferred. */
export type RecentCallOutcome = 'answered' | 'missed' | 'unanswered' | 'transferred';

/** A call of this session that ended. Kept in the hub's memory only, never stored. */
export interface RecentCall {
  readonly id: string;
  readonly direction: CallDirection;
  /** The other side's number as the vendor gave it (raw; empty when unknown). */
  readonly number: string;
  readonly name?: string;
  readonly startedAt: Timestamp;
  readonly endedAt: Timestamp;
  /** Talk time (ms), when the call was answered. */
  readonly talkMs?: number;
  readonly outcome: RecentCallOutcome;
}

export interface ConnectionChange {
  readonly at: Timestamp;
  readonly status: ConnectionStatus;
  readonly attempt?: number;
}
