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
   * What the agent does before the card is looked at, in order: press the control `selector` (in `element`'s
   * shadow root) once. With `error`, the session refuses that command (a refused command belongs to the
   * element that sent it, so it cannot be a snapshot field); without, the press opens a prompt or a section.
   */
  readonly press?: readonly Press[];
}

export interface Press {
  readonly element: GalleryElement;
  readonly selector: string;
  readonly error?: CtiError;
}

export const ALL_ELEMENTS: readonly GalleryElement[] = ['cti-agent-status', 'cti-phone', 'cti-queue'];
