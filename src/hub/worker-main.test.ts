import { expect } from '@open-wc/testing';
import type { SessionSnapshot } from '../domain/model.js';
import type { AdapterFactory } from '../vendors/adapter.js';
import type { CommandResult } from './contract.js';
import { createFakeVendor, fakeCapabilities, fakeConfig, FAKE_VENDOR } from '../../test/fixtures/hub/fake-vendor.js';
import { serveHub, servedApi } from './worker-main.js';
import { expose, wrap } from 'comlink';
import { applyUpdate } from './updates.js';
import type { SessionUpdate } from './updates.js';
import type { ConnectScope } from './worker-main.js';

describe('serveHub', () => {
  it('a page reaches the HubApi methods through comlink and nothing else of the hub (no dispose, no info)', async () => {
    const scope: ConnectScope = { onconnect: null, addEventListener: () => {} };
    const hub = serveHub(scope, { logger: () => {} });
    const api = servedApi(hub);
    expect(Object.keys(api).sort()).to.deep.equal(['attach', 'command', 'detach', 'diagnostics', 'goodbye', 'hello', 'ping', 'stats', 'tabFocus']);
    const { port1, port2 } = new MessageChannel();
    expose(api, port1);
    const remote = wrap<Record<string, (...args: unknown[]) => Promise<unknown>>>(port2);
    const info = await remote.hello!('tab-api-1', '');
    expect(info).to.have.property('mode');
    // comlink answers any property path of what it exposes: the hub's own methods are not on it.
    const disposed = await remote.dispose!().then(
      () => 'called',
      (e: unknown) => String(e),
    );
    expect(disposed).to.not.equal('called');
    expect(await hub.ping()).to.not.equal(undefined);
    port1.close();
    port2.close();
    await hub.dispose();
  });

  it('serves one hub per worker global: a second run of the worker entry (WebKit re-runs it) gets the first hub and adds no listener', async () => {
    const listeners: string[] = [];
    const scope: ConnectScope = { onconnect: null, addEventListener: (type) => listeners.push(type) };
    const first = serveHub(scope, { logger: () => {} });
    const second = serveHub(scope, { logger: () => {} });
    expect(second).to.equal(first);
    expect(listeners).to.deep.equal(['connect']);
    // Another global (another worker) gets its own hub.
    const other: ConnectScope = { onconnect: null, addEventListener: () => {} };
    expect(serveHub(other, { logger: () => {} })).not.to.equal(first);
    await first.dispose();
  });

  it("the hub's console lines, a rejected command's detail and the snapshot show no piece of a secret in server text", async () => {
    const secret = `Zq9 "Wx,7}{'`;
    const echo = `{"error_msg":"login refused","password":${JSON.stringify(secret)}}`;
    const factory: AdapterFactory = (config, host, deps) => {
      const inner = createFakeVendor().factory(config, host, deps);
      return {
        capabilities: fakeCapabilities,
        start() {
          inner.start();
          host.log('warn', `server said ${echo}`);
          host.emit({ type: 'error', error: { code: 'auth-failed', at: 1, operation: 'connect', detail: `senha=${secret}` } });
        },
        async execute() {
          throw { code: 'auth-failed', at: 2, operation: 'login', detail: `<password>${secret}</password>` };
        },
        close: () => inner.close(),
      };
    };
    const lines: string[] = [];
    const saved = { warn: console.warn, error: console.error, info: console.info };
    for (const level of ['warn', 'error', 'info'] as const) console[level] = (...args: unknown[]) => void lines.push(args.map(String).join(' '));
    const scope: ConnectScope = { onconnect: null, addEventListener: () => {} };
    const hub = serveHub(scope, { loadFactory: async () => factory });
    try {
      const updates: SessionUpdate[] = [];
      await hub.hello('tab-secret-1', '');
      // Called loosely typed with a session secret as a 4th argument: the hub API is gaining one (issue #10's
      // session check); a hub without it ignores it.
      const api = hub as unknown as {
        attach(...args: unknown[]): Promise<SessionSnapshot>;
        command(...args: unknown[]): Promise<CommandResult>;
      };
      const first = await api.attach('tab-secret-1', { ...fakeConfig('alice'), vendor: FAKE_VENDOR }, (u: SessionUpdate) => void updates.push(u), 'session-secret-1');
      const result = await api.command('tab-secret-1', first.key, { type: 'login', agent: 'alice', password: secret }, 'session-secret-1');
      expect(result.ok).to.equal(false);
      expect(!result.ok && result.error).to.include({ code: 'auth-failed', detail: '<password>***</password>' });
      await new Promise((r) => setTimeout(r, 60)); // the hub's updates are coalesced per frame interval
      const snapshot = updates.reduce<SessionSnapshot | undefined>((s, u) => applyUpdate(s, u), undefined) ?? first;
      expect(snapshot.lastError).to.include({ code: 'auth-failed', detail: 'senha=***' });
      expect(lines.some((l) => l.includes('"password":"***"'))).to.equal(true);
      const everything = [JSON.stringify(first), JSON.stringify(updates), JSON.stringify(result), ...lines].join('\n');
      for (const piece of ['Zq9', 'Wx,7', '}{']) expect(everything).not.to.include(piece);
    } finally {
      Object.assign(console, saved);
      await hub.dispose();
    }
  });
});
