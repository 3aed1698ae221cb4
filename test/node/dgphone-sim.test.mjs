// Tests for the Intelix DGPhone simulator (test/simulators/dgphone), with a raw `net` client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startDGPhoneSimulator } from '../simulators/dgphone/server.mjs';

const FAST = { timestampIntervalMs: null, farEndAnswerMs: null, featureAnswerMs: 10, featureHangupMs: 10, farEndBusyMs: 10 };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A DGPhone client: packets parsed (CRLF or LF), banner lines kept apart. */
async function connect(sim) {
  const socket = net.connect(sim.port, '127.0.0.1');
  const packets = [];
  const lines = [];
  const raw = [];
  const waiters = [];
  let closed = false;
  let partial = '';
  let fields = [];
  socket.setEncoding('utf8');
  socket.on('data', (text) => {
    raw.push(text);
    partial += text;
    let nl;
    while ((nl = partial.indexOf('\n')) >= 0) {
      const line = partial.slice(0, nl).replace(/\r$/, '');
      partial = partial.slice(nl + 1);
      if (line === '') {
        if (fields.length) packets.push(Object.fromEntries(fields));
        fields = [];
      } else if (line.includes(':')) {
        const i = line.indexOf(':');
        fields.push([line.slice(0, i), line.slice(i + 1).trim()]);
      } else lines.push(line);
    }
    check();
  });
  socket.on('close', () => {
    closed = true;
    check();
  });
  socket.on('error', () => {});
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  function check() {
    for (const w of [...waiters]) {
      if (w.pred()) {
        waiters.splice(waiters.indexOf(w), 1);
        clearTimeout(w.t);
        w.resolve();
      }
    }
  }
  function waitFor(pred, what = 'packet', ms = 1500) {
    return new Promise((resolve, reject) => {
      if (pred()) return resolve();
      const w = {
        pred,
        resolve,
        t: setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`timeout waiting for ${what}; got ${JSON.stringify(packets)}`));
        }, ms),
      };
      waiters.push(w);
    });
  }
  const c = {
    socket,
    packets,
    lines,
    raw,
    get closed() {
      return closed;
    },
    waitFor,
    send(pairs, eol = '\r\n') {
      socket.write(pairs.map(([k, v]) => `${k}: ${v}${eol}`).join('') + eol);
    },
    /** Send a command and wait for its DGPhoneResponse. */
    async command(name, extra = [], eol) {
      const from = packets.length;
      c.send([['Action', 'DGPhoneCommand'], ['Command', name], ...extra], eol);
      await waitFor(() => packets.slice(from).some((p) => p.Event === 'DGPhoneResponse'), `response to ${name}`);
      return packets.slice(from).find((p) => p.Event === 'DGPhoneResponse');
    },
    events: (status, from = 0) => packets.slice(from).filter((p) => p.Event === 'DGPhoneEvent' && (!status || p.Status === status)),
    async event(status, from = 0, ms) {
      await waitFor(() => c.events(status, from).length > 0, status, ms);
      return c.events(status, from)[0];
    },
    close() {
      socket.destroy();
    },
  };
  return c;
}

async function login(sim, user = '2001') {
  const c = await connect(sim);
  const r = await c.command('Login', [['User', user], ['RemoteMode', 1]]);
  assert.equal(r.Response, 'Success', JSON.stringify(r));
  return c;
}

async function withSim(options, fn) {
  const sim = await startDGPhoneSimulator({ ...FAST, ...options });
  try {
    await fn(sim);
  } finally {
    await sim.close();
  }
}

async function post(sim, route, body) {
  const res = await fetch(`${sim.controlUrl}/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

test('banner, then Login answers a DGPhoneResponse with User; an unknown extension is refused', () =>
  withSim({}, async (sim) => {
    const c = await connect(sim);
    await c.waitFor(() => c.lines.length === 1, 'banner');
    assert.equal(c.lines[0], 'Intelix DGPhone Manager/1.0');
    assert.ok(c.raw.join('').startsWith('Intelix DGPhone Manager/1.0\r\n'));
    const ok = await c.command('Login', [['User', '2001'], ['RemoteMode', 1]]);
    assert.deepEqual(ok, { Event: 'DGPhoneResponse', Response: 'Success', Command: 'Login', User: '2001', Message: 'Ramal 2001 logado' });
    const bad = await c.command('Login', [['User', '9999'], ['RemoteMode', 1]]);
    assert.equal(bad.Response, 'Error');
    assert.equal(bad.Message, 'Ramal 9999 não cadastrado');
    const state = sim.control.state();
    assert.deepEqual(state.clients[0].users, ['2001']);
    assert.deepEqual(state.clients[0].remoteMode, { 2001: true });
    c.close();
  }));

test('variants: no banner, bare LF line endings; bare LF input is accepted', () =>
  withSim({ variants: { banner: false, lineEnding: 'lf' } }, async (sim) => {
    const c = await connect(sim);
    const r = await c.command('Login', [['User', '2002'], ['RemoteMode', 1]], '\n');
    assert.equal(r.Response, 'Success');
    assert.deepEqual(c.lines, []);
    assert.ok(!c.raw.join('').includes('\r'));
    c.close();
  }));

test('Status: one event per line, the selected line, then the response (or the response first)', () =>
  withSim({}, async (sim) => {
    const c = await login(sim);
    sim.control.inbound({ user: '2001', from: '1133334444', line: 3 });
    await c.event('ReceivingCall');
    const from = c.packets.length;
    const r = await c.command('Status');
    assert.equal(r.Response, 'Success');
    const burst = c.packets.slice(from);
    assert.deepEqual(
      burst.map((p) => [p.Event, p.Status ?? p.Response, p.Line]),
      [
        ['DGPhoneEvent', 'Ready', '1'],
        ['DGPhoneEvent', 'Ready', '2'],
        ['DGPhoneEvent', 'ReceivingCall', '3'],
        ['DGPhoneEvent', 'Ready', '4'],
        ['DGPhoneEvent', 'Ready', '5'],
        ['DGPhoneEvent', 'Ready', '6'],
        ['DGPhoneEvent', 'LineSelected', '1'],
        ['DGPhoneResponse', 'Success', undefined],
      ],
    );
    assert.equal(burst[2].Number, '1133334444');
    sim.control.config({ responseOrder: 'before' });
    const from2 = c.packets.length;
    await c.command('Status');
    await c.waitFor(() => c.packets.length - from2 === 8, 'the whole burst');
    assert.equal(c.packets[from2].Event, 'DGPhoneResponse');
    c.close();
  }));

test('LineSelect → LineSelected; a bad line is an error; an unknown command is an error', () =>
  withSim({}, async (sim) => {
    const c = await login(sim);
    const from = c.packets.length;
    assert.equal((await c.command('LineSelect', [['Line', 4]])).Response, 'Success');
    assert.deepEqual(c.events('LineSelected', from)[0], { Event: 'DGPhoneEvent', Status: 'LineSelected', User: '2001', Line: '4' });
    const bad = await c.command('LineSelect', [['Line', 7]]);
    assert.equal(bad.Response, 'Error');
    assert.match(bad.Message, /Linha inválida/);
    const unknown = await c.command('Transfer');
    assert.deepEqual([unknown.Response, unknown.Command], ['Error', 'Transfer']);
    assert.equal(sim.control.state().phones['2001'].selected, 4);
    c.close();
  }));

test('Dial on the selected line; the far end answers; a busy line refuses; busy far end hangs up', () =>
  withSim({}, async (sim) => {
    const c = await login(sim);
    const from = c.packets.length;
    assert.equal((await c.command('Dial', [['Number', '7133411525']])).Response, 'Success');
    assert.deepEqual(c.events('Dialing', from)[0], { Event: 'DGPhoneEvent', Status: 'Dialing', User: '2001', Line: '1', Number: '7133411525' });
    const busyLine = await c.command('Dial', [['Number', '123']]);
    assert.equal(busyLine.Response, 'Error');
    assert.equal(busyLine.Message, 'Linha 1 ocupada');
    sim.control.answer({ user: '2001', line: 1 });
    assert.equal((await c.event('Answer', from)).Number, '7133411525');

    sim.control.busy({ next: true });
    await c.command('LineSelect', [['Line', 2]]);
    const mark = c.packets.length;
    await c.command('Dial', [['Number', '1155556666']]);
    await c.event('Ready', mark);
    assert.deepEqual(c.events(undefined, mark).map((p) => p.Status), ['LineSelected', 'Dialing', 'Hangup', 'Ready'].slice(1));
    assert.equal(sim.control.state().ended.at(-1).how, 'far-end-busy');
    c.close();
  }));

test('the far end answers by itself after farEndAnswerMs', () =>
  withSim({ farEndAnswerMs: 20 }, async (sim) => {
    const c = await login(sim);
    await c.command('Dial', [['Number', '5551234']]);
    await c.event('Answer');
    assert.equal(sim.control.state().phones['2001'].lines[0].state, 'active');
    c.close();
  }));

test('inbound: Answer (selects the line), Hold toggles 1/0, SendDtmf is recorded, Hangup → Hangup + Ready', () =>
  withSim({}, async (sim) => {
    const c = await login(sim);
    const { line } = sim.control.inbound({ user: '2001', from: '1133334444', line: 2 });
    assert.equal(line, 2);
    const ringing = await c.event('ReceivingCall');
    assert.deepEqual(ringing, { Event: 'DGPhoneEvent', Status: 'ReceivingCall', User: '2001', Line: '2', Number: '1133334444' });
    const holdNothing = await c.command('Hold');
    assert.equal(holdNothing.Response, 'Error');
    let from = c.packets.length;
    await c.command('Answer', [['Line', 2]]);
    assert.deepEqual(c.events(undefined, from).map((p) => [p.Status, p.Line]), [['LineSelected', '2'], ['Answer', '2']]);
    from = c.packets.length;
    await c.command('Hold');
    await c.command('Hold');
    assert.deepEqual(c.events('Hold', from).map((p) => p.Hold), ['1', '0']);
    assert.equal((await c.command('SendDtmf', [['Digits', '12#']])).Response, 'Success');
    assert.deepEqual(sim.control.state().dtmf, [{ user: '2001', line: 2, callId: 1, number: '1133334444', digits: '12#' }]);
    const badDigits = await c.command('SendDtmf', [['Digits', '12x']]);
    assert.equal(badDigits.Response, 'Error');
    from = c.packets.length;
    await c.command('Hangup', [['Line', 2]]);
    assert.deepEqual(c.events(undefined, from).map((p) => p.Status), ['Hangup', 'Ready']);
    assert.equal((await c.command('Hangup', [['Line', 2]])).Response, 'Error');
    c.close();
  }));

test('the far end sends DTMF (DTMFReceived) and hangs up', () =>
  withSim({}, async (sim) => {
    const c = await login(sim);
    sim.control.inbound({ user: '2001' });
    await c.command('Answer');
    sim.control.dtmf({ user: '2001', line: 1, digits: '4#' });
    await c.waitFor(() => c.events('DTMFReceived').length === 2);
    assert.deepEqual(c.events('DTMFReceived').map((p) => p.Digit), ['4', '#']);
    sim.control.hangup({ user: '2001', line: 1 });
    await c.event('Ready');
    c.close();
  }));

test('agent login by feature code: *9800, agent#, PIN# → AgentLogin, the PBX hangs up; the PIN is not logged', () =>
  withSim({}, async (sim) => {
    const c = await login(sim);
    await c.command('Dial', [['Number', '*9800']]);
    await c.event('Answer');
    await c.command('SendDtmf', [['Digits', '1001#']]);
    await c.command('SendDtmf', [['Digits', '1234#']]);
    const ev = await c.event('AgentLogin');
    assert.deepEqual(ev, { Event: 'DGPhoneEvent', User: '2001', Agent: '1001', Status: 'AgentLogin' });
    await c.event('Ready');
    const state = sim.control.state();
    assert.equal(state.phones['2001'].agent, '1001');
    assert.deepEqual(state.attempts, [{ kind: 'login', user: '2001', agent: '1001', ok: true }]);
    assert.ok(!JSON.stringify(state).includes('1234#'), 'the PIN is masked in the state');
    c.close();
  }));

test('agent login with a wrong PIN: no AgentLogin, the PBX hangs up', () =>
  withSim({}, async (sim) => {
    const c = await login(sim);
    await c.command('Dial', [['Number', '*9800']]);
    await c.event('Answer');
    await c.command('SendDtmf', [['Digits', '1001#9999#']]);
    await c.event('Ready');
    assert.equal(c.events('AgentLogin').length, 0);
    assert.deepEqual(sim.control.state().attempts, [{ kind: 'login', user: '2001', agent: '1001', ok: false }]);
    c.close();
  }));

test('agent logoff feature code (when configured) → AgentLogoff', () =>
  withSim({ agentLogoffCode: '*9801' }, async (sim) => {
    const c = await login(sim);
    sim.control.agentLogin({ user: '2001', agent: '1002' });
    await c.event('AgentLogin');
    await c.command('Dial', [['Number', '*9801']]);
    await c.event('Answer');
    await c.command('SendDtmf', [['Digits', '1002#']]);
    assert.equal((await c.event('AgentLogoff')).Agent, '1002');
    await c.event('Ready');
    c.close();
  }));

test('queue call: AgentCalled (Uniqueid) + ReceivingCall, Answer → AgentConnect, hang-up → AgentComplete', () =>
  withSim({}, async (sim) => {
    const c = await login(sim);
    assert.equal((await post(sim, 'queue-call', { user: '2001' })).status, 409, 'no agent yet');
    sim.control.agentLogin({ user: '2001', agent: '1001' });
    const { uniqueid, line } = sim.control.queueCall({ user: '2001', from: '1140041234', uniqueid: '1700000000.42' });
    assert.equal(uniqueid, '1700000000.42');
    const called = await c.event('AgentCalled');
    assert.deepEqual(called, { Event: 'DGPhoneEvent', User: '2001', Agent: '1001', Status: 'AgentCalled', Uniqueid: '1700000000.42' });
    await c.event('ReceivingCall');
    await c.command('Answer', [['Line', line]]);
    assert.equal((await c.event('AgentConnect')).Uniqueid, '1700000000.42');
    sim.control.hangup({ user: '2001', line });
    assert.equal((await c.event('AgentComplete')).Uniqueid, '1700000000.42');
    c.close();
  }));

test('DGTimeStamp at the configured interval, only to connections with a login', () =>
  withSim({ timestampIntervalMs: 20 }, async (sim) => {
    const anonymous = await connect(sim);
    const c = await login(sim);
    await c.waitFor(() => c.packets.filter((p) => p.Event === 'DGTimeStamp').length >= 2, 'two stamps');
    assert.match(c.packets.find((p) => p.Event === 'DGTimeStamp').Time, /^\d+$/);
    assert.equal(anonymous.packets.length, 0);
    sim.control.config({ timestampIntervalMs: null });
    await sleep(30);
    const n = c.packets.length;
    await sleep(60);
    assert.equal(c.packets.length, n, 'stamps stopped');
    anonymous.close();
    c.close();
  }));

test('failNext answers Response: Error with the message, then commands work again', () =>
  withSim({}, async (sim) => {
    const c = await login(sim);
    sim.control.failNext({ command: 'Dial', message: 'Tronco indisponível' });
    const r = await c.command('Dial', [['Number', '123']]);
    assert.deepEqual(r, { Event: 'DGPhoneResponse', Response: 'Error', Command: 'Dial', User: '2001', Message: 'Tronco indisponível' });
    assert.equal(c.events('Dialing').length, 0);
    assert.equal((await c.command('Dial', [['Number', '123']])).Response, 'Success');
    sim.control.failNext({ command: 'Login', message: 'Licença esgotada' });
    const d = await connect(sim);
    assert.equal((await d.command('Login', [['User', '2002'], ['RemoteMode', 1]])).Message, 'Licença esgotada');
    c.close();
    d.close();
  }));

test('UserLogoff: the DGPhone closes, its calls are gone, Login is refused until it is back', () =>
  withSim({}, async (sim) => {
    const c = await login(sim);
    sim.control.inbound({ user: '2001' });
    await c.event('ReceivingCall');
    sim.control.userLogoff({ user: '2001' });
    assert.deepEqual(await c.event('UserLogoff'), { Event: 'DGPhoneEvent', Status: 'UserLogoff', User: '2001' });
    assert.equal(sim.control.state().phones['2001'].lines[0].state, 'idle');
    const refused = await c.command('Login', [['User', '2001'], ['RemoteMode', 1]]);
    assert.equal(refused.Response, 'Error');
    assert.match(refused.Message, /indisponível/);
    sim.control.userLogon({ user: '2001' });
    assert.equal((await c.command('Login', [['User', '2001'], ['RemoteMode', 1]])).Response, 'Success');
    c.close();
  }));

test('logoff answers, logs the agent off (AgentLogoff) and closes the connection', () =>
  withSim({}, async (sim) => {
    const c = await login(sim);
    sim.control.agentLogin({ user: '2001', agent: '1001' });
    const r = await c.command('logoff');
    assert.deepEqual([r.Response, r.Command], ['Success', 'logoff']);
    assert.equal(c.events('AgentLogoff')[0]?.Agent, '1001');
    await c.waitFor(() => c.closed, 'the connection to close');
    assert.equal(sim.control.state().phones['2001'].agent, null);
  }));

test('a dropped connection leaves the DGPhone state alone: calls and agent survive a reconnect', () =>
  withSim({}, async (sim) => {
    const c = await login(sim);
    sim.control.agentLogin({ user: '2001', agent: '1001', silent: true });
    sim.control.inbound({ user: '2001', line: 5 });
    await c.event('ReceivingCall');
    c.close();
    await sleep(20);
    const d = await login(sim);
    await d.command('Status');
    assert.equal(d.events('ReceivingCall')[0].Line, '5');
    assert.equal(sim.control.state().phones['2001'].agent, '1001');
    d.close();
  }));

test('several extensions on one connection: commands addressed by User, events carry User', () =>
  withSim({}, async (sim) => {
    const c = await login(sim, '2001');
    assert.equal((await c.command('Login', [['User', '2002'], ['RemoteMode', 1]])).Response, 'Success');
    const other = await login(sim, '2003');
    const from = c.packets.length;
    await c.command('LineSelect', [['User', '2002'], ['Line', 3]]);
    await c.command('LineSelect', [['Line', 2]]);
    assert.deepEqual(c.events('LineSelected', from).map((p) => [p.User, p.Line]), [['2002', '3'], ['2001', '2']]);
    const notMine = await c.command('Dial', [['User', '2003'], ['Number', '1']]);
    assert.equal(notMine.Response, 'Error');
    assert.equal(other.events('LineSelected').length, 0, 'no events of other extensions by default');
    sim.control.config({ broadcastEvents: true });
    await c.command('LineSelect', [['Line', 4]]);
    await other.event('LineSelected');
    assert.equal(other.events('LineSelected')[0].User, '2001');
    c.close();
    other.close();
  }));

test('autoHoldOnSelect: selecting another line holds the active call', () =>
  withSim({ variants: { autoHoldOnSelect: true } }, async (sim) => {
    const c = await login(sim);
    sim.control.inbound({ user: '2001', line: 1 });
    await c.command('Answer', [['Line', 1]]);
    const from = c.packets.length;
    await c.command('LineSelect', [['Line', 2]]);
    assert.deepEqual(c.events(undefined, from).map((p) => [p.Status, p.Line, p.Hold]), [['Hold', '1', '1'], ['LineSelected', '2', undefined]]);
    c.close();
  }));

test('garbage, stray lines and oversized packets do not break the connection; emit sends raw text', () =>
  withSim({ maxPacketChars: 200 }, async (sim) => {
    const c = await login(sim);
    c.socket.write('hello there\r\n\r\n');
    c.socket.write(`X-Long: ${'a'.repeat(500)}\r\n\r\n`);
    c.socket.write('Action: DGPhoneCommand\r\nCommand: Nope\r\n\r\n');
    await c.waitFor(() => c.packets.some((p) => p.Command === 'Nope'), 'the error for Nope');
    assert.equal((await c.command('Status')).Response, 'Success');
    const log = sim.control.state().log;
    assert.ok(log.some((e) => e.stray === 'hello there'));
    assert.ok(log.some((e) => e.overflow === 200));
    assert.deepEqual(sim.control.emit({ text: 'Event: Bogus\r\n\r\n' }), { clients: 1 });
    await c.waitFor(() => c.packets.some((p) => p.Event === 'Bogus'));
    c.close();
  }));

test('stop refuses connections and forgets the DGPhone state, start listens on the same port; drop cuts clients', () =>
  withSim({}, async (sim) => {
    const c = await login(sim);
    sim.control.inbound({ user: '2001' });
    assert.deepEqual(sim.control.drop(), { dropped: 1 });
    await c.waitFor(() => c.closed);
    assert.equal(sim.control.state().phones['2001'].lines[0].state, 'ringing', 'drop keeps the calls');
    const port = sim.port;
    assert.deepEqual(await post(sim, 'stop').then((r) => r.body), { running: false });
    await assert.rejects(connect(sim));
    const started = await post(sim, 'start');
    assert.equal(started.body.url, `tcp://127.0.0.1:${port}`);
    const d = await login(sim);
    assert.equal(sim.control.state().phones['2001'].lines[0].state, 'idle');
    d.close();
  }));

test('control API: CORS reflects the Origin, 409 for impossible actions, 404 for unknown routes, reset', () =>
  withSim({}, async (sim) => {
    const res = await fetch(`${sim.controlUrl}/state`, { headers: { Origin: 'http://example.test' } });
    assert.equal(res.headers.get('access-control-allow-origin'), 'http://example.test');
    const pre = await fetch(`${sim.controlUrl}/inbound`, { method: 'OPTIONS', headers: { Origin: 'http://x.test', 'Access-Control-Request-Method': 'POST' } });
    assert.equal(pre.status, 204);
    assert.equal((await post(sim, 'hangup', { user: '2001', line: 1 })).status, 409);
    assert.equal((await post(sim, 'nope')).status, 404);
    assert.equal((await post(sim, 'config', { lineEnding: 'cr' })).status, 409);
    sim.control.config({ banner: false, farEndAnswerMs: 5 });
    await sim.control.reset();
    assert.equal(sim.control.state().variants.banner, true);
    assert.equal(sim.control.state().timing.farEndAnswerMs, null);
  }));

test('latin1 encoding writes single-byte text', () =>
  withSim({ encoding: 'latin1' }, async (sim) => {
    const socket = net.connect(sim.port, '127.0.0.1');
    const chunks = [];
    socket.on('data', (b) => chunks.push(b));
    await new Promise((r) => socket.once('connect', r));
    socket.write('Action: DGPhoneCommand\r\nCommand: Login\r\nUser: 9999\r\n\r\n');
    await sleep(50);
    const bytes = Buffer.concat(chunks);
    assert.ok(bytes.includes(Buffer.from([0x6e, 0xe3, 0x6f])), 'não in Latin-1');
    socket.destroy();
  }));

// ---------------------------------------------------------------------------------------------
// strict: only what the seed documents
// ---------------------------------------------------------------------------------------------

/**
 * Send `pairs` on a strict connection, then a Login as a barrier: the server handles packets in order, so
 * everything the command caused has arrived when the barrier's response has. → the packets in between.
 */
async function strictly(c, pairs, user = '2001') {
  const from = c.packets.length;
  c.send([['Action', 'DGPhoneCommand'], ...pairs]);
  const r = await c.command('Login', [['User', user], ['RemoteMode', 1]]);
  assert.equal(r.Response, 'Success');
  return c.packets.slice(from, -1);
}

test('strict: no banner; Login answers a DGPhoneResponse without User (as the seed shows it), a refusal too', () =>
  withSim({ strict: true }, async (sim) => {
    const c = await connect(sim);
    const ok = await c.command('Login', [['User', '2001'], ['RemoteMode', 1]]);
    assert.deepEqual(ok, { Event: 'DGPhoneResponse', Response: 'Success', Command: 'Login', Message: 'Ramal 2001 logado' });
    const bad = await c.command('Login', [['User', '9999'], ['RemoteMode', 1]]);
    assert.deepEqual([bad.Response, bad.Message, bad.User], ['Error', 'Ramal 9999 não cadastrado', undefined]);
    assert.deepEqual(c.lines, []);
    assert.ok(c.raw.join('').startsWith('Event: DGPhoneResponse\r\n'));
    assert.equal(sim.control.state().strict, true);
    c.close();
  }));

test('strict: Status is one event per line and nothing else; LineSelect → LineSelected only', () =>
  withSim({ strict: true }, async (sim) => {
    const c = await login(sim);
    sim.control.inbound({ user: '2001', from: '1133334444', line: 3 });
    await c.event('ReceivingCall');
    const burst = await strictly(c, [['Command', 'Status']]);
    assert.deepEqual(
      burst.map((p) => [p.Event, p.Status, p.Line, p.Number]),
      [1, 2, 3, 4, 5, 6].map((n) => ['DGPhoneEvent', n === 3 ? 'ReceivingCall' : 'Ready', String(n), n === 3 ? '1133334444' : undefined]),
    );
    assert.deepEqual(await strictly(c, [['Command', 'LineSelect'], ['Line', 4]]), [
      { Event: 'DGPhoneEvent', Status: 'LineSelected', User: '2001', Line: '4' },
    ]);
    c.close();
  }));

test('strict: Dial, Answer, Hold, SendDtmf, Hangup send their events and no response; Answer moves the selection unannounced', () =>
  withSim({ strict: true }, async (sim) => {
    const c = await login(sim);
    const st = (pkts) => pkts.map((p) => [p.Status, p.Line, p.Number ?? p.Hold]);
    assert.deepEqual(st(await strictly(c, [['Command', 'Dial'], ['Number', '7133411525']])), [['Dialing', '1', '7133411525']]);
    sim.control.answer({ user: '2001', line: 1 });
    await c.event('Answer');
    sim.control.inbound({ user: '2001', from: '555', line: 2 });
    await c.event('ReceivingCall');
    assert.deepEqual(st(await strictly(c, [['Command', 'Answer'], ['Line', 2]])), [['Answer', '2', '555']]);
    assert.equal(sim.control.state().phones['2001'].selected, 2);
    assert.deepEqual(st(await strictly(c, [['Command', 'Hold']])), [['Hold', '2', '1']]);
    assert.deepEqual(st(await strictly(c, [['Command', 'Hold']])), [['Hold', '2', '0']]);
    assert.deepEqual(await strictly(c, [['Command', 'SendDtmf'], ['Digits', '12#']]), []);
    assert.deepEqual(sim.control.state().dtmf.map((d) => [d.line, d.digits]), [[2, '12#']]);
    assert.deepEqual(st(await strictly(c, [['Command', 'Hangup'], ['Line', 1]])), [['Hangup', '1', undefined], ['Ready', '1', undefined]]);
    c.close();
  }));

test('strict: a refused command (busy line, bad keys, fail-next, unknown command, no login) says nothing and changes nothing', () =>
  withSim({ strict: true }, async (sim) => {
    const c = await login(sim);
    await strictly(c, [['Command', 'Dial'], ['Number', '111']]);
    assert.deepEqual(await strictly(c, [['Command', 'Dial'], ['Number', '222']]), []);
    assert.deepEqual(await strictly(c, [['Command', 'SendDtmf'], ['Digits', 'x']]), []);
    assert.deepEqual(await strictly(c, [['Command', 'Transfer']]), []);
    sim.control.failNext({ command: 'LineSelect', message: 'Falha' });
    assert.deepEqual(await strictly(c, [['Command', 'LineSelect'], ['Line', 5]]), []);
    const p = sim.control.state().phones['2001'];
    assert.deepEqual([p.selected, p.lines[0].number, p.lines[1].state], [1, '111', 'idle']);
    const fresh = await connect(sim);
    fresh.send([['Action', 'DGPhoneCommand'], ['Command', 'Status']]);
    const r = await fresh.command('Login', [['User', '2002'], ['RemoteMode', 1]]);
    assert.deepEqual(fresh.packets, [r]);
    c.close();
    fresh.close();
  }));

test('strict: logoff closes the connection without a response or an AgentLogoff (the agent is signed off all the same)', () =>
  withSim({ strict: true }, async (sim) => {
    const c = await login(sim);
    sim.control.agentLogin({ user: '2001', agent: '1001', silent: true });
    const from = c.packets.length;
    c.send([['Action', 'DGPhoneCommand'], ['Command', 'logoff']]);
    await c.waitFor(() => c.closed, 'the close');
    assert.deepEqual(c.packets.slice(from), []);
    assert.equal(sim.control.state().phones['2001'].agent, null);
  }));

test('strict: a queue call rings before AgentCalled; AgentComplete comes before Hangup, Ready', () =>
  withSim({ strict: true }, async (sim) => {
    const c = await login(sim);
    sim.control.agentLogin({ user: '2001', agent: '1001', silent: true });
    const { line } = sim.control.queueCall({ user: '2001', from: '1140041234', uniqueid: 'q-1' });
    await c.event('AgentCalled');
    await strictly(c, [['Command', 'Answer'], ['Line', line]]);
    sim.control.hangup({ user: '2001', line });
    await c.event('Ready');
    assert.deepEqual(
      c.packets.map((p) => [p.Status, p.Uniqueid]).filter(([st]) => st !== undefined),
      [['ReceivingCall', undefined], ['AgentCalled', 'q-1'], ['Answer', undefined], ['AgentConnect', 'q-1'], ['AgentComplete', 'q-1'], ['Hangup', undefined], ['Ready', undefined]],
    );
    c.close();
  }));

test('lineSelectedOnChange: a LineSelect of the line already selected says nothing; of another line, LineSelected', () =>
  withSim({ strict: true, variants: { lineSelectedOnChange: true } }, async (sim) => {
    const c = await login(sim);
    c.send([['Action', 'DGPhoneCommand'], ['Command', 'LineSelect'], ['Line', 1]]);
    c.send([['Action', 'DGPhoneCommand'], ['Command', 'LineSelect'], ['Line', 3]]);
    const e = await c.event('LineSelected');
    assert.equal(e.Line, '3');
    await sleep(30);
    assert.deepEqual(c.events('LineSelected').map((p) => p.Line), ['3']);
    assert.equal(sim.control.state().phones['2001'].selected, 3);
    c.close();
  }));

test('logoffUserLogoff: logoff is told with UserLogoff for the extension, then the connection closes', () =>
  withSim({ strict: true, variants: { logoffUserLogoff: true } }, async (sim) => {
    const c = await login(sim);
    c.send([['Action', 'DGPhoneCommand'], ['Command', 'logoff']]);
    await c.waitFor(() => c.closed, 'the close');
    assert.deepEqual(c.events('UserLogoff').map((p) => p.User), ['2001']);
  }));
