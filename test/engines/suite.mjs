// The scenarios every engine runs against the BUILT drop-in (dist/): what the engine offers the widget
// (facts checked against the README table), the hub cases (two tabs share one vendor connection; a closed
// tab; the no-SharedWorker fallback; the widget from another site through the hub frame), a refused sign-in
// (shown, one cti-error), a reload mid-call, and one end-to-end call per vendor against its default and its
// strict simulator (sign in, a call rings in <cti-phone>, answer / hang up with its buttons); the raw-TCP
// vendors through the real websockify.
// firefox.test.mjs / webkit.test.mjs / chromium.test.mjs call `engineSuite(name)`; node --test runs them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { launchEngine, missing, startStatic } from './harness.mjs';
import { startWebsockify } from '../support/websockify.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * What each engine measured here, as the README's browser table says it. A change fails the facts test
 * (the table is then out of date): the table is written from these runs, not from memory.
 */
export const EXPECTED_FACTS = {
  chromium: { sharedWorker: true, webLocks: true, workerWebLocks: true, broadcastChannel: true, moduleWorker: true, extendedLifetimeSurvivesReload: true, plainSurvivesReload: false, localNetworkAccessPermission: true, workerSeesPageLocks: true, moduleWorkerEntryRunsAgainWhenReimported: false },
  firefox: { sharedWorker: true, webLocks: true, workerWebLocks: true, broadcastChannel: true, moduleWorker: true, extendedLifetimeSurvivesReload: false, plainSurvivesReload: false, localNetworkAccessPermission: false, workerSeesPageLocks: true, moduleWorkerEntryRunsAgainWhenReimported: false },
  webkit: { sharedWorker: true, webLocks: true, workerWebLocks: true, broadcastChannel: true, moduleWorker: true, extendedLifetimeSurvivesReload: false, plainSurvivesReload: false, localNetworkAccessPermission: false, workerSeesPageLocks: true, moduleWorkerEntryRunsAgainWhenReimported: true },
};

/** Polls the page until the fixture helper and the drop-in's elements are there. */
async function ready(tab) {
  await tab.run(async () => {
    const t0 = Date.now();
    while (!(window.engine && customElements.get('cti-phone'))) {
      if (Date.now() - t0 > 10_000) throw new Error(`the page never got ready (engine helper ${Boolean(window.engine)}, elements ${Boolean(customElements.get('cti-phone'))})`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return true;
  }).catch((e) => {
    throw new Error(`${e.message}${tab.errors.length ? `; page errors: ${tab.errors.join(' | ')}` : ''}`);
  });
  return tab;
}

/** In-page wait for `(snapshot) => boolean`. */
const until = (tab, predicate, what, ms = 10_000) => tab.run((src, w, m) => window.engine.until(src, w, m), predicate.toString(), what, ms);

async function waitNode(fn, what, ms = 10_000) {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** Page errors and cti-error events in a tab: a happy path has none. */
async function assertNoErrors(tab, label) {
  const events = await tab.run(() => window.engine.events());
  const errors = events.filter((e) => e.type === 'cti-error');
  assert.deepEqual(errors, [], `${label}: cti-error fired on a happy path`);
  // pre.js records uncaught errors and unhandled rejections in every engine (WebDriver classic reports none).
  const uncaught = await tab.run(() => window.__console.filter((line) => /^(uncaught|unhandled rejection):/.test(line)));
  assert.deepEqual([...tab.errors, ...uncaught], [], `${label}: uncaught errors in the page`);
  return events;
}

/* ------------------------------------------------------------ vendors */

const interactConfig = (sim) => ({
  vendor: 'interact',
  server: sim.url,
  agent: '1001',
  extension: '2001',
  format: 'json',
  options: { reconnectBaseMs: 50, reconnectMaxMs: 400, updateInterval: 5 },
});

async function interactSignIn(tab) {
  await tab.run(() => window.engine.login({ agent: '1001', password: '1234', extension: '2001' }));
  await until(tab, (s) => s.agent.phase !== 'logged-out' && s.agent.agentId === '1001', 'signed in');
  await tab.run(() => window.engine.execute({ type: 'ready' }));
  return until(tab, (s) => s.agent.phase === 'ready', 'ready');
}

/**
 * Interact after a hang-up: after-call work with a mandatory classification (the simulator's service), so
 * classify, then end the wrap-up; done when the simulator has the agent free again.
 */
async function interactWrapUp(tab, sim) {
  const s = await until(tab, (x) => x.agent.phase === 'after-call', 'after-call work');
  const callId = s.afterCall?.callId ?? s.calls[0]?.id;
  if (s.afterCall?.mustClassify) {
    await tab.run((id) => window.engine.execute({ type: 'classify', callId: id, classificationId: '1' }), callId);
    await until(tab, (x) => x.agent.phase === 'after-call' && x.afterCall?.mustClassify !== true, 'the classification accepted');
  }
  // The simulator's wrap-up lasts 60 s (afterCallWorkMs): the agent ends it.
  await tab.run((id) => window.engine.execute({ type: 'end-after-call', callId: id }), callId);
  await until(tab, (x) => x.agent.phase === 'ready', 'ready after wrap-up');
  await waitNode(() => sim.control.state().agents.find((a) => a.name === '1001')?.calls.length === 0, 'the Interact simulator to free the agent');
}

const agentChannels = (sim) => sim.control.state().channels.filter((c) => c.monitor === 'agent').length;

/**
 * One scenario per vendor: sign in, a call from `from` rings (or arrives connected where the vendor's
 * switch connects it), answered with the Answer button when the vendor has one, hung up with Hang up.
 */
const VENDORS = [
  {
    name: 'interact',
    what: 'Interact (REST + EventSource in the hub worker): sign in, ready, a call connected by the switch, hang up',
    async start(strict) {
      const { startInteractSimulator } = await import('../simulators/interact/server.mjs');
      const sim = await startInteractSimulator({ ringMs: 300, farEndAnswerMs: null, afterCallWorkMs: 60_000, strict });
      return { sim, config: interactConfig(sim), close: () => sim.close() };
    },
    signIn: interactSignIn,
    inbound: (sim, from) => sim.control.inbound({ agent: '1001', from, service: 'Atendimento' }),
    answerButton: false, // the switch connects it (auto answer)
    afterHangup: interactWrapUp,
    ended: (sim) => sim.control.state().agents.find((a) => a.name === '1001')?.calls.length === 0,
  },
  {
    name: 'neon',
    what: 'NEON (WebSocket to ws://localhost, as to the softphone on this computer): SIP registration, a call rings, Answer, Hang up',
    async start(strict) {
      const { startNeonSimulator } = await import('../simulators/neon/server.mjs');
      const app = { user: 'crm', password: 'app-S3cret' };
      const domain = 'sip.example.com:5060';
      const sim = await startNeonSimulator({ registerDelayMs: 20, farEndAnswerMs: null, apps: [app], accounts: [{ domain, number: '2001', password: 'sip-S3cret' }], strict });
      return {
        sim,
        config: { vendor: 'neon', server: sim.url.replace('//127.0.0.1:', '//localhost:'), agent: '', credentials: app, options: { reconnectBaseMs: 50, reconnectMaxMs: 300, sipDomain: domain } },
        close: () => sim.close(),
      };
    },
    async signIn(tab) {
      await tab.run(() => window.engine.login({ agent: '2001', password: 'sip-S3cret' }));
      return until(tab, (s) => s.agent.phase === 'ready' && s.agent.detail === 'sip-registered', 'the SIP registration');
    },
    inbound: (sim, from) => sim.control.inbound({ from }),
    answerButton: true,
    ended: (sim) => sim.control.state().calls.length === 0,
  },
  {
    name: 'catix',
    what: 'Catix (JSON lines through websockify): sign in with the PIN, a queue call connected by the switch, Hang up',
    relay: true,
    async start(strict) {
      const { startCatixSimulator } = await import('../simulators/catix/server.mjs');
      const account = { user: 'crm', password: 'int-S3cret!' };
      const sim = await startCatixSimulator({ accounts: [account], pinDelayMs: null, farEndAnswerMs: null, keepAliveMs: 30_000, strict });
      const relay = await startWebsockify({ targets: { catix: new URL(sim.url).host } });
      return {
        sim,
        config: { vendor: 'catix', server: relay.tokenUrl('catix'), agent: '1001', extension: '2001', credentials: account, options: { reconnectBaseMs: 100, reconnectMaxMs: 400, requestTimeoutMs: 3000 } },
        close: async () => {
          await relay.close();
          await sim.close();
        },
      };
    },
    async signIn(tab, sim) {
      await until(tab, (s) => s.agent.detail === 'Deslogado', 'logged out, connected');
      await tab.run(() => window.engine.login({ agent: '1001', extension: '2001' }));
      await until(tab, (s) => s.agent.detail === 'catix-pin-pending', 'the PIN prompt');
      await sim.control.pin({ agent: '1001' });
      return until(tab, (s) => s.agent.phase === 'ready', 'signed in');
    },
    inbound: (sim, from) => sim.control.inbound({ agent: '1001', from }),
    answerButton: false, // Catix: the switch connects the call (answer 'never')
    ended: async (sim) => !(await sim.control.state()).agents.find((a) => String(a.id) === '1001')?.call,
  },
  {
    name: 'dgphone',
    what: 'DGPhone (Key: Value packets through websockify): six lines, agent sign-in by feature code, a call rings on line 1, Answer, Hang up',
    relay: true,
    async start(strict) {
      const { startDGPhoneSimulator } = await import('../simulators/dgphone/server.mjs');
      const sim = await startDGPhoneSimulator({ agents: [{ agent: '1001', pin: '4826' }], timestampIntervalMs: null, farEndAnswerMs: null, featureAnswerMs: 30, featureHangupMs: 50, strict });
      const relay = await startWebsockify({ targets: { dgphone: new URL(sim.url).host } });
      return {
        sim,
        config: { vendor: 'dgphone', server: relay.tokenUrl('dgphone'), agent: '1001', extension: '2001', options: { reconnectBaseMs: 100, reconnectMaxMs: 400, requestTimeoutMs: 3000, helperHangupGraceMs: 300 } },
        close: async () => {
          await relay.close();
          await sim.close();
        },
      };
    },
    async signIn(tab) {
      await until(tab, (s) => s.lines.length === 6, 'six lines');
      await tab.run(() => window.engine.login({ agent: '1001', password: '4826' }));
      return until(tab, (s) => s.agent.phase === 'ready' && s.lines.every((l) => l.state === 'idle'), 'the agent signed in, the helper line free');
    },
    inbound: (sim, from) => sim.control.inbound({ user: '2001', from, line: 1 }),
    answerButton: true,
    ended: async (sim) => (await sim.control.state()).phones['2001'].lines.every((l) => l.state === 'idle'),
  },
  {
    name: 'tactium',
    what: 'Tactium IP (<field>…$ messages through websockify): the agent bound, an inbound call connected by the switch, Hang up',
    relay: true,
    async start(strict) {
      const { startTactiumSimulator } = await import('../simulators/tactium/server.mjs');
      const sim = await startTactiumSimulator({ strict });
      const relay = await startWebsockify({ targets: { tactium: new URL(sim.url).host } });
      return {
        sim,
        config: {
          vendor: 'tactium',
          server: relay.tokenUrl('tactium'),
          agent: 'jose',
          options: { pauseReasons: '1=Lanche;2=Banheiro', defaultDdd: '85', statusPollMs: 250, requestTimeoutMs: 700, reconnectBaseMs: 50, reconnectMaxMs: 250 },
        },
        close: async () => {
          await relay.close();
          await sim.close();
        },
      };
    },
    // Tactium binds the agent when it connects: signed in means bound and ready.
    signIn: (tab) => until(tab, (s) => s.agent.phase === 'ready' && s.agent.agentId === 'jose', 'jose bound and ready'),
    // Tactium numbers are DDD + number.
    inbound: (sim, from) => sim.control.inbound({ agent: 'jose', ddd: from.slice(0, 2), number: from.slice(2) }),
    answerButton: false,
    ended: async (sim) => !(await sim.control.state()).agents.find((a) => a.login === 'jose')?.call,
  },
];

/* -------------------------------------------------------------- suite */

export function engineSuite(name, { only } = {}) {
  describe(`${name}: the built drop-in`, { timeout: 120_000 }, () => {
    let server;
    let engine;
    const contexts = [];
    const pageUrl = (query = '', page = 'page.html') => `${server.url}/engines/${page}${query}`;
    const newContext = async (options) => {
      const ctx = await engine.newContext(options);
      contexts.push(ctx);
      return {
        ...ctx,
        close: async () => {
          contexts.splice(contexts.indexOf(ctx), 1);
          await ctx.close();
        },
      };
    };
    const open = async (ctx, query, page) => ready(await ctx.open(pageUrl(query, page)));

    before(async () => {
      const why = missing(name);
      if (why) throw new Error(`${name}: ${why}`);
      server = await startStatic();
      engine = await launchEngine(name);
    });
    after(async () => {
      for (const ctx of contexts.splice(0)) await ctx.close().catch(() => {});
      await engine?.close().catch(() => {});
      await server?.close();
    });

    it('engine facts: what the widget relies on, as the README browser table says', { timeout: 30_000 }, async (t) => {
      const ctx = await newContext();
      const tab = await open(ctx);
      const f = await tab.run(() => window.engine.features());
      const before = await tab.run(() => Promise.all([window.engine.probeWorker(false), window.engine.probeWorker(true)]));
      await tab.reload();
      await ready(tab);
      const afterReload = await tab.run(() => Promise.all([window.engine.probeWorker(false), window.engine.probeWorker(true)]));
      const reimportEvals = await tab.run(() => window.engine.probeReimport());
      const workerSeesPageLocks = await tab.run(() => window.engine.probeLockSeenByWorker());
      const facts = {
        sharedWorker: f.sharedWorker,
        webLocks: f.webLocks,
        workerWebLocks: before[0].locks,
        broadcastChannel: f.broadcastChannel,
        moduleWorker: f.moduleWorker,
        plainSurvivesReload: afterReload[0].instance === before[0].instance,
        extendedLifetimeSurvivesReload: afterReload[1].instance === before[1].instance,
        localNetworkAccessPermission: f.localNetworkAccess !== 'unknown permission name',
        workerSeesPageLocks,
        moduleWorkerEntryRunsAgainWhenReimported: reimportEvals > 1,
      };
      t.diagnostic(`${engine.version}: ${JSON.stringify(facts)} (local-network-access permission: ${f.localNetworkAccess})`);
      assert.equal(f.elementsDefined, true, 'the drop-in defined its four elements');
      assert.equal(f.secureContext, true);
      assert.deepEqual(facts, EXPECTED_FACTS[name], `${name} measured differently from the README browser table: update the table and EXPECTED_FACTS`);
      await ctx.close();
    });

    if (only === 'facts') return;

    /** An Interact simulator for `fn`, closed after it. */
    async function withInteract(fn) {
      const { startInteractSimulator } = await import('../simulators/interact/server.mjs');
      const sim = await startInteractSimulator({ ringMs: 300, farEndAnswerMs: null, afterCallWorkMs: 60_000 });
      try {
        await fn(sim);
      } finally {
        await sim.close();
      }
    }
    /** Tab a connected and signed in (ready), then tab b connected: their hub modes. */
    async function twoTabs(ctx, sim, query, page) {
      const a = await open(ctx, query, page);
      const modeA = (await a.run((c) => window.engine.connect(c), interactConfig(sim))).hubMode;
      await interactSignIn(a);
      const b = await open(ctx, query, page);
      const modeB = (await b.run((c) => window.engine.connect(c), interactConfig(sim))).hubMode;
      // Tab b never signs in: it sees the session tab a signed in, through the one hub.
      await until(b, (s) => s.agent.phase === 'ready', 'tab b to see the shared session ready');
      return { a, b, modes: [modeA, modeB] };
    }
    /** A call from `number` connected by the switch, shown in every tab; `by` hangs it up with its button and wraps up. */
    async function callHungUp(sim, number, tabs, by) {
      sim.control.inbound({ agent: '1001', from: number, service: 'Atendimento' });
      await Promise.all(tabs.map((tab) => tab.run((n) => window.engine.callInDom(n, 'active'), number)));
      // A hidden page renders nothing until shown: the agent hangs up in a page they can see.
      const shown = async (tab) => (await tab.run(() => document.visibilityState)) !== 'hidden';
      let clicker = by;
      if (!(await shown(by))) for (const tab of tabs) if (await shown(tab)) clicker = tab;
      await clicker.run((n) => window.engine.click(n, 'hangup'), number);
      await Promise.all(tabs.map((tab) => tab.run((n) => window.engine.callOver(n), number)));
      await interactWrapUp(by, sim);
      await Promise.all(tabs.map((tab) => until(tab, (x) => x.agent.phase === 'ready', 'every tab to see ready after the wrap-up')));
    }

    it('hub: two tabs of one site share ONE vendor connection and one session; the background tab gets the call too', { timeout: 40_000 }, (t) =>
      withInteract(async (sim) => {
        const ctx = await newContext();
        const { a, b, modes } = await twoTabs(ctx, sim);
        assert.deepEqual(modes, ['shared-worker', 'shared-worker']);
        await until(b, (s) => s.tabs === 2, 'the hub to count 2 tabs');
        assert.equal(agentChannels(sim), 1, `one Interact agent event channel for two tabs: ${JSON.stringify(sim.control.state().channels)}`);
        await callHungUp(sim, '11987650001', [a, b], b);
        assert.equal(agentChannels(sim), 1);
        const incoming = [];
        for (const [label, tab] of [['a', a], ['b', b]]) {
          const events = (await assertNoErrors(tab, `tab ${label}`)).filter((e) => e.type === 'cti-incoming-call' && e.from === '11987650001');
          assert.equal(events.length, 1, `cti-incoming-call once in tab ${label}`);
          incoming.push(`${label}: ${events[0].visibility}`);
        }
        t.diagnostic(`cti-incoming-call fired in ${incoming.join(', ')}`);
        // The engine as driven here hides the tab not in front: a hidden tab (no animation frames) got the call.
        assert.ok(incoming.some((x) => x.endsWith('hidden')), `a background tab received the call: ${incoming.join(', ')}`);
        await ctx.close();
      }));

    it('hub: a closed tab is noticed by the hub; the other tab keeps the connection and works', { timeout: 40_000 }, (t) =>
      withInteract(async (sim) => {
        const ctx = await newContext();
        const { a, b } = await twoTabs(ctx, sim);
        await until(b, (s) => s.tabs === 2, '2 tabs');
        const closedAt = Date.now();
        await a.close();
        await until(b, (s) => s.tabs === 1, 'the hub to drop the closed tab', 10_000);
        t.diagnostic(`closed tab noticed by the hub in ${Date.now() - closedAt} ms (includes the driver's close round trip)`);
        assert.equal(agentChannels(sim), 1, 'the connection stays for the remaining tab');
        await callHungUp(sim, '11987650002', [b], b);
        await assertNoErrors(b, 'tab b');
        await ctx.close();
      }));

    it('hub fallback without SharedWorker: a leader tab holds the one connection; when it closes another tab takes over', { timeout: 45_000 }, () =>
      withInteract(async (sim) => {
        const ctx = await newContext();
        const { a, b, modes } = await twoTabs(ctx, sim, '?hub=no-shared-worker');
        assert.equal((await a.run(() => window.engine.features())).sharedWorker, false, 'the page hid SharedWorker');
        assert.deepEqual(modes, ['leader-tab', 'follower-tab']);
        assert.equal(agentChannels(sim), 1, 'one connection for the leader and the follower');
        await callHungUp(sim, '11987650003', [a, b], b);

        await a.close();
        await b.run(async () => {
          const t0 = Date.now();
          while (window.engine.summary().hubMode !== 'leader-tab') {
            if (Date.now() - t0 > 15_000) throw new Error(`tab b never became the leader: ${JSON.stringify(window.engine.summary())}`);
            await new Promise((r) => setTimeout(r, 20));
          }
        });
        await until(b, (s) => s.connection.status === 'connected' && s.agent.phase === 'ready', 'the new leader reconnected, agent still ready', 15_000);
        await waitNode(() => agentChannels(sim) === 1, 'one agent channel after the takeover (the old leader’s closed)');
        await callHungUp(sim, '11987650004', [b], b);
        await assertNoErrors(b, 'the new leader');
        await ctx.close();
      }));

    it('hub from another site (the widget on a CDN): the hidden hub frame runs the SharedWorker; two tabs, one connection', { timeout: 40_000 }, () =>
      withInteract(async (sim) => {
        // WebKit with Safari's default tracking prevention (ITP) on; third-party cookies are refused by default.
        const ctx = await newContext({ webkitArgs: ['--enable-itp'] });
        // The page is on 127.0.0.1, the drop-in on localhost: another site, so its hub runs in the hub frame.
        const { a, b, modes } = await twoTabs(ctx, sim, '', 'cdn.html');
        const frames = await a.run(() => [...document.querySelectorAll('iframe')].map((f) => new URL(f.src).pathname));
        assert.deepEqual(frames, ['/dist/hub-frame.html'], 'the hub frame from the widget origin');
        assert.deepEqual(modes, ['shared-worker', 'shared-worker'], 'through the hub frame: a partitioned SharedWorker (this engine does not refuse it to the cross-site frame)');
        await until(b, (s) => s.tabs === 2, 'the hub to count 2 tabs');
        assert.equal(agentChannels(sim), 1, 'one Interact agent channel for two tabs');
        await callHungUp(sim, '11987650006', [a, b], a);
        await assertNoErrors(a, 'tab a');
        await assertNoErrors(b, 'tab b');
        await ctx.close();
      }));

    it('a refused sign-in (Interact, wrong password) is shown and fired as exactly one cti-error', { timeout: 30_000 }, () =>
      withInteract(async (sim) => {
        const ctx = await newContext();
        const tab = await open(ctx);
        await tab.run((c) => window.engine.connect(c), interactConfig(sim));
        const shown = await tab.run(() => window.engine.signInWithForm({ agent: '1001', password: 'wrong', extension: '2001' }));
        assert.equal(shown, 'auth-failed', 'the refusal shown by <cti-agent-status>');
        await sleep(300); // a second cti-error for the same failure would come within this
        const errors = (await tab.run(() => window.engine.events())).filter((e) => e.type === 'cti-error');
        assert.deepEqual(errors.map((e) => [e.code, e.command]), [['auth-failed', 'login']]);
        await until(tab, (s) => s.agent.phase === 'logged-out' && s.connection.status === 'connected', 'still connected, signed out');
        await interactSignIn(tab); // the right password still works
        await ctx.close();
      }));

    it('reload mid-call: the call and the agent are shown again (the hub outlives the reload only where the engine keeps it)', { timeout: 40_000 }, (t) =>
      withInteract(async (sim) => {
        const ctx = await newContext();
        const tab = await open(ctx);
        await tab.run((c) => window.engine.connect(c), interactConfig(sim));
        await interactSignIn(tab);
        sim.control.inbound({ agent: '1001', from: '11987650005', service: 'Atendimento' });
        await tab.run((n) => window.engine.callInDom(n, 'active'), '11987650005');
        const reloadedAt = Date.now();
        await tab.reload();
        await ready(tab);
        await tab.run((c) => window.engine.connect(c), interactConfig(sim));
        await tab.run((n) => window.engine.callInDom(n, 'active'), '11987650005');
        await until(tab, (s) => s.agent.phase === 'busy', 'the agent busy on the call again');
        t.diagnostic(`reload → the call shown again in ${Date.now() - reloadedAt} ms; Interact agent channels opened: ${sim.control.state().requests['agent/monitor/open_channel']}, open now: ${agentChannels(sim)}`);
        // Where the hub died with the page, the new hub opened a new channel and the old one was closed.
        const kept = EXPECTED_FACTS[name].extendedLifetimeSurvivesReload;
        assert.equal(sim.control.state().requests['agent/monitor/open_channel'], kept ? 1 : 2, kept ? 'the hub kept its channel' : 'a new hub, a new channel');
        await waitNode(() => agentChannels(sim) === 1, 'one open agent channel after the reload');
        await tab.run((n) => window.engine.click(n, 'hangup'), '11987650005');
        await tab.run((n) => window.engine.callOver(n), '11987650005');
        await interactWrapUp(tab, sim);
        await assertNoErrors(tab, 'the reloaded tab');
        await ctx.close();
      }));

    for (const vendor of VENDORS) for (const variant of ['default', 'strict']) {
      it(`e2e (${variant} simulator) ${vendor.what}`, { timeout: 40_000 }, async () => {
        const setup = await vendor.start(variant === 'strict');
        try {
          const ctx = await newContext();
          const tab = await open(ctx);
          const connected = await tab.run((c) => window.engine.connect(c), setup.config);
          assert.equal(connected.hubMode, 'shared-worker');
          await vendor.signIn(tab, setup.sim);
          const from = vendor.name === 'tactium' ? '2133334444' : '11987651234';
          await vendor.inbound(setup.sim, from);
          if (vendor.answerButton) {
            await tab.run((n) => window.engine.callInDom(n, 'ringing'), from);
            await tab.run((n) => window.engine.click(n, 'answer'), from);
          }
          await tab.run((n) => window.engine.callInDom(n, 'active'), from);
          await tab.run((n) => window.engine.click(n, 'hangup'), from);
          await tab.run((n) => window.engine.callOver(n), from);
          await vendor.afterHangup?.(tab, setup.sim);
          await waitNode(() => vendor.ended(setup.sim), `the ${vendor.name} simulator to see the call end`);
          const events = await assertNoErrors(tab, vendor.name);
          const incoming = events.filter((e) => e.type === 'cti-incoming-call' && e.from && from.endsWith(e.from.slice(-8)));
          assert.equal(incoming.length, 1, `cti-incoming-call once (${JSON.stringify(events)})`);
          assert.equal(events.filter((e) => e.type === 'cti-call-ended').length, 1, 'cti-call-ended once');
          await ctx.close();
        } finally {
          await setup.close();
        }
      });
    }
  });
}
