// Starts the REAL websockify (Debian 0.10.0, /usr/bin/websockify) as a child process, with a token
// allow-list, so tests reach the raw-TCP vendor simulators the way a deployment does.
//
//   const relay = await startWebsockify({ targets: { catix: '127.0.0.1:5555' } });
//   new WebSocket(relay.tokenUrl('catix'));   // ws://127.0.0.1:PORT/?token=catix
//   await relay.stop();  await relay.start(); // kill it mid-call and bring it back on the same port
//   await relay.close();
//
// websockify forks one handler process per connection (multiprocessing). It is started as the leader
// of its own process group, and every kill goes to the whole group, so no handler survives it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';

export const WEBSOCKIFY = process.env.WEBSOCKIFY_PATH ?? '/usr/bin/websockify';

const live = new Set();
let exitHookInstalled = false;
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const relay of live) relay.closeSync();
  });
}

function freePort(host) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function canConnect(host, port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const delay = (ms) => new Promise((r) => setTimeout(r, ms));

function killGroup(child, signal) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

/** Whether any live (non-zombie) process is left in process group `pgid`. */
function groupAlive(pgid) {
  let entries;
  try {
    entries = readdirSync('/proc');
  } catch {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') return true;
  }
  return false;
}

/**
 * @param {{ targets: Record<string, string>, host?: string, port?: number, readyTimeoutMs?: number,
 *           extraArgs?: string[] }} options
 *   targets: token → 'host:port' (the allow-list written to a TokenFile)
 */
export async function startWebsockify({ targets, host = '127.0.0.1', port: fixedPort, readyTimeoutMs = 10000, extraArgs = [] } = {}) {
  if (!existsSync(WEBSOCKIFY)) {
    throw new Error(
      `websockify not found at ${WEBSOCKIFY}: install it with 'apt-get install -y websockify' (Debian 0.10.0), ` +
        `or set WEBSOCKIFY_PATH. .ci/run installs it when missing.`,
    );
  }
  if (!targets || typeof targets !== 'object' || Object.keys(targets).length === 0) {
    throw new Error('startWebsockify: targets must map at least one token to "host:port"');
  }
  const lines = [];
  for (const [token, target] of Object.entries(targets)) {
    if (!/^[A-Za-z0-9_.-]+$/.test(token)) throw new Error(`startWebsockify: bad token ${JSON.stringify(token)}`);
    if (!/^[^\s:]+:\d+$/.test(String(target))) throw new Error(`startWebsockify: bad target ${JSON.stringify(target)} (want host:port)`);
    lines.push(`${token}: ${target}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'websockify-'));
  const tokenFile = join(dir, 'tokens');
  writeFileSync(tokenFile, lines.join('\n') + '\n');

  let port = fixedPort ?? 0;
  let child = null;
  let exited = null; // promise resolved when the current child exits
  let log = '';
  const MAX_LOG = 256 * 1024;
  const append = (chunk) => {
    log += chunk;
    if (log.length > MAX_LOG) log = log.slice(-MAX_LOG);
  };

  function spawnOnce(listenPort) {
    const args = ['--token-plugin', 'TokenFile', '--token-source', tokenFile, ...extraArgs, `${host}:${listenPort}`];
    const proc = spawn(WEBSOCKIFY, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let own = '';
    const onData = (chunk) => {
      if (own.length < 4096) own += chunk;
      append(chunk);
    };
    proc.stdout.setEncoding('utf8');
    proc.stderr.setEncoding('utf8');
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    // Do not keep the test process alive for the relay's sake (close() / exit hook end it).
    proc.unref();
    proc.stdout.unref?.();
    proc.stderr.unref?.();
    const gone = new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
    return { proc, gone, output: () => own };
  }

  async function launch(listenPort) {
    const logStart = log.length;
    const { proc, gone, output } = spawnOnce(listenPort);
    child = proc;
    exited = gone;
    let dead = null;
    gone.then((r) => (dead = r));
    const deadline = Date.now() + readyTimeoutMs;
    while (Date.now() < deadline) {
      if (dead) {
        const out = log.slice(logStart);
        const err = new Error(`websockify exited (${dead.code ?? dead.signal}) before listening on ${host}:${listenPort}:\n${out}`);
        err.addressInUse = /Address already in use|EADDRINUSE|errno 98/i.test(out);
        throw err;
      }
      // websockify prints "proxying from" (in started()) only after binding, so this proves the listener is this
      // child's and not another process's on the same port.
      if (/proxying from/.test(output()) && (await canConnect(host, listenPort))) return;
      await delay(50);
    }
    killGroup(proc, 'SIGKILL');
    throw new Error(`websockify did not listen on ${host}:${listenPort} within ${readyTimeoutMs} ms:\n${log.slice(logStart)}`);
  }

  /**
   * Kills websockify and its per-connection handler processes. Default SIGKILL (a crash: the kernel
   * closes the sockets, the browser sees 1006 without a close frame). With SIGTERM websockify's own
   * shutdown runs; measured with 0.10.0: an open WebSocket then receives a corrupt frame
   * ("RSV1 must be clear" in ws) before the socket drops, so the client still sees 1006.
   */
  async function stop({ signal = 'SIGKILL' } = {}) {
    const proc = child;
    const gone = exited;
    child = null;
    if (!proc) return;
    killGroup(proc, signal);
    const timer = setTimeout(() => killGroup(proc, 'SIGKILL'), 2000);
    await gone;
    clearTimeout(timer);
    // Handler processes of open connections: make sure none outlives its parent. They inherited the
    // listening socket, so until they are gone the port still accepts (then resets) connections.
    try {
      process.kill(-proc.pid, 'SIGKILL');
    } catch {
      /* group empty */
    }
    const deadline = Date.now() + 3000;
    while (groupAlive(proc.pid) && Date.now() < deadline) await delay(10);
  }

  async function start() {
    if (child) return;
    if (port) {
      // Same port as before (restart). websockify sets SO_REUSEADDR; retry briefly if still held.
      let lastErr;
      for (let attempt = 0; attempt < 20; attempt++) {
        try {
          await launch(port);
          return;
        } catch (err) {
          lastErr = err;
          if (!err.addressInUse) throw err;
          await delay(100);
        }
      }
      throw lastErr;
    }
    let lastErr;
    for (let attempt = 0; attempt < 5; attempt++) {
      const candidate = await freePort(host);
      try {
        await launch(candidate);
        port = candidate;
        return;
      } catch (err) {
        lastErr = err;
        if (!err.addressInUse) throw err;
      }
    }
    throw lastErr;
  }

  let closed = false;
  const relay = {
    get port() {
      return port;
    },
    get url() {
      return `ws://${host}:${port}/`;
    },
    tokenFile,
    /** ws://HOST:PORT/?token=TOKEN */
    tokenUrl(token) {
      return `ws://${host}:${port}/?token=${encodeURIComponent(token)}`;
    },
    /** websockify's stdout+stderr so far (it logs connections and unknown tokens). */
    get log() {
      return log;
    },
    /** The pid of the running websockify (null while stopped). */
    get pid() {
      return child ? child.pid : null;
    },
    get running() {
      return child !== null;
    },
    /** Kills websockify and every handler process (open connections drop without a close frame). */
    stop,
    /** Starts it again on the same port. */
    start,
    async close() {
      if (closed) return;
      closed = true;
      live.delete(relay);
      await stop({ signal: 'SIGTERM' });
      rmSync(dir, { recursive: true, force: true });
    },
    closeSync() {
      if (closed) return;
      closed = true;
      live.delete(relay);
      if (child) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          killGroup(child, 'SIGKILL');
        }
      }
      child = null;
      rmSync(dir, { recursive: true, force: true });
    },
  };

  installExitHook();
  live.add(relay);
  try {
    await start();
  } catch (err) {
    relay.closeSync();
    throw err;
  }
  return relay;
}
