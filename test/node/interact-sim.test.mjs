// Tests for the Dígitro Interact CTI simulator (test/simulators/interact). Raw HTTP + hand-parsed SSE.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startInteractSimulator } from '../simulators/interact/server.mjs';

const FAST = { heartbeatMs: 60000, ringMs: 30, farEndAnswerMs: null, afterCallWorkMs: 100, listRateLimitMs: 5000 };

/** Open an SSE stream with http.get and parse it by hand. */
function openSse(url, { method = 'GET', headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const events = [];
    const raw = [];
    const waiters = [];
    const req = http.request(url, { method, headers }, (res) => {
      let buf = '';
      res.setEncoding('utf8');
      const s = { res, events, raw: () => raw.join(''), status: res.statusCode, headers: res.headers, ended: false,
        close: () => req.destroy(), waitFor, body: '' };
      res.on('data', (chunk) => {
        raw.push(chunk);
        s.body += chunk;
        buf += chunk;
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          let event = 'message';
          const data = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
          }
          const text = data.join('\n');
          let json;
          try { json = JSON.parse(text); } catch { json = undefined; }
          events.push({ event, data: text, json, lines: data.length });
          check();
        }
      });
      res.on('end', () => { s.ended = true; check(); });
      res.on('error', () => { s.ended = true; check(); });
      function check() {
        for (const w of [...waiters]) if (w.pred()) { waiters.splice(waiters.indexOf(w), 1); clearTimeout(w.t); w.resolve(); }
      }
      function waitFor(pred, ms = 2000, what = 'event') {
        return new Promise((res2, rej2) => {
          if (pred()) return res2();
          const w = { pred, resolve: res2, t: setTimeout(() => { waiters.splice(waiters.indexOf(w), 1); rej2(new Error(`timeout waiting for ${what}; got ${events.map((e) => e.event).join(',')}`)); }, ms) };
          waiters.push(w);
        });
      }
      s.next = (name, from = 0, ms = 2000) => waitFor(() => events.slice(from).some((e) => e.event === name), ms, name)
        .then(() => events.slice(from).find((e) => e.event === name));
      resolve(s);
    });
    req.on('error', reject);
    req.end();
  });
}

async function call(base, path, body, { format = 'json', contentType, method, query = '' } = {}) {
  const sep = path.includes('?') ? '&' : '?';
  const url = `${base}/${path}${format ? `${sep}format=${format}` : ''}${query}`;
  const headers = {};
  let payload;
  if (body !== undefined) {
    payload = typeof body === 'string' ? body : JSON.stringify(body);
    headers['Content-Type'] = contentType || (typeof body === 'string' && body.startsWith('<') ? 'application/xml' : 'application/json');
  }
  const res = await fetch(url, { method: method || (body === undefined ? 'GET' : 'POST'), headers, body: payload });
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, text, json, r: json?.response, headers: res.headers };
}
const ctl = (sim, name, body) => fetch(`${sim.controlUrl}/${name}`, { method: 'POST', body: JSON.stringify(body ?? {}) }).then((r) => r.json());
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function agentSetup(sim, agent = '1001', channel = 7, extra = {}) {
  const base = sim.url;
  assert.equal((await call(base, 'agent/login', { agent, password: '1234' })).r.status, 'ok');
  const sse = await openSse(`${base}/agent/monitor/open_channel?channel_id=${channel}&format=json`);
  await sse.next('on_open_channel');
  const sub = await call(base, 'agent/monitor/subscribe', { subscription: { agents: [agent], expires: 3600, channel_id: channel, agent_control: true, ...extra } });
  assert.equal(sub.r.status, 'ok');
  await sse.next('on_agent_status');
  assert.equal((await call(base, 'agent/set_state', { agent, state_id: 2 })).r.status, 'ok');
  await sse.waitFor(() => sse.events.some((e) => e.event === 'on_state_change' && e.json.state === 'ready_free'));
  return { sse, subId: sub.r.id };
}

test('envelopes, client_data and format precedence', async (t) => {
  const sim = await startInteractSimulator(FAST);
  t.after(() => sim.close());
  const ok = await call(sim.url, 'agent/login', { agent: '1001', password: '1234' }, { query: '&client_data=abc' });
  assert.equal(ok.status, 200);
  assert.deepEqual(Object.keys(ok.json), ['response']);
  assert.equal(ok.r.command, 'login');
  assert.equal(ok.r.status, 'ok');
  assert.equal(ok.r.client_data, 'abc');
  const bad = await call(sim.url, 'agent/logout', { agent: '1001', password: 'nope' });
  assert.deepEqual([bad.r.status, bad.r.error_type], ['error', 'command_failed']);
  assert.ok(bad.r.error_msg);
  // XML body, no format, no Content-Type hint other than XML → XML response
  const x = await call(sim.url, 'agent/login', '<?xml version="1.0" encoding="UTF-8"?><request><agent>1002</agent><password>1234</password></request>', { format: '' });
  assert.match(x.headers.get('content-type'), /xml/);
  assert.match(x.text, /^<\?xml[^>]*\?>\n<response><command>login<\/command><status>ok<\/status>/);
  // format param beats Content-Type
  const y = await call(sim.url, 'agent/get_status?agent=1002', undefined, { format: 'json' });
  assert.equal(y.r.agents[0].name, '1002');
  const z = await call(sim.url, 'agent/logout', { agent: '1002', password: '1234' }, { format: 'xml' });
  assert.match(z.text, /<status>ok<\/status>/);
  // no format, JSON Content-Type → JSON
  const w = await call(sim.url, 'agent/set_state', { agent: '1001', state_id: 2 }, { format: '' });
  assert.equal(w.r.status, 'ok');
  // no format, no body → XML
  const v = await call(sim.url, 'agent/get_status?agent=1001', undefined, { format: '' });
  assert.match(v.text, /<agents><member><name>1001<\/name>/);
  // lists as <member>
  const l = await call(sim.url, 'agent/get_agents_list', undefined, { format: 'xml' });
  assert.match(l.text, /<logged_in_agents><member>1001<\/member><\/logged_in_agents>/);
  // the error envelope in XML
  const e = await call(sim.url, 'agent/set_state', '<request><agent>nobody</agent><state_id>2</state_id></request>', { format: 'xml' });
  assert.match(e.text, /<status>error<\/status><error_type>not_found<\/error_type><error_msg>/);
});

test('HTTP errors: 404, 400 with position, 403 on channels, 503 when disconnected', async (t) => {
  const sim = await startInteractSimulator(FAST);
  t.after(() => sim.close());
  const base = sim.url;
  assert.equal((await call(base, 'agente/monitor/unsubscribe?id=1', undefined, { format: 'xml' })).status, 404);
  assert.equal((await fetch(`${base.replace('/interact_cti/v1.0', '')}/cofig/monitor/unsubscribe`)).status, 404);
  const j = await call(base, 'agent/login', '{"agent": "1001",, }', { contentType: 'application/json' });
  assert.equal(j.status, 400);
  assert.match(j.text, /line 1, column \d+/);
  const x = await call(base, 'agent/login', '<request><agent>1001</password></request>', { contentType: 'application/xml' });
  assert.equal(x.status, 400);
  assert.match(x.text, /line 1, column \d+/);
  const a = await openSse(`${base}/agent/monitor/open_channel?channel_id=42&format=json`);
  await a.next('on_open_channel');
  assert.equal((await openSse(`${base}/agent/monitor/open_channel?channel_id=42&format=json`)).status, 403);
  assert.equal((await openSse(`${base}/agent/monitor/open_channel?channel_id=0`)).status, 403);
  assert.equal((await openSse(`${base}/agent/monitor/open_channel?channel_id=10000`)).status, 403);
  await ctl(sim, 'server-state', { connected: false });
  const ev = await a.next('on_server_state_change');
  assert.deepEqual(ev.json, { state: 'disconnected' });
  assert.equal((await call(base, 'agent/get_status')).status, 503);
  assert.equal((await call(base, 'agent/login', { agent: '1001', password: '1234' })).status, 503);
  await ctl(sim, 'server-state', { connected: true });
  await a.waitFor(() => a.events.some((e) => e.json?.state === 'connected'));
  assert.equal((await call(base, 'agent/get_status')).status, 200);
  // fail-next
  await ctl(sim, 'fail-next', { command: 'get_status', status: 503 });
  assert.equal((await call(base, 'agent/get_status')).status, 503);
  await ctl(sim, 'fail-next', { command: 'set_state', error_type: 'command_denied' });
  assert.equal((await call(base, 'agent/set_state', { agent: '1001', state_id: 2 })).r.error_type, 'command_denied');
  a.close();
});

test('CORS: preflight, headers on errors and on SSE; origin allow-list', async (t) => {
  const sim = await startInteractSimulator(FAST);
  const sim2 = await startInteractSimulator({ ...FAST, cors: ['http://crm.example'] });
  t.after(() => Promise.all([sim.close(), sim2.close()]));
  const pre = await fetch(`${sim.url}/agent/login?format=json`, { method: 'OPTIONS', headers: {
    Origin: 'http://crm.test', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' } });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get('access-control-allow-origin'), 'http://crm.test');
  assert.match(pre.headers.get('access-control-allow-methods'), /POST/);
  assert.match(pre.headers.get('access-control-allow-headers'), /content-type/i);
  const err = await fetch(`${sim.url}/nope`, { headers: { Origin: 'http://crm.test' } });
  assert.equal(err.status, 404);
  assert.equal(err.headers.get('access-control-allow-origin'), 'http://crm.test');
  const sse = await openSse(`${sim.url}/agent/monitor/open_channel?format=json`, { headers: { Origin: 'http://crm.test' } });
  assert.equal(sse.headers['access-control-allow-origin'], 'http://crm.test');
  assert.equal(sse.headers['content-type'], 'text/event-stream; charset=utf-8');
  sse.close();
  const denied = await fetch(`${sim2.url}/agent/get_status?format=json`, { headers: { Origin: 'http://evil.test' } });
  assert.equal(denied.headers.get('access-control-allow-origin'), null);
  const allowed = await fetch(`${sim2.url}/agent/get_status?format=json`, { headers: { Origin: 'http://crm.example' } });
  assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://crm.example');
});

test('channels: lowest free id, POST body id, idle close, heartbeat, close_channel, client disconnect', async (t) => {
  const sim = await startInteractSimulator({ ...FAST, heartbeatMs: 120, channelIdleCloseMs: 400 });
  t.after(() => sim.close());
  const base = sim.url;
  const c1 = await openSse(`${base}/agent/monitor/open_channel?format=json`);
  const first = await c1.next('on_open_channel');
  assert.equal(c1.events[0].event, 'on_open_channel');
  assert.deepEqual(first.json, { channel_id: 1 });
  const c2 = await openSse(`${base}/agent/monitor/open_channel?format=json`);
  assert.equal((await c2.next('on_open_channel')).json.channel_id, 2);
  c1.close();
  await sleep(50);
  const c3 = await openSse(`${base}/agent/monitor/open_channel?format=json`, { method: 'POST' });
  assert.equal((await c3.next('on_open_channel')).json.channel_id, 1, 'freed id is reused');
  // heartbeat: data: {} with no event line
  await c3.waitFor(() => c3.events.some((e) => e.event === 'message'), 1000, 'heartbeat');
  assert.match(c3.raw(), /\n\ndata: \{\}\n\n/);
  // a subscribed channel stays; an unsubscribed one is closed with on_close_channel after channelIdleCloseMs
  await call(base, 'agent/monitor/subscribe', { subscription: { expires: 60, channel_id: 1 } });
  await c2.waitFor(() => c2.ended, 1500, 'idle close');
  assert.equal(c2.events.at(-1).event, 'on_close_channel');
  assert.deepEqual(c2.events.at(-1).json, { channel_id: 2 });
  assert.equal(c3.ended, false);
  const st = await fetch(`${sim.controlUrl}/state`).then((r) => r.json());
  assert.equal(st.openChannels, 1);
  assert.deepEqual(st.channels[0].subscriptions, [1]);
  // close_channel
  const cl = await call(base, 'agent/monitor/close_channel', { channel_id: 1 });
  assert.deepEqual([cl.r.status, cl.r.channel_id], ['ok', 1]);
  await c3.waitFor(() => c3.ended, 1000, 'close');
  assert.equal(c3.events.at(-1).event, 'on_close_channel');
  assert.equal((await call(base, 'agent/monitor/close_channel', { channel_id: 1 })).r.error_type, 'not_found');
  assert.equal((await call(base, 'agent/monitor/close_channel', { other: 1 })).r.error_type, 'missing_data');
  // POST with the id in the body
  const req = http.request(`${base}/agent/monitor/open_channel?format=json`, { method: 'POST', headers: { 'Content-Type': 'application/json' } });
  const got = new Promise((resolve) => req.on('response', (res) => { res.setEncoding('utf8'); res.once('data', (d) => { resolve(d); req.destroy(); }); }));
  req.end(JSON.stringify({ channel_id: 77 }));
  assert.match(await got, /"channel_id":77/);
});

test('XML channels: bare fragment, <data> root and split lines; {} heartbeat', async (t) => {
  const sim = await startInteractSimulator({ ...FAST, heartbeatMs: 100 });
  t.after(() => sim.close());
  const a = await openSse(`${sim.url}/agent/monitor/open_channel?channel_id=1234&format=xml`);
  const ev = await a.next('on_open_channel');
  assert.equal(ev.data, '<channel_id>1234</channel_id>');
  await a.waitFor(() => a.events.some((e) => e.event === 'message'), 1000);
  assert.equal(a.events.find((e) => e.event === 'message').data, '{}');
  a.close();
  await ctl(sim, 'config', { xmlDataRoot: true, splitXmlDataLines: true, openChannelName: 'open_channel', xmlWhitespace: true });
  const b = await openSse(`${sim.url}/agent/monitor/open_channel?channel_id=5&format=xml`);
  const ev2 = await b.next('open_channel');
  assert.equal(ev2.lines, 3);
  assert.equal(ev2.data, '<data>\n  <channel_id> 5 </channel_id>\n</data>');
  b.close();
});

test('subscriptions: validation, invalid_item, no_license, replace, get_subscriptions, expiry warning and expiry', async (t) => {
  const sim = await startInteractSimulator({ ...FAST, expiryWarningSeconds: 300, channelIdleCloseMs: 5000, licences: { screenSync: 2 } });
  t.after(() => sim.close());
  const base = sim.url;
  const ch = await openSse(`${base}/agent/monitor/open_channel?channel_id=3&format=json`);
  await ch.next('on_open_channel');
  assert.equal((await call(base, 'agent/monitor/subscribe', {})).r.error_type, 'empty_data');
  assert.equal((await call(base, 'agent/monitor/subscribe', { subscription: { channel_id: 3 } })).r.error_type, 'missing_data');
  assert.equal((await call(base, 'agent/monitor/subscribe', { subscription: { channel_id: 3, expires: 86401 } })).r.error_type, 'invalid_data');
  assert.equal((await call(base, 'agent/monitor/subscribe', { subscription: { expires: 10 } })).r.error_type, 'missing_data');
  const inv = await call(base, 'agent/monitor/subscribe', { subscription: { channel_id: 3, expires: 10, agents: ['1001', 'ghost'], events: ['on_login', 'on_bogus'] } });
  assert.equal(inv.r.error_type, 'invalid_item');
  assert.deepEqual(inv.r.error_items, { agents: ['ghost'], events: ['on_bogus'] });
  const invX = await call(base, 'agent/monitor/subscribe', { subscription: { channel_id: 3, expires: 10, services: ['Nope'] } }, { format: 'xml' });
  assert.match(invX.text, /<error_items><services><member>Nope<\/member><\/services><\/error_items>/);
  assert.equal((await call(base, 'agent/monitor/subscribe', { subscription: { channel_id: 3, expires: 10 } })).r.error_type, 'no_license');
  assert.equal((await call(base, 'agent/monitor/subscribe', { subscription: { id: 99, channel_id: 3, expires: 10, agents: ['1001'] } })).r.error_type, 'not_found');
  const s1 = await call(base, 'agent/monitor/subscribe', { subscription: { channel_id: 3, expires: 1, agents: ['1001', '1002'] } });
  assert.equal(s1.r.status, 'ok');
  assert.equal(typeof s1.r.id, 'number');
  await ch.waitFor(() => ch.events.filter((e) => e.event === 'on_agent_status').length === 2);
  const w = await ch.next('on_subscription_expire_warning', 0, 1000);
  assert.deepEqual(w.json, { id: s1.r.id, channel_id: 3 });
  const gs = await call(base, 'agent/monitor/get_subscriptions?channel_id=3');
  assert.equal(gs.r.subscriptions[0].id, s1.r.id);
  assert.ok(gs.r.subscriptions[0].expires <= 1);
  const e = await ch.next('on_subscription_expire', 0, 2000);
  assert.deepEqual(e.json, { id: s1.r.id, channel_id: 3 });
  assert.equal((await call(base, 'agent/monitor/get_subscriptions?id=' + s1.r.id)).r.error_type, 'not_found');
  // replace with id renews and keeps the id
  const s2 = await call(base, 'agent/monitor/subscribe', { subscription: { channel_id: 3, expires: 600, agents: ['1001'] } });
  const s3 = await call(base, 'agent/monitor/subscribe', { subscription: { id: s2.r.id, channel_id: 3, expires: 900, agents: ['1002'] } });
  assert.equal(s3.r.id, s2.r.id);
  const g = await call(base, 'agent/monitor/get_subscriptions?id=' + s2.r.id);
  assert.deepEqual(g.r.subscriptions[0].agents, ['1002']);
  assert.ok(g.r.subscriptions[0].expires > 600);
  assert.equal((await call(base, 'agent/monitor/unsubscribe', { id: s2.r.id })).r.status, 'ok');
  assert.equal((await call(base, 'agent/monitor/unsubscribe', { id: s2.r.id })).r.error_type, 'not_found');
  ch.close();
});

test('list rate limit (unsafe_request) and list contents', async (t) => {
  const sim = await startInteractSimulator({ ...FAST, listRateLimitMs: 300 });
  t.after(() => sim.close());
  const p = await call(sim.url, 'agent/get_pause_type_list?trigger=manual');
  assert.ok(p.r.pauses.length >= 1);
  assert.deepEqual(Object.keys(p.r.pauses[0]), ['pause', 'id', 'total', 'partial']);
  const again = await call(sim.url, 'supervisor/get_pause_type_list');
  assert.deepEqual([again.r.status, again.r.error_type], ['error', 'unsafe_request']);
  const c = await call(sim.url, 'agent/get_classification_list');
  assert.ok(Array.isArray(c.r.classification));
  await sleep(320);
  assert.equal((await call(sim.url, 'agent/get_pause_type_list')).r.status, 'ok');
  const s = await call(sim.url, 'agent/get_services_list?complete=true');
  assert.ok(s.r.services.some((x) => x.name === 'Atendimento'));
  const a = await call(sim.url, 'agent/get_agents_list?complete=false');
  assert.deepEqual(a.r.logged_out_agents, ['1001', '1002', '1003']);
});

test('inbound call lifecycle on a raw SSE stream', async (t) => {
  const sim = await startInteractSimulator(FAST);
  t.after(() => sim.close());
  const base = sim.url;
  const { sse } = await agentSetup(sim);
  const from = sse.events.length;
  const { call_id } = await ctl(sim, 'inbound', { agent: '1001', from: '11987654321', service: 'Atendimento', data: 'crm=42' });
  assert.match(call_id, /^\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d [0-9A-F]{4} \d{4}\/\d\d$/);
  const rec = await sse.next('on_call_receive', from);
  assert.equal(rec.json.call_id, call_id);
  assert.equal(rec.json.agent, '1001');
  assert.equal(rec.json.must_accept, false);
  assert.equal(rec.json.associated_data, 'crm=42');
  assert.deepEqual(rec.json.permissions, ['consult', 'transfer', 'conference']);
  for (const k of ['dt_login', 'state', 'state_id', 'branch', 'contingency', 'media_type', 'interlocutor', 'service', 'duration', 'call_state', 'call_type', 'call_source', 'classification_time', 'after_call_work_time']) assert.ok(k in rec.json, k);
  await sse.next('on_call_accept', from);
  const st = await call(base, 'agent/get_status?agent=1001');
  assert.equal(st.r.agents[0].calls[0].call_id, call_id);
  assert.equal(st.r.agents[0].calls[0].call_state, 'busy');
  assert.equal(st.r.agents[0].state, 'ready_service');
  // commands on unknown calls / wrong state
  assert.equal((await call(base, 'agent/call_hold', { call_id: 'x', agent: '1001' })).r.error_type, 'not_found');
  assert.equal((await call(base, 'agent/call_retrieve', { call_id, agent: '1001' })).r.error_type, 'command_failed');
  assert.equal((await call(base, 'agent/call_hold', { call_id, agent: '1001' })).r.status, 'ok');
  assert.equal((await sse.next('on_call_hold', from)).json.call_id, call_id);
  assert.equal((await call(base, 'agent/call_retrieve', { call_id, agent: '1001' })).r.status, 'ok');
  assert.equal((await sse.next('on_call_retrieve', from)).json.call_id, call_id);
  assert.equal((await call(base, 'agent/call_associate_data', { call_id, from: '1001', data: 'x'.repeat(101) })).r.error_type, 'invalid_data');
  assert.equal((await call(base, 'agent/call_associate_data', { call_id, from: '1001', data: 'pedido=7' })).r.status, 'ok');
  assert.equal((await sse.next('on_call_associated_data', from)).json.associated_data, 'pedido=7');
  // pause while busy → pre_pause
  await call(base, 'agent/set_state', { agent: '1001', state_id: 10 });
  await sse.waitFor(() => sse.events.slice(from).some((e) => e.event === 'on_state_change' && e.json.pre_pause));
  assert.equal((await call(base, 'agent/call_terminate', { call_id, agent: '1001' })).r.status, 'ok');
  const rel = await sse.next('on_call_release', from);
  assert.equal(rel.json.must_classify, true);
  assert.equal(rel.json.classification_time, 30);
  assert.equal((await call(base, 'agent/after_call_terminate', { call_id, agent: '1001' })).r.error_type, 'command_failed');
  assert.equal((await call(base, 'agent/classify', { call_id, classify_id: 999, agent: '1001' })).r.error_type, 'invalid_data');
  assert.equal((await call(base, 'agent/classify', { call_id, classify_id: 1, agent: '1001' })).r.status, 'ok');
  assert.equal((await call(base, 'agent/after_call_terminate', { call_id, agent: '1001' })).r.status, 'ok');
  const end = await sse.next('on_call_end', from);
  assert.equal(end.json.call_id, call_id);
  await sse.waitFor(() => sse.events.slice(from).some((e) => e.event === 'on_state_change' && e.json.state === 'custom_pause'));
  const p = sse.events.slice(from).find((e) => e.json?.state === 'custom_pause').json;
  assert.equal(p.pause_name, 'Almoço');
  assert.equal(p.pause_trigger, 'manual');
  assert.equal(p.state_id, 10);
  // remote hang-up of a call in the Suporte service (no classification, wrap-up by time)
  await call(base, 'agent/set_state', { agent: '1001', state_id: 2 });
  const from2 = sse.events.length;
  const c2 = await ctl(sim, 'inbound', { agent: '1001', service: 'Suporte' });
  await sse.next('on_call_accept', from2);
  await ctl(sim, 'hangup', { call_id: c2.call_id });
  assert.equal((await sse.next('on_call_release', from2)).json.must_classify, false);
  await sse.next('on_call_end', from2, 1000);
  // logout needs the password
  assert.equal((await call(base, 'agent/logout', { agent: '1001', password: 'x' })).r.error_type, 'command_failed');
  assert.equal((await call(base, 'agent/logout', { agent: '1001', password: '1234' })).r.status, 'ok');
  await sse.next('on_logout', from2);
  const state = await fetch(`${sim.controlUrl}/state`).then((r) => r.json());
  assert.equal(state.requests['agent/login'], 1);
  sse.close();
});

test('manual mode: call_accept, and accept timeout → timeout_fail_pause with the call back in queue', async (t) => {
  const sim = await startInteractSimulator({ ...FAST, handleMode: 'manual', acceptTimeoutMs: 200 });
  t.after(() => sim.close());
  const base = sim.url;
  const { sse } = await agentSetup(sim);
  let from = sse.events.length;
  const c1 = await ctl(sim, 'inbound', { agent: '1001' });
  const rec = await sse.next('on_call_receive', from);
  assert.equal(rec.json.must_accept, true);
  await sleep(60);
  assert.equal(sse.events.slice(from).some((e) => e.event === 'on_call_accept'), false, 'no auto accept in manual mode');
  assert.equal((await call(base, 'agent/call_accept', { call_id: c1.call_id, agent: '1001' })).r.status, 'ok');
  await sse.next('on_call_accept', from);
  await call(base, 'agent/call_terminate', { call_id: c1.call_id, agent: '1001' });
  await call(base, 'agent/classify', { call_id: c1.call_id, agent: '1001', classify_id: 2 });
  await sse.next('on_call_end', from, 1000);
  await sse.waitFor(() => sse.events.slice(from).some((e) => e.json?.state === 'ready_free'));
  from = sse.events.length;
  const c2 = await ctl(sim, 'inbound', { agent: '1001' });
  await sse.next('on_call_receive', from);
  await sse.waitFor(() => sse.events.slice(from).some((e) => e.json?.state === 'timeout_fail_pause'), 1000, 'fail pause');
  const st = await fetch(`${sim.controlUrl}/state`).then((r) => r.json());
  const call2 = st.calls.find((c) => c.call_id === c2.call_id);
  assert.deepEqual([call2.agent, call2.call_state], [null, 'queued']);
  assert.equal((await call(base, 'agent/call_accept', { call_id: c2.call_id, agent: '1001' })).r.error_type, 'command_failed');
  sse.close();
});

test('outbound call, transfer to another agent', async (t) => {
  const sim = await startInteractSimulator(FAST);
  t.after(() => sim.close());
  const base = sim.url;
  const { sse } = await agentSetup(sim, '1001', 7);
  const b = await agentSetup(sim, '1002', 8);
  let from = sse.events.length;
  assert.equal((await call(base, 'agent/call_private', { agent: '1001', to: '1133334444', media_type: 'voice' })).r.status, 'ok');
  const gen = await sse.next('on_call_generate', from);
  assert.equal(gen.json.call_type, 'outbound');
  assert.equal((await call(base, 'agent/call_private', { agent: '1001', to: '2002', media_type: 'voice' })).r.error_type, 'command_failed');
  await ctl(sim, 'answer', { call_id: gen.json.call_id });
  await sse.next('on_call_accept', from);
  await call(base, 'agent/call_terminate', { call_id: gen.json.call_id, agent: '1001' });
  await sse.next('on_call_end', from, 1000);
  from = sse.events.length;
  const bFrom = b.sse.events.length;
  const { call_id } = await ctl(sim, 'inbound', { agent: '1001', service: 'Suporte' });
  await sse.next('on_call_accept', from);
  assert.equal((await call(base, 'agent/call_transfer', { call_id, to: '1002', agent: '1001' })).r.status, 'ok');
  const tr = await sse.next('on_call_transfer', from);
  assert.equal(tr.json.previous_call_id, call_id);
  assert.notEqual(tr.json.call_id, call_id);
  assert.deepEqual([tr.json.transfer_from, tr.json.transfer_to, tr.json.service], ['1001', '1002', 'Suporte']);
  const got = await b.sse.next('on_call_receive', bFrom);
  assert.equal(got.json.call_id, tr.json.call_id);
  const st = await call(base, 'agent/get_status?agent=1001');
  assert.equal(st.r.agents[0].calls.length, 0);
  sse.close(); b.sse.close();
});

test('consultation and conference produce new call ids; exclude a participant', async (t) => {
  const sim = await startInteractSimulator({ ...FAST, farEndAnswerMs: 50 });
  t.after(() => sim.close());
  const base = sim.url;
  const { sse } = await agentSetup(sim);
  const from = sse.events.length;
  const { call_id } = await ctl(sim, 'inbound', { agent: '1001', from: '11987654321', service: 'Suporte' });
  await sse.next('on_call_accept', from);
  assert.equal((await call(base, 'agent/call_consult', { to: '2003', call_id, agent: '1001', media_type: 'voice' })).r.status, 'ok');
  const cons = await sse.next('on_call_consultation', from);
  assert.equal(cons.json.call_id, call_id);
  assert.equal(cons.json.call_state, 'held');
  const consultId = cons.json.consultation_call_id;
  assert.ok(consultId && consultId !== call_id);
  await sse.waitFor(() => sse.events.slice(from).some((e) => e.event === 'on_call_accept' && e.json.call_id === consultId));
  assert.equal((await call(base, 'agent/call_include_conference', { call_id, agent: '1001' })).r.error_type, 'command_failed');
  assert.equal((await call(base, 'agent/call_include_conference', { call_id: consultId, agent: '1001' })).r.status, 'ok');
  const conf = await sse.next('on_call_conference', from);
  assert.equal(conf.json.owner, '1001');
  assert.equal(conf.json.interlocutor, '11987654321,2003');
  assert.ok(![call_id, consultId].includes(conf.json.call_id));
  const st = await call(base, 'agent/get_status?agent=1001');
  assert.deepEqual(st.r.agents[0].calls.map((c) => c.call_id), [conf.json.call_id]);
  assert.equal((await call(base, 'agent/call_hold', { call_id, agent: '1001' })).r.error_type, 'not_found');
  const n = sse.events.length;
  assert.equal((await call(base, 'agent/call_exclude_conference', { call_id: conf.json.call_id, contact: '2003', agent: '1001' })).r.status, 'ok');
  assert.equal((await sse.next('on_call_conference', n)).json.interlocutor, '11987654321');
  sse.close();
});

test('variant conferenceReceiveAsCall: the conference id comes in an on_call_receive that only its participants mark', async (t) => {
  const sim = await startInteractSimulator({ ...FAST, farEndAnswerMs: 50, variants: { conferenceReceiveAsCall: true } });
  t.after(() => sim.close());
  const { sse } = await agentSetup(sim);
  const from = sse.events.length;
  const { call_id } = await ctl(sim, 'inbound', { agent: '1001', from: '11987654321', service: 'Suporte' });
  await sse.next('on_call_accept', from);
  await call(sim.url, 'agent/call_consult', { to: '2003', call_id, agent: '1001', media_type: 'voice' });
  const consultId = (await sse.next('on_call_consultation', from)).json.consultation_call_id;
  await sse.waitFor(() => sse.events.slice(from).some((e) => e.event === 'on_call_accept' && e.json.call_id === consultId));
  const n = sse.events.length;
  assert.equal((await call(sim.url, 'agent/call_include_conference', { call_id: consultId, agent: '1001' })).r.status, 'ok');
  const rec = await sse.next('on_call_receive', n);
  assert.deepEqual([rec.json.call_state, rec.json.call_source, rec.json.interlocutor], ['busy', 'external', '11987654321,2003']);
  const conf = await sse.next('on_call_conference', n);
  assert.equal(conf.json.call_id, rec.json.call_id);
  assert.deepEqual([conf.json.call_state, conf.json.call_source], ['conference', 'external_conference']);
  sse.close();
});

test('fidelity variants: on_change_state, trailing space call_id, interlocutor as number', async (t) => {
  const sim = await startInteractSimulator({ ...FAST, variants: { stateChangeName: 'on_change_state', trailingSpaceCallId: true, interlocutorAsNumber: true } });
  t.after(() => sim.close());
  await call(sim.url, 'agent/login', { agent: '1001', password: '1234' });
  const sse = await openSse(`${sim.url}/agent/monitor/open_channel?format=json`);
  await sse.next('on_open_channel');
  await call(sim.url, 'agent/monitor/subscribe', { subscription: { agents: 'all', expires: 60, channel_id: 1 } });
  await call(sim.url, 'agent/set_state', { agent: '1001', state_id: 2 });
  await sse.next('on_change_state');
  const { call_id } = await ctl(sim, 'inbound', { agent: '1001', from: '99610418' });
  const rec = await sse.next('on_call_receive');
  assert.equal(rec.json.call_id, `${call_id} `);
  assert.equal(rec.json.interlocutor, 99610418);
  assert.equal((await call(sim.url, 'agent/call_hold', { call_id: `${call_id} `, agent: '1001' })).r.error_type, 'command_failed', 'ringing call cannot be held; trailing space accepted');
  sse.close();
});

test('supervisor statistics: service/agent stats (first all, then changes) and alarms', async (t) => {
  const sim = await startInteractSimulator({ ...FAST, statsIntervalMs: 120 });
  t.after(() => sim.close());
  const base = sim.url;
  const sse = await openSse(`${base}/supervisor/monitor/open_channel?channel_id=38&format=json`);
  await sse.next('on_open_channel');
  assert.equal((await call(base, 'supervisor/monitor/subscribe', { subscription: { channel_id: 38, expires: 60 } })).r.error_type, 'missing_data');
  assert.equal((await call(base, 'supervisor/monitor/subscribe', { subscription: { channel_id: 38, expires: 60, update_interval: 4 } })).r.error_type, 'invalid_data');
  const bad = await call(base, 'supervisor/monitor/subscribe', { subscription: { channel_id: 38, expires: 60, update_interval: 10, service_stats: ['nope'], alarms: [{ name: 'max_bogus', value: 1 }] } });
  assert.deepEqual(bad.r.error_items, { service_stats: ['nope'], alarms: ['max_bogus'] });
  const ok = await call(base, 'supervisor/monitor/subscribe', { subscription: {
    channel_id: 38, expires: 60, update_interval: 10, agents: ['1001'], services: ['Atendimento'], media_types: 'all',
    events: 'all', alarms: [{ name: 'max_queue_length', value: 0, media_type: 'voice' }] } });
  assert.equal(ok.r.status, 'ok');
  const first = await sse.next('on_service_stats');
  const s0 = first.json.services[0];
  assert.equal(s0.name, 'Atendimento');
  for (const k of ['waiting', 'handling', 'handled', 'received', 'abandoned', 'longest_queue_time', 'queued']) assert.ok(k in s0.stats[0], k);
  assert.deepEqual(s0.calls_details, []);
  const ag = await sse.next('on_agent_stats');
  assert.equal(ag.json.agents[0].name, '1001');
  assert.ok(Array.isArray(ag.json.agents[0].states_details));
  const n = sse.events.length;
  const q = await ctl(sim, 'queue-call', { service: 'Atendimento', from: '1140041234' });
  const upd = await sse.waitFor(() => sse.events.slice(n).some((e) => e.event === 'on_service_stats'), 1000).then(() => sse.events.slice(n).find((e) => e.event === 'on_service_stats'));
  const s1 = upd.json.services[0];
  assert.equal(s1.stats[0].waiting, 1);
  assert.equal(s1.stats[0].queued, 1);
  assert.equal(s1.stats[0].received, 1);
  assert.ok(!('handled' in s1.stats[0]), 'unchanged variables are not resent');
  assert.equal(s1.calls_details[0].call_id, q.call_id);
  assert.equal(s1.calls_details[0].call_state, 'queued');
  const alarm = await sse.next('on_alarm', n, 1000);
  assert.deepEqual(alarm.json.alarms[0], { name: 'max_queue_length', active: [{ service: 'Atendimento', value: 1, reference: 0 }] });
  // control API can set values directly
  const m = sse.events.length;
  await ctl(sim, 'stats', { service: 'Atendimento', handled: 77 });
  await sse.waitFor(() => sse.events.slice(m).some((e) => e.event === 'on_service_stats' && e.json.services[0].stats?.[0].handled === 77), 1000);
  sse.close();
});

test('config monitor: subscribe and on_change for agents_list', async (t) => {
  const sim = await startInteractSimulator(FAST);
  t.after(() => sim.close());
  const sse = await openSse(`${sim.url}/config/monitor/open_channel?channel_id=25&format=json`);
  await sse.next('on_open_channel');
  const r = await call(sim.url, 'config/monitor/subscribe', { subscription: { items: [{ target: 'agents_list', notification_mode: 'complete' }], channel_id: 25, expires: 60 } });
  assert.deepEqual([r.r.resource, r.r.command, r.r.status], ['config/monitor', 'subscribe', 'ok']);
  const full = await sse.next('on_change');
  assert.equal(full.json.agents.length, 3);
  const n = sse.events.length;
  await call(sim.url, 'agent/login', { agent: '1003', password: '1234' });
  const ch = await sse.next('on_change', n);
  assert.ok(ch.json.agents.find((a) => a.name === '1003').dt_login);
  sse.close();
});

test('control API: drop-channels then reopen → on_agent_status with calls in progress; emit; reset; webhook', async (t) => {
  const hooks = [];
  const hookServer = http.createServer((req, res) => {
    let b = '';
    req.on('data', (c) => (b += c));
    req.on('end', () => { hooks.push(JSON.parse(b)); res.end(); });
  });
  await new Promise((r) => hookServer.listen(0, '127.0.0.1', r));
  const sim = await startInteractSimulator(FAST);
  t.after(() => { hookServer.close(); return sim.close(); });
  const base = sim.url;
  const { sse } = await agentSetup(sim, '1001', 9);
  const { call_id } = await ctl(sim, 'inbound', { agent: '1001' });
  await sse.next('on_call_accept');
  const dropped = await ctl(sim, 'drop-channels');
  assert.equal(dropped.dropped, 1);
  await sse.waitFor(() => sse.ended, 1000, 'socket destroyed');
  const again = await openSse(`${base}/agent/monitor/open_channel?channel_id=9&format=json`);
  await again.next('on_open_channel');
  const status = await again.next('on_agent_status');
  assert.equal(status.json.calls[0].call_id, call_id);
  assert.equal(status.json.calls[0].call_state, 'busy');
  await ctl(sim, 'emit', { channel_id: 9, event: 'on_call_hold', data: '{"broken": ' });
  const raw = await again.next('on_call_hold');
  assert.equal(raw.data, '{"broken": ');
  // webhook subscription gets one POST per event
  const port = hookServer.address().port;
  assert.equal((await call(base, 'agent/monitor/subscribe', { subscription: { agents: ['1001'], expires: 60, webhook: `http://127.0.0.1:${port}/hook` } })).r.status, 'ok');
  await call(base, 'agent/call_hold', { call_id, agent: '1001' });
  for (let i = 0; i < 50 && !hooks.some((h) => h.event === 'on_call_hold'); i++) await sleep(20);
  assert.equal(hooks.find((h) => h.event === 'on_call_hold').data.call_id, call_id);
  const st = await fetch(`${sim.controlUrl}/state`).then((r) => r.json());
  assert.equal(st.openChannels, 1);
  assert.equal(st.calls.length, 1);
  await ctl(sim, 'reset');
  await again.waitFor(() => again.ended, 1000);
  const st2 = await fetch(`${sim.controlUrl}/state`).then((r) => r.json());
  assert.deepEqual([st2.openChannels, st2.calls.length, st2.subscriptions.length], [0, 0, 0]);
  assert.ok(st2.agents.every((a) => !a.loggedIn));
  // sim.control mirrors the HTTP control API
  assert.equal(sim.control.state().connected, true);
});

test('supervisor commands: set_agent_state, agent_logout, get_user_grants', async (t) => {
  const sim = await startInteractSimulator(FAST);
  t.after(() => sim.close());
  const base = sim.url;
  await call(base, 'agent/login', { agent: '1002', password: '1234' });
  assert.equal((await call(base, 'supervisor/set_agent_state', { supervisor: 'supervisor', password: 'bad', agent: '1002', state_id: 2 })).r.error_type, 'command_denied');
  assert.equal((await call(base, 'supervisor/set_agent_state', { supervisor: 'supervisor', password: '1234', agent: '1002', state_id: 11 })).r.status, 'ok');
  assert.equal(sim.control.state().agents.find((a) => a.name === '1002').state, 'custom_pause');
  const g = await call(base, 'supervisor/get_user_grants?name=supervisor');
  assert.ok(g.r.grants.supervision.length > 0);
  assert.equal((await call(base, 'supervisor/agent_logout', { supervisor: 'supervisor', password: '1234', agent: '1002' })).r.status, 'ok');
  assert.equal(sim.control.state().agents.find((a) => a.name === '1002').loggedIn, false);
});

test('strict: only what the manual promises, in the least convenient documented form', async (t) => {
  const sim = await startInteractSimulator({ ...FAST, strict: true, farEndAnswerMs: null });
  t.after(() => sim.close());
  const base = sim.url;
  assert.equal((await sim.control.state()).strict, true);
  // get_status for an agent not logged in: nothing to report (no not_logged_in entry).
  const before = await call(base, 'agent/get_status?agent=1001');
  assert.deepEqual(before.r.agents, []);
  // Errors: no error_msg (the manual's login error example has none), HTTP errors with no body.
  const refused = await call(base, 'agent/login', { agent: '1001', password: 'wrong' });
  assert.deepEqual(Object.keys(refused.r).sort(), ['command', 'error_type', 'status']);
  const bad = await call(base, 'agent/login', '{"agent": ');
  assert.equal(bad.status, 400);
  assert.equal(bad.text, '');

  const sse = await openSse(`${base}/agent/monitor/open_channel?channel_id=7&format=json`);
  await sse.next('on_open_channel');
  assert.equal((await call(base, 'agent/monitor/subscribe', { subscription: { agents: ['1001'], expires: 3600, channel_id: 7, agent_control: true } })).r.status, 'ok');
  await sse.next('on_agent_status');
  let from = sse.events.length;
  assert.equal((await call(base, 'agent/login', { agent: '1001', password: '1234' })).r.status, 'ok');
  const login = await sse.next('on_login', from);
  assert.equal(login.json.state, 'pause', 'on_login carries the state');
  await sleep(50);
  assert.deepEqual(sse.events.slice(from).map((e) => e.event), ['on_login'], 'no extra on_state_change after on_login');
  assert.equal((await call(base, 'agent/get_status?agent=1001')).r.agents[0].state, 'pause');
  await call(base, 'agent/set_state', { agent: '1001', state_id: 2 });
  await sse.waitFor(() => sse.events.some((e) => e.event === 'on_state_change' && e.json.state === 'ready_free'));

  // Outbound: on_call_generate, and nothing when the far end answers (get_status says busy).
  from = sse.events.length;
  await call(base, 'agent/call_private', { agent: '1001', to: '1133334444', media_type: 'voice' });
  const gen = await sse.next('on_call_generate', from);
  await ctl(sim, 'answer', { call_id: gen.json.call_id });
  await sleep(50);
  assert.ok(!sse.events.slice(from).some((e) => e.event === 'on_call_accept'), 'no on_call_accept for the far end');
  assert.equal((await call(base, 'agent/get_status?agent=1001')).r.agents[0].calls[0].call_state, 'busy');
  await call(base, 'agent/call_terminate', { call_id: gen.json.call_id, agent: '1001' });
  await sse.next('on_call_end', from, 1000);

  // Consultation: on_call_consultation only (no on_call_hold, no on_call_generate for the leg).
  from = sse.events.length;
  const { call_id } = await ctl(sim, 'inbound', { agent: '1001', from: '11987654321', service: 'Suporte' });
  await sse.next('on_call_accept', from, 1000);
  from = sse.events.length;
  await call(base, 'agent/call_consult', { to: '2003', call_id, agent: '1001', media_type: 'voice' });
  const cons = await sse.next('on_call_consultation', from);
  const consultId = cons.json.consultation_call_id;
  await ctl(sim, 'answer', { call_id: consultId });
  await sleep(50);
  assert.deepEqual(sse.events.slice(from).map((e) => e.event).filter((e) => e.startsWith('on_call_')), ['on_call_consultation']);
  // Conference: on_call_conference before on_call_receive of the new id; the old ids get nothing.
  from = sse.events.length;
  await call(base, 'agent/call_include_conference', { call_id: consultId, agent: '1001' });
  await sse.next('on_call_receive', from);
  const calls = sse.events.slice(from).filter((e) => e.event.startsWith('on_call_'));
  assert.deepEqual(calls.map((e) => e.event), ['on_call_conference', 'on_call_receive']);
  const confId = calls[0].json.call_id;
  assert.ok(![call_id, consultId].includes(confId));
  assert.equal(calls[1].json.call_id, confId);

  // Transfer: on_call_transfer, no on_call_end for the old id.
  from = sse.events.length;
  assert.equal((await call(base, 'agent/call_transfer', { call_id: confId, to: '4830009999', agent: '1001' })).r.status, 'ok');
  const tr = await sse.next('on_call_transfer', from);
  assert.equal(tr.json.previous_call_id, confId);
  await sleep(50);
  assert.ok(!sse.events.slice(from).some((e) => e.event === 'on_call_end'), 'no on_call_end after the transfer');

  // Logout: on_logout, no extra on_state_change.
  from = sse.events.length;
  await call(base, 'agent/logout', { agent: '1001', password: '1234' });
  await sse.next('on_logout', from);
  await sleep(50);
  assert.deepEqual(sse.events.slice(from).map((e) => e.event), ['on_logout']);
  sse.close();
});

test('strict: a command\'s events come after its answer, and the channel keeps its order behind them', async (t) => {
  const sim = await startInteractSimulator({ ...FAST, strict: true, commandEventDelayMs: 300 });
  t.after(() => sim.close());
  const base = sim.url;
  const sse = await openSse(`${base}/agent/monitor/open_channel?channel_id=9&format=json`);
  await sse.next('on_open_channel');
  await call(base, 'agent/monitor/subscribe', { subscription: { agents: ['1001'], expires: 3600, channel_id: 9 } });
  await sse.next('on_agent_status');
  let from = sse.events.length;
  assert.equal((await call(base, 'agent/login', { agent: '1001', password: '1234' })).r.status, 'ok');
  assert.deepEqual(sse.events.slice(from).map((e) => e.event), [], 'nothing before the answer');
  await sse.next('on_login', from, 2000);
  // A queued call dispatched at once when the agent is ready: its on_call_receive waits behind the state change.
  await ctl(sim, 'queue-call', { from: '11987654321', service: 'Suporte', dispatch: true });
  from = sse.events.length;
  await call(base, 'agent/set_state', { agent: '1001', state_id: 2 });
  await sse.next('on_call_receive', from, 2000);
  const order = sse.events.slice(from).filter((e) => e.event !== 'on_queue_change')
    .map((e) => (e.event === 'on_state_change' ? `${e.event}:${e.json.state}` : e.event));
  assert.equal(order[0], 'on_state_change:ready_free', order.join(','));
  assert.ok(order.indexOf('on_call_receive') > 0, order.join(','));
  // A pause asked while busy is a pre-pause, not a state (L1336, L6664): no on_state_change; it rides on the next events.
  await sse.next('on_call_accept', from, 2000);
  from = sse.events.length;
  assert.equal((await call(base, 'agent/set_state', { agent: '1001', state_id: 10 })).r.status, 'ok');
  await sleep(500);
  assert.deepEqual(sse.events.slice(from).map((e) => e.event), [], 'no event for a pre-pause');
  assert.equal(sim.control.state().agents.find((a) => a.name === '1001').pre_pause.id, 10);
  sse.close();
});
