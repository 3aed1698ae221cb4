/**
 * The ringtone, generated with Web Audio (no audio file to host or to allow in a CSP).
 *
 * A soft two-tone ring: two 0.4 s bursts of 440+480 Hz with a 0.2 s gap, every 3 s, scheduled on the audio
 * clock a minute ahead (so a throttled background tab keeps ringing in time) and topped up while it rings.
 *
 * Autoplay: browsers start an `AudioContext` made without a user gesture `suspended`. `unlock()` is called from
 * a gesture (the first click or key press in the page): it creates or resumes the context; `unlocked` tells
 * whether sound can play now (until then `<cti-provider>` shows its "enable ringing" notice).
 */

/** The part of `AudioContext` the ringer uses (tests inject a fake). */
export type AudioContextLike = Pick<AudioContext, 'currentTime' | 'state' | 'destination' | 'resume' | 'createGain' | 'createOscillator'>;

const CYCLE_S = 3;
const AHEAD_CYCLES = 20;
const BURSTS: readonly (readonly [start: number, length: number])[] = [
  [0, 0.4],
  [0.6, 0.4],
];
const TONES = [440, 480];

export class Ringer {
  readonly #create: () => AudioContextLike;
  #ctx: AudioContextLike | undefined;
  #master: GainNode | undefined;
  #volume = 0.6;
  #until = 0;
  #topUp: ReturnType<typeof setInterval> | undefined;

  constructor(create: () => AudioContextLike = () => new AudioContext()) {
    this.#create = create;
  }

  /** Whether sound can play now (the context exists and runs). */
  get unlocked(): boolean {
    return this.#ctx?.state === 'running';
  }

  /** Whether the ringtone is playing. */
  get ringing(): boolean {
    return this.#master !== undefined;
  }

  /** From a user gesture: create or resume the audio context. Resolves with `unlocked`. */
  async unlock(): Promise<boolean> {
    try {
      this.#ctx ??= this.#create();
      if (this.#ctx.state !== 'running') await this.#ctx.resume();
    } catch {
      /* no Web Audio, or refused: stays locked */
    }
    return this.unlocked;
  }

  /** Volume 0–1 (applies at once, also while ringing). */
  set volume(value: number) {
    this.#volume = Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0.6;
    if (this.#master) this.#master.gain.value = this.#volume;
  }

  get volume(): number {
    return this.#volume;
  }

  /** Start ringing (a no-op while ringing, or while audio is locked: nothing would be heard). */
  start(): void {
    if (this.#master || !this.#ctx || !this.unlocked) return;
    const master = this.#ctx.createGain();
    master.gain.value = this.#volume;
    master.connect(this.#ctx.destination);
    this.#master = master;
    this.#until = this.#ctx.currentTime + 0.05;
    this.#schedule();
    this.#topUp = setInterval(() => this.#schedule(), (CYCLE_S * AHEAD_CYCLES * 1000) / 2);
  }

  stop(): void {
    if (this.#topUp !== undefined) clearInterval(this.#topUp);
    this.#topUp = undefined;
    // Disconnecting the master silences every burst already scheduled.
    this.#master?.disconnect();
    this.#master = undefined;
  }

  /** Schedule cycles until `AHEAD_CYCLES` cycles ahead of now. */
  #schedule(): void {
    const ctx = this.#ctx;
    const master = this.#master;
    if (!ctx || !master) return;
    const horizon = ctx.currentTime + CYCLE_S * AHEAD_CYCLES;
    for (; this.#until < horizon; this.#until += CYCLE_S) {
      for (const [offset, length] of BURSTS) {
        const at = this.#until + offset;
        const envelope = ctx.createGain();
        envelope.gain.setValueAtTime(0, at);
        envelope.gain.linearRampToValueAtTime(0.25, at + 0.02);
        envelope.gain.setValueAtTime(0.25, at + length - 0.04);
        envelope.gain.linearRampToValueAtTime(0, at + length);
        envelope.connect(master);
        for (const hz of TONES) {
          const osc = ctx.createOscillator();
          osc.frequency.value = hz;
          osc.connect(envelope);
          osc.start(at);
          osc.stop(at + length);
        }
      }
    }
  }
}
