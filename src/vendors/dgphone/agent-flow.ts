/**
 * Agent sign-in and sign-out by feature code on the DGPhone. The seed lists no agent command, only the
 * AgentLogin / AgentLogoff events; the way in is public, not in the seed: dial a feature code (configurable,
 * `*9800` by default) and send the agent code (and PIN) as DTMF, each ending in `#`. A helper line, not shown
 * as a call, is dialled, answered by the PBX, fed the keys; AgentLogin / AgentLogoff ends it. One at a time;
 * the adapter feeds it line and agent events.
 */
import type { Clock } from '../../domain/clock.js';
import type { CtiError, ErrorCode, LogLevel } from '../../domain/model.js';
import type { LineCommands, LineCommandsHost } from './line-commands.js';
import type { LineMessage } from './lines.js';
import type { DGPhoneOptions } from './options.js';
import { WRITTEN } from './window.js';

/** The operation each flow is, and the agent event that ends it. */
const OPERATION = { login: 'login', logoff: 'logout' } as const;
const AWAITED = { login: 'AgentLogin', logoff: 'AgentLogoff' } as const;

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

/** What the flow needs of the adapter: the line commands' host and the line commands (every selection-dependent step runs under their lock). */
export interface FlowHost extends LineCommandsHost {
  readonly clock: Clock;
  readonly opts: DGPhoneOptions;
  readonly user: string;
  readonly calls: LineCommands;
  log(level: LogLevel, message: string): void;
  ready(): boolean;
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
    const operation = OPERATION[kind];
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
        this.#h.log('warn', `DGPhone: no ${AWAITED[kind]} in ${this.#h.opts.agentLoginTimeoutMs} ms`);
        flow.fail(this.#error('timeout', operation, `agent-${kind}`, 'no-answer'));
      },
      this.#h.opts.agentLoginTimeoutMs,
    );
    const step = <T>(p: Promise<T>): Promise<T> => Promise.race([p, failed]);
    const waitFor = (set: (done: () => void) => void): Promise<void> => step(new Promise<void>((resolve) => set(resolve)));
    let succeeded = false;
    try {
      await step(
        this.#h.calls.exclusive(async () => {
          if (flow.failed) throw flow.failed;
          const line = this.#h.board.freeLine(this.#h.board.selected);
          if (line === undefined) throw this.#h.refuse('invalid-state', operation, 'no-free-line', 'no free line for the feature code');
          flow.line = line;
          this.#h.board.slot(line).helper = true;
          this.#h.emitLines();
          await this.#h.calls.select(line);
          await this.#h.calls.sendDial(line, code);
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
    return this.#h.calls.exclusive(async () => {
      if (flow.failed) throw flow.failed;
      if (flow.line === undefined) throw this.#h.refuse('invalid-state', 'login', 'no-helper-line', 'no helper line');
      await this.#h.calls.select(flow.line);
      // SendDtmf on the selected line: done once written; an Error that comes later fails the sign-in.
      await this.#h.send('SendDtmf', [['Digits', digits]], WRITTEN, flow.line, (e) => flow.fail(e));
    });
  }

  /** Line events the running agent flow waits for (before the board sees them). */
  observe(m: LineMessage): void {
    const flow = this.#flow;
    if (!flow || flow.finished || flow.line !== m.line) return;
    if (m.status === 'Answer') {
      flow.answered = true;
      flow.onAnswered?.();
    } else if (m.status === 'Hangup' || m.status === 'Ready') {
      if (!this.#h.board.slot(m.line).helper) return;
      const operation = OPERATION[flow.kind];
      // A code as detail (the vendorCode's translated message says what happened); the sentence in the log.
      this.#h.log('warn', flow.answered ? `DGPhone: the PBX hung up the ${flow.kind} call without ${AWAITED[flow.kind]}` : 'DGPhone: the feature-code call ended before it was answered');
      flow.fail(
        flow.answered
          ? this.#error('auth-failed', operation, `agent-${flow.kind}-refused`, 'hung-up')
          : this.#error('command-failed', operation, 'feature-code-not-answered', 'not-answered'),
      );
    }
  }

  #error(code: ErrorCode, operation: string, vendorCode: string, detail: string): CtiError {
    return { code, at: this.#h.clock.now(), operation, vendorCode, detail };
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
      // A late Error of this hang-up is not shown.
      void this.#h.calls
        .hangup(line, () => undefined)
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
