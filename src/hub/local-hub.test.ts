/**
 * The fallback hub's failures as a tab sees them: a short code as the error's detail (the elements show it under a
 * translated message), the exception's own words in the log only. One test per path: the leader serving a
 * follower (`local-hub.ts`), the hub script in a dedicated Worker and the hub core in the page (`dedicated-core.ts`).
 */
import { expect } from '@open-wc/testing';
import type { LogLevel } from '../domain/model.js';
import { dedicatedWorkerCore, inPageCore } from './dedicated-core.js';
import { LocalHub } from './local-hub.js';
import type { LocalCore } from './local-hub.js';

const logger = () => {
  const lines: string[] = [];
  return { lines, log: (level: LogLevel, message: string) => void lines.push(`${level} ${message}`) };
};

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe('fallback hub failures: a code for the tab, the words for the log', () => {
  it('a leader whose core throws answers the follower with internal, the method as detail, and logs the message', async () => {
    const name = `local-hub-test-${Date.now().toString(36)}`;
    const leaderLog = logger();
    const core = { id: 'core', stats: () => Promise.reject(new Error('boom: the store is gone')), dispose() {} } as unknown as LocalCore;
    const leader = new LocalHub({ name, tabId: 'leader-tab-id', requestTimeoutMs: 2000, logger: leaderLog.log, createCore: () => core });
    const follower = new LocalHub({ name, tabId: 'follower-tab-id', requestTimeoutMs: 2000, createCore: () => core });
    try {
      await leader.start();
      await follower.start();
      expect([leader.mode, follower.mode]).to.deep.equal(['leader-tab', 'follower-tab']);
      const error = await rejection(follower.api.stats());
      expect(error).to.include({ code: 'internal', operation: 'stats', detail: 'stats' });
      expect(leaderLog.lines).to.include('error stats for tab follower failed: boom: the store is gone');
    } finally {
      follower.close();
      leader.close();
    }
  });

  it('a hub worker that fails to start: hub-unavailable, detail worker-error, the browser words logged once', async () => {
    const url = URL.createObjectURL(new Blob(['throw new Error("kaboom in the hub script");'], { type: 'text/javascript' }));
    const { lines, log } = logger();
    const core = dedicatedWorkerCore(new Worker(url), log);
    try {
      expect(await rejection(core.ping())).to.include({ code: 'hub-unavailable', operation: 'worker', detail: 'worker-error' });
      expect(await rejection(core.stats())).to.include({ detail: 'worker-error' });
      expect(lines).to.have.length(1);
      expect(lines[0]).to.match(/^error the hub worker could not start: .*kaboom in the hub script/);
    } finally {
      core.dispose();
      URL.revokeObjectURL(url);
    }
  });

  it('a hub core that does not load in the page: hub-unavailable, detail hub-core-load, the reason logged once', async () => {
    const { lines, log } = logger();
    const core = inPageCore(log, () => Promise.reject(new TypeError('Failed to fetch dynamically imported module: /chunks/create-hub.js')));
    expect(await rejection(core.hello('t', 'lock'))).to.include({ code: 'hub-unavailable', operation: 'hub-core', detail: 'hub-core-load' });
    expect(await rejection(core.ping())).to.include({ detail: 'hub-core-load' });
    expect(lines).to.deep.equal(['error the hub core did not load in the page: Failed to fetch dynamically imported module: /chunks/create-hub.js']);
    await core.dispose();
  });
});
