// `npm run bench`: sizes, event → DOM latency (1 and 10 tabs), JS heap per tab and server connections,
// against the built drop-in files (dist/) in headless Chromium and the in-process Interact simulator.
// Prints a table and writes bench/results/latest.json. Not a test: it measures; it fails (exit 1) only
// when it cannot measure.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { extname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';

const root = fileURLToPath(new URL('..', import.meta.url));
const benchDir = join(root, 'bench');
const distDir = join(root, 'dist');
const resultsDir = join(benchDir, 'results');

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 30);
const WARMUP = 3;
const TABS = 10;
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const WATCHDOG_MS = 300_000;
const AGENT = { agent: '1001', password: '1234', extension: '2001' };

const t0 = Date.now();
const log = (msg) => console.log(`[bench ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const kB = (b) => (b === undefined ? 'n/a' : `${(b / 1024).toFixed(1)} kB`);
const MB = (b) => (b === undefined ? 'n/a' : `${(b / 1024 / 1024).toFixed(2)} MB`);

function stats(values) {
  const v = [...values].sort((a, b) => a - b);
  if (v.length === 0) return { n: 0 };
  const q = (p) => v[Math.min(v.length - 1, Math.max(0, Math.ceil(p * v.length) - 1))]; // nearest rank
  return { n: v.length, min: v[0], median: q(0.5), p95: q(0.95), max: v[v.length - 1], mean: +(v.reduce((a, b) => a + b, 0) / v.length).toFixed(2) };
}

async function until(predicate, what, ms = 10_000, every = 5) {
  const start = Date.now();
  for (;;) {
    const v = await predicate();
    if (v) return v;
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(every);
  }
}

/* ------------------------------------------------------------------ sizes */

function buildAndMeasure() {
  log('npm run build');
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  const buildOk = build.status === 0;
  if (!buildOk) {
    console.error(build.stdout?.slice(-2000));
    console.error(build.stderr?.slice(-2000));
    if (!existsSync(join(distDir, 'cti-elements.js')) || !existsSync(join(distDir, 'cti-hub.worker.js'))) {
      throw new Error(`npm run build failed (exit ${build.status}) and dist/ is incomplete`);
    }
    log(`npm run build exited ${build.status} (a size budget?); measuring the files it wrote anyway`);
  }
  return { buildOk, buildExit: build.status };
}

async function sizes() {
  const { sizeReport, dropinInitialLoad, dropinLazyChunks, staticClosure, hubWithAllAdapters } = await import('../scripts/sizes.mjs');
  const report = sizeReport();
  const row = (file) => report.find((r) => r.file === file);
  const one = (pattern, what) => {
    const rows = report.filter((r) => pattern.test(r.file));
    if (rows.length !== 1) throw new Error(`expected one ${what} in dist/, found ${rows.map((r) => r.file).join(', ') || 'none'}`);
    return rows[0];
  };
  const initial = dropinInitialLoad(report);
  const esm = row('esm/cti-elements.js');
  const worker = row('cti-hub.worker.js');
  if (initial.missing.length || !esm || !worker) throw new Error(`drop-in files (${initial.missing.join(', ')}), dist/esm/cti-elements.js or dist/cti-hub.worker.js missing after the build`);
  const adapters = report.filter((r) => /^chunks\/[a-z]+-adapter-.*\.js$/.test(r.file));
  if (adapters.length === 0) throw new Error('no chunks/<vendor>-adapter-*.js in dist/');
  const xml = one(/^chunks\/codec-xml-.*\.js$/, 'chunks/codec-xml-*.js');
  const sum = (...rows) => ({ raw: rows.reduce((a, r) => a + r.raw, 0), gzip: rows.reduce((a, r) => a + r.gzip, 0) });
  const vendorOf = (r) => /^chunks\/([a-z]+)-adapter-/.exec(r.file)[1];
  const rows = [
    { name: `drop-in initial load (${initial.files.join(' + ')})`, raw: initial.raw, gzip: initial.gzip, targetGzip: 15 * 1024 },
    ...dropinLazyChunks(report).map((r) => ({ name: `drop-in lazy ${r.file}`, raw: r.raw, gzip: r.gzip })),
    { name: 'ESM dist/esm/cti-elements.js (Lit external)', ...esm },
    { name: 'worker initial dist/cti-hub.worker.js', ...worker },
    // An adapter with the chunks it imports statically (the relay layer, backoff… shared between adapters).
    ...adapters.map((a) => {
      // Adapters import the worker's own chunk: count each file once.
      const files = [...new Set([worker.file, ...staticClosure(report, a.file)])];
      return { name: `worker + ${vendorOf(a)} adapter (${files.join(' + ')})`, ...sum(...files.map(row).filter(Boolean)) };
    }),
    (() => {
      const all = hubWithAllAdapters(report);
      return { name: `worker + every adapter (${all.adapters.length}) + shared chunks`, raw: all.raw, gzip: all.gzip, targetGzip: 35 * 1024 };
    })(),
    { name: `worker + interact adapter + ${xml.file}`, ...sum(worker, ...adapters.filter((a) => vendorOf(a) === 'interact'), xml) },
  ];
  // What the builds also emitted that nothing loads from dist/ (the drop-in finds the worker at
  // dist/cti-hub.worker.js): reported so nobody mistakes them for part of the page cost.
  const extra = report.filter((r) => r.file.startsWith('assets/')).map((r) => r.file);
  return { rows, all: report, dropinAssets: extra };
}

/* ----------------------------------------------------------- static server */

const TYPES = { '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.html': 'text/html; charset=utf-8', '.map': 'application/json', '.json': 'application/json', '.css': 'text/css' };

function startStatic() {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    let file;
    if (url.pathname.startsWith('/dist/')) file = normalize(join(distDir, decodeURIComponent(url.pathname.slice(6))));
    else if (url.pathname === '/bench/page.html' || url.pathname === '/bench/page.js') file = join(benchDir, url.pathname.slice(7));
    else if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const inside = file && (file.startsWith(distDir + sep) || file.startsWith(benchDir + sep));
    if (!inside || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/* ---------------------------------------------------------------- browser */

async function heapOf(page) {
  const cdp = await page.createCDPSession();
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
    if (m.JSHeapUsedSize === undefined) throw new Error('Performance.getMetrics gave no JSHeapUsedSize');
    return { usedSize: m.JSHeapUsedSize, totalSize: m.JSHeapTotalSize };
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** The hub SharedWorker's heap, through its own CDP target. */
async function workerHeap(browser) {
  const target = browser.targets().find((t) => t.type() === 'shared_worker');
  if (!target) return { available: false, reason: 'no shared_worker target visible to puppeteer' };
  const cdp = await target.createCDPSession();
  try {
    await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
    const { usedSize, totalSize } = await cdp.send('Runtime.getHeapUsage');
    return { available: true, url: target.url(), usedSize, totalSize };
  } finally {
    await cdp.detach().catch(() => {});
  }
}

async function openTab(browser, pageUrl, errors, index, options = { type: 'window' }) {
  const page = await browser.newPage(options);
  page.on('pageerror', (e) => errors.push(`tab ${index}: pageerror ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`tab ${index}: console.error ${m.text()}`);
  });
  await page.goto(pageUrl, { waitUntil: 'load' });
  await page.waitForFunction(() => document.documentElement.dataset.benchReady === 'true' && customElements.get('cti-phone'), { timeout: 10_000 });
  return page;
}

/* ---------------------------------------------------------------- latency */

let sampleSeq = 0;

/** One inbound call seen by every tab: per-tab latency from the simulator's emit to the DOM. */
async function sample(sim, pages) {
  const from = `119${String(Date.now() % 1e6).padStart(6, '0')}${String(sampleSeq++).padStart(2, '0')}`;
  await Promise.all(pages.map((p) => p.evaluate((n) => window.bench.arm(n), from)));
  const emitAt = Date.now();
  const { call_id, queued, agent } = sim.control.inbound({ agent: AGENT.agent, from, service: 'Atendimento' });
  if (queued || agent !== AGENT.agent) throw new Error(`the call was not delivered to ${AGENT.agent} at once (queued=${queued}, agent=${agent}): the agent was not free`);
  const seen = await Promise.all(pages.map((p) => p.evaluate((n) => window.bench.seen(n), from)));
  const hangupAt = Date.now();
  sim.control.hangup({ call_id });
  // The next call must find the agent free again, and every tab must have taken the call off.
  await until(() => {
    const a = sim.control.state().agents.find((x) => x.name === AGENT.agent);
    return a && a.calls.length === 0 && a.state === 'ready_free';
  }, `agent ${AGENT.agent} to be free after hanging up ${call_id}`);
  const freeAt = Date.now();
  await Promise.all(pages.map((p) => p.evaluate((n) => window.bench.gone(n), from)));
  const cleared = { agentFreeMs: freeAt - hangupAt, domClearedMs: Date.now() - hangupAt };
  return seen.map((s) => ({ dom: s.domAt - emitAt, event: s.eventAt === undefined ? undefined : s.eventAt - emitAt, state: s.state, ...cleared }));
}

async function scenario(name, sim, pages) {
  log(`latency, ${name}: ${WARMUP} warm-up + ${SAMPLES} samples`);
  for (let i = 0; i < WARMUP; i++) await sample(sim, pages);
  const perSample = [];
  for (let i = 0; i < SAMPLES; i++) perSample.push(await sample(sim, pages));
  const all = perSample.flat();
  const slowestTab = perSample.map((s) => Math.max(...s.map((x) => x.dom)));
  const states = [...new Set(all.map((x) => x.state))];
  return {
    tabs: pages.length,
    samples: SAMPLES,
    domMs: stats(all.map((x) => x.dom)),
    slowestTabPerSampleMs: stats(slowestTab),
    hostEventMs: stats(all.filter((x) => x.event !== undefined).map((x) => x.event)),
    perTabMedianMs: pages.map((_, i) => stats(perSample.map((s) => s[i].dom)).median),
    callStateWhenSeen: states,
    // Bench overhead per sample, not a result: hang-up → simulator agent free, hang-up → every tab cleared.
    cleanup: { agentFreeMs: stats(perSample.map((s) => s[0].agentFreeMs)), domClearedMs: stats(perSample.map((s) => s[0].domClearedMs)) },
  };
}

/** A bench page in `context` connected to another vendor than the template's Interact; errors are collected under `label`. */
async function openVendorTab(context, pageUrl, errors, label, vendor) {
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`${label}: pageerror ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${label}: console.error ${m.text()}`);
  });
  await page.goto(pageUrl, { waitUntil: 'load' });
  await page.waitForFunction(() => document.documentElement.dataset.benchReady === 'true' && customElements.get('cti-phone'), { timeout: 10_000 });
  await page.evaluate((v) => window.bench.connect(v), vendor);
  return page;
}

/** One inbound NEON call seen by every tab: simulator emit (OnNewCall on the WebSocket) → call in the DOM. */
async function sampleNeon(sim, pages) {
  const from = `117${String(Date.now() % 1e6).padStart(6, '0')}${String(sampleSeq++).padStart(2, '0')}`;
  await Promise.all(pages.map((p) => p.evaluate((n) => window.bench.arm(n), from)));
  const emitAt = Date.now();
  const { callId } = sim.control.inbound({ from });
  const seen = await Promise.all(pages.map((p) => p.evaluate((n) => window.bench.seen(n), from)));
  sim.control.hangup({ callId });
  await until(() => sim.control.state().calls.length === 0, `NEON call ${callId} to end`);
  await Promise.all(pages.map((p) => p.evaluate((n) => window.bench.gone(n), from)));
  return seen.map((x) => ({ dom: x.domAt - emitAt, event: x.eventAt === undefined ? undefined : x.eventAt - emitAt }));
}

/** NEON: 1 tab and 10 tabs on one WebSocket (a second browser context: its own hub). */
async function neonLatency(browser, pageUrl, errors) {
  const { startNeonSimulator } = await import('../test/simulators/neon/server.mjs');
  const sim = await startNeonSimulator({ registerDelayMs: 10, farEndAnswerMs: null });
  const context = await browser.createBrowserContext();
  try {
    const vendor = { vendor: 'neon', server: sim.url, credentials: { user: 'crm', password: 'secret' }, options: { sipDomain: 'sip.example.com:5060' } };
    const pages = [];
    const open = async (i) => {
      const page = await openVendorTab(context, pageUrl, errors, `neon tab ${i}`, vendor);
      pages.push(page);
      return page;
    };
    const first = await open(1);
    await first.evaluate(() => window.bench.register('2001', '1234'));
    const run = async (label) => {
      log(`NEON latency, ${label}: ${WARMUP} warm-up + ${SAMPLES} samples`);
      for (let i = 0; i < WARMUP; i++) await sampleNeon(sim, pages);
      const per = [];
      for (let i = 0; i < SAMPLES; i++) per.push(await sampleNeon(sim, pages));
      const all = per.flat();
      return { tabs: pages.length, domMs: stats(all.map((x) => x.dom)), slowestTabPerSampleMs: stats(per.map((s) => Math.max(...s.map((x) => x.dom)))), hostEventMs: stats(all.filter((x) => x.event !== undefined).map((x) => x.event)) };
    };
    const oneTab = await run('1 tab');
    for (let i = 2; i <= TABS; i++) {
      const page = await open(i);
      await page.evaluate(() => window.bench.waitReady());
    }
    const tenTabs = await run(`${TABS} tabs`);
    const state = sim.control.state();
    return { oneTab, tenTabs, sockets: state.clients, authenticated: state.authenticated };
  } finally {
    await context.close().catch(() => {});
    await sim.close().catch(() => sim.closeSync());
  }
}

/**
 * The raw-TCP vendors through the REAL websockify: simulator writes the call's bytes on its TCP socket →
 * websockify → the hub's WebSocket → relay decoder + framer + codec → snapshot → <cti-phone> DOM.
 * Each vendor: one relay (token allow-list), 1 tab, then (DGPhone) 10 tabs on the one relayed connection.
 */
const RELAY_VENDORS = [
  {
    name: 'catix',
    start: async () => (await import('../test/simulators/catix/server.mjs')).startCatixSimulator({ keepAliveMs: 30_000, pinDelayMs: 10, farEndAnswerMs: null }),
    provider: { vendor: 'catix', agent: '1001', extension: '2001', credentials: { user: 'crm', password: 'secret' } },
    signIn: (page) => page.evaluate(() => window.bench.login('1001', undefined, '2001')),
    emit: async (sim, from) => ({ rl: (await sim.control.inbound({ agent: '1001', from })).rl }),
    end: async (sim) => {
      await sim.control.hangup({ agent: '1001' });
      await until(async () => !(await sim.control.state()).agents.find((a) => String(a.id) === '1001')?.call, 'the Catix call to end');
    },
  },
  {
    name: 'dgphone',
    start: async () => (await import('../test/simulators/dgphone/server.mjs')).startDGPhoneSimulator({ timestampIntervalMs: 15_000 }),
    provider: { vendor: 'dgphone', agent: '1001', extension: '2001' },
    signIn: async () => {},
    emit: (sim, from) => sim.control.inbound({ user: '2001', from }),
    end: async (sim, started) => {
      await sim.control.hangup({ user: '2001', line: started.line });
      await until(async () => (await sim.control.state()).phones['2001'].lines.every((l) => l.state === 'idle'), 'the DGPhone line to be free');
    },
    tenTabs: true,
  },
  {
    name: 'tactium',
    start: async () => (await import('../test/simulators/tactium/server.mjs')).startTactiumSimulator({ afterCallWork: false }),
    provider: { vendor: 'tactium', agent: 'jose', options: { defaultService: 'Vendas' } },
    signIn: async () => {},
    // Tactium numbers are DDD + number: the caller shows as 85 + these digits.
    emit: (sim, from) => sim.control.inbound({ agent: 'jose', ddd: '85', number: from.slice(-9) }),
    watch: (from) => from.slice(-9),
    end: async (sim) => {
      await sim.control.hangup({ agent: 'jose' });
      await until(async () => !(await sim.control.state()).agents.find((a) => a.login === 'jose')?.call, 'the Tactium call to end');
    },
  },
];

async function relaySample(spec, sim, pages) {
  const from = `119${String(Date.now() % 1e6).padStart(6, '0')}${String(sampleSeq++ % 100).padStart(2, '0')}`;
  const watch = spec.watch ? spec.watch(from) : from;
  await Promise.all(pages.map((p) => p.evaluate((n) => window.bench.arm(n), watch)));
  const emitAt = Date.now();
  const started = await spec.emit(sim, from);
  const seen = await Promise.all(pages.map((p) => p.evaluate((n) => window.bench.seen(n), watch)));
  await spec.end(sim, started);
  await Promise.all(pages.map((p) => p.evaluate((n) => window.bench.gone(n), watch)));
  return seen.map((x) => ({ dom: x.domAt - emitAt }));
}

async function relayLatency(browser, pageUrl, errors) {
  const { startWebsockify } = await import('../test/support/websockify.mjs');
  const out = {};
  for (const spec of RELAY_VENDORS) {
    const sim = await spec.start();
    const relay = await startWebsockify({ targets: { [spec.name]: new URL(sim.url).host } });
    const context = await browser.createBrowserContext();
    try {
      const vendor = { ...spec.provider, server: `${relay.url.replace(/\/?$/, '/')}?token=${spec.name}` };
      const pages = [];
      const open = async (i) => {
        const page = await openVendorTab(context, pageUrl, errors, `${spec.name} tab ${i}`, vendor);
        pages.push(page);
        return page;
      };
      const first = await open(1);
      await spec.signIn(first);
      const run = async (label) => {
        log(`${spec.name} latency through websockify, ${label}: ${WARMUP} warm-up + ${SAMPLES} samples`);
        for (let i = 0; i < WARMUP; i++) await relaySample(spec, sim, pages);
        const per = [];
        for (let i = 0; i < SAMPLES; i++) per.push(await relaySample(spec, sim, pages));
        return { tabs: pages.length, domMs: stats(per.flat().map((x) => x.dom)), slowestTabPerSampleMs: stats(per.map((s) => Math.max(...s.map((x) => x.dom)))) };
      };
      out[spec.name] = { oneTab: await run('1 tab') };
      if (spec.tenTabs) {
        for (let i = 2; i <= TABS; i++) await open(i);
        out[spec.name].tenTabs = await run(`${TABS} tabs`);
        const clients = (await sim.control.state()).clients;
        out[spec.name].tcpConnections = Array.isArray(clients) ? clients.length : clients;
      }
    } finally {
      await context.close().catch(() => {});
      await relay.close().catch(() => relay.closeSync());
      await sim.close().catch(() => sim.closeSync());
    }
  }
  return out;
}

/**
 * A background tab (hidden, no rAF): does the call reach its session, its DOM, its host event?
 * Then bring it to the front and time how long the DOM takes to catch up.
 */
async function hiddenTab(browser, pageUrl, sim, pages, errors) {
  log('hidden background tab check');
  const page = await openTab(browser, pageUrl, errors, 'hidden', { type: 'tab', background: true });
  // Connect while it is visible (the check is about a tab that goes to the background), then hide it.
  await page.bringToFront();
  await page.evaluate(() => window.bench.connect());
  await page.evaluate(() => window.bench.waitReady());
  const other = await browser.newPage({ type: 'tab' }); // same window, in front: `page` is now a background tab
  const visibility = await page.evaluate(() => window.bench.visibility());
  const from = `118${String(Date.now() % 1e6).padStart(6, '0')}${String(sampleSeq++).padStart(2, '0')}`;
  await page.evaluate((n) => window.bench.arm(n), from);
  const emitAt = Date.now();
  const { call_id } = sim.control.inbound({ agent: AGENT.agent, from, service: 'Atendimento' });
  await Promise.all(pages.map((p) => p.evaluate(() => new Promise((r) => setTimeout(r, 0))))); // let the visible tabs run
  const WAIT = 3000;
  await sleep(WAIT);
  const whileHidden = await page.evaluate((n) => window.bench.peek(n), from);
  const frontAt = Date.now();
  await page.bringToFront();
  let afterFront;
  try {
    const seen = await page.evaluate((n) => window.bench.seen(n, 5000), from);
    afterFront = { domMsAfterBringToFront: seen.domAt - frontAt, domMsAfterEmit: seen.domAt - emitAt, hostEventMsAfterEmit: seen.eventAt === undefined ? undefined : seen.eventAt - emitAt };
  } catch (e) {
    afterFront = { error: e.message };
  }
  sim.control.hangup({ call_id });
  await until(() => sim.control.state().agents.find((x) => x.name === AGENT.agent)?.calls.length === 0, 'the hidden-tab call to end');
  await other.close();
  await page.close();
  return { visibilityWhileBackground: visibility, waitedMs: WAIT, whileHidden, afterFront };
}

/* ------------------------------------------------------------------- main */

async function main() {
  const result = { startedAt: new Date().toISOString(), machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, platform: `${os.platform()} ${os.release()}` } };
  Object.assign(result, buildAndMeasure());
  result.sizes = await sizes();

  const { startInteractSimulator } = await import('../test/simulators/interact/server.mjs');
  const { default: puppeteer } = await import('puppeteer-core');

  let sim;
  let server;
  let browser;
  const errors = [];
  try {
    sim = await startInteractSimulator({ ringMs: 60_000, afterCallWorkMs: 0 });
    server = await startStatic();
    const base = `http://127.0.0.1:${server.address().port}`;
    const pageUrl = `${base}/bench/page.html?server=${encodeURIComponent(sim.url)}`;
    log(`simulator ${sim.url}; pages ${pageUrl}`);

    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      protocolTimeout: 30_000,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic'],
    });
    result.browser = await browser.version();
    log(result.browser);

    // Tab 1: heap before/after the elements connect, sign in, ready.
    const pages = [];
    const heaps = [];
    const first = await openTab(browser, pageUrl, errors, 1);
    pages.push(first);
    const before1 = await heapOf(first);
    const connected1 = await first.evaluate(() => window.bench.connect());
    const after1 = await heapOf(first);
    heaps.push({ tab: 1, before: before1.usedSize, connected: after1.usedSize, delta: after1.usedSize - before1.usedSize });
    result.hubMode = connected1.hubMode;
    if (connected1.hubMode !== 'shared-worker') errors.push(`tab 1 hub mode is ${connected1.hubMode}, not shared-worker`);
    log(`tab 1 connected (${connected1.hubMode}); signing in`);
    await first.evaluate((a) => window.bench.signIn(a.agent, a.password, a.extension), AGENT);

    result.visibility = { tab1: await first.evaluate(() => window.bench.visibility()) };
    result.worker = { oneTab: await workerHeap(browser) };
    const oneTabState = sim.control.state();
    result.connections = { oneTab: connectionSummary(oneTabState) };

    result.latency = { oneTab: await scenario('1 tab', sim, pages) };

    // Tabs 2..10: the same browser context, so they share the SharedWorker (and its one connection).
    const requestsBefore = sim.control.state().requests;
    for (let i = 2; i <= TABS; i++) {
      const page = await openTab(browser, pageUrl, errors, i);
      pages.push(page);
      const before = await heapOf(page);
      const s = await page.evaluate(() => window.bench.connect());
      if (s.hubMode !== 'shared-worker') errors.push(`tab ${i} hub mode is ${s.hubMode}, not shared-worker`);
      await page.evaluate(() => window.bench.waitReady());
      const after = await heapOf(page);
      heaps.push({ tab: i, before: before.usedSize, connected: after.usedSize, delta: after.usedSize - before.usedSize });
    }
    log(`${TABS} tabs connected`);
    const requestsAfter = sim.control.state().requests;
    result.requestsForTabs2to10 = Object.fromEntries(
      Object.entries(requestsAfter).map(([k, v]) => [k, v - (requestsBefore[k] ?? 0)]).filter(([, v]) => v > 0),
    );
    result.visibility.allTabs = await Promise.all(pages.map((p) => p.evaluate(() => window.bench.visibility())));
    log(`visibility/rAF: ${result.visibility.allTabs.map((v) => `${v.visibilityState}/${v.hasFocus ? 'focus' : 'nofocus'}/${v.rafPerSecond}fps`).join(', ')}`);
    result.worker.tenTabs = await workerHeap(browser);
    result.connections.tenTabs = connectionSummary(sim.control.state());

    const rest = heaps.slice(1);
    const avg = (k) => Math.round(rest.reduce((a, h) => a + h[k], 0) / rest.length);
    result.heap = { perTab: heaps, tabs2to10: { avgConnected: avg('connected'), avgBefore: avg('before'), avgDelta: avg('delta') } };

    result.latency.tenTabs = await scenario(`${TABS} tabs`, sim, pages);
    result.hiddenTab = await hiddenTab(browser, pageUrl, sim, pages, errors);
    result.neon = await neonLatency(browser, pageUrl, errors);
    result.relay = await relayLatency(browser, pageUrl, errors);
    result.pageErrors = errors;
  } finally {
    await browser?.close().catch((e) => console.error(`closing the browser: ${e.message}`));
    if (server) await new Promise((r) => server.close(r)).catch(() => {});
    server?.closeAllConnections?.();
    if (sim) await sim.close().catch(() => sim.closeSync());
  }
  result.durationMs = Date.now() - t0;
  return result;
}

function connectionSummary(state) {
  const byMonitor = {};
  for (const ch of state.channels) byMonitor[ch.monitor] = (byMonitor[ch.monitor] ?? 0) + 1;
  const agent = state.agents.find((a) => a.name === AGENT.agent);
  return { openChannels: state.openChannels, byMonitor, channels: state.channels.map(({ id, monitor, format, subscriptions }) => ({ id, monitor, format, subscriptions })), subscriptions: state.subscriptions.length, agentState: agent?.state };
}

function print(r) {
  const line = (cols, widths) => cols.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  console.log('\nSizes (gzip level 9, from scripts/sizes.mjs)');
  const w = [58, 10, 10, 12];
  console.log(line(['file', 'raw', 'gzip', 'target'], w));
  for (const s of r.sizes.rows) {
    const target = s.targetGzip ? `${s.gzip <= s.targetGzip ? 'ok' : 'OVER'} ≤${kB(s.targetGzip)}` : '';
    console.log(line([s.name, kB(s.raw), kB(s.gzip), target], w));
  }
  if (r.sizes.dropinAssets.length) console.log(`(also emitted by the drop-in build, not loaded by it: ${r.sizes.dropinAssets.join(', ')})`);

  console.log('\nEvent → DOM latency, simulator emit (Date.now) → call in <cti-phone> shadow DOM (MutationObserver, Date.now), ms');
  const lw = [34, 6, 8, 6, 6, 6];
  console.log(line(['scenario', 'n', 'median', 'p95', 'min', 'max'], lw));
  for (const [label, s] of [
    ['1 tab', r.latency.oneTab.domMs],
    ['1 tab: host cti-incoming-call', r.latency.oneTab.hostEventMs],
    [`${TABS} tabs (every tab × sample)`, r.latency.tenTabs.domMs],
    [`${TABS} tabs: slowest tab per sample`, r.latency.tenTabs.slowestTabPerSampleMs],
    [`${TABS} tabs: host cti-incoming-call`, r.latency.tenTabs.hostEventMs],
  ]) console.log(line([label, s.n, s.median, s.p95, s.min, s.max], lw));
  console.log(`per-tab medians (${TABS} tabs): ${r.latency.tenTabs.perTabMedianMs.join(', ')}`);
  console.log('\nNEON event → DOM (simulator OnNewCall on the WebSocket → call in <cti-phone>), ms');
  console.log(line(['scenario', 'n', 'median', 'p95', 'min', 'max'], lw));
  for (const [label, s] of [
    ['NEON 1 tab', r.neon.oneTab.domMs],
    [`NEON ${TABS} tabs (every tab × sample)`, r.neon.tenTabs.domMs],
    [`NEON ${TABS} tabs: slowest tab`, r.neon.tenTabs.slowestTabPerSampleMs],
  ]) console.log(line([label, s.n, s.median, s.p95, s.min, s.max], lw));
  console.log(`NEON WebSocket connections with ${TABS} tabs: ${r.neon.sockets} (authenticated ${r.neon.authenticated})`);
  console.log('\nRaw-TCP vendors through websockify (simulator writes on TCP → relay → hub → call in <cti-phone>), ms');
  console.log(line(['scenario', 'n', 'median', 'p95', 'min', 'max'], lw));
  for (const [name, v] of Object.entries(r.relay)) {
    console.log(line([`${name} 1 tab`, v.oneTab.domMs.n, v.oneTab.domMs.median, v.oneTab.domMs.p95, v.oneTab.domMs.min, v.oneTab.domMs.max], lw));
    if (v.tenTabs) {
      const t = v.tenTabs;
      console.log(line([`${name} ${TABS} tabs (every tab × sample)`, t.domMs.n, t.domMs.median, t.domMs.p95, t.domMs.min, t.domMs.max], lw));
      console.log(line([`${name} ${TABS} tabs: slowest tab`, t.slowestTabPerSampleMs.n, t.slowestTabPerSampleMs.median, t.slowestTabPerSampleMs.p95, t.slowestTabPerSampleMs.min, t.slowestTabPerSampleMs.max], lw));
      console.log(`${name}: TCP connections to the simulator with ${TABS} tabs: ${v.tcpConnections}`);
    }
  }
  const vis = r.visibility.allTabs.map((v) => `${v.visibilityState}/${v.rafPerSecond}fps`);
  console.log(`visibility/rAF per tab: ${vis.join(', ')}`);

  const h = r.hiddenTab;
  console.log(`\nBackground tab (${h.visibilityWhileBackground.visibilityState}, ${h.visibilityWhileBackground.rafPerSecond} rAF/s), ${h.waitedMs} ms after the emit: call in session snapshot=${h.whileHidden.inSnapshot}, in DOM=${h.whileHidden.inDom}, cti-incoming-call fired=${h.whileHidden.eventAt !== undefined}`);
  console.log(`  after bringToFront: ${h.afterFront.error ?? `DOM ${h.afterFront.domMsAfterBringToFront} ms later (${h.afterFront.domMsAfterEmit} ms after the emit), host event ${h.afterFront.hostEventMsAfterEmit} ms after the emit`}`);

  console.log('\nJS heap (JSHeapUsedSize after a forced GC)');
  console.log(line(['tab', 'before elements', 'connected', 'delta'], [5, 16, 12, 12]));
  for (const h of r.heap.perTab) console.log(line([h.tab, MB(h.before), MB(h.connected), MB(h.delta)], [5, 16, 12, 12]));
  console.log(`tabs 2..${TABS}: average page heap ${MB(r.heap.tabs2to10.avgConnected)} (before the elements ${MB(r.heap.tabs2to10.avgBefore)}, delta ${MB(r.heap.tabs2to10.avgDelta)})`);
  const wh = (x) => (x.available ? MB(x.usedSize) : `n/a (${x.reason})`);
  console.log(`SharedWorker heap: 1 tab ${wh(r.worker.oneTab)}, ${TABS} tabs ${wh(r.worker.tenTabs)}`);

  console.log('\nServer connections (simulator state)');
  for (const [label, c] of [['1 tab', r.connections.oneTab], [`${TABS} tabs`, r.connections.tenTabs]]) {
    console.log(`${label.padEnd(8)} openChannels=${c.openChannels} ${Object.entries(c.byMonitor).map(([k, v]) => `${k}=${v}`).join(' ')} subscriptions=${c.subscriptions}`);
  }
  console.log(`requests made while tabs 2..${TABS} attached: ${JSON.stringify(r.requestsForTabs2to10)}`);
  if (r.pageErrors.length) console.log(`\npage errors:\n  ${r.pageErrors.join('\n  ')}`);
  console.log(`\n${r.browser}, hub mode ${r.hubMode}, ${r.machine.cpus} × ${r.machine.cpu}; ${(r.durationMs / 1000).toFixed(1)} s`);
}

const watchdog = setTimeout(() => {
  console.error(`bench: gave up after ${WATCHDOG_MS / 1000} s`);
  process.exit(1);
}, WATCHDOG_MS);
watchdog.unref();

try {
  const r = await main();
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(r, null, 2)}\n`);
  print(r);
  console.log(`\nwrote ${relative(root, join(resultsDir, 'latest.json'))}`);
  process.exit(0);
} catch (e) {
  console.error(`\nbench failed: ${e?.stack ?? e}`);
  process.exit(1);
}
