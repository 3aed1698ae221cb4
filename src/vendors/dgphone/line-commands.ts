/**
 * The commands that act on a DGPhone line. Line selection: `Dial`, `Hold` and `SendDtmf` act on the SELECTED
 * line (seed: "linha selecionada"). Every command that needs a line selected runs under one lock: `LineSelect`
 * first unless that line is selected for sure (a LineSelected said so and no Hangup has been sent since), then
 * the command. `Answer` selects the line it answers first, so the selection follows the call the agent takes.
 * What confirms each command: `window.ts`.
 */
import type { CtiError, ErrorCode } from '../../domain/model.js';
import { DTMF_KEYS, dialString, type DGCommandName } from './codec.js';
import type { LineBoard, LineCall, LineMessage, LineSlot } from './lines.js';
import { WRITTEN, onLine, type Confirm } from './window.js';

export interface LineCommandsHost {
  readonly board: LineBoard;
  /** A command on the logged-in link, waiting for what confirms it (resolves with it; `undefined`: written, or quiet). */
  send(command: DGCommandName, fields: readonly (readonly [string, string])[], confirm: Confirm, line?: number, lateError?: (error: CtiError) => void): Promise<unknown>;
  log(level: 'debug' | 'info', message: string): void;
  requireReady(operation: string): void;
  /** A refusal of ours: `detail` a code or the offending field (it may reach the screen), `why` the sentence, logged. */
  refuse(code: ErrorCode, operation: string, detail: string, why: string): CtiError;
  emitLines(): void;
}

/** How long a LineSelect waits for LineSelected before the command after it goes (see `select`). */
const SELECT_QUIET_MS = 1_000;

export class LineCommands {
  readonly #h: LineCommandsHost;
  /** `board.selected` is the DGPhone's selection for sure (a LineSelected said so; no Answer / Hangup since). */
  selectionSure = false;
  #lock: Promise<unknown> = Promise.resolve();

  constructor(host: LineCommandsHost) {
    this.#h = host;
  }

  /**
   * Dial on the selected line; when it is busy (or reserved), select the lowest free line first.
   * No free line: `invalid-state`.
   */
  async dial(to: string): Promise<void> {
    const number = dialString(to);
    if (!number) throw this.#h.refuse('bad-request', 'dial', 'to', 'a number to dial (digits, *, #, a leading +)');
    this.#h.requireReady('dial');
    await this.exclusive(async () => {
      const line = this.#h.board.freeLine(this.#h.board.selected);
      if (line === undefined) throw this.#h.refuse('invalid-state', 'dial', 'lines-busy', 'all six lines are busy');
      await this.select(line);
      await this.sendDial(line, number);
    });
  }

  /** `Dial` on the selected `line`: confirmed by Dialing (or Answer) on that line, or Dialing with its Number. */
  sendDial(line: number, number: string): Promise<unknown> {
    const match = (m: LineMessage) =>
      (m.line === line && (m.status === 'Dialing' || m.status === 'Answer')) || (m.status === 'Dialing' && m.number === number);
    return this.#h.send('Dial', [['Number', number]], { by: 'event', what: 'Dialing', match }, line);
  }

  /** Select `line`, then answer it (inside the lock): the selected line is the answered one. */
  async answer(line: number): Promise<void> {
    await this.select(line);
    await this.#h.send('Answer', [['Line', String(line)]], onLine(line, 'Answer'), line);
  }

  hangup(line: number, lateError?: (error: CtiError) => void): Promise<unknown> {
    this.selectionSure = false;
    return this.#h.send('Hangup', [['Line', String(line)]], onLine(line, 'Hangup', 'Ready'), line, lateError);
  }

  async callCommand(callId: string, operation: string, phases: readonly string[], run: (line: number) => Promise<unknown>, locked = false): Promise<void> {
    this.#h.requireReady(operation);
    const check = (): number => this.#slot(callId, operation, phases).n;
    check();
    if (locked) await this.exclusive(() => run(check()));
    else await run(check());
  }

  /**
   * `Hold` toggles the SELECTED line. The call's line is selected first; the toggle is sent only when the
   * tracked state (from `Hold: 1|0`) says it goes the way asked, and never twice before its event came.
   */
  async toggleHold(callId: string, operation: 'hold' | 'retrieve'): Promise<void> {
    this.#h.requireReady(operation);
    const want = operation === 'hold' ? 'active' : 'held';
    const check = () => {
      const slot = this.#slot(callId, operation, [want]);
      if (slot.holdPending) throw this.#h.refuse('invalid-state', operation, 'hold-pending', 'a hold change is already under way');
      return slot;
    };
    check();
    await this.exclusive(async () => {
      const slot = check();
      await this.select(slot.n);
      if (this.#h.board.find(callId) !== slot || slot.call?.phase !== want) throw this.#h.refuse('invalid-state', operation, 'call-changed', 'the call changed');
      slot.holdPending = true;
      try {
        await this.#h.send('Hold', [], onLine(slot.n, 'Hold'), slot.n);
      } catch (e) {
        slot.holdPending = false;
        throw e;
      }
    });
  }

  async dtmf(callId: string, digits: string): Promise<void> {
    const keys = digits.replace(/\s+/g, '').toUpperCase();
    if (!keys || !DTMF_KEYS.test(keys)) throw this.#h.refuse('bad-request', 'dtmf', 'digits', 'DTMF keys are 0-9, *, #, A-D');
    this.#h.requireReady('dtmf');
    await this.exclusive(async () => {
      const slot = this.#slot(callId, 'dtmf', ['active']);
      await this.select(slot.n);
      // No event confirms SendDtmf in the seed (DTMFReceived is the far end's keys): done once written.
      await this.#h.send('SendDtmf', [['Digits', keys]], WRITTEN, slot.n);
    });
  }

  /** The slot of call `callId`, whose phase must be one of `phases`: else refused (no such call; the call's phase as detail). */
  #slot(callId: string, operation: string, phases: readonly string[]): LineSlot & { call: LineCall } {
    const slot = this.#h.board.find(callId);
    if (!slot?.call) throw this.#h.refuse('invalid-state', operation, 'callId', 'no such call');
    const phase = slot.call.phase;
    if (!phases.includes(phase)) throw this.#h.refuse('invalid-state', operation, phase, `the call is ${phase}`);
    return slot as LineSlot & { call: LineCall };
  }

  /**
   * Make `line` the selected one (inside the lock). Seed L11 / L45 / L83: LineSelected is not promised, and a
   * server may send it only when the selection changes (the line was selected already). The DGPhone reads
   * commands in order, so after SELECT_QUIET_MS of silence the command that follows goes: its own event
   * confirms it (a Dialing, a Hold on the line). A LineSelect refused by an Error fails as before.
   */
  async select(line: number): Promise<void> {
    if (this.#h.board.selected === line && this.selectionSure) return;
    const quietMs = SELECT_QUIET_MS;
    const heard = await this.#h.send('LineSelect', [['Line', String(line)]], { by: 'event', what: 'LineSelected', match: (m) => m.line === line && m.status === 'LineSelected', quietMs }, line);
    if (heard === undefined) this.#h.log('info', `DGPhone: no LineSelected for line ${line} in ${quietMs} ms: taken as selected already`);
    // Confirmed by LineSelected, by a Success that came first, or by silence (above).
    this.selectionSure = true;
    if (this.#h.board.selected !== line) {
      this.#h.board.selected = line;
      this.#h.emitLines();
    }
  }

  /** Run `fn` after every earlier locked operation (selection-dependent commands never interleave). */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#lock.then(fn, fn);
    this.#lock = run.catch(() => undefined);
    return run;
  }
}
