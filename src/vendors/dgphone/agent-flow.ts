/**
 * Agent sign-in and sign-out by feature code on the DGPhone. The seed lists no agent command, only the
 * AgentLogin / AgentLogoff events; the way in is public, not in the seed: dial a feature code (configurable,
 * `*9800` by default) and send the agent code (and PIN) as DTMF, each ending in `#`. A helper line, not shown
 * as a call, is dialled, answered by the PBX, fed the keys; AgentLogin / AgentLogoff ends it. One at a time;
 * the adapter feeds it line and agent events.
 */
import type { Clock } from '../../domain/clock.js';
import type { CtiError, ErrorCode, LogLevel } from '../../domain/model.js';
import { LineStatus } from './codec.js';
import type { LineBoard, LineMessage } from './lines.js';
import type { DGPhoneOptions } from './options.js';

/** A running agent login or logoff by feature code. */
interface AgentFlow {
  readonly kind: 'login' | 'logoff';
  readonly agent: string;
  line: number | undefined;
  answered: boolean;
  /** AgentLogin / AgentLogoff came: the PBX hanging up now is the normal end. */
  finished: boolean;
  /** Settles the wait for the feature-code call to be answered. */
  onAnswered?: () => void;
  /** Settles the wait for AgentLogin / AgentLogoff. */
  onDone?: () => void;
  /** Fails the flow (timeout, refusal, lost link). */
  fail: (error: CtiError) => void;
  failed?: CtiError;
}

/** What the flow needs of the adapter (all selection-dependent steps run under its lock). */
export interface FlowHost {
  readonly clock: Clock;
  readonly opts: DGPhoneOptions;
  readonly user: string;
  readonly board: LineBoard;
  log(level: LogLevel, message: string): void;
  /** A refusal of ours: `detail` a code or the offending field (it may reach the screen), `why` the sentence, logged. */
  refuse(code: ErrorCode, operation: string, detail: string, why: string): CtiError;
  ready(): boolean;
  requireReady(operation: string): void;
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  select(line: number): Promise<void>;
  sendDial(line: number, number: string): Promise<void>;
  /** SendDtmf on the selected line: done once written; a later Error goes to `lateError`. */
  sendDtmf(line: number, digits: string, lateError: (error: CtiError) => void): Promise<void>;
  /** Hang up the helper line (a late Error is not shown). */
  hangup(line: number): Promise<void>;
  emitLines(): void;
}

export class AgentSignIn {
  readonly #h: FlowHost;
  #flow: AgentFlow | undefined;

  constructor(host: FlowHost) {
    this.#h = host;
  }

  /** A sign-in or sign-out is under way. */
  get running(): boolean {
    return this.#flow !== undefined;
  }

  /** AgentLogin (`login`) or AgentLogoff (`logoff`) came: the running flow of that kind succeeded. */
  finished(kind: 'login' | 'logoff'): void {
    const flow = this.#flow;
    if (flow?.kind !== kind) return;
    flow.finished = true;
    flow.onDone?.();
  }

  /** The link or the DGPhone went: the running flow fails. */
  fail(error: CtiError): void {
    this.#flow?.fail(error);
  }

  /**
   * Agent login (`agent` + PIN) or logoff by feature code: dial the code on a free line (the helper line,
   * not shown as a call), wait for the PBX to answer, send `<agent>#` (then `<PIN>#`) as DTMF, succeed on
   * AgentLogin (AgentLogoff). A refusal (the PBX hangs up first) is `auth-failed`; no answer in
   * `agentLoginTimeoutMs` is `timeout`. The helper line is hung up either way.
   */
  async run(kind: 'login' | 'logoff', agentGiven: string, pin: string | undefined): Promise<void> {
    const operation = kind === 'login' ? 'login' : 'logout';
    const agent = agentGiven.trim();
    const keys = /^[0-9*A-D]{1,20}$/;
    if (!keys.test(agent)) throw this.#h.refuse('missing-data', operation, 'agent', 'the agent code (digits)');
    if (kind === 'login' && (!pin || !keys.test(pin.trim()))) throw this.#h.refuse('missing-data', operation, 'password', 'the agent PIN (digits)');
    this.#h.requireReady(operation);
    if (this.#flow) throw this.#h.refuse('invalid-state', operation, 'in-progress', 'an agent sign-in or sign-out is under way');
    const code = kind === 'login' ? this.#h.opts.agentLoginCode : this.#h.opts.agentLogoffCode!;
    let fail: (error: CtiError) => void = () => undefined;
    const failed = new Promise<never>((_, reject) => (fail = reject));
    failed.catch(() => undefined);
    const flow: AgentFlow = {
      kind,
      agent,
      line: undefined,
      answered: false,
      finished: false,
      fail: (error) => {
        if (flow.failed) return;
        flow.failed = error;
        fail(error);
      },
    };
    this.#flow = flow;
    const deadline = this.#h.clock.setTimeout(
      () => {
        this.#h.log('warn', `DGPhone: no ${kind === 'login' ? 'AgentLogin' : 'AgentLogoff'} in ${this.#h.opts.agentLoginTimeoutMs} ms`);
        flow.fail({ code: 'timeout', at: this.#h.clock.now(), operation, vendorCode: kind === 'login' ? 'agent-login' : 'agent-logoff', detail: 'no-answer' });
      },
      this.#h.opts.agentLoginTimeoutMs,
    );
    const step = <T>(p: Promise<T>): Promise<T> => Promise.race([p, failed]);
    const waitFor = (set: (done: () => void) => void): Promise<void> => step(new Promise<void>((resolve) => set(resolve)));
    let succeeded = false;
    try {
      await step(
        this.#h.exclusive(async () => {
          if (flow.failed) throw flow.failed;
          const line = this.#h.board.freeLine(this.#h.board.selected);
          if (line === undefined) throw this.#h.refuse('invalid-state', operation, 'no-free-line', 'no free line for the feature code');
          flow.line = line;
          this.#h.board.slot(line).helper = true;
          this.#h.emitLines();
          await this.#h.select(line);
          await this.#h.sendDial(line, code);
        }),
      );
      if (!flow.answered) await waitFor((done) => (flow.onAnswered = done));
      const done = waitFor((resolve) => (flow.onDone = resolve));
      done.catch(() => undefined);
      await step(this.#onHelper(flow, `${agent}#`));
      if (kind === 'login') await step(this.#onHelper(flow, `${pin!.trim()}#`));
      await done;
      succeeded = true;
      this.#h.log('info', `DGPhone: agent ${agent} signed ${kind === 'login' ? 'in' : 'out'} on extension ${this.#h.user}`);
    } finally {
      this.#h.clock.clearTimeout(deadline);
      this.#flow = undefined;
      this.#releaseHelper(flow.line, succeeded);
    }
  }

  /** DTMF on the helper line (selected first), never logged. */
  #onHelper(flow: AgentFlow, digits: string): Promise<unknown> {
    return this.#h.exclusive(async () => {
      if (flow.failed) throw flow.failed;
      if (flow.line === undefined) throw this.#h.refuse('invalid-state', 'login', 'no-helper-line', 'no helper line');
      await this.#h.select(flow.line);
      // Done once written; an Error that comes later fails the sign-in.
      await this.#h.sendDtmf(flow.line, digits, (e) => flow.fail(e));
    });
  }

  /** Line events the running agent flow waits for (before the board sees them). */
  observe(m: LineMessage): void {
    const flow = this.#flow;
    if (!flow || flow.finished || flow.line !== m.line) return;
    if (m.status === LineStatus.Answer) {
      flow.answered = true;
      flow.onAnswered?.();
    } else if (m.status === LineStatus.Hangup || m.status === LineStatus.Ready) {
      if (!this.#h.board.slot(m.line).helper) return;
      const operation = flow.kind === 'login' ? 'login' : 'logout';
      // A code as detail (the vendorCode's translated message says what happened); the sentence in the log.
      this.#h.log('warn', flow.answered ? `DGPhone: the PBX hung up the ${flow.kind} call without ${flow.kind === 'login' ? 'AgentLogin' : 'AgentLogoff'}` : 'DGPhone: the feature-code call ended before it was answered');
      flow.fail(
        flow.answered
          ? { code: 'auth-failed', at: this.#h.clock.now(), operation, vendorCode: flow.kind === 'login' ? 'agent-login-refused' : 'agent-logoff-refused', detail: 'hung-up' }
          : { code: 'command-failed', at: this.#h.clock.now(), operation, vendorCode: 'feature-code-not-answered', detail: 'not-answered' },
      );
    }
  }

  /**
   * The helper line is hung up either way. After a success the PBX usually hangs up by itself: give it
   * `helperHangupGraceMs` first, so a new call that lands on the freed line is not hung up by mistake.
   */
  #releaseHelper(line: number | undefined, succeeded: boolean): void {
    if (line === undefined) return;
    const hangup = () => {
      const slot = this.#h.board.slot(line);
      if (!slot.helper || slot.call) return;
      if (!this.#h.ready()) {
        slot.helper = false;
        return;
      }
      void this.#h.hangup(line)
        .catch(() => undefined)
        .finally(() => {
          if (slot.helper && !slot.call) {
            slot.helper = false;
            this.#h.emitLines();
          }
        });
    };
    if (succeeded && this.#h.opts.helperHangupGraceMs > 0) this.#h.clock.setTimeout(hangup, this.#h.opts.helperHangupGraceMs);
    else hangup();
  }
}
