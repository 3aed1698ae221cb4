/**
 * What `<cti-provider>` does when a call rings, loaded on first use (the page's first gesture or the first
 * ringing call): the ringtone in the tab the hub elected (`snapshot.primary`; absent without a hub election:
 * this tab), and a desktop notification per call when the page is hidden (`notifications`).
 */
import type { SessionSnapshot } from '../domain/model.js';
import { askPermission, showRing } from './notify.js';
import { Ringer, type AudioContextLike } from './ringer.js';

/** The provider's settings and hooks, read at each update. */
export interface RingHost {
  readonly ringtone: string | undefined;
  readonly ringVolume: number | undefined;
  readonly notifications: boolean;
  readonly createAudioContext: (() => AudioContextLike) | undefined;
  /** The notification's title, translated (`ring.notify`). */
  readonly ringTitle: string;
  /** A notification was clicked (the tab is focused): show the call. */
  showCall(): void;
}

export class RingController {
  readonly #host: RingHost;
  readonly #ringer: Ringer;
  /** This tab should ring now, unless `ringtone="off"` (elected, a call ringing). */
  #want = false;
  /** The calls ringing in the last snapshot, with their notification (when one was shown). */
  #calls = new Map<string, Notification | undefined>();

  constructor(host: RingHost) {
    this.#host = host;
    this.#ringer = new Ringer(host.createAudioContext);
  }

  get ringing(): boolean {
    return this.#ringer.ringing;
  }

  /** From a user gesture: unlock audio and, with `notifications`, ask the permission. */
  async unlock(): Promise<boolean> {
    if (this.#host.notifications) void askPermission();
    const unlocked = await this.#ringer.unlock();
    this.apply();
    return unlocked;
  }

  update(snapshot: SessionSnapshot | undefined): void {
    const elected = snapshot !== undefined && snapshot.primary !== false;
    const ringing = (snapshot?.calls ?? []).filter((c) => c.state === 'ringing' && c.direction !== 'outbound');
    const before = this.#calls;
    const now = new Map<string, Notification | undefined>();
    for (const call of ringing) {
      const isNew = !before.has(call.id);
      const party = call.remote[0];
      now.set(
        call.id,
        isNew && elected && this.#host.notifications && document.visibilityState === 'hidden'
          ? showRing({
              tag: `cti-ring-${call.id}`,
              title: this.#host.ringTitle,
              body: [party?.name || party?.number, call.service].filter(Boolean).join(' · '),
              onClick: () => this.#host.showCall(),
            })
          : before.get(call.id),
      );
      before.delete(call.id);
    }
    for (const gone of before.values()) gone?.close();
    this.#calls = now;
    this.#want = elected && ringing.length > 0;
    this.apply();
  }

  /** Apply the settings now (volume, `ringtone="off"`). */
  apply(): void {
    const volume = this.#host.ringVolume;
    this.#ringer.volume = typeof volume === 'number' && Number.isFinite(volume) ? volume : 0.6;
    if (this.#want && this.#host.ringtone !== 'off') this.#ringer.start();
    else this.#ringer.stop();
  }
}
