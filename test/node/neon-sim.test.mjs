// Tests for the NEON softphone simulator (test/simulators/neon), with the `ws` package as the client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { startNeonSimulator } from '../simulators/neon/server.mjs';

const FAST = { registerDelayMs: 20, farEndAnswerMs: null };
const DOMAIN = 'sip.example.com:5060';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A NEON client: every frame parsed and kept; `request` sends with a fresh id and awaits that response. */
async function connect(sim, url = sim.url) {
  const ws = new WebSocket(url);
  const frames = [];
  const waiters = [];
  let closed = null;
  ws.on('message', (data, isBinary) => {
    const text = data.toString('utf8');
    let json;
    try { json = JSON.parse(text); } catch { json = undefined; }
    frames.push({ text, json, isBinary });
    check();
  });
  ws.on('close', (code) => { closed = { code }; check(); });
  ws.on('error', () => {});
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  function check() {
    for (const w of [...waiters]) if (w.pred()) { waiters.splice(waiters.indexOf(w), 1); clearTimeout(w.t); w.resolve(); }
  }
  function waitFor(pred, what = 'frame', ms = 1500) {
    return new Promise((resolve, reject) => {
      if (pred()) return resolve();
      const w = { pred, resolve, t: setTimeout(() => {
        waiters.splice(waiters.indexOf(w), 1);
        reject(new Error(`timeout waiting for ${what}; got ${frames.map((f) => f.text).join('\n')}`));
      }, ms) };
      waiters.push(w);
    });
  }
  let nextId = 100;
  const c = {
    ws, frames,
    get closed() { return closed; },
    token: undefined,
    send(obj) { ws.send(typeof obj === 'string' ? obj : JSON.stringify(obj)); },
    events: (name) => frames.filter((f) => f.json?.action === 'event' && (!name || f.json.name === name)).map((f) => f.json),
    responses: () => frames.filter((f) => f.json && f.json.action !== 'event').map((f) => f.json),
    async response(id) {
      await waitFor(() => frames.some((f) => f.json && f.json.action !== 'event' && f.json.id === id), `response ${id}`);
      return frames.find((f) => f.json && f.json.action !== 'event' && f.json.id === id).json;
    },
    async request(action, params = {}, { withToken = true } = {}) {
      const id = nextId++;
      const msg = { id, action, ...params };
      if (withToken && action !== 'authenticate' && c.token && !('token' in params)) msg.token = c.token;
      c.send(msg);
      return c.response(id);
    },
    /** Next event `name` after index `from` of the events list. */
    async event(name, from = 0, ms) {
      const pick = () => c.events(name).slice(from)[0];
      await waitFor(() => !!pick(), `event ${name}`, ms);
      return pick();
    },
    waitFor,
    async authenticate(user = 'crm', password = 'secret') {
      const r = await c.request('authenticate', { user, password });
      c.token = r.data?.token;
      return r;
    },
    async register(params = {}) {
      const before = c.events('OnSIPRegister').length;
      const r = await c.request('sipregister', { domain: DOMAIN, number: '2001', password: '1234', autodisconnect: false, ...params });
      assert.equal(r.success, true, JSON.stringify(r));
      return c.event('OnSIPRegister', before);
    },
    waitClosed: () => waitFor(() => closed !== null, 'close'),
    close() { ws.close(); },
  };
  return c;
}

async function start(t, options = {}) {
  const sim = await startNeonSimulator({ ...FAST, ...options });
  t.after(() => sim.close());
  return sim;
}
async function ready(t, options) {
  const sim = await start(t, options);
  const c = await connect(sim);
  t.after(() => c.close());
  await c.authenticate();
  await c.register();
  return { sim, c };
}
const ctl = async (sim, name, body, init = {}) => {
  const res = await fetch(`${sim.controlUrl}/${name}`, { method: body === undefined && name === 'state' ? 'GET' : 'POST',
    body: body === undefined ? undefined : JSON.stringify(body), ...init });
  const json = await res.json();
  if (res.status !== 200) throw Object.assign(new Error(json.error), { status: res.status });
  return json;
};

test('authenticate: token of 8 hex chars; wrong credentials → 600; id echoed', async (t) => {
  const sim = await start(t);
  const c = await connect(sim);
  t.after(() => c.close());
  const bad = await c.authenticate('crm', 'nope');
  assert.deepEqual(bad, { id: 100, success: false, data: { code: 600, message: 'Credenciais inválidas' } });
  c.send({ id: 0, action: 'authenticate', user: 'crm', password: 'secret' });
  const ok = await c.response(0);
  assert.equal(ok.success, true);
  assert.match(ok.data.token, /^[0-9a-f]{8}$/);
  const missing = await c.request('authenticate', { user: 'crm' });
  assert.equal(missing.data.code, 102);
  // CamelCase action names from the reference are accepted too
  const camel = await c.request('Authenticate', { user: 'crm', password: 'secret' });
  assert.equal(camel.success, true);
  const log = (await ctl(sim, 'state')).log;
  assert.ok(log.every((e) => !e.request || e.request.password === undefined || e.request.password === '***'));
});

test('602 without or with a bad token; unknown action → 102 after the token check', async (t) => {
  const sim = await start(t);
  const c = await connect(sim);
  t.after(() => c.close());
  assert.equal((await c.request('startcall', { number: '123' })).data.code, 602);
  assert.equal((await c.request('showui', { show: true, token: 'deadbeef' })).data.code, 602);
  assert.equal((await c.request('nosuchthing', {})).data.code, 602);
  assert.equal(c.events().length, 0);
  await c.authenticate();
  assert.equal((await c.request('nosuchthing', {})).data.code, 102);
  assert.equal((await c.request('showui', { show: false })).success, true);
  assert.equal((await ctl(sim, 'state')).ui.shown, false);
  assert.equal((await c.request('showui', { show: 'yes' })).data.code, 102);
});

test('malformed input never drops the socket: 100 / 102 and the socket keeps working', async (t) => {
  const sim = await start(t);
  const c = await connect(sim);
  t.after(() => c.close());
  c.send('{ not json');
  c.send('[1,2,3]');
  c.send('null');
  c.send('42');
  c.ws.send(Buffer.from([0xff, 0x00, 0x7b]), { binary: true });
  c.ws.send(Buffer.from([0x7b, 0xff, 0xfe]), { binary: false }); // invalid UTF-8 in a text frame
  c.send('x'.repeat(2 * 1024 * 1024));
  c.send({ id: 'a', action: 7 });
  c.send({ id: 'b' });
  await c.waitFor(() => c.responses().length >= 9, '9 responses');
  const r = c.responses();
  assert.deepEqual(r.slice(0, 7).map((x) => [x.id, x.success, x.data.code]), Array(7).fill([null, false, 100]));
  assert.deepEqual(r.slice(7).map((x) => [x.id, x.data.code]), [['a', 100], ['b', 100]]);
  await c.authenticate();
  // random junk, wrong types
  const junk = ['', ' ', '{}', '{"action":null}', '{"action":"startcall","token":5}', '"str"', 'true', '{"a":'];
  for (let i = 0; i < 200; i++) junk.push(Buffer.from(Array.from({ length: 1 + (i % 40) }, (_, k) => (i * 31 + k * 7) % 256)).toString('latin1'));
  for (const j of junk) c.send(j);
  const typed = [
    ['sipregister', { domain: 5, number: {}, password: '1' }],
    ['sipregister', { domain: DOMAIN, number: '2001', autodisconnect: 'yes' }],
    ['sipregister', { domain: 'a:b:c', number: '2001' }],
    ['showui', { show: null }],
    ['authenticate', { user: ['x'], password: {} }],
  ];
  for (const [action, params] of typed) assert.equal((await c.request(action, params)).data.code, 102, action);
  assert.equal((await c.request('startcall', { number: [] })).data.code, 601);
  assert.equal(c.closed, null);
  assert.equal((await c.request('showui', { show: true })).success, true);
  assert.equal((await ctl(sim, 'state')).clients, 1);
});

test('registration: ok, refused (403 / 404), error (408), and unregister', async (t) => {
  const sim = await start(t);
  const c = await connect(sim);
  t.after(() => c.close());
  await c.authenticate();
  const okResp = await c.request('SIPRegister', { domain: DOMAIN, number: '2001', password: '1234', autodisconnect: false });
  assert.deepEqual(okResp, { id: okResp.id, success: true, data: {} });
  assert.equal((await ctl(sim, 'state')).registration.state, 'registering');
  const reg = await c.event('OnSIPRegister');
  assert.deepEqual(Object.keys(reg.data), ['connectionId', 'SIPError']);
  assert.equal(reg.data.SIPError, 0);
  assert.equal((await ctl(sim, 'state')).registration.state, 'registered');

  const un = await c.request('sipunregister');
  assert.equal(un.success, true);
  assert.equal((await c.event('OnSIPUnRegister')).data.SIPError, 0);
  assert.equal((await c.request('sipunregister')).data.code, 601);

  await c.request('sipregister', { domain: DOMAIN, number: '2002', password: 'wrong' });
  assert.equal((await c.event('OnSIPRegisterRefused')).data.SIPError, 403);
  await c.request('sipregister', { domain: 'sip.example.com', number: '9999', password: '1234' }); // port defaults to 5060
  assert.equal((await c.event('OnSIPRegisterRefused', 1)).data.SIPError, 404);
  await c.request('sipregister', { domain: 'nowhere.invalid:5060', number: '2001', password: '1234' });
  assert.equal((await c.event('OnSIPRegisterError')).data.SIPError, 408);
  const st = await ctl(sim, 'state');
  assert.equal(st.registration.state, 'unregistered');
  assert.equal((await c.request('startcall', { number: '1' })).data.code, 601);

  // forced outcome for the next registration, and forced registration events
  await ctl(sim, 'registration', { nextOutcome: 'refused', nextSIPError: 401 });
  await c.request('sipregister', { domain: DOMAIN, number: '2001', password: '1234' });
  assert.equal((await c.event('OnSIPRegisterRefused', 2)).data.SIPError, 401);
  await c.register();
  await ctl(sim, 'registration', { event: 'expired' });
  assert.equal((await c.event('OnSIPRegisterExpired')).data.SIPError, 408);
  await c.register();
  await ctl(sim, 'registration', { event: 'finalized' });
  await c.event('OnSIPRegisterFinalized');
  await c.register();
  await ctl(sim, 'registration', { event: 'cancelled' });
  await c.event('OnSIPRegisterCancelled');
  await assert.rejects(ctl(sim, 'registration', { event: 'expired' }), /no SIP account/);
  // nextOutcome 'none' leaves it registering until the control completes it
  await ctl(sim, 'registration', { nextOutcome: 'none' });
  const n = c.events('OnSIPRegister').length;
  await c.request('sipregister', { domain: DOMAIN, number: '2001', password: '1234' });
  await sleep(60);
  assert.equal((await ctl(sim, 'state')).registration.state, 'registering');
  await ctl(sim, 'registration', { event: 'registered' });
  await c.event('OnSIPRegister', n);
});

test('spelling variants: OnSIPRegisterCanceled / OnSIPUnregister, and numeric vs string callId', async (t) => {
  const { sim, c } = await ready(t, { variants: { cancelledSpelling: 'OnSIPRegisterCanceled' } });
  await ctl(sim, 'registration', { event: 'cancelled' });
  assert.equal((await c.event('OnSIPRegisterCanceled')).data.SIPError, 487);
  await ctl(sim, 'config', { unregisterSpelling: 'OnSIPUnregister', callIdType: 'string' });
  await c.register();
  const r = await c.request('startcall', { number: '7155555555' });
  assert.equal(typeof r.data.callId, 'string');
  assert.equal((await c.event('OnNewCall')).data.callId, r.data.callId);
  await c.request('sipunregister');
  await c.event('OnSIPUnregister');
  assert.equal(c.events('OnSIPUnRegister').length, 0);
  await assert.rejects(ctl(sim, 'config', { callIdType: 'uuid' }), /callIdType/);
});

test('outgoing call: OnNewCall, far end answers, dtmf, hold, finalize with duration', async (t) => {
  const { sim, c } = await ready(t, { farEndAnswerMs: 40 });
  const r = await c.request('startcall', { number: '7155555555' });
  assert.equal(r.success, true);
  assert.equal(typeof r.data.callId, 'number');
  const nc = await c.event('OnNewCall');
  assert.deepEqual(nc, { action: 'event', name: 'OnNewCall', data: { callId: r.data.callId, type: 'outgoing',
    from: 'sip:2001@sip.example.com', to: 'sip:7155555555@sip.example.com', duration: 0, SIPError: 0 } });
  // response before the event by default
  const idxResp = c.frames.findIndex((f) => f.json?.id === r.id);
  const idxEv = c.frames.findIndex((f) => f.json?.name === 'OnNewCall');
  assert.ok(idxResp < idxEv);
  assert.equal((await c.request('senddtmf', { callid: r.data.callId, DTMF: '1' })).data.code, 102); // not answered yet
  const acc = await c.event('OnAcceptCall');
  assert.deepEqual({ ...acc.data, duration: 0 }, { ...nc.data });
  assert.equal((await c.request('senddtmf', { callid: r.data.callId, DTMF: '12' })).success, true);
  assert.equal((await c.request('senddtmf', { callid: String(r.data.callId), DTMF: '#*ad' })).success, true);
  assert.equal((await c.request('senddtmf', { callid: r.data.callId, DTMF: 'x' })).data.code, 102);
  assert.equal((await c.request('senddtmf', { callid: r.data.callId, dtmf: '5' })).data.code, 102); // key is DTMF
  assert.equal((await c.request('sethold', { callid: r.data.callId, hold: true })).success, true);
  let st = await ctl(sim, 'state');
  assert.deepEqual(st.dtmf, { [r.data.callId]: '12#*AD' });
  assert.equal(st.calls[0].held, true);
  assert.equal(st.calls[0].state, 'active');
  await sleep(30);
  assert.equal((await c.request('finalizecall', { callid: r.data.callId })).success, true);
  const fin = await c.event('OnFinalizedCall');
  assert.equal(fin.data.SIPError, 0);
  assert.ok(fin.data.duration >= 25, `duration ${fin.data.duration}`);
  assert.equal((await c.request('finalizecall', { callid: r.data.callId })).data.code, 102);
  assert.equal((await c.request('finalizecall', {})).data.code, 102);
  st = await ctl(sim, 'state');
  assert.equal(st.calls.length, 0);
  assert.equal(st.dtmf[r.data.callId], '12#*AD');
});

test('outgoing call answered via control; busy (now and next); remote hang-up; max 2 calls', async (t) => {
  const { sim, c } = await ready(t);
  const a = await c.request('startcall', { number: '3001' });
  await ctl(sim, 'answer', { callId: a.data.callId });
  assert.equal((await c.event('OnAcceptCall')).data.callId, a.data.callId);
  const b = await c.request('startcall', { number: 'sip:3002@other.example.com' });
  assert.equal((await c.event('OnNewCall', 1)).data.to, 'sip:3002@other.example.com');
  const third = await c.request('startcall', { number: '3003' });
  assert.equal(third.data.code, 500);
  await ctl(sim, 'busy', { callId: b.data.callId });
  const busy = await c.event('OnFinalizedCall');
  assert.deepEqual([busy.data.callId, busy.data.SIPError, busy.data.duration], [b.data.callId, 486, 0]);
  await ctl(sim, 'busy', { next: true });
  const d = await c.request('startcall', { number: '3004' });
  const busy2 = await c.event('OnFinalizedCall', 1);
  assert.deepEqual([busy2.data.callId, busy2.data.SIPError], [d.data.callId, 486]);
  await ctl(sim, 'hangup', { callId: a.data.callId });
  const hung = await c.event('OnFinalizedCall', 2);
  assert.deepEqual([hung.data.callId, hung.data.SIPError], [a.data.callId, 0]);
  await assert.rejects(ctl(sim, 'answer', { callId: 999 }), (e) => e.status === 409);
  await assert.rejects(ctl(sim, 'busy', { next: true, SIPError: 'x' }), /SIPError/);
});

test('incoming call: OnNewCall incoming, acceptcall, transfer → OnTransferredCall + OnFinalizedCall', async (t) => {
  const { sim, c } = await ready(t);
  const { callId } = await ctl(sim, 'inbound', { from: '11987654321', name: 'Maria Silva' });
  const nc = await c.event('OnNewCall');
  assert.deepEqual(nc.data, { callId, type: 'incoming', from: '"Maria Silva" <sip:11987654321@sip.example.com>',
    to: 'sip:2001@sip.example.com', duration: 0, SIPError: 0 });
  assert.equal((await c.request('acceptcall', { callid: 999 })).data.code, 102);
  assert.equal((await c.request('acceptcall', { callid: callId })).success, true);
  await c.event('OnAcceptCall');
  assert.equal((await c.request('acceptcall', { callid: callId })).data.code, 102); // already answered
  assert.equal((await c.request('transferecall', { callid: callId })).data.code, 102); // no `to`
  assert.equal((await c.request('transfercall', { callid: callId, to: '2002' })).data.code, 102); // alias off
  assert.equal((await c.request('transferecall', { callid: callId, to: '2002' })).success, true);
  const tr = await c.event('OnTransferredCall');
  const fin = await c.event('OnFinalizedCall');
  assert.equal(tr.data.callId, callId);
  assert.equal(fin.data.callId, callId);
  assert.ok(c.frames.indexOf(c.frames.find((f) => f.json?.name === 'OnTransferredCall'))
    < c.frames.indexOf(c.frames.find((f) => f.json?.name === 'OnFinalizedCall')));
  const st = await ctl(sim, 'state');
  assert.equal(st.ended.at(-1).transferredTo, '2002');

  // a ringing incoming call: remote cancel → 487; local finalize → 0; transfer while ringing works
  const r2 = await ctl(sim, 'inbound', { from: 'sip:bob@elsewhere.org' });
  assert.equal((await c.event('OnNewCall', 1)).data.from, 'sip:bob@elsewhere.org');
  await ctl(sim, 'hangup', { callId: r2.callId });
  assert.equal((await c.event('OnFinalizedCall', 1)).data.SIPError, 487);
  const r3 = await ctl(sim, 'inbound', {});
  await c.request('finalizecall', { callid: r3.callId });
  assert.equal((await c.event('OnFinalizedCall', 2)).data.SIPError, 0);
  await ctl(sim, 'config', { finalizeAfterTransfer: false, transferActionAlias: true });
  const r4 = await ctl(sim, 'inbound', {});
  assert.equal((await c.request('TransferCall', { callid: r4.callId, to: '2003' })).success, true);
  await c.event('OnTransferredCall', 1);
  await sleep(20);
  assert.equal(c.events('OnFinalizedCall').length, 3);
  assert.equal((await ctl(sim, 'state')).calls.length, 0);
});

test('autodisconnect: closing the registering socket unregisters; calls end first; other sockets see it', async (t) => {
  const sim = await start(t);
  const watcher = await connect(sim);
  t.after(() => watcher.close());
  await watcher.authenticate();
  const phone = await connect(sim);
  await phone.authenticate();
  await phone.register({ autodisconnect: true });
  const { callId } = await ctl(sim, 'inbound', {});
  await watcher.event('OnNewCall');
  phone.close();
  const unreg = await watcher.event('OnSIPUnRegister');
  const fin = watcher.events('OnFinalizedCall')[0];
  assert.equal(fin.data.callId, callId);
  assert.ok(watcher.frames.findIndex((f) => f.json?.name === 'OnFinalizedCall')
    < watcher.frames.findIndex((f) => f.json?.name === 'OnSIPUnRegister'));
  assert.equal(unreg.data.SIPError, 0);
  assert.equal((await ctl(sim, 'state')).registration.state, 'unregistered');

  // without autodisconnect the account stays; the token from another socket still works (tokenScope server)
  const p2 = await connect(sim);
  await p2.authenticate();
  await p2.register({ autodisconnect: false });
  const token = p2.token;
  p2.close();
  await p2.waitClosed();
  await sleep(20);
  assert.equal((await ctl(sim, 'state')).registration.state, 'registered');
  const p3 = await connect(sim);
  t.after(() => p3.close());
  p3.token = token;
  assert.equal((await p3.request('startcall', { number: '1' })).success, true);
  await p3.event('OnNewCall'); // using a valid token subscribes the socket to events

  // autodisconnect while the registration is still pending: abandoned, OnSIPUnRegister all the same
  await p3.request('sipunregister');
  await ctl(sim, 'config', { registerDelayMs: 500 });
  const p4 = await connect(sim);
  await p4.authenticate();
  await p4.request('sipregister', { domain: DOMAIN, number: '2002', password: '1234', autodisconnect: true });
  const before = p3.events('OnSIPUnRegister').length;
  p4.close();
  await p3.event('OnSIPUnRegister', before);
  assert.equal((await ctl(sim, 'state')).registration.state, 'unregistered');
  await sleep(550);
  assert.equal(p3.events('OnSIPRegister').length, 0);
});

test('tokenScope socket: a token dies with its socket', async (t) => {
  const sim = await start(t, { variants: { tokenScope: 'socket' } });
  const a = await connect(sim);
  await a.authenticate();
  const b = await connect(sim);
  t.after(() => b.close());
  b.token = a.token;
  assert.equal((await b.request('showui', { show: true })).data.code, 602);
  a.close();
  await a.waitClosed();
  await sleep(20);
  assert.equal((await ctl(sim, 'state')).tokens, 0);
});

test('drop, stop and start: sockets cut; stop forgets tokens, registration and calls; control stays up', async (t) => {
  const { sim, c } = await ready(t);
  await ctl(sim, 'inbound', {});
  const { dropped } = await ctl(sim, 'drop');
  assert.equal(dropped, 1);
  await c.waitClosed();
  assert.equal(c.closed.code, 1006);
  await sleep(20);
  let st = await ctl(sim, 'state');
  assert.equal(st.running, true);
  assert.equal(st.registration.state, 'registered'); // autodisconnect was false
  assert.equal(st.calls.length, 1);
  const c2 = await connect(sim);
  c2.token = c.token; // tokens survive a drop
  assert.equal((await c2.request('showui', { show: true })).success, true);

  await ctl(sim, 'stop');
  await c2.waitClosed();
  st = await ctl(sim, 'state');
  assert.equal(st.running, false);
  assert.equal(st.registration.state, 'unregistered');
  assert.equal(st.calls.length, 0);
  await assert.rejects(connect(sim));
  await assert.rejects(ctl(sim, 'inbound', {}), /stopped/);
  const started = await ctl(sim, 'start');
  assert.equal(started.url, sim.url);
  const c3 = await connect(sim);
  t.after(() => c3.close());
  c3.token = c.token;
  assert.equal((await c3.request('showui', { show: true })).data.code, 602); // the old token is forgotten
  await c3.authenticate();
  await c3.register();

  // the WebSocket port also answers /_sim while running, and plain HTTP gets 426
  const httpUrl = sim.url.replace('ws:', 'http:');
  assert.equal((await fetch(`${httpUrl}_sim/state`).then((r) => r.json())).running, true);
  assert.equal((await fetch(httpUrl)).status, 426);

  // drop with a close code: a clean close
  await ctl(sim, 'drop', { code: 4000, reason: 'hiccup' });
  await c3.waitClosed();
  assert.equal(c3.closed.code, 4000);
});

test('fail-next answers the chosen code once', async (t) => {
  const { sim, c } = await ready(t);
  await ctl(sim, 'fail-next', { action: 'StartCall', code: 500, message: 'boom' });
  const r = await c.request('startcall', { number: '1' });
  assert.deepEqual(r.data, { code: 500, message: 'boom' });
  assert.equal(c.events('OnNewCall').length, 0);
  assert.equal((await c.request('startcall', { number: '1' })).success, true);
  await ctl(sim, 'fail-next', { action: 'authenticate', code: 600, count: 2 });
  assert.equal((await c.request('authenticate', { user: 'crm', password: 'secret' })).data.code, 600);
  assert.equal((await c.request('authenticate', { user: 'crm', password: 'secret' })).data.code, 600);
  assert.equal((await c.request('authenticate', { user: 'crm', password: 'secret' })).success, true);
  await assert.rejects(ctl(sim, 'fail-next', { action: 'x' }), /code/);
});

test('responseDelayMs: responses out of order; the events are not held back', async (t) => {
  const { sim, c } = await ready(t, { variants: { responseDelayMs: { startcall: 150 } } });
  c.send({ id: 'slow', action: 'startcall', number: '5', token: c.token });
  c.send({ id: 'fast', action: 'showui', show: true, token: c.token });
  await c.response('slow');
  const order = c.frames.map((f) => f.json?.id ?? f.json?.name);
  assert.deepEqual(order.slice(-3), ['OnNewCall', 'fast', 'slow']);
  assert.equal((await ctl(sim, 'state')).variants.responseDelayMs.startcall, 150);
});

test('eventsBeforeResponse: OnNewCall precedes the startcall response', async (t) => {
  const { sim, c } = await ready(t);
  await ctl(sim, 'config', { eventsBeforeResponse: true });
  const r = await c.request('startcall', { number: '5' });
  const iEv = c.frames.findIndex((f) => f.json?.name === 'OnNewCall');
  const iResp = c.frames.findIndex((f) => f.json?.id === r.id);
  assert.ok(iEv >= 0 && iEv < iResp);
});

test('emit raw text and arbitrary events; reset', async (t) => {
  const sim = await start(t);
  const anon = await connect(sim);
  t.after(() => anon.close());
  const c = await connect(sim);
  t.after(() => c.close());
  await c.authenticate();
  await ctl(sim, 'emit', { raw: '{"action":"event","name":' });
  await ctl(sim, 'emit', { event: 'OnSomethingNew', data: { x: 1 } });
  await c.event('OnSomethingNew');
  assert.ok(c.frames.some((f) => f.text === '{"action":"event","name":'));
  await anon.waitFor(() => anon.frames.length === 1, 'raw');
  assert.equal(anon.events().length, 0); // events go to authenticated sockets only
  await ctl(sim, 'config', { callIdType: 'string' });
  await ctl(sim, 'reset');
  await c.waitClosed();
  const st = await ctl(sim, 'state');
  assert.equal(st.variants.callIdType, 'number');
  assert.equal(st.log.length, 0);
  assert.equal(st.tokens, 0);
});

test('control API: CORS preflight and reflected Origin; errors as JSON', async (t) => {
  const sim = await start(t);
  const pre = await fetch(`${sim.controlUrl}/inbound`, { method: 'OPTIONS', headers: {
    Origin: 'http://localhost:8000', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' } });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get('access-control-allow-origin'), 'http://localhost:8000');
  assert.match(pre.headers.get('access-control-allow-methods'), /POST/);
  assert.equal(pre.headers.get('access-control-allow-headers'), 'content-type');
  const res = await fetch(`${sim.controlUrl}/state`, { headers: { Origin: 'http://example.test' } });
  assert.equal(res.headers.get('access-control-allow-origin'), 'http://example.test');
  const err = await fetch(`${sim.controlUrl}/inbound`, { method: 'POST', body: '{}', headers: { Origin: 'http://example.test' } });
  assert.equal(err.status, 409);
  assert.equal(err.headers.get('access-control-allow-origin'), 'http://example.test');
  assert.match((await err.json()).error, /no SIP account/);
  assert.equal((await fetch(`${sim.controlUrl}/nope`, { method: 'POST' })).status, 404);
  assert.equal((await fetch(`${sim.controlUrl}/config`, { method: 'POST', body: '{bad' })).status, 400);
  // the module API mirrors the routes
  assert.equal(sim.control.state().running, true);
  assert.match(sim.url, /^ws:\/\/127\.0\.0\.1:\d+\/$/);
  assert.match(sim.controlUrl, /^http:\/\/127\.0\.0\.1:\d+\/_sim$/);
});

// ---------------------------------------------------------------------------------------------
// strict: only what the document shows
// ---------------------------------------------------------------------------------------------

/** Strict client helpers: commands the document shows no answer for are sent, not awaited. */
function strictClient(c) {
  let nextId = 500;
  const sent = [];
  return {
    /** Send with a fresh id and the token; returns the id. */
    send(action, params = {}) {
      const id = nextId++;
      c.send({ id, action, token: c.token, ...params });
      sent.push(id);
      return id;
    },
    /** The frames answering `id` (responses only). */
    answersTo: (id) => c.responses().filter((r) => r.id === id),
    /** Everything sent so far has been processed: an authenticate (answered in strict too) came back. */
    async barrier() {
      const r = await c.request('authenticate', { user: 'crm', password: 'secret' });
      c.token = r.data.token;
    },
    sent,
  };
}

async function strictReady(t, options = {}) {
  const sim = await start(t, { strict: true, ...options });
  const c = await connect(sim);
  t.after(() => c.close());
  await c.authenticate();
  const s = strictClient(c);
  s.send('sipregister', { domain: DOMAIN, number: '2001', password: '1234', autodisconnect: false });
  const registered = await c.event('OnSIPRegister');
  return { sim, c, s, registered };
}

test('strict: authenticate and startcall are answered as documented; no other success is acknowledged', async (t) => {
  const { sim, c, s, registered } = await strictReady(t);
  assert.equal((await ctl(sim, 'state')).strict, true);
  assert.deepEqual(Object.keys(registered.data), ['connectionId', 'SIPError']);
  const dial = await c.request('startcall', { number: '2002' });
  assert.deepEqual(Object.keys(dial), ['id', 'success', 'data']);
  assert.equal(dial.success, true);
  assert.equal(typeof dial.data.callId, 'number');
  const callid = dial.data.callId;
  // The documented example order is not promised: the events go first.
  const newCall = c.frames.findIndex((f) => f.json?.name === 'OnNewCall');
  const answer = c.frames.findIndex((f) => f.json?.id === dial.id);
  assert.ok(newCall >= 0 && newCall < answer, 'OnNewCall before the startcall answer');
  assert.deepEqual(Object.keys(c.events('OnNewCall')[0].data), ['callId', 'type', 'from', 'to', 'duration', 'SIPError']);
  await ctl(sim, 'answer', { callId: callid });
  await c.event('OnAcceptCall');
  const quiet = [
    s.send('sethold', { callid, hold: true }),
    s.send('senddtmf', { callid, DTMF: '5' }),
    s.send('sethold', { callid, hold: false }),
    s.send('showui', { show: false }),
  ];
  await s.barrier();
  for (const id of quiet) assert.deepEqual(s.answersTo(id), [], `no answer to ${id}`);
  const st = await ctl(sim, 'state');
  assert.deepEqual([st.calls[0].held, st.dtmf[String(callid)], st.ui.shown], [false, '5', false], 'the commands did run');
  const hangup = s.send('finalizecall', { callid });
  await c.event('OnFinalizedCall');
  await s.barrier();
  assert.deepEqual(s.answersTo(hangup), []);
  // The other call events carry the call id only.
  assert.deepEqual(c.events('OnAcceptCall')[0].data, { callId: callid });
  assert.deepEqual(c.events('OnFinalizedCall')[0].data, { callId: callid });
  // No registration answer either: the only frames for sipregister's id are none.
  assert.deepEqual(s.answersTo(s.sent[0]), []);
});

test('strict: failures in the least convenient plausible form (code as a string in `error`, no data)', async (t) => {
  const sim = await start(t, { strict: true });
  const c = await connect(sim);
  t.after(() => c.close());
  const bad = await c.authenticate('crm', 'nope');
  assert.deepEqual(bad, { id: 100, success: false, error: { code: '600', description: 'Credenciais inválidas' } });
  await c.authenticate();
  const s = strictClient(c);
  // A call command without a registered account: 601, echoed id.
  const hold = s.send('sethold', { callid: 1, hold: true });
  await c.waitFor(() => s.answersTo(hold).length === 1, 'the 601');
  assert.deepEqual(s.answersTo(hold), [{ id: hold, success: false, error: { code: '601', description: 'Não registrado no SIP Proxy' } }]);
  // An unknown token: 602. A frame that is not JSON: 100 without any id.
  c.send({ id: 7, action: 'showui', show: true, token: 'deadbeef' });
  assert.deepEqual(await c.response(7), { id: 7, success: false, error: { code: '602', description: 'Execução do comando não autorizado' } });
  c.send('{nope');
  await c.waitFor(() => c.responses().some((r) => r.error?.code === '100'), 'the 100');
  assert.deepEqual(c.responses().find((r) => r.error?.code === '100'), { success: false, error: { code: '100', description: 'Erro no formato dos dados' } });
  // fail-next answers in the same form.
  s.send('sipregister', { domain: DOMAIN, number: '2001', password: '1234' });
  await c.event('OnSIPRegister');
  await ctl(sim, 'fail-next', { action: 'sethold', code: 500, message: 'detail that strict does not send' });
  const dial = await c.request('startcall', { number: '2002' });
  const failed = s.send('sethold', { callid: dial.data.callId, hold: true });
  await c.waitFor(() => s.answersTo(failed).length === 1, 'the 500');
  assert.deepEqual(s.answersTo(failed)[0], { id: failed, success: false, error: { code: '500', description: 'Erro interno' } });
});

test('strict: registration events other than OnSIPRegister carry no data; the prose spellings; transfer ends without OnFinalizedCall', async (t) => {
  const { sim, c, s } = await strictReady(t);
  const { callId } = await ctl(sim, 'inbound', { from: '1133334444' });
  await c.event('OnNewCall');
  s.send('acceptcall', { callid: callId });
  await c.event('OnAcceptCall');
  s.send('transferecall', { callid: callId, to: '2003' });
  await c.event('OnTransferredCall');
  await s.barrier();
  assert.deepEqual(c.events('OnTransferredCall')[0].data, { callId });
  assert.equal(c.events('OnFinalizedCall').length, 0);
  assert.equal((await ctl(sim, 'state')).calls.length, 0);
  s.send('sipunregister');
  const gone = await c.event('OnSIPUnregister');
  assert.deepEqual(Object.keys(gone), ['action', 'name']);
  s.send('sipregister', { domain: DOMAIN, number: '2001', password: '1234' });
  await c.event('OnSIPRegister', 1);
  await ctl(sim, 'registration', { event: 'cancelled' });
  const cancelled = await c.event('OnSIPRegisterCanceled');
  assert.equal(cancelled.data, undefined);
  // The variants can still be changed one by one.
  assert.equal((await ctl(sim, 'config', { unregisterSpelling: 'OnSIPUnRegister' })).variants.unregisterSpelling, 'OnSIPUnRegister');
});

test('strict: a token lives with its socket', async (t) => {
  const sim = await start(t, { strict: true });
  const a = await connect(sim);
  await a.authenticate();
  const token = a.token;
  a.close();
  await a.waitClosed();
  const b = await connect(sim);
  t.after(() => b.close());
  b.send({ id: 1, action: 'showui', show: true, token });
  assert.equal((await b.response(1)).error.code, '602');
  // The default simulator is not strict.
  const plain = await start(t);
  assert.equal((await ctl(plain, 'state')).strict, false);
});

test('strict: a refresh of the account NEON holds is answered by no event (L195 "poderá"); a failed one still is', async (t) => {
  const { sim, c, s } = await strictReady(t, FAST);
  s.send('sipregister', { domain: DOMAIN, number: '2001', password: '1234', autodisconnect: false });
  await s.barrier();
  await sleep(80);
  assert.equal(c.events('OnSIPRegister').length, 1, 'no second OnSIPRegister');
  assert.equal((await ctl(sim, 'state')).registration.state, 'registered');
  // A refresh the proxy refuses still says so, and the account is gone.
  s.send('sipregister', { domain: DOMAIN, number: '2001', password: 'wrong', autodisconnect: false });
  await c.event('OnSIPRegisterRefused');
  assert.equal((await ctl(sim, 'state')).registration.state, 'unregistered');
  // The default simulator answers a refresh with a new OnSIPRegister; strict can be switched to it too.
  assert.equal((await ctl(sim, 'config', { refreshEvent: true })).variants.refreshEvent, true);
  s.send('sipregister', { domain: DOMAIN, number: '2001', password: '1234' });
  await c.event('OnSIPRegister', 1);
  s.send('sipregister', { domain: DOMAIN, number: '2001', password: '1234' });
  await c.event('OnSIPRegister', 2);
});
