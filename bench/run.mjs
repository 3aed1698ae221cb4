// `npm run bench` (not part of `npm test`): sizes (gzip and brotli), event → DOM latency under 100 events/s (1 tab;
// 10 visible tabs; 1 visible + 9 hidden), a supervisor board of 1,000 agents with 100 changes/s (Catix through the
// real websockify), hub command round trip, JS heap per tab, server connections — against the built drop-in (dist/)
// in headless Chromium and the in-process simulators.
// Every measurement is a step: a step that cannot measure is reported with its reason and the others still run.
// Prints each figure beside its goal and the previous run's value (bench/results/latest.json, read before it is
// overwritten); `node bench/readme.mjs` then writes the README's "Measured numbers" table from it. Exit 1 only when
// no step measured anything.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { brotliCompressSync, gzipSync, constants as zlibConstants } from 'node:zlib';
import { extname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { figures, partialFailures, values } from './figures.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const benchDir = join(root, 'bench');
const distDir = join(root, 'dist');
const resultsDir = join(benchDir, 'results');

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 20);
const WARMUP = 3;
const TABS = 10;
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** The whole run's budget: a step that would start after it is skipped (reported), the run still writes its results. */
const DEADLINE_MS = Number(process.env.BENCH_DEADLINE_MS ?? 300_000);
/** Events per second during the latency scenarios (Interact queue statistics, each one a change on the page). */
const LOAD_PER_SECOND = 100;
const BOARD_AGENTS = 1000;
const BOARD_CHANGES_PER_SECOND = 100;
const AGENT = { agent: '1001', password: '1234', extension: '2001' };

const t0 = Date.now();
const log = (msg) => console.log(`[bench ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const kB = (b) => (b === undefined ? 'n/a' : `${(b / 1000).toFixed(1)} kB`);
const MB = (b) => (b === undefined ? 'n/a' : `${(b / 1e6).toFixed(2)} MB`);

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
  if (process.env.BENCH_NO_BUILD === '1') {
    if (!existsSync(join(distDir, 'cti-elements.js'))) throw new Error('BENCH_NO_BUILD=1 but dist/ has no build');
    log('BENCH_NO_BUILD=1: measuring dist/ as it is');
    return { buildOk: undefined, buildExit: 'not run (BENCH_NO_BUILD=1)' };
  }
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
  const initial = dropinInitialLoad(report);
  const esm = row('esm/cti-elements.js');
  const worker = row('cti-hub.worker.js');
  if (initial.missing.length || !esm || !worker) throw new Error(`drop-in files (${initial.missing.join(', ')}), dist/esm/cti-elements.js or dist/cti-hub.worker.js missing after the build`);
  const adapters = report.filter((r) => /^chunks\/[a-z]+-adapter-.*\.js$/.test(r.file));
  if (adapters.length === 0) throw new Error('no chunks/<vendor>-adapter-*.js in dist/');
  const vendorOf = (r) => /^chunks\/([a-z]+)-adapter-/.exec(r.file)[1];
  // The XML codec: the worker build's copy (the drop-in build may emit its own under another hash).
  const xmlRows = report.filter((r) => /^chunks\/codec-xml-.*\.js$/.test(r.file));
  const interactAdapter = adapters.find((a) => vendorOf(a) === 'interact');
  const imported = interactAdapter ? readFileSync(join(distDir, interactAdapter.file), 'utf8') : '';
  const xml = xmlRows.find((r) => imported.includes(r.file.slice('chunks/'.length))) ?? (xmlRows.length === 1 ? xmlRows[0] : undefined);
  const brotliOf = new Map();
  const brotli = (file) => {
    if (!brotliOf.has(file)) {
      const buf = readFileSync(join(distDir, file));
      brotliOf.set(file, brotliCompressSync(buf, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: buf.length } }).length);
    }
    return brotliOf.get(file);
  };
  const sum = (...rows) => ({ raw: rows.reduce((a, r) => a + r.raw, 0), gzip: rows.reduce((a, r) => a + r.gzip, 0), brotli: rows.reduce((a, r) => a + brotli(r.file), 0), files: rows.map((r) => r.file) });
  const rows = [
    { key: 'dropin', name: `drop-in initial load (${initial.files.join(' + ')})`, ...sum(...initial.files.map(row).filter(Boolean)), targetGzip: 20 * 1000 },
    ...dropinLazyChunks(report).map((r) => ({ name: `drop-in lazy ${r.file}`, ...sum(r) })),
    { name: 'ESM dist/esm/cti-elements.js (Lit external)', ...sum(esm) },
    // The worker entry is a stub importing the hub's shared chunk: its initial load is the entry's static closure.
    { key: 'worker', name: `worker initial (${staticClosure(report, worker.file).join(' + ')})`, ...sum(...staticClosure(report, worker.file).map(row).filter(Boolean)) },
    // An adapter with the chunks it imports statically (the relay layer, backoff… shared between adapters).
    ...adapters.map((a) => {
      // Adapters import the worker's own chunk: count each file once.
      const files = [...new Set([worker.file, ...staticClosure(report, a.file)])];
      return { key: `hub+${vendorOf(a)}`, name: `worker + ${vendorOf(a)} adapter (${files.join(' + ')})`, ...sum(...files.map(row).filter(Boolean)), targetGzip: 15 * 1000 };
    }),
    (() => {
      const all = hubWithAllAdapters(report);
      return { key: 'hub+all', name: `worker + every adapter (${all.adapters.length}) + shared chunks`, ...sum(...all.files.map(row).filter(Boolean)), targetGzip: 35 * 1000 };
    })(),
    ...(xml ? [{ name: `worker + interact adapter + ${xml.file}`, ...sum(...[...new Set([...staticClosure(report, worker.file), ...adapters.filter((a) => vendorOf(a) === 'interact').flatMap((a) => staticClosure(report, a.file)), xml.file])].map(row).filter(Boolean)) }] : []),
  ];
  // The page and its hub together (the drop-in's initial load + the worker with the Interact adapter: one vendor).
  const page = rows.find((r) => r.key === 'dropin');
  const hubInteract = rows.find((r) => r.key === 'hub+interact');
  if (page && hubInteract) {
    rows.splice(rows.indexOf(hubInteract) + 1, 0, { key: 'page+hub+interact', name: 'drop-in initial load + worker + interact adapter', raw: page.raw + hubInteract.raw, gzip: page.gzip + hubInteract.gzip, brotli: page.brotli + hubInteract.brotli, targetGzip: 35 * 1000 });
  }
  // What the builds also emitted that nothing loads from dist/ (the drop-in finds the worker at
  // dist/cti-hub.worker.js): reported so nobody mistakes them for part of the page cost.
  const extra = report.filter((r) => r.file.startsWith('assets/')).map((r) => r.file);
  return { rows, all: report, dropinAssets: extra };
}

/* ----------------------------------------------------------- static server */

const TYPES = { '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.html': 'text/html; charset=utf-8', '.map': 'application/json', '.json': 'application/json', '.css': 'text/css' };

/**
 * The bench's HTTP server: dist/ and the bench page. `options` (the second-origin step): `gzip` compresses each body
 * as a CDN would (level 9, as the build report counts); `pageFrom` rewrites the bench page to load the drop-in from
 * that origin, in pt-BR; `frameAllows` fills the hub frame's allow-list; `record` gets one entry per request
 * (path, bytes of the body sent, the Referer, Sec-Fetch-Dest, when).
 */
function startStatic(options = {}) {
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
    let body = readFileSync(file);
    if (options.pageFrom && url.pathname === '/bench/page.html') {
      body = Buffer.from(body.toString('utf8').replace('src="/dist/cti-elements.js"', `src="${options.pageFrom}/dist/cti-elements.js"`).replace('vendor="interact" server="" agent="1001" extension="2001" locale="en"', 'vendor="interact" server="" agent="1001" extension="2001" locale="pt-BR"'));
    }
    if (options.frameAllows && url.pathname === '/dist/hub-frame.html') {
      body = Buffer.from(body.toString('utf8').replace('<meta name="cti-allowed-origins" content="" />', `<meta name="cti-allowed-origins" content="${options.frameAllows}" />`));
    }
    const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' };
    if (options.gzip) {
      Object.assign(headers, { 'access-control-allow-origin': '*', 'timing-allow-origin': '*', vary: 'accept-encoding' });
      if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
        body = gzipSync(body, { level: 9 });
        headers['content-encoding'] = 'gzip';
      }
    }
    options.record?.push({ path: url.pathname, bytes: body.length, referer: req.headers.referer ?? '', dest: req.headers['sec-fetch-dest'] ?? '', at: Date.now() });
    res.writeHead(200, headers);
    res.end(body);
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

/** A page's main-thread task time (CDP TaskDuration, s): `read()` the total so far, `close()`. */
async function taskClock(page) {
  const cdp = await page.createCDPSession();
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' }).catch(() => cdp.send('Performance.enable'));
  return {
    read: async () => (await cdp.send('Performance.getMetrics')).metrics.find((x) => x.name === 'TaskDuration')?.value,
    close: () => cdp.detach().catch(() => {}),
  };
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

/**
 * The hub SharedWorker's busy time while `run()` runs, from a CPU profile of its own CDP target (1 ms sampling):
 * every sample that is not `(idle)` counts, in ms per second of wall time. `context`: the browser context whose hub.
 */
async function workerBusy(browser, context, run) {
  const target = browser.targets().find((t) => t.type() === 'shared_worker' && t.browserContext() === context);
  if (!target) {
    await run();
    return { available: false, reason: 'no shared_worker target visible to puppeteer' };
  }
  const cdp = await target.createCDPSession();
  try {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
    await cdp.send('Profiler.start');
    const start = Date.now();
    await run();
    const wallMs = Date.now() - start;
    const { profile } = await cdp.send('Profiler.stop');
    const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
    let busyUs = 0;
    profile.samples.forEach((id, i) => {
      if (!idle.has(id)) busyUs += profile.timeDeltas[i] ?? 0;
    });
    return { available: true, wallMs, busyMsPerSecond: +(busyUs / wallMs).toFixed(1) };
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/**
 * A bench page in `target` (the browser or one of its contexts); errors are collected under `label`.
 * The wait for the elements polls on a timer, not on animation frames: puppeteer's default (`raf`) never polls
 * again in a background tab (no frames), so a tab opened in the background whose drop-in module was not defined
 * yet at the first check waited out its whole timeout. That was the hidden-tab step's flake.
 */
async function openTab(target, pageUrl, errors, label, options = { type: 'window' }) {
  const page = await target.newPage(options);
  page.on('pageerror', (e) => errors.push(`${label}: pageerror ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${label}: console.error ${m.text()}`);
  });
  try {
    // BENCH_FAIL_OPEN=label,…: those tabs fail to open (a forced failure in the middle of a step).
    if (listed(process.env.BENCH_FAIL_OPEN, label)) throw new Error(`forced: ${label} did not open (BENCH_FAIL_OPEN)`);
    await page.goto(pageUrl, { waitUntil: 'load' });
    await page.waitForFunction(() => document.documentElement.dataset.benchReady === 'true' && customElements.get('cti-phone'), { timeout: 15_000, polling: 50 });
  } catch (e) {
    // A tab that did not open is closed, so no step after this one shares the browser with it.
    await page.close().catch(() => {});
    throw e;
  }
  return page;
}

/* ---------------------------------------------------------------- latency */

let sampleSeq = 0;

/**
 * One inbound call seen by every tab: per-tab latency from the simulator's emit to the DOM. A tab in `hidden`
 * (a Set of pages) is waited for its host event (`cti-incoming-call`) instead: it need not render while hidden.
 */
async function sample(sim, pages, hidden = new Set()) {
  const from = `119${String(Date.now() % 1e6).padStart(6, '0')}${String(sampleSeq++).padStart(2, '0')}`;
  await Promise.all(pages.map((p) => p.evaluate((n) => window.bench.arm(n), from)));
  const emitAt = Date.now();
  const { call_id, queued, agent } = sim.control.inbound({ agent: AGENT.agent, from, service: 'Atendimento' });
  if (queued || agent !== AGENT.agent) throw new Error(`the call was not delivered to ${AGENT.agent} at once (queued=${queued}, agent=${agent}): the agent was not free`);
  let seen;
  try {
    seen = await Promise.all(pages.map((p) => (hidden.has(p) ? p.evaluate((n) => window.bench.seenEvent(n), from) : p.evaluate((n) => window.bench.seen(n), from))));
  } catch (e) {
    // The next step needs a free agent: end this call before reporting.
    sim.control.hangup({ call_id });
    throw e;
  }
  const hangupAt = Date.now();
  sim.control.hangup({ call_id });
  // The next call must find the agent free again, and every tab must have taken the call off.
  await until(() => {
    const a = sim.control.state().agents.find((x) => x.name === AGENT.agent);
    return a && a.calls.length === 0 && a.state === 'ready_free';
  }, `agent ${AGENT.agent} to be free after hanging up ${call_id}`);
  const freeAt = Date.now();
  // (Hidden tabs are not waited for: their timers run once a second; each sample has its own number.)
  await Promise.all(pages.filter((p) => !hidden.has(p)).map((p) => p.evaluate((n) => window.bench.gone(n), from)));
  const cleared = { agentFreeMs: freeAt - hangupAt, domClearedMs: Date.now() - hangupAt };
  return seen.map((s) => ({ dom: s.domAt === undefined ? undefined : s.domAt - emitAt, event: s.eventAt === undefined ? undefined : s.eventAt - emitAt, state: s.state, ...cleared }));
}

async function scenario(name, sim, pages, hidden = new Set()) {
  log(`latency, ${name}: ${WARMUP} warm-up + ${SAMPLES} samples`);
  for (let i = 0; i < WARMUP; i++) await sample(sim, pages, hidden);
  const perSample = [];
  for (let i = 0; i < SAMPLES; i++) perSample.push(await sample(sim, pages, hidden));
  const visible = pages.map((p, i) => (hidden.has(p) ? -1 : i)).filter((i) => i >= 0);
  const hiddenIdx = pages.map((p, i) => (hidden.has(p) ? i : -1)).filter((i) => i >= 0);
  const pick = (idx) => perSample.flatMap((s) => idx.map((i) => s[i]));
  const all = pick(visible);
  const slowestTab = perSample.map((s) => Math.max(...visible.map((i) => s[i].dom)));
  const states = [...new Set(all.map((x) => x.state))];
  return {
    tabs: pages.length,
    hiddenTabs: hiddenIdx.length,
    samples: SAMPLES,
    domMs: stats(all.map((x) => x.dom)),
    slowestTabPerSampleMs: stats(slowestTab),
    hostEventMs: stats(all.filter((x) => x.event !== undefined).map((x) => x.event)),
    ...(hiddenIdx.length
      ? {
          hiddenHostEventMs: stats(pick(hiddenIdx).map((x) => x.event)),
          // Did the hidden tabs render the call while hidden (by the time their host event was read)?
          hiddenRenderedWhileHidden: pick(hiddenIdx).filter((x) => x.dom !== undefined).length,
        }
      : {}),
    perTabMedianMs: pages.map((p, i) => stats(perSample.map((s) => (hidden.has(p) ? s[i].event : s[i].dom))).median),
    callStateWhenSeen: states,
    // Bench overhead per sample, not a result: hang-up → simulator agent free, hang-up → every tab cleared.
    cleanup: { agentFreeMs: stats(perSample.map((s) => s[0].agentFreeMs)), domClearedMs: stats(perSample.map((s) => s[0].domClearedMs)) },
  };
}

/** A bench page in `context` connected to another vendor than the template's Interact; errors are collected under `label`. */
async function openVendorTab(context, pageUrl, errors, label, vendor) {
  const page = await openTab(context, pageUrl, errors, label);
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
    // 10 tabs: what cannot be measured is said beside the 1-tab figures, which stand.
    let tenTabs;
    try {
      for (let i = 2; i <= TABS; i++) {
        const page = await open(i);
        await page.evaluate(() => window.bench.waitReady());
      }
      tenTabs = await run(`${TABS} tabs`);
    } catch (e) {
      tenTabs = { error: String(e?.message ?? e).split('\n')[0].slice(0, 300) };
      log(`NEON ${TABS} tabs: could not measure: ${tenTabs.error}`);
    }
    const state = sim.control.state();
    return { oneTab, tenTabs, sockets: tenTabs.error ? undefined : state.clients, authenticated: state.authenticated };
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
    // Each vendor on its own: one that cannot be measured is reported with why, the next one still is.
    let sim;
    let relay;
    let context;
    try {
      sim = await spec.start();
      relay = await startWebsockify({ targets: { [spec.name]: new URL(sim.url).host } });
      context = await browser.createBrowserContext();
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
    } catch (e) {
      out[spec.name] = { ...out[spec.name], error: String(e?.message ?? e).split('\n')[0].slice(0, 300) };
      log(`${spec.name}: could not measure: ${out[spec.name].error}`);
    } finally {
      await context?.close().catch(() => {});
      await relay?.close().catch(() => relay.closeSync());
      await sim?.close().catch(() => sim.closeSync());
    }
  }
  if (RELAY_VENDORS.every((v) => out[v.name]?.error && !out[v.name].oneTab)) throw new Error(`no relay vendor measured: ${RELAY_VENDORS.map((v) => `${v.name}: ${out[v.name].error}`).join('; ')}`);
  return out;
}

/**
 * A background tab (hidden, no rAF): does the call reach its session, its DOM, its host event?
 * Then bring it to the front and time how long the DOM takes to catch up.
 */
async function hiddenTab(browser, pageUrl, sim, pages, errors) {
  const page = await openTab(browser, pageUrl, errors, 'hidden', { type: 'tab', background: true });
  let other;
  try {
    // Connect while it is visible (the check is about a tab that goes to the background), then hide it.
    await page.bringToFront();
    await page.evaluate(() => window.bench.connect());
    await page.evaluate(() => window.bench.waitReady());
    other = await browser.newPage({ type: 'tab' }); // same window, in front: `page` is now a background tab
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
    return { visibilityWhileBackground: visibility, waitedMs: WAIT, whileHidden, afterFront };
  } finally {
    await other?.close().catch(() => {});
    await page.close().catch(() => {});
  }
}

/**
 * `perSecond` Interact events per second while it runs: the simulator's queue statistics are sent every 10 ms
 * (`statsIntervalMs`) and the waiting count of 'Atendimento' changes every 10 ms, so each tick is one
 * `on_service_stats` with a change the session takes in (its queues). Returns stop().
 */
function startLoad(sim, perSecond) {
  let k = 0;
  const t0 = Date.now();
  const timer = setInterval(() => {
    const due = Math.floor(((Date.now() - t0) * perSecond) / 1000);
    if (due > k) sim.control.stats({ service: 'Atendimento', waiting: (k = due) % 50 });
  }, 1000 / perSecond);
  return () => clearInterval(timer);
}

/** Event → DOM under load, with the rate of hub → tab messages tab 0 received meanwhile (page-side meter). */
async function loadedScenario(name, sim, pages, hidden) {
  const stop = startLoad(sim, LOAD_PER_SECOND);
  try {
    const probe = pages[0];
    // What the simulator really sent (SSE events on every channel) and what tab 1 received from the hub, over 1 s.
    const sent = () => sim.control.state().channels.reduce((a, ch) => a + (ch.events ?? 0), 0);
    // A hidden tab's messages too, and every tab's main-thread time (CDP TaskDuration) over the same second.
    const hiddenProbe = pages.find((p) => hidden?.has(p));
    const meters = [probe, ...(hiddenProbe ? [hiddenProbe] : [])];
    const clocks = await Promise.all(pages.map((p) => taskClock(p).catch(() => undefined)));
    const work = await Promise.all(clocks.map((c) => c?.read().catch(() => undefined)));
    await Promise.all(meters.map((p) => p.evaluate(() => window.bench.portMeter(true))));
    const t0 = Date.now();
    const sent0 = sent();
    await sleep(1000);
    const [m, mh] = await Promise.all(meters.map((p) => p.evaluate(() => window.bench.portMeter(false))));
    const elapsed = Date.now() - t0;
    const work1 = await Promise.all(clocks.map((c) => c?.read().catch(() => undefined)));
    await Promise.all(clocks.map((c) => c?.close()));
    const busy = (pick) => {
      const ms = pages.map((p, i) => (pick(p) && work[i] !== undefined && work1[i] !== undefined ? (work1[i] - work[i]) * 1000 : 0));
      return +((ms.reduce((a, b) => a + b, 0) * 1000) / elapsed).toFixed(1);
    };
    const simEventsPerSecond = +(((sent() - sent0) * 1000) / elapsed).toFixed(1);
    const result = await scenario(name, sim, pages, hidden);
    return {
      eventsPerSecondAsked: LOAD_PER_SECOND,
      simEventsPerSecond,
      hubToTabMessagesPerSecond: +((m.messages * 1000) / elapsed).toFixed(1),
      ...(mh ? { hiddenTabMessagesPerSecond: +((mh.messages * 1000) / elapsed).toFixed(1) } : {}),
      // Main-thread ms per second (CDP TaskDuration): the visible tabs together, the hidden ones together.
      pageTaskMsPerSecond: { visible: busy((p) => !hidden?.has(p)), hidden: busy((p) => hidden?.has(p)) },
      ...result,
    };
  } finally {
    stop();
  }
}

/** Hub command round trip from tab 1: `ready` while ready (tab → hub → Interact REST → hub → tab), one after the other. */
async function roundTrip(page) {
  const n = SAMPLES * 2;
  await page.evaluate(() => window.bench.roundTrips(3, { type: 'ready' }));
  const { times, refused } = await page.evaluate((k) => window.bench.roundTrips(k, { type: 'ready' }), n);
  return { command: 'ready (agent already ready)', n, refused, ms: stats(times.map((t) => +t.toFixed(2))) };
}

/**
 * The supervisor board: a Catix supervisor session (LOGAR_MULTI_USER, every agent's events) through the real
 * websockify and the real hub; the simulator's `board` route adds 1,000 logged-in agents, then 100 agent changes per
 * second. Measured in the page: frames per second and long tasks with the team table on screen, and (apart, as
 * sizing costs time) the bytes of each hub → tab message.
 */
async function supervisorBoard(browser, pageUrl, errors) {
  const { startCatixSimulator } = await import('../test/simulators/catix/server.mjs');
  const { startWebsockify } = await import('../test/support/websockify.mjs');
  const sim = await startCatixSimulator({ keepAliveMs: 30_000, pinDelayMs: null, farEndAnswerMs: null });
  const relay = await startWebsockify({ targets: { catix: new URL(sim.url).host } });
  const context = await browser.createBrowserContext();
  try {
    const page = await openTab(context, pageUrl, errors, 'board');
    await page.evaluate(
      (v) => window.bench.board(v),
      { server: `${relay.url.replace(/\/?$/, '/')}?token=catix`, agent: 'supervisor-1', credentials: { user: 'crm', password: 'secret' }, options: { role: 'supervisor' }, readyDetail: 'catix-supervisor' },
    );
    const loadStart = Date.now();
    sim.control.board({ agents: BOARD_AGENTS });
    // The logins arrive as 1,000 events at once. The table gets 30 s to show them all; if it does not, the board
    // is measured with what it shows by then (reported: rows, members, and that it was incomplete).
    let team;
    try {
      team = await until(async () => {
        const t = await page.evaluate(() => window.bench.team());
        return t.rows >= BOARD_AGENTS ? t : undefined;
      }, `${BOARD_AGENTS} rows in the team table`, 30_000, 200);
    } catch {
      team = { ...(await page.evaluate(() => window.bench.team())), incomplete: true };
      log(`board: ${team.rows} rows (${team.members} members in the session) of ${BOARD_AGENTS} after 30 s; measuring anyway`);
    }
    const teamShownMs = Date.now() - loadStart;
    const idle = await page.evaluate(() => window.bench.frames(1000));
    sim.control.board({ perSecond: BOARD_CHANGES_PER_SECOND });
    await sleep(500);
    const changes0 = sim.control.state().board.changes;
    const loaded = await page.evaluate(() => window.bench.frames(4000));
    const changes = sim.control.state().board.changes - changes0;
    await page.evaluate(() => window.bench.portMeter(true));
    const m0 = Date.now();
    await sleep(2000);
    const meter = await page.evaluate(() => window.bench.portMeter(false));
    const meterMs = Date.now() - m0;
    // Apart from the frames (a profiled worker runs slower): the hub's own time for the same load.
    const hub = await workerBusy(browser, context, () => sleep(3000));
    sim.control.board({ perSecond: 0 });
    return {
      agents: BOARD_AGENTS,
      changesPerSecondAsked: BOARD_CHANGES_PER_SECOND,
      changesPerSecondMade: +((changes * 1000) / loaded.elapsedMs).toFixed(1),
      team,
      teamShownMs,
      idle,
      loaded,
      hub,
      hubToTab: {
        messages: meter.messages,
        messagesPerSecond: +((meter.messages * 1000) / meterMs).toFixed(1),
        bytesPerMessage: meter.messages ? Math.round(meter.bytes / meter.messages) : undefined,
        // The hub → tab updates alone (patches; the RPC answers apart), each one agent's change or a few coalesced.
        ...(() => {
          const updates = meter.sizes.filter(([, kind]) => kind !== 'other').map(([b]) => b);
          return { updates: updates.length, bytesPerUpdate: updates.length ? Math.round(updates.reduce((a, b) => a + b, 0) / updates.length) : undefined, updateBytes: stats(updates) };
        })(),
        maxMessageBytes: meter.max,
        bytesPerSecond: Math.round((meter.bytes * 1000) / meterMs),
        unsized: meter.unsized,
        how: 'JSON text of each MessagePort message the page received, UTF-8 bytes (a proxy for the structured clone)',
      },
    };
  } finally {
    await context.close().catch(() => {});
    await relay.close().catch(() => relay.closeSync());
    await sim.close().catch(() => sim.closeSync());
  }
}

/**
 * Bytes per hub → tab update on tab 1 (no load running): a ring, its answer, the hang-up and an agent state change,
 * each as the updates the page's MessagePorts received for it (the page-side meter: JSON text in UTF-8, a proxy for
 * the structured clone; RPC answers are counted apart). Each event is measured on its own: one that cannot be
 * made (a refused command) is reported with why, the others still are.
 */
async function updateBytes(sim, page) {
  const measure = async (label, act, done) => {
    try {
      await page.evaluate(() => window.bench.portMeter(true));
      await act();
      await page.waitForFunction(done, { polling: 10, timeout: 10_000 });
      await sleep(150); // a coalesced update that follows the first
      const m = await page.evaluate(() => window.bench.portMeter(false));
      const updates = m.sizes.filter(([, kind]) => kind !== 'other').map(([b]) => b);
      return { updates: updates.length, bytes: updates.reduce((a, b) => a + b, 0), each: updates, rpcMessages: m.sizes.length - updates.length };
    } catch (e) {
      await page.evaluate(() => window.bench.portMeter(false)).catch(() => {});
      return { error: String(e?.message ?? e).split('\n')[0].slice(0, 300) };
    }
  };
  const from = `116${String(Date.now() % 1e6).padStart(6, '0')}${String(sampleSeq++).padStart(2, '0')}`;
  let callId;
  const out = {};
  out.ring = await measure('ring', async () => {
    // mustAccept: the agent answers it (else Interact's phone answers by itself when it stops ringing). Suporte: no
    // classification after the call (the agent is free again at once).
    ({ call_id: callId } = sim.control.inbound({ agent: AGENT.agent, from, service: 'Suporte', mustAccept: true }));
  }, `window.bench.summary().calls.some((c) => c.endsWith(':ringing'))`);
  // The agent answers (Interact rings the agent's phone; the command goes through the hub like a click on Atender).
  out.answer = await measure('answer', async () => {
    const id = await page.evaluate((n) => window.bench.callId(n), from);
    await page.evaluate((c) => window.bench.execute({ type: 'answer', callId: c }), id);
  }, `window.bench.summary().calls.some((c) => !/:(ringing|ended)$/.test(c))`);
  out.hangup = await measure('hang-up', async () => sim.control.hangup({ call_id: callId }), `window.bench.summary().calls.every((c) => /:(ended|wrap-up)$/.test(c))`);
  await until(() => sim.control.state().agents.find((x) => x.name === AGENT.agent)?.state === 'ready_free', 'the agent to be free').catch(() => {});
  const reason = await page.evaluate(() => window.bench.pauseReason());
  out.agentState = reason === undefined
    ? { error: 'the session has no pause reason' }
    : await measure('pause', () => page.evaluate((id) => window.bench.execute({ type: 'pause', reasonId: id }), reason), `window.bench.summary().phase === 'paused'`);
  // Back to ready for the steps after this one.
  await page.evaluate(() => window.bench.execute({ type: 'ready' })).catch(() => {});
  await page.evaluate(() => window.bench.waitReady()).catch(() => {});
  if (Object.values(out).every((x) => x.error)) throw new Error(`no update measured: ${out.ring.error}`);
  return { ...out, how: 'JSON text of each hub → tab update the page received for the event (MessagePort meter), UTF-8 bytes' };
}

/**
 * The drop-in as a customer serves it: the host page on one origin, the widget's files on another (same site, another
 * port: the CDN case, so the hub runs in the hidden hub frame), pt-BR, Interact. Counts the bytes that really cross
 * the network until the page is interactive (<cti-phone> rendered and the session connected: the sign-in can be
 * used), from the widget server's compressed bodies (gzip level 9, as the build report counts), split by who asked:
 * the page, the hub frame, the hub worker; and CDP's encodedDataLength (headers included) for the page target.
 */
async function secondOrigin(browser, errors) {
  const { startInteractSimulator } = await import('../test/simulators/interact/server.mjs');
  // Its own simulator: the other steps count the channels of theirs.
  const sim = await startInteractSimulator({ afterCallWorkMs: 0 });
  const simUrl = sim.url;
  const record = [];
  // Options are read per request: each server learns the other's origin once both listen.
  const widgetOptions = { gzip: true, record };
  const hostOptions = {};
  const widget = await startStatic(widgetOptions);
  const host = await startStatic(hostOptions);
  const widgetOrigin = `http://127.0.0.1:${widget.address().port}`;
  const pageOrigin = `http://127.0.0.1:${host.address().port}`;
  widgetOptions.frameAllows = pageOrigin;
  hostOptions.pageFrom = widgetOrigin;
  const context = await browser.createBrowserContext();
  let cdp;
  try {
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`second origin: pageerror ${e.message}`));
    cdp = await page.createCDPSession();
    const encoded = new Map();
    const urls = new Map();
    cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
    cdp.on('Network.loadingFinished', (e) => encoded.set(e.requestId, e.encodedDataLength));
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const t0 = Date.now();
    await page.goto(`${pageOrigin}/bench/page.html?server=${encodeURIComponent(simUrl)}`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.documentElement.dataset.benchReady === 'true' && customElements.get('cti-phone'), { timeout: 15_000, polling: 50 });
    const connected = await page.evaluate(() => window.bench.connect());
    const interactiveAt = Date.now();
    // The widget's files as the page target saw them (headers included).
    const pageEncoded = [...encoded].filter(([id]) => urls.get(id)?.startsWith(`${widgetOrigin}/`)).reduce((a, [, b]) => a + b, 0);
    await sleep(1000); // what comes after (lazy chunks) is listed apart
    const lang = await page.evaluate(() => document.querySelector('cti-provider')?.getAttribute('locale'));
    // Who asked: the worker's script graph (Sec-Fetch-Dest sharedworker) and what its files import (their URL is the
    // Referer) is the hub's; the hub frame and what it loads, the frame's; the rest, the page's. A file both load
    // is downloaded by each (two contexts) and counted in each.
    const sideOf = new Map();
    for (const r of record) {
      let side;
      if (r.dest === 'sharedworker' || r.dest === 'worker') side = 'hubWorker';
      else if (r.dest === 'iframe' || r.path === '/dist/hub-frame.html') side = 'hubFrame';
      else {
        let from;
        try {
          const u = new URL(r.referer);
          if (u.origin === widgetOrigin) from = sideOf.get(u.pathname);
        } catch {
          from = undefined;
        }
        side = from ?? 'page';
      }
      r.side = side;
      if (!sideOf.has(r.path)) sideOf.set(r.path, side);
    }
    const who = (r) => r.side;
    const before = record.filter((r) => r.at <= interactiveAt);
    const sum = (rows) => rows.reduce((a, r) => a + r.bytes, 0);
    const bucket = (name) => {
      const rows = before.filter((r) => who(r) === name);
      return { bytes: sum(rows), files: rows.map((r) => `${r.path.replace(/^\/dist\//, '')} ${r.bytes} (${r.dest || '?'})`) };
    };
    const page_ = bucket('page');
    const frame = bucket('hubFrame');
    const worker = bucket('hubWorker');
    return {
      pageOrigin: pageOrigin,
      widgetOrigin: widgetOrigin,
      locale: lang,
      hubMode: connected.hubMode,
      interactiveMs: interactiveAt - t0,
      pageSideGzip: page_.bytes,
      hubFrameGzip: frame.bytes,
      hubWorkerGzip: worker.bytes,
      totalGzip: page_.bytes + frame.bytes + worker.bytes,
      files: { page: page_.files, hubFrame: frame.files, hubWorker: worker.files },
      afterInteractive: record.filter((r) => r.at > interactiveAt).map((r) => `${r.path.replace(/^\/dist\//, '')} ${r.bytes}`),
      cdpPageTargetWidgetBytes: pageEncoded,
      how: 'response bodies the widget server sent (gzip level 9) for requests made before the page was interactive (<cti-phone> rendered, session connected), by who asked (Sec-Fetch-Dest, Referer); CDP: encodedDataLength of the page target\'s requests for the widget\'s files (headers included)',
    };
  } finally {
    await cdp?.detach().catch(() => {});
    await context.close().catch(() => {});
    widget.close();
    host.close();
    widget.closeAllConnections?.();
    host.closeAllConnections?.();
    await sim.close().catch(() => sim.closeSync());
  }
}

/* ------------------------------------------------------------------- steps */

const steps = [];

/** Whether `name` contains one of the comma-separated words of `list` (case-insensitive). */
const listed = (list, name) => Boolean(list) && list.split(',').map((w) => w.trim().toLowerCase()).filter(Boolean).some((w) => name.toLowerCase().includes(w));
/**
 * `BENCH_ONLY=word,word`: run only the steps whose name contains one of the words (the set-up steps always run; a
 * step whose input was not run is skipped, saying so). `BENCH_FAIL=word,…`: those steps fail at once (to check that
 * the others still run and the results still say why).
 */
const selected = (name) => !process.env.BENCH_ONLY || listed(process.env.BENCH_ONLY, name);

/**
 * Runs one measurement. It cannot measure (an error, its time limit, or the run's deadline): the step is reported
 * with why, and the run goes on. `needs`: the results of earlier steps it depends on (missing → skipped, saying which).
 */
async function step(name, fn, { timeoutMs = 120_000, needs = [], always = false } = {}) {
  const entry = { name, ok: false };
  steps.push(entry);
  const missing = needs.filter(([, v]) => v === undefined).map(([n]) => n);
  const left = DEADLINE_MS - (Date.now() - t0);
  if (!always && !selected(name)) entry.skipped = `not selected (BENCH_ONLY=${process.env.BENCH_ONLY})`;
  else if (missing.length) entry.skipped = `needs ${missing.join(', ')}, which did not run or could not measure`;
  else if (left < 5_000) entry.skipped = `the run's ${DEADLINE_MS / 1000} s deadline was reached`;
  if (entry.skipped) {
    log(`${name}: skipped (${entry.skipped})`);
    return undefined;
  }
  log(name);
  const start = Date.now();
  let timer;
  const limit = Math.min(timeoutMs, left);
  try {
    const forced = listed(process.env.BENCH_FAIL, name);
    const run = forced ? () => Promise.reject(new Error(`forced failure (BENCH_FAIL=${process.env.BENCH_FAIL})`)) : fn;
    const running = run();
    const value = await Promise.race([running, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`did not finish in ${Math.round(limit / 1000)} s`)), limit)))]).catch(async (e) => {
      // Timed out: give its clean-up (pages closed, calls hung up, servers stopped) a bounded time before the next step.
      if (String(e?.message).startsWith('did not finish')) await Promise.race([running.catch(() => {}), sleep(30_000)]);
      throw e;
    });
    entry.ok = true;
    return value;
  } catch (e) {
    entry.error = String(e?.message ?? e).split('\n')[0].slice(0, 500);
    log(`${name}: could not measure: ${entry.error}`);
    return undefined;
  } finally {
    clearTimeout(timer);
    entry.ms = Date.now() - start;
  }
}

/* ------------------------------------------------------------------- main */

async function main() {
  const load = os.loadavg();
  const result = {
    startedAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, platform: `${os.platform()} ${os.release()}`, loadAverageAtStart: load.map((x) => +x.toFixed(2)) },
  };
  // What was measured: the build is made from this work tree, committed or not.
  const git = (...a) => spawnSync('git', a, { cwd: root, encoding: 'utf8' }).stdout?.trim();
  result.source = { commit: git('rev-parse', '--short', 'HEAD'), uncommittedUnderSrc: (git('status', '--porcelain', '--', 'src') ?? '').split('\n').filter(Boolean).length };
  // The 1-minute load average every 5 s while the run lasts (others' work on the machine shows in the figures).
  const loadSamples = [load[0]];
  const loadTimer = setInterval(() => loadSamples.push(os.loadavg()[0]), 5_000);
  loadTimer.unref();
  const built = await step('build', async () => buildAndMeasure(), { timeoutMs: 150_000, always: true });
  if (built) Object.assign(result, built);
  result.sizes = await step('sizes', () => sizes(), { needs: [['build', built]] });

  const { startInteractSimulator } = await import('../test/simulators/interact/server.mjs');
  const { default: puppeteer } = await import('puppeteer-core');

  let sim;
  let server;
  let browser;
  const errors = [];
  try {
    const setup = await step('start the Interact simulator, the page server and Chromium', async () => {
      sim = await startInteractSimulator({ ringMs: 60_000, afterCallWorkMs: 0, statsIntervalMs: 10 });
      server = await startStatic();
      browser = await puppeteer.launch({
        executablePath: CHROMIUM,
        headless: true,
        protocolTimeout: 30_000,
        args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic'],
      });
      result.browser = await browser.version();
      return `http://127.0.0.1:${server.address().port}/bench/page.html`;
    }, { needs: [['build', built]], always: true });
    const pageUrl = setup && `${setup}?server=${encodeURIComponent(sim.url)}`;

    // Tab 1: heap before/after the elements connect, sign in, ready.
    const pages = [];
    const heaps = [];
    const first = await step('tab 1: connect, sign in, ready', async () => {
      const page = await openTab(browser, pageUrl, errors, 'tab 1');
      const before = await heapOf(page);
      const connected = await page.evaluate(() => window.bench.connect());
      const after = await heapOf(page);
      heaps.push({ tab: 1, before: before.usedSize, connected: after.usedSize, delta: after.usedSize - before.usedSize });
      result.hubMode = connected.hubMode;
      if (connected.hubMode !== 'shared-worker') errors.push(`tab 1 hub mode is ${connected.hubMode}, not shared-worker`);
      await page.evaluate((a) => window.bench.signIn(a.agent, a.password, a.extension), AGENT);
      pages.push(page);
      result.visibility = { tab1: await page.evaluate(() => window.bench.visibility()) };
      result.worker = { oneTab: await workerHeap(browser) };
      result.connections = { oneTab: connectionSummary(sim.control.state()) };
      return page;
    }, { needs: [['setup', setup]], always: true });

    result.latency = {};
    result.latency.oneTab = await step(`event → DOM, 1 tab, ${LOAD_PER_SECOND} events/s`, () => loadedScenario('1 tab', sim, pages), { needs: [['tab 1', first]] });
    result.roundTrip = await step('hub command round trip', () => roundTrip(first), { needs: [['tab 1', first]] });
    result.updateBytes = await step('hub → tab bytes per update: ring, answer, hang-up, agent state', () => updateBytes(sim, first), { needs: [['tab 1', first]] });

    // Tabs 2..10: separate windows (each visible), the same browser context: one SharedWorker, one connection.
    const tenVisible = await step(`open tabs 2..${TABS} (windows), heap per tab`, async () => {
      const requestsBefore = sim.control.state().requests;
      for (let i = 2; i <= TABS; i++) {
        const page = await openTab(browser, pageUrl, errors, `tab ${i}`);
        pages.push(page);
        const before = await heapOf(page);
        const s = await page.evaluate(() => window.bench.connect());
        if (s.hubMode !== 'shared-worker') errors.push(`tab ${i} hub mode is ${s.hubMode}, not shared-worker`);
        await page.evaluate(() => window.bench.waitReady());
        const after = await heapOf(page);
        heaps.push({ tab: i, before: before.usedSize, connected: after.usedSize, delta: after.usedSize - before.usedSize });
      }
      const requestsAfter = sim.control.state().requests;
      result.requestsForTabs2to10 = Object.fromEntries(Object.entries(requestsAfter).map(([k, v]) => [k, v - (requestsBefore[k] ?? 0)]).filter(([, v]) => v > 0));
      result.visibility.allTabs = await Promise.all(pages.map((p) => p.evaluate(() => window.bench.visibility())));
      result.worker.tenTabs = await workerHeap(browser);
      result.connections.tenTabs = connectionSummary(sim.control.state());
      const rest = heaps.slice(1);
      const avg = (k) => Math.round(rest.reduce((a, h) => a + h[k], 0) / rest.length);
      result.heap = { perTab: heaps, tabs2to10: { avgConnected: avg('connected'), avgBefore: avg('before'), avgDelta: avg('delta') } };
      if (result.worker.oneTab.available && result.worker.tenTabs.available) result.heap.workerPerExtraTab = Math.round((result.worker.tenTabs.usedSize - result.worker.oneTab.usedSize) / (TABS - 1));
      return true;
    }, { needs: [['tab 1', first]] });
    result.latency.tenTabs = await step(`event → DOM, ${TABS} visible tabs, ${LOAD_PER_SECOND} events/s`, () => loadedScenario(`${TABS} visible tabs`, sim, pages), { needs: [['tabs 2..10', tenVisible]] });

    // 1 visible + 9 hidden: tabs 2..10 closed, 9 background tabs opened in tab 1's window (tab 1 stays in front).
    result.latency.oneVisibleNineHidden = await step(`event → DOM, 1 visible + ${TABS - 1} hidden tabs, ${LOAD_PER_SECOND} events/s`, async () => {
      for (const p of pages.splice(1)) await p.close().catch(() => {});
      await first.bringToFront();
      const hidden = new Set();
      for (let i = 2; i <= TABS; i++) {
        const page = await openTab(browser, pageUrl, errors, `hidden tab ${i}`, { type: 'tab', background: true });
        pages.push(page);
        hidden.add(page);
        await page.evaluate(() => window.bench.connect());
        await page.evaluate(() => window.bench.waitReady());
      }
      const visibility = await Promise.all(pages.map((p) => p.evaluate(() => document.visibilityState)));
      const wrong = visibility.map((v, i) => (i === 0 ? v !== 'visible' : v !== 'hidden')).filter(Boolean).length;
      if (wrong) throw new Error(`tab visibility is ${visibility.join(', ')}: not 1 visible + ${TABS - 1} hidden`);
      return { visibility, ...(await loadedScenario(`1 visible + ${TABS - 1} hidden`, sim, pages, hidden)) };
    }, { needs: [['tab 1', first]], timeoutMs: 150_000 });
    for (const p of pages.splice(1)) await p.close().catch(() => {});

    result.hiddenTab = await step('background tab: the call while hidden, the DOM after bringToFront', () => hiddenTab(browser, pageUrl, sim, pages, errors), { needs: [['tab 1', first]] });
    result.board = await step(`supervisor board: ${BOARD_AGENTS} agents, ${BOARD_CHANGES_PER_SECOND} changes/s (Catix through websockify)`, () => supervisorBoard(browser, pageUrl, errors), { needs: [['setup', setup]] });
    result.neon = await step('NEON event → DOM, 1 and 10 tabs', () => neonLatency(browser, pageUrl, errors), { needs: [['setup', setup]] });
    result.relay = await step('raw-TCP vendors through websockify', () => relayLatency(browser, pageUrl, errors), { needs: [['setup', setup]] });
    result.secondOrigin = await step('drop-in from a second origin (pt-BR, Interact): bytes downloaded before interactive', () => secondOrigin(browser, errors), { needs: [['setup', setup]] });
    result.pageErrors = errors;
  } finally {
    await browser?.close().catch((e) => console.error(`closing the browser: ${e.message}`));
    if (server) await new Promise((r) => server.close(r)).catch(() => {});
    server?.closeAllConnections?.();
    if (sim) await sim.close().catch(() => sim.closeSync());
  }
  result.steps = steps;
  clearInterval(loadTimer);
  result.machine.loadAverageAtEnd = os.loadavg().map((x) => +x.toFixed(2));
  result.machine.loadAverage1mDuringRun = { min: +Math.min(...loadSamples).toFixed(2), mean: +(loadSamples.reduce((a, b) => a + b, 0) / loadSamples.length).toFixed(2), max: +Math.max(...loadSamples).toFixed(2), samples: loadSamples.length };
  result.durationMs = Date.now() - t0;
  return result;
}

function connectionSummary(state) {
  const byMonitor = {};
  for (const ch of state.channels) byMonitor[ch.monitor] = (byMonitor[ch.monitor] ?? 0) + 1;
  const agent = state.agents.find((a) => a.name === AGENT.agent);
  return { openChannels: state.openChannels, byMonitor, channels: state.channels.map(({ id, monitor, format, subscriptions }) => ({ id, monitor, format, subscriptions })), subscriptions: state.subscriptions.length, agentState: agent?.state };
}

/* ----------------------------------------------------------------- output */


function print(r, previous) {
  const line = (cols, widths) => cols.map((c, i) => String(c ?? '').padEnd(widths[i])).join('  ');
  console.log(`\n${r.machine.cpus} × ${r.machine.cpu}; load average at start ${r.machine.loadAverageAtStart.join(' / ')}, at end ${r.machine.loadAverageAtEnd.join(' / ')} (1-min during the run: ${r.machine.loadAverage1mDuringRun.min}–${r.machine.loadAverage1mDuringRun.max}, mean ${r.machine.loadAverage1mDuringRun.mean}); ${r.browser ?? 'no browser'}, hub mode ${r.hubMode ?? 'n/a'}; ${(r.durationMs / 1000).toFixed(1)} s`);
  console.log(`measured: the build of ${r.source?.commit ?? '?'} with ${r.source?.uncommittedUnderSrc ?? '?'} uncommitted file(s) under src/`);
  console.log(previous ? `previous run: ${previous.startedAt} (load average at start ${previous.machine?.loadAverageAtStart?.join(' / ') ?? 'n/a'})` : 'previous run: none (no bench/results/latest.json)');
  console.log('\nSteps');
  for (const s of r.steps) console.log(`  ${s.ok ? 'ok     ' : s.skipped ? 'SKIPPED' : 'FAILED '} ${s.name}${s.ms !== undefined ? ` (${(s.ms / 1000).toFixed(1)} s)` : ''}${s.error ? `: ${s.error}` : ''}${s.skipped ? `: ${s.skipped}` : ''}`);
  for (const p of partialFailures(r)) console.log(`  PART    ${p}`);
  const w = [72, 18, 18, 16, 6];
  console.log('\nFigures');
  console.log(line(['figure', 'now', 'previous', 'goal', ''], w));
  for (const f of figures(r, previous && values(previous))) console.log(line([f.label, f.now, f.previous, f.goal, f.met === undefined ? '' : f.met ? 'met' : 'NOT'], w));
  if (r.sizes?.dropinAssets?.length) console.log(`\n(also emitted by the drop-in build, not loaded by it: ${r.sizes.dropinAssets.join(', ')})`);
  if (r.pageErrors?.length) console.log(`\npage errors:\n  ${r.pageErrors.join('\n  ')}`);
}

const watchdog = setTimeout(() => {
  console.error(`bench: still running after ${(DEADLINE_MS + 60_000) / 1000} s: a step ignored its time limit; giving up`);
  process.exit(1);
}, DEADLINE_MS + 60_000);
watchdog.unref();

try {
  const latest = join(resultsDir, 'latest.json');
  let previous;
  try {
    previous = JSON.parse(readFileSync(latest, 'utf8'));
  } catch {
    previous = undefined;
  }
  const r = await main();
  r.previous = previous ? { startedAt: previous.startedAt, machine: previous.machine, figures: values(previous) } : undefined;
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(latest, `${JSON.stringify(r, null, 2)}\n`);
  print(r, previous);
  console.log(`\nwrote ${relative(root, latest)}; \`node bench/readme.mjs\` puts its figures in the README`);
  process.exit(r.steps.some((s) => s.ok && s.name !== 'build') ? 0 : 1);
} catch (e) {
  console.error(`\nbench failed: ${e?.stack ?? e}`);
  process.exit(1);
}
