/**
 * What the Interact adapter remembers about the agent's calls between events: what the requests told and the
 * events leave out (the number a consultation dialled, who a call was transferred to, which ids a conference
 * eliminated, a conference's owner), the call in wrap-up, and the calls we dialled that are not known to be
 * answered (`get_status` tells: no event is promised when the far end answers).
 *
 * `annotate` fills an event in, `track` keeps what commands need; the call commands that depend on it
 * (`consult`, `transfer`, `conference`) live here too.
 */
import { owesWork } from '../../domain/agent-machine.js';
import type { DomainEvent } from '../../domain/events.js';
import type { WireObject } from './codec.js';

type Post = (command: string, body: WireObject) => Promise<WireObject>;

export class InteractCalls {
  /** Consultation call id per original call id. */
  readonly #consultations = new Map<string, string>();
  /** The call in after-call work (`end-after-call` without a call id). */
  #lastReleased: string | undefined;
  /** Wrap-up seconds announced on release, per call: wrap-up starts once the call is classified. */
  readonly #wrapUpSeconds = new Map<string, number>();
  /** `call_consult` target per original call id: the consultation leg shows the number dialled. */
  readonly #consultTo = new Map<string, string>();
  /** `call_transfer` target per call id, from the request until the call leaves. */
  readonly #transferTo = new Map<string, string>();
  /** The ids a `call_include_conference` in flight eliminates (L4394), until the new id is reported. */
  #conferenceIds: readonly string[] | undefined;
  /** Conference ids seen, with their owner when told (`get_status` does not say it). */
  readonly #conferences = new Map<string, string | undefined>();
  /** Calls we dialled that are not known to be answered: `get_status` tells (no event is promised). */
  readonly dialing = new Set<string>();

  readonly #refresh: () => void;

  /** `refresh`: ask `get_status` quietly (a conference we did not make: which of our ids went is not said). */
  constructor(refresh: () => void) {
    this.#refresh = refresh;
  }

  /** The call in after-call work owes it (wrap-up, classification): the agent is in after-call work. */
  owes: boolean | undefined;

  get lastReleased(): string | undefined {
    return this.#lastReleased;
  }

  /** Wrap-up seconds owed by `callId` once classified (and forget them). */
  classified(callId: string): number {
    const s = this.#wrapUpSeconds.get(callId) ?? 0;
    this.#wrapUpSeconds.delete(callId);
    return s;
  }

  /** Keep what commands need to know: consultation ids, the call in wrap-up, calls still dialling. */
  track(e: DomainEvent): DomainEvent {
    this.#trackDialing(e);
    switch (e.type) {
      case 'snapshot':
        this.#consultations.clear();
        for (const c of e.calls) if (c.consultationId) this.#consultations.set(c.id, c.consultationId);
        this.#lastReleased = e.calls.find((c) => c.state === 'wrap-up')?.id;
        this.owes = !!this.#lastReleased;
        break;
      case 'call-consulting':
        if (e.consultation) this.#consultations.set(e.call.id, e.consultation.id);
        break;
      case 'call-released':
        this.#lastReleased = e.callId;
        // Only a call that owes work (wrap-up, classification) puts the agent in after-call work (agent-machine.ts).
        this.owes = owesWork(e);
        if (e.mustClassify) this.#wrapUpSeconds.set(e.callId, e.wrapUpSeconds ?? 0);
        break;
      case 'call-ended':
        this.#consultations.delete(e.callId);
        this.#wrapUpSeconds.delete(e.callId);
        if (this.#lastReleased === e.callId) this.#lastReleased = this.owes = undefined;
        break;
      case 'call-conference':
        this.#consultations.clear();
        break;
      default:
        break;
    }
    return e;
  }

  /**
   * Fill in what the event leaves out and the request told us: the number a consultation dialled,
   * who a call was transferred to, which ids a conference eliminated (L4394: the original and the
   * consultation ids are gone, with no event of their own).
   */
  annotate(e: DomainEvent): DomainEvent {
    switch (e.type) {
      case 'call-consulting': {
        const to = this.#consultTo.get(e.call.id);
        this.#consultTo.delete(e.call.id);
        if (!to || !e.consultation || e.consultation.remote?.length) return e;
        return { ...e, consultation: { ...e.consultation, remote: [{ number: to }] } };
      }
      case 'call-transferred': {
        const to = e.to ?? this.#transferTo.get(e.previousId);
        this.#transferTo.delete(e.previousId);
        return to && !e.to ? { ...e, to } : e;
      }
      case 'call-ended': {
        // call_transfer was asked for this call and it ended with no on_call_transfer: it left by the transfer.
        const to = this.#transferTo.get(e.callId);
        if (to === undefined) return e;
        this.#transferTo.delete(e.callId);
        return { type: 'call-transferred', previousId: e.callId, stays: false, to };
      }
      case 'call-conference': {
        const known = this.#conferences.has(e.call.id);
        this.#conferences.set(e.call.id, e.call.conferenceOwner ?? this.#conferences.get(e.call.id));
        const ids = this.#conferenceIds;
        if (ids && !ids.includes(e.call.id)) {
          this.#conferenceIds = undefined;
          return { ...e, replaces: [...new Set([...(e.replaces ?? []), ...ids])] };
        }
        // A conference we did not make (we were consulted and included): which of our ids it
        // eliminated is not said; get_status tells what is left.
        if (!known && !ids) this.#refresh();
        return e;
      }
      case 'snapshot': {
        // get_status has no `owner`: keep the one the conference events gave.
        if (!this.#conferences.size) return e;
        const live = new Set(e.calls.map((c) => c.id));
        for (const id of [...this.#conferences.keys()]) if (!live.has(id)) this.#conferences.delete(id);
        return {
          ...e,
          calls: e.calls.map((c) => {
            const owner = this.#conferences.get(c.id);
            return owner && !c.conferenceOwner ? { ...c, conferenceOwner: owner } : c;
          }),
        };
      }
      case 'logged-out':
        this.#conferences.clear();
        this.#consultTo.clear();
        this.#transferTo.clear();
        this.#conferenceIds = undefined;
        return e;
      default:
        return e;
    }
  }

  /** `call_consult`: events may come before the answer, so the number is remembered first. */
  consult(callId: string, to: string, agent: string, post: Post): Promise<void> {
    return remembered(this.#consultTo, callId, to, () => post('call_consult', { to, call_id: callId, agent, media_type: 'voice' }));
  }

  transfer(callId: string, to: string, agent: string, post: Post): Promise<void> {
    return remembered(this.#transferTo, callId, to, () => post('call_transfer', { call_id: callId, to, agent }));
  }

  /**
   * call_include_conference takes the consultation call's id (L4392); the original and the consultation ids
   * are eliminated and the conference comes as a new id (L4394).
   */
  async conference(callId: string, agent: string, post: Post): Promise<void> {
    const consultation = this.#consultations.get(callId) ?? callId;
    const original = [...this.#consultations].find(([, c]) => c === consultation)?.[0];
    this.#conferenceIds = [...new Set([callId, consultation, ...(original ? [original] : [])])];
    try {
      await post('call_include_conference', { call_id: consultation, agent });
    } catch (e) {
      this.#conferenceIds = undefined;
      throw e;
    }
  }

  #trackDialing(e: DomainEvent): void {
    const dialing = this.dialing;
    switch (e.type) {
      case 'snapshot':
        dialing.clear();
        for (const c of e.calls) if (c.state === 'dialing') dialing.add(c.id);
        return;
      case 'call-dialing':
        dialing.add(e.call.id);
        return;
      case 'call-consulting':
        if (e.consultation && (e.consultation.state === undefined || e.consultation.state === 'dialing')) dialing.add(e.consultation.id);
        return;
      case 'call-answered':
      case 'call-held':
      case 'call-retrieved':
        dialing.delete(e.call.id);
        return;
      case 'call-conference':
        dialing.delete(e.call.id);
        for (const id of e.replaces ?? []) dialing.delete(id);
        return;
      case 'call-transferred':
        dialing.delete(e.previousId);
        return;
      case 'call-released':
      case 'call-ended':
        dialing.delete(e.callId);
        return;
      case 'logged-out':
        dialing.clear();
        return;
      default:
        return;
    }
  }
}

/** `to` remembered for `callId` while `request` runs (its events may come before its answer), forgotten if it fails. */
async function remembered(memory: Map<string, string>, callId: string, to: string, request: () => Promise<unknown>): Promise<void> {
  memory.set(callId, to);
  try {
    await request();
  } catch (e) {
    memory.delete(callId);
    throw e;
  }
}
