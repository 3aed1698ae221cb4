/**
 * Modes `leader-tab` / `follower-tab` / `single-tab`: no SharedWorker, or it (or the hub frame) was refused
 * or failed. Web-Lock leader election and a BroadcastChannel protocol in the PAGE's origin (`hub/local-hub.ts`,
 * a lazy chunk: most pages never need it). The leader's hub runs in a dedicated Worker when the hub script is
 * on the page's origin, else in the page itself (`hub/dedicated-core.ts`); where Web Locks are refused the
 * tab runs its own hub (`single-tab`).
 */
import type { HubApi, HubInfo } from '../../hub/contract.js';
import type { HubLogger } from '../../hub/hub-core.js';
import { dedicatedWorkerCore, inPageCore } from '../../hub/dedicated-core.js';
import { LocalHub } from '../../hub/local-hub.js';
import type { LocalCore } from '../../hub/local-hub.js';
import type { HubModeStarter, HubTransport, ModeContext } from './mode.js';

/**
 * The local modes, best first: the leader's hub in a dedicated Worker (`leaderWorker`: given when the hub
 * script is on this origin), else in the page itself. `createCore` (tests: an in-page `HubCore`) replaces both.
 */
export function localModes(leaderWorker: (() => Worker) | undefined, createCore?: () => LocalCore): HubModeStarter[] {
  const mode = (create: (log?: HubLogger) => LocalCore): HubModeStarter => ({
    label: 'local hub',
    start: (ctx) => startLocal(ctx, create),
  });
  if (createCore) return [mode(createCore)];
  if (typeof Worker !== 'function' || !leaderWorker) return [mode(inPageCore)];
  const dedicated = (log?: HubLogger): LocalCore => {
    try {
      return dedicatedWorkerCore(leaderWorker(), log);
    } catch {
      return inPageCore(log); // the Worker was refused (CSP worker-src, Trusted Types): the page runs it
    }
  };
  return [mode(dedicated), mode(inPageCore)];
}

async function startLocal(ctx: ModeContext, createCore: (log?: HubLogger) => LocalCore) {
  const hub = new LocalHub({ name: ctx.name, tabId: ctx.tabId, requestTimeoutMs: ctx.timeouts.callMs, logger: ctx.log, createCore });
  try {
    await hub.start();
  } catch (e) {
    hub.close();
    throw e;
  }
  const transport: HubTransport = {
    get mode() {
      return hub.mode;
    },
    api: hub.api,
    viaFrame: false,
    wrapListener: (l) => l,
    renew: async () => {},
    onReset: (l) => hub.onReset(l),
    close: () => hub.close(),
  };
  return ctx.greet(transport, (api, lock) => waitForLocalHello(api, ctx.tabId, lock));
}

/** A follower's first hello can race the election: retry for a short while. */
async function waitForLocalHello(api: HubApi, tabId: string, lockName: string): Promise<HubInfo> {
  let lastError: unknown;
  for (let i = 0; i < 3; i++) {
    try {
      return await api.hello(tabId, lockName);
    } catch (e) {
      lastError = e;
    }
  }
  throw lastError;
}
