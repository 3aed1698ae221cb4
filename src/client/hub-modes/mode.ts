/**
 * What one way of reaching the hub provides. `hub-connection.ts` lists the modes to try, in order, and
 * takes the first that starts; each mode lives in its own module beside this one:
 *
 *   shared-worker.ts  the widget's SharedWorker, comlink over its port           → `shared-worker`
 *   frame.ts          the hub frame of the widget's origin hands over that port   → `shared-worker`, viaFrame
 *   local.ts          Web-Lock election + BroadcastChannel in the page's origin   → `leader-tab` / `follower-tab`
 *                     (or `single-tab` where Web Locks are refused)
 */
import type { HubMode } from '../../domain/model.js';
import type { HubApi, HubInfo, UpdateListener } from '../../hub/contract.js';
import type { HubLogger } from '../../hub/hub-core.js';
import type { HubTimeouts } from '../../hub/rpc.js';
import { isCtiError } from '../../vendors/adapter.js';

/** A started hub, as the connection uses it. */
export interface HubTransport {
  /** Reported in `hubMode` and `cti-connection-changed`; the local hub's changes when leadership moves. */
  readonly mode: HubMode;
  /** The hub's API, without timeouts (the connection adds them). */
  readonly api: HubApi;
  /** Whether the hub runs from another origin through the hub frame. */
  readonly viaFrame: boolean;
  /** Prepare a page-side listener to be passed to `api.attach`. */
  wrapListener(listener: UpdateListener): UpdateListener;
  /** Get a fresh channel to the hub (after a restart). Local: nothing to do. */
  renew(): Promise<void>;
  /** Local mode: leadership moved (the connection re-sends hello and every attach). */
  onReset?(listener: () => void): () => void;
  /** Rejects when the hub behind this transport could not start (a worker's `error`, the frame's `hub-error`). */
  readonly failed?: Promise<never>;
  /** Let go of the hub (and of the hub frame). */
  close(): void;
}

/** What every mode is started with. */
export interface ModeContext {
  /** Hub name: the SharedWorker name, and the channel/lock names of the fallback. */
  readonly name: string;
  readonly tabId: string;
  readonly timeouts: HubTimeouts;
  readonly log: HubLogger;
  /** Say `hello` over a freshly opened transport (the connection's timeouts; the tab's lock when held); close it when that fails. */
  greet(transport: HubTransport, hello: (api: HubApi, lock: string) => Promise<HubInfo>): Promise<StartedHub>;
}

/** A mode that started: its transport, its API with timeouts, and the hub's answer to `hello`. */
export interface StartedHub {
  readonly transport: HubTransport;
  readonly api: HubApi;
  readonly info: HubInfo;
}

export interface HubModeStarter {
  /** Names the mode in `hub-unavailable`'s reasons and in the log ("SharedWorker: …"). */
  readonly label: string;
  /**
   * Start the hub and say `hello`. Resolves `undefined` when this browser has no such hub (the next
   * mode is tried, nothing said); rejects with the browser's reason when it was refused or failed,
   * having closed whatever it opened.
   */
  start(ctx: ModeContext): Promise<StartedHub | undefined>;
}

/** The browser's (or the hub's) words for a failure. */
export function errorText(e: unknown): string {
  if (isCtiError(e)) return e.detail ?? e.code;
  return e instanceof Error ? e.message || e.name : String(e);
}
