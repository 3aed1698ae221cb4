/**
 * A gallery state: one snapshot the elements render, as data. Each vendor module lists the states that
 * matter for that vendor (only what its capabilities allow: a vendor without conference has no
 * conference card — the gallery never fakes a capability).
 */
import type { CtiError, SessionSnapshot } from '../../../src/domain/model.js';
import type { SessionConfig } from '../../../src/vendors/adapter.js';

export type GalleryElement = 'cti-agent-status' | 'cti-phone' | 'cti-queue';

export interface GalleryState {
  /** Stable id, used by the test's knownDefects list and by the screenshots (`signed-out`, `ringing`...). */
  readonly id: string;
  /** What the card shows, in plain English (the gallery's own heading, not the elements' text). */
  readonly title: string;
  readonly snapshot: SessionSnapshot;
  /** Session configuration (e.g. `options.role: 'supervisor'`). */
  readonly config?: Partial<SessionConfig>;
  /** The elements in the card, in page order (default: agent status, phone, queues). */
  readonly elements?: readonly GalleryElement[];
  /**
   * A refused command, as the agent meets it: the session rejects with `error` and the gallery presses the
   * control (`[part~=part]` in `element`) once; the element shows the failure next to it. (A refused
   * command belongs to the element that sent it, so it cannot be a snapshot field.)
   */
  readonly refuse?: { readonly element: GalleryElement; readonly part: string; readonly error: CtiError };
}

export const ALL_ELEMENTS: readonly GalleryElement[] = ['cti-agent-status', 'cti-phone', 'cti-queue'];
