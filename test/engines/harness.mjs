// Engine harness: drives the BUILT drop-in (dist/) in Firefox and WebKit from node, so the hub cases and
// one end-to-end scenario per vendor run in the other browser engines the README promises.
//
//   const server = await startStatic();                 // dist/ + test/engines/fixtures/ on 127.0.0.1:PORT
//   const engine = await launchEngine('webkit');        // or 'firefox' (or 'chromium', for comparison)
//   const ctx = await engine.newContext();               // an isolated profile: its own SharedWorkers
//   const tab = await ctx.open(`${server.url}/engines/page.html`);
//   await tab.run((a) => window.engine.connect(a), config);   // any async function, JSON in and out
//   await tab.close(); await ctx.close(); await engine.close(); await server.close();
//
// Firefox (Debian firefox-esr): puppeteer-core over WebDriver BiDi, no geckodriver; a context is a BiDi
// user context. WebKit (Debian webkit2gtk-driver): WebKitWebDriver driving WebKitGTK's MiniBrowser on an Xvfb
// display this module starts itself, over plain W3C WebDriver HTTP (fetch); a context is a WebDriver session
// (its own MiniBrowser). Every process started here is killed on close and on process exit.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

const root = fileURLToPath(new URL('../..', import.meta.url));
// CTI_DIST_DIR: test another build than ./dist (e.g. a copy that a parallel rebuild cannot change mid-run).
export const distDir = process.env.CTI_DIST_DIR ?? join(root, 'dist');
const fixturesDir = join(root, 'test', 'engines', 'fixtures');

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
export const XVFB = process.env.XVFB_PATH ?? '/usr/bin/Xvfb';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Why `name` cannot run on this machine (a missing binary), or undefined. */
export function missing(name) {
  const need = { firefox: [FIREFOX], chromium: [CHROMIUM], webkit: [WEBKIT_DRIVER, MINIBROWSER, XVFB] }[name] ?? [];
  const absent = need.filter((p) => !existsSync(p));
  return absent.length ? `not installed: ${absent.join(', ')} (.ci/run installs firefox-esr, webkit2gtk-driver and xvfb)` : undefined;
}

/* ----------------------------------------------------------- static server */

const TYPES = { '.js': 'text/javascript; charset=utf-8', '.html': 'text/html; charset=utf-8', '.map': 'application/json', '.json': 'application/json', '.css': 'text/css' };

/**
 * dist/ under /dist/ (with `Access-Control-Allow-Origin: *`, as a CDN serves it), the fixture pages under
 * /engines/; nothing else. `/engines/cdn.html` is page.html loading the drop-in from `http://localhost:PORT`:
 * another site than the page's `127.0.0.1` (the widget on a CDN: the hub runs in the hidden hub frame).
 * The hub frame is closed by default: /dist/hub-frame.html is served with the page's origin in its
 * `cti-allowed-origins` meta, the edit a deployer makes (README "Cross-origin deployment").
 */
export function startStatic() {
  if (!existsSync(join(distDir, 'cti-elements.js')) || !existsSync(join(distDir, 'cti-hub.worker.js'))) {
    throw new Error('dist/ is not built: run `npm run build` first (npm test does)');
  }
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/engines/cdn.html') {
      const page = readFileSync(join(fixturesDir, 'page.html'), 'utf8');
      res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' });
      res.end(page.replace('src="/dist/cti-elements.js"', `src="http://localhost:${server.address().port}/dist/cti-elements.js"`));
      return;
    }
    if (path === '/dist/hub-frame.html') {
      const frame = readFileSync(join(distDir, 'hub-frame.html'), 'utf8');
      const origins = `http://127.0.0.1:${server.address().port}`;
      res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store', 'access-control-allow-origin': '*' });
      res.end(frame.replace('<meta name="cti-allowed-origins" content="" />', `<meta name="cti-allowed-origins" content="${origins}" />`));
      return;
    }
    let file;
    if (path.startsWith('/dist/')) file = normalize(join(distDir, decodeURIComponent(path.slice(6))));
    else if (path.startsWith('/engines/')) file = normalize(join(fixturesDir, decodeURIComponent(path.slice(9))));
    const inside = file && (file.startsWith(distDir + sep) || file.startsWith(fixturesDir + sep));
    if (!inside || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const cors = path.startsWith('/dist/') ? { 'access-control-allow-origin': '*' } : {};
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store', ...cors });
    res.end(readFileSync(file));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections?.();
            server.close(() => r());
          }),
      });
    });
  });
}

/* ------------------------------------------------------- child processes */

const children = new Set();
let exitHook = false;
function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const c of children) killGroup(c, 'SIGKILL');
    });
  }
  return child;
}

function killGroup(child, signal) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* gone */
    }
  }
}

async function stopChild(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  killGroup(child, 'SIGTERM');
  const t = setTimeout(() => killGroup(child, 'SIGKILL'), 2000);
  await gone;
  clearTimeout(t);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** An Xvfb on a display number it picks itself (-displayfd): no clash with other runs on the machine. */
export async function startXvfb() {
  const child = track(spawn(XVFB, ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'], detached: true }));
  let err = '';
  child.stderr.on('data', (c) => (err += c).length > 4096 && (err = err.slice(-4096)));
  const display = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb gave no display number in 10 s: ${err}`)), 10_000);
    child.stdio[3].on('data', (c) => {
      out += c;
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(`:${out.trim()}`);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited (${code}): ${err}`));
    });
  });
  child.unref();
  child.stdio[3].unref?.();
  child.stderr.unref?.();
  return { display, close: () => stopChild(child) };
}

/* ------------------------------------------------------------ page calls */

/** A page-side wrapper around `fn`: resolves to { ok, value } or { ok: false, error }. */
const wrapped = (fn) =>
  `(async (args) => { try { return { ok: true, value: await (${fn})(...args) }; } catch (e) { return { ok: false, error: e && e.message ? e.message : JSON.stringify(e) }; } })`;

function unwrap(result, fn) {
  if (!result || typeof result !== 'object') throw new Error(`page call gave ${JSON.stringify(result)}: ${String(fn).slice(0, 120)}`);
  if (!result.ok) throw new Error(`in the page: ${result.error}`);
  return result.value;
}

/* --------------------------------------------------------------- Firefox */

async function launchPuppeteer(name) {
  const { default: puppeteer } = await import('puppeteer-core');
  const browser =
    name === 'firefox'
      ? await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, protocolTimeout: 30_000 })
      : await puppeteer.launch({
          executablePath: CHROMIUM,
          headless: true,
          protocolTimeout: 30_000,
          args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking'],
        });
  const version = await browser.version();
  return {
    name,
    version,
    async newContext() {
      const context = await browser.createBrowserContext();
      return {
        async open(url) {
          const page = await context.newPage();
          const errors = [];
          page.on('pageerror', (e) => errors.push(`pageerror: ${e?.message ?? e}`));
          await page.goto(url, { waitUntil: 'load' });
          const tab = {
            errors,
            run: async (fn, ...args) => unwrap(await page.evaluate(`${wrapped(fn)}(${JSON.stringify(args)})`), fn),
            reload: () => page.reload({ waitUntil: 'load' }),
            goto: (u) => page.goto(u, { waitUntil: 'load' }),
            close: () => page.close({ runBeforeUnload: false }),
          };
          return tab;
        },
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

/* ---------------------------------------------------------------- WebKit */

/** A WebKitWebDriver on a free port (it allows one session at a time: one driver per context). */
async function startWebKitDriver(display) {
  const port = await freePort();
  const driver = track(spawn(WEBKIT_DRIVER, [`--port=${port}`], { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, DISPLAY: display } }));
  let log = '';
  const keep = (c) => (log += c).length > 8192 && (log = log.slice(-8192));
  driver.stdout.on('data', keep);
  driver.stderr.on('data', keep);
  driver.unref();
  driver.stdout.unref?.();
  driver.stderr.unref?.();
  const base = `http://127.0.0.1:${port}`;
  const http = async (method, path, body) => {
    const res = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(`WebDriver ${method} ${path}: ${res.status} ${JSON.stringify(json?.value ?? json).slice(0, 400)}`);
    return json.value;
  };
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      if ((await http('GET', '/status'))?.ready !== undefined) break;
    } catch (e) {
      if (Date.now() > deadline) {
        await stopChild(driver);
        throw new Error(`WebKitWebDriver did not answer on ${base}: ${e.message}\n${log}`);
      }
      await sleep(50);
    }
  }
  return { http, close: () => stopChild(driver) };
}

async function launchWebKit() {
  const xvfb = await startXvfb();
  let version = 'WebKitGTK';
  const open = new Set();

  return {
    name: 'webkit',
    get version() {
      return version;
    },
    /** `options.webkitArgs`: more MiniBrowser arguments (e.g. `--enable-itp`, Safari's tracking prevention). */
    async newContext(options = {}) {
      const driver = await startWebKitDriver(xvfb.display);
      const { http } = driver;
      let created;
      try {
        created = await http('POST', '/session', {
          capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation', ...(options.webkitArgs ?? [])] } } },
        });
      } catch (e) {
        await driver.close();
        throw e;
      }
      const id = created.sessionId;
      version = `WebKitGTK ${created.capabilities?.browserVersion ?? '?'} MiniBrowser`;
      const s = (path) => `/session/${id}${path}`;
      // WebDriver commands act on the current window: serialize them, and switch before each.
      let queue = Promise.resolve();
      const serial = (f) => {
        const next = queue.then(f, f);
        queue = next.catch(() => {});
        return next;
      };
      let current = await http('GET', s('/window'));
      let firstFree = true;
      const use = async (handle) => {
        if (current !== handle) {
          await http('POST', s('/window'), { handle });
          current = handle;
        }
      };
      let closed = false;
      const ctx = {
        async open(url) {
          const handle = await serial(async () => {
            let h;
            if (firstFree) {
              firstFree = false;
              h = current;
            } else {
              h = (await http('POST', s('/window/new'), { type: 'tab' })).handle;
            }
            await use(h);
            await http('POST', s('/url'), { url });
            return h;
          });
          return {
            errors: [],
            run: (fn, ...args) =>
              serial(async () => {
                await use(handle);
                const script = `const done = arguments[arguments.length - 1]; ${wrapped(fn)}(arguments[0]).then(done, (e) => done({ ok: false, error: String(e) }));`;
                return unwrap(await http('POST', s('/execute/async'), { script, args: [args] }), fn);
              }),
            reload: () =>
              serial(async () => {
                await use(handle);
                await http('POST', s('/refresh'), {});
              }),
            goto: (u) =>
              serial(async () => {
                await use(handle);
                await http('POST', s('/url'), { url: u });
              }),
            close: () =>
              serial(async () => {
                await use(handle);
                const left = await http('DELETE', s('/window'));
                current = undefined;
                if (Array.isArray(left) && left.length > 0) await use(left[0]);
              }),
          };
        },
        async close() {
          if (closed) return;
          closed = true;
          open.delete(ctx);
          await serial(() => http('DELETE', s('')).catch(() => {}));
          await driver.close();
        },
      };
      open.add(ctx);
      return ctx;
    },
    async close() {
      for (const ctx of [...open]) await ctx.close();
      await xvfb.close();
    },
  };
}

/** Launches `name`: 'firefox', 'webkit' or 'chromium'. */
export function launchEngine(name) {
  if (name === 'webkit') return launchWebKit();
  if (name === 'firefox' || name === 'chromium') return launchPuppeteer(name);
  throw new Error(`unknown engine ${name}`);
}
