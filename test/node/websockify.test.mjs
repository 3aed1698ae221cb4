// The REAL websockify (Debian 0.10.0) between a `ws` client and small TCP targets: what the raw-TCP
// adapters (Catix, DGPhone, Tactium) can rely on, measured rather than assumed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { startWebsockify } from '../support/websockify.mjs';

const servers = [];
let echoPort;
let utf8Port;
let closerPort;
let relay;

const UTF8_TEXT = 'Almoço → pausa café ☕ João\n';

function listen(handler) {
  const server = net.createServer((s) => {
    s.on('error', () => {});
    handler(s);
  });
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

/** Live (non-zombie) pids whose process group is `pgid`, from /proc. */
function processGroup(pgid) {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // pid (comm) state ppid pgrp …; comm may contain spaces, so split after the last ')'.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z') pids.push(Number(entry));
  }
  return pids;
}

const delay = (ms) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  echoPort = await listen((s) => s.on('data', (d) => s.write(d)));
  // Writes UTF-8 text one byte per TCP write, so multi-byte characters are split across writes.
  utf8Port = await listen(async (s) => {
    s.setNoDelay(true);
    const bytes = Buffer.from(UTF8_TEXT, 'utf8');
    for (let i = 0; i < bytes.length; i++) {
      if (s.destroyed) return;
      s.write(bytes.subarray(i, i + 1));
      await delay(2);
    }
  });
  // Says hello, then closes (the vendor server hanging up).
  closerPort = await listen((s) => s.end(Buffer.from('bye\n')));
  relay = await startWebsockify({
    targets: {
      echo: `127.0.0.1:${echoPort}`,
      utf8: `127.0.0.1:${utf8Port}`,
      closer: `127.0.0.1:${closerPort}`,
      dead: '127.0.0.1:1',
    },
  });
});

after(async () => {
  await relay?.close();
  for (const s of servers) s.close();
});

/** Opens a client and records everything that happens until it closes. */
function client(url, protocols) {
  const ws = new WebSocket(url, protocols);
  const frames = [];
  const events = [];
  ws.on('message', (data, isBinary) => frames.push({ data: Buffer.from(data), isBinary }));
  ws.on('error', (err) => events.push(`error: ${err.message}`));
  ws.on('unexpected-response', (_req, res) => {
    events.push(`http ${res.statusCode}`);
    ws.terminate();
  });
  const opened = new Promise((resolve) => ws.once('open', () => resolve(true)));
  const closed = new Promise((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString(), events, frames })),
  );
  return { ws, frames, events, opened, closed };
}

function within(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function receiveBytes(c, n, ms = 4000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const total = c.frames.reduce((sum, f) => sum + f.data.length, 0);
    if (total >= n) return Buffer.concat(c.frames.map((f) => f.data));
    await delay(10);
  }
  throw new Error(`received ${c.frames.reduce((s, f) => s + f.data.length, 0)} of ${n} bytes`);
}

test('websockify: bytes round-trip through the relay as binary frames', async () => {
  const c = client(relay.tokenUrl('echo'));
  await within(c.opened, 3000, 'open');
  assert.equal(c.ws.protocol, '', 'no subprotocol offered, none selected');
  c.ws.send(Buffer.from('LOGAR_SINGLE_USER\n'));
  const back = await receiveBytes(c, 18);
  assert.equal(back.toString(), 'LOGAR_SINGLE_USER\n');
  assert.ok(c.frames.every((f) => f.isBinary), 'the relay only sends binary frames');
  c.ws.close(1000);
  assert.equal((await within(c.closed, 3000, 'close')).code, 1000);
});

test('websockify: a 100 kB payload arrives intact (in several frames)', async () => {
  const c = client(relay.tokenUrl('echo'));
  await within(c.opened, 3000, 'open');
  const payload = randomBytes(100 * 1024);
  c.ws.send(payload);
  const back = await receiveBytes(c, payload.length);
  assert.ok(back.equals(payload));
  assert.ok(c.frames.every((f) => f.isBinary));
  c.ws.close(1000);
  await within(c.closed, 3000, 'close');
});

test('websockify: multi-byte UTF-8 split across TCP writes arrives split across frames; a streaming TextDecoder reassembles it', async () => {
  const c = client(relay.tokenUrl('utf8'));
  await within(c.opened, 3000, 'open');
  const expected = Buffer.from(UTF8_TEXT, 'utf8');
  const back = await receiveBytes(c, expected.length);
  assert.ok(back.equals(expected));
  assert.ok(c.frames.length > 1, `expected several frames, got ${c.frames.length}`);
  // At least one frame ends inside a multi-byte character: decoding frames one by one is wrong…
  const naive = c.frames.map((f) => new TextDecoder().decode(f.data)).join('');
  assert.notEqual(naive, UTF8_TEXT);
  // …and a streaming decoder is right.
  const decoder = new TextDecoder('utf-8');
  const streamed = c.frames.map((f) => decoder.decode(f.data, { stream: true })).join('') + decoder.decode();
  assert.equal(streamed, UTF8_TEXT);
  c.ws.close(1000);
  await within(c.closed, 3000, 'close');
});

test('websockify: client → target, a character split across two binary messages is passed through byte-exact', async () => {
  const c = client(relay.tokenUrl('echo'));
  await within(c.opened, 3000, 'open');
  const bytes = Buffer.from('ção', 'utf8'); // c3 a7 c3 a3 6f
  c.ws.send(bytes.subarray(0, 1));
  c.ws.send(bytes.subarray(1));
  const back = await receiveBytes(c, bytes.length);
  assert.ok(back.equals(bytes));
  c.ws.close(1000);
  await within(c.closed, 3000, 'close');
});

test('websockify: an unknown token (or none) is refused: the TCP connection drops before any handshake reply', async () => {
  for (const url of [relay.tokenUrl('nope'), relay.url]) {
    const c = client(url);
    const result = await within(c.closed, 3000, `close of ${url}`);
    assert.equal(result.code, 1006, `${url}: ${JSON.stringify(result)}`);
    assert.equal(result.frames.length, 0);
    // No HTTP status at all (not 403/404): the relay hangs up, indistinguishable from "relay down".
    assert.ok(!result.events.some((e) => e.startsWith('http ')), JSON.stringify(result.events));
    assert.ok(result.events.some((e) => /socket hang up/.test(e)), JSON.stringify(result.events));
  }
  // …and the relay logs the token it refused (tokens are routing ids, not secrets).
  assert.match(relay.log, /Token 'nope' not found/);
  assert.match(relay.log, /Token not present/);
});

test('websockify: a known token whose target is down opens, then closes with 1011', async () => {
  const c = client(relay.tokenUrl('dead'));
  assert.equal(await within(c.opened, 3000, 'open'), true, 'the handshake succeeds before the target is tried');
  const result = await within(c.closed, 3000, 'close');
  assert.equal(result.code, 1011);
  assert.equal(result.reason, 'Failed to connect to downstream server');
});

test('websockify: a text frame from the client closes the socket with 1003', async () => {
  const c = client(relay.tokenUrl('echo'));
  await within(c.opened, 3000, 'open');
  c.ws.send('KEEP_ALIVE\n'); // a string → a text frame
  const result = await within(c.closed, 3000, 'close');
  assert.equal(result.code, 1003);
  assert.equal(result.reason, 'Unsupported: Text frames are not supported');
  assert.equal(result.frames.length, 0);
});

test('websockify: subprotocol "binary" is accepted, "base64" is refused with HTTP 400', async () => {
  const ok = client(relay.tokenUrl('echo'), ['binary']);
  await within(ok.opened, 3000, 'open');
  assert.equal(ok.ws.protocol, 'binary');
  ok.ws.close(1000);
  await within(ok.closed, 3000, 'close');

  const refused = client(relay.tokenUrl('echo'), ['base64']);
  const result = await within(refused.closed, 3000, 'close');
  assert.ok(result.events.includes('http 400'), JSON.stringify(result.events));
});

test('websockify: the target closing closes the WebSocket (1000 "Target closed"), after its last bytes', async () => {
  const c = client(relay.tokenUrl('closer'));
  const result = await within(c.closed, 3000, 'close');
  assert.equal(result.code, 1000);
  assert.equal(result.reason, 'Target closed');
  assert.equal(Buffer.concat(result.frames.map((f) => f.data)).toString(), 'bye\n');
});

test('websockify: stop() mid-call drops the WebSocket (1006); start() serves again on the same port', async () => {
  const port = relay.port;
  const c = client(relay.tokenUrl('echo'));
  await within(c.opened, 3000, 'open');
  const firstPid = relay.pid;
  await relay.stop();
  const result = await within(c.closed, 3000, 'close after stop');
  assert.equal(result.code, 1006);
  assert.equal(relay.running, false);

  // While it is down, a connection is refused.
  const refused = client(relay.tokenUrl('echo'));
  const down = await within(refused.closed, 3000, 'close while down');
  assert.equal(down.code, 1006);
  assert.ok(down.events.some((e) => /ECONNREFUSED/.test(e)), JSON.stringify(down.events));

  await relay.start();
  assert.equal(relay.port, port);
  assert.notEqual(relay.pid, firstPid);
  const again = client(relay.tokenUrl('echo'));
  await within(again.opened, 3000, 'open after restart');
  again.ws.send(Buffer.from('again'));
  assert.equal((await receiveBytes(again, 5)).toString(), 'again');
  again.ws.close(1000);
  await within(again.closed, 3000, 'close');
});

test('websockify: close() leaves no process behind (parent and per-connection handlers)', async () => {
  const own = await startWebsockify({ targets: { echo: `127.0.0.1:${echoPort}` } });
  const c = client(own.tokenUrl('echo'));
  await within(c.opened, 3000, 'open');
  c.ws.send(Buffer.from('x'));
  await receiveBytes(c, 1);
  const pid = own.pid;
  // websockify forked a handler process for the open connection, in its own process group.
  const group = processGroup(pid);
  assert.ok(group.includes(pid) && group.length >= 2, `process group ${pid}: ${group}`);
  await own.close();
  await within(c.closed, 3000, 'close after relay close');
  assert.deepEqual(processGroup(pid), []);
  assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' });
  assert.throws(() => process.kill(-pid, 0), { code: 'ESRCH' }, 'no handler process left in the group');
});

test('simulators plugin: POST /__sim/relay, relay-down / relay-up, DELETE', async () => {
  const { simulatorsMiddleware } = await import('../support/simulators-plugin.mjs');
  const { Readable } = await import('node:stream');
  async function call(method, path, body) {
    const req = Readable.from(body ? [Buffer.from(body)] : []);
    const ctx = { method, path, req, status: 404, body: undefined, type: undefined };
    await simulatorsMiddleware(ctx, async () => {
      ctx.status = 404;
    });
    return ctx;
  }
  const created = await call('POST', '/__sim/relay', JSON.stringify({ targets: { echo: `http://127.0.0.1:${echoPort}` } }));
  assert.equal(created.type, 'application/json', String(created.body));
  const info = JSON.parse(created.body);
  assert.match(info.url, /^ws:\/\/127\.0\.0\.1:\d+\/$/);
  assert.equal(info.control, '/__sim/relay-control');

  const roundTrip = async () => {
    const c = client(`${info.url}?token=echo`);
    await within(c.opened, 3000, 'open');
    c.ws.send(Buffer.from('ping'));
    assert.equal((await receiveBytes(c, 4)).toString(), 'ping');
    return c;
  };
  const c = await roundTrip();
  assert.equal((await call('POST', `/__sim/relay-down-${info.id}`)).status, 204);
  assert.equal((await within(c.closed, 3000, 'close after relay-down')).code, 1006);
  assert.equal((await call('POST', `/__sim/relay-up-${info.id}`)).status, 204);
  const again = await roundTrip(); // listening as soon as relay-up answered
  again.ws.close(1000);
  await within(again.closed, 3000, 'close');
  assert.equal((await call('DELETE', `/__sim/${info.id}`)).status, 204);
  const gone = client(`${info.url}?token=echo`);
  assert.equal((await within(gone.closed, 3000, 'close after DELETE')).code, 1006);
});
