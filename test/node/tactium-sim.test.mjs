// Tests for the Tactium IP Integration socket simulator (test/simulators/tactium), with node:net as the client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startTactiumSimulator } from '../simulators/tactium/server.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// Node's TextDecoder reads 'windows-1252' as Latin-1: the 0x80–0x9F characters, written out.
const CP1252 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';
const decoderFor = (encoding) => (encoding === 'utf-8'
  ? ((d) => (b) => d.decode(b, { stream: true }))(new TextDecoder('utf-8'))
  : (b) => [...b].map((x) => (x >= 0x80 && x <= 0x9f ? CP1252.charAt(x - 0x80) : String.fromCharCode(x))).join(''));

/** A raw client: every message (`<…>…$`) split out and kept as text. */
async function connect(sim, encoding = 'windows-1252') {
  const socket = net.connect({ host: '127.0.0.1', port: sim.port });
  const decode = decoderFor(encoding);
  const messages = [];
  const waiters = [];
  let buffer = '';
  let closed = false;
  socket.on('data', (chunk) => {
    buffer += decode(chunk);
    for (;;) {
      const i = buffer.indexOf('$');
      if (i < 0) break;
      messages.push(buffer.slice(0, i + 1).trim());
      buffer = buffer.slice(i + 1);
    }
    check();
  });
  socket.on('close', () => { closed = true; check(); });
  socket.on('error', () => {});
  await new Promise((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
  function check() {
    for (const w of [...waiters]) if (w.pred()) { waiters.splice(waiters.indexOf(w), 1); clearTimeout(w.t); w.resolve(); }
  }
  function waitFor(pred, what, ms = 1500) {
    return new Promise((resolve, reject) => {
      if (pred()) return resolve();
      const w = { pred, resolve, t: setTimeout(() => {
        waiters.splice(waiters.indexOf(w), 1);
        reject(new Error(`timeout waiting for ${what}; got ${JSON.stringify(messages)}`));
      }, ms) };
      waiters.push(w);
    });
  }
  const c = {
    socket, messages,
    get closed() { return closed; },
    send(text) { socket.write(Buffer.from(text, 'latin1')); },
    /** Send and wait for the next message. */
    async ask(text) {
      const n = messages.length;
      c.send(text);
      await waitFor(() => messages.length > n, `a reply to ${text}`);
      return messages[n];
    },
    async next(from = messages.length) {
      await waitFor(() => messages.length > from, 'a message');
      return messages[from];
    },
    waitFor,
    close() { socket.destroy(); },
  };
  return c;
}

async function withSim(options, fn) {
  const sim = await startTactiumSimulator(options);
  try {
    await fn(sim);
  } finally {
    await sim.close();
  }
}

test('binds an agent (seed 4.1), answers status (4.6), logs off (4.2)', () => withSim({}, async (sim) => {
  const c = await connect(sim);
  assert.equal(await c.ask('<jose><L><ON>$'), '<jose><OK>$');
  assert.equal(await c.ask('<jose><S>$'), '<jose><S><1>$');
  assert.equal(await c.ask('<maria><S>$'), '<maria><S><0>$');
  // A login the simulator does not know: the error reply (the seed gives none: our form).
  assert.equal(await c.ask('<pedro><L><ON>$'), '<pedro><ERRO><Agente não encontrado>$');
  assert.equal(await c.ask('<jose><L><OFF>$'), '<jose><OK>$');
  assert.equal(await c.ask('<jose><S>$'), '<jose><S><0>$');
  const state = sim.control.state();
  assert.deepEqual(state.connections[0].bound.sort(), ['jose', 'maria']);
  assert.equal(state.agents.find((a) => a.login === 'jose').status, 0);
  c.close();
}));

test('logins are matched without case; the capitalized variant answers like the seed example', () => withSim({ variants: { replyLogin: 'capitalized' } }, async (sim) => {
  const c = await connect(sim);
  assert.equal(await c.ask('<JOSE><L><ON>$'), '<Jose><OK>$');
  assert.equal(await c.ask('<jose><S>$'), '<Jose><S><1>$');
  c.close();
}));

test('pause with a code, leave pause, after-call work and its end (4.3–4.5); refusals', () => withSim({}, async (sim) => {
  const c = await connect(sim);
  await c.ask('<jose><L><ON>$');
  assert.equal(await c.ask('<jose><P><ON><2>$'), '<jose><OK>$');
  assert.equal(await c.ask('<jose><S>$'), '<jose><S><2>$');
  assert.equal(sim.control.state().agents[0].pauseCode, '2');
  assert.equal(await c.ask('<jose><P><ON><99>$'), '<jose><ERRO><Motivo de pausa inválido>$');
  assert.equal(await c.ask('<jose><P><OFF>$'), '<jose><OK>$');
  assert.equal(await c.ask('<jose><S>$'), '<jose><S><1>$');
  assert.equal(await c.ask('<jose><POS><OFF>$'), '<jose><ERRO><Agente não está em pós-atendimento>$');
  assert.equal(await c.ask('<maria><P><ON><1>$'), '<maria><ERRO><Agente não está logado>$');
  // A call, hung up by the far end: after-call work, ended by <POS><OFF>.
  sim.control.inbound({ agent: 'jose' });
  await c.next(c.messages.length);
  assert.equal(await c.ask('<jose><P><ON><1>$'), '<jose><ERRO><Agente em atendimento>$');
  sim.control.hangup({ agent: 'jose' });
  await c.waitFor(() => c.messages.at(-1) === '<jose><EndCall>$', 'EndCall');
  assert.equal(await c.ask('<jose><S>$'), '<jose><S><4>$');
  assert.equal(await c.ask('<jose><POS><OFF>$'), '<jose><OK>$');
  assert.equal(await c.ask('<jose><S>$'), '<jose><S><1>$');
  c.close();
}));

test('dial (4.9): the <A> event answers it; hang-up (4.10) answers <EndCall>; current call (4.11)', () => withSim({}, async (sim) => {
  const c = await connect(sim);
  await c.ask('<jose><L><ON>$');
  assert.equal(await c.ask('<jose><AC>$'), '<jose><OK>$');
  assert.equal(await c.ask('<jose><A><85><40050500><Serviço_Emprestimo>$'), '<jose><A><><><7001><85><40050500><><><>$');
  assert.deepEqual(sim.control.state().dials, [{ agent: 'jose', ddd: '85', phone: '40050500', service: 'Serviço_Emprestimo' }]);
  assert.equal(await c.ask('<jose><S>$'), '<jose><S><3>$');
  assert.equal(await c.ask('<jose><AC>$'), '<jose><A><><><7001><85><40050500><><><>$');
  assert.equal(await c.ask('<jose><A><><40050500><>$'), '<jose><ERRO><Agente em atendimento>$');
  assert.equal(await c.ask('<jose><D>$'), '<jose><EndCall>$');
  assert.equal(await c.ask('<jose><D>$'), '<jose><ERRO><Nenhuma chamada em curso>$');
  assert.equal(await c.ask('<jose><S>$'), '<jose><S><4>$');
  assert.equal(await c.ask('<jose><P><OFF>$'), '<jose><OK>$');
  // Blank DDD and service are allowed (seed examples); a bad service or number is refused.
  assert.equal(await c.ask('<jose><A><><4005><XYZ>$'), '<jose><ERRO><Serviço ou campanha inválido>$');
  assert.equal(await c.ask('<jose><A><><40a5><>$'), '<jose><ERRO><Telefone inválido>$');
  assert.equal(await c.ask('<jose><A><><40050500><>$'), '<jose><A><><><7001><><40050500><><><>$');
  c.close();
}));

test('inbound (5.2) and dialer (5.1) calls, recording path (5.3), with the attach info', () => withSim({}, async (sim) => {
  const c = await connect(sim);
  await c.ask('<jose><L><ON>$');
  const { text } = sim.control.inbound({ agent: 'jose', ddd: '85', number: '988887777', to: '4000' });
  assert.equal(text, '<jose><R><><85><988887777><><4000><---><>$');
  assert.equal(await c.next(1), text);
  sim.control.recording({ agent: 'jose', path: 'c:\\records\\2015\\1\\16\\7016-x.wav' });
  assert.equal(await c.next(2), '<jose><G><c:\\records\\2015\\1\\16\\7016-x.wav>$');
  sim.control.hangup({ agent: 'jose' });
  assert.equal(await c.next(3), '<jose><EndCall>$');
  await c.ask('<jose><POS><OFF>$');

  const dialer = sim.control.dialer({ agent: 'jose', id: '15068', description: 'Cliente VIP', recordingCode: '12345678900', externalId: 'CRM-9', campaign: 'Cobrança' });
  assert.equal(await c.next(5), dialer.text);
  assert.equal(dialer.text, '<jose><A><15068><0><9988><11><987654321><Cliente VIP><12345678900>'
    + '<dialer.CampaignName=Cobrança;dialer.ExternalID=15068;dialer.ItemID=item-15068;dialer.Description=Cliente VIP;dialer.AttachInfo=CRM-9;dialer.ExternalData=;>$');
  sim.control.hangup({ agent: 'jose' });
  await c.next(6);
  // The seed example's shape: description, a stray '>', then the attach info.
  await c.ask('<jose><POS><OFF>$');
  const example = sim.control.dialer({ agent: 'jose', id: '15068', ddd: '0', number: '7017', shape: 'example', attach: 'dialer.CampaignName=Discador;dialer.ExternalID=15068;' });
  assert.equal(example.text, '<jose><A><15068><0><9988><0><7017><>><dialer.CampaignName=Discador;dialer.ExternalID=15068;>$');
  c.close();
}));

test('dialer outcome (4.8) and callback (4.7) only for dialer calls; the callback ends after-call work', () => withSim({}, async (sim) => {
  const c = await connect(sim);
  await c.ask('<jose><L><ON>$');
  assert.equal(await c.ask('<jose><C><S><Fax>$'), '<jose><ERRO><Ligação não é do discador>$');
  sim.control.dialer({ agent: 'jose', id: '777' });
  await c.next(2);
  assert.equal(await c.ask('<jose><C><S><Nope>$'), '<jose><ERRO><Situação inválida>$');
  assert.equal(await c.ask('<jose><C><S><EletronicResponse>$'), '<jose><OK>$');
  sim.control.hangup({ agent: 'jose' });
  await c.next(5);
  assert.equal(await c.ask('<jose><TR><31/02/2026 15:00><><jose>$'), '<jose><ERRO><Data/hora inválida>$');
  assert.equal(await c.ask('<jose><TR><17/08/2026 15:00><40050500><>$'), '<jose><OK>$');
  assert.equal(await c.ask('<jose><S>$'), '<jose><S><1>$');
  const state = sim.control.state();
  assert.deepEqual(state.outcomes.map((o) => [o.agent, o.itemId, o.state]), [['jose', '777', 'EletronicResponse']]);
  assert.deepEqual(state.callbacks.map((cb) => [cb.at, cb.phone, cb.for]), [['2026-08-17T15:00', '40050500', '']]);
  c.close();
}));

test('ADMSOCKET receives every agent’s events; an agent connection only its own; both at once', () => withSim({}, async (sim) => {
  const admin = await connect(sim);
  const jose = await connect(sim);
  const ana = await connect(sim);
  assert.equal(await admin.ask('<ADMSOCKET><L><ON>$'), '<ADMSOCKET><OK>$');
  await jose.ask('<jose><L><ON>$');
  await ana.ask('<ana><L><ON>$');
  sim.control.inbound({ agent: 'jose', number: '911112222' });
  sim.control.inbound({ agent: 'ana', number: '933334444' });
  await admin.waitFor(() => admin.messages.length >= 3, 'two calls on the admin socket');
  assert.deepEqual(admin.messages.slice(1), ['<jose><R><><85><911112222><><4000><---><>$', '<ana><R><><85><933334444><><4000><---><>$']);
  await jose.waitFor(() => jose.messages.length >= 2, 'jose');
  await sleep(30);
  assert.deepEqual(jose.messages, ['<jose><OK>$', '<jose><R><><85><911112222><><4000><---><>$']);
  assert.equal(ana.messages.length, 2);
  sim.control.hangup({ agent: 'ana' });
  await admin.waitFor(() => admin.messages.at(-1) === '<ana><EndCall>$', 'EndCall on admin');
  // Status of another agent on the ADMSOCKET connection (seed 2.1: <login><S>$ also binds it: additive here).
  assert.equal(await admin.ask('<ana><S>$'), '<ana><S><4>$');
  for (const c of [admin, jose, ana]) c.close();
}));

test('fail-next, the bare-text error form, emit raw bytes, mute (half-open)', () => withSim({}, async (sim) => {
  const c = await connect(sim);
  await c.ask('<jose><L><ON>$');
  sim.control.failNext({ command: 'P', text: 'Pausa não permitida' });
  assert.equal(await c.ask('<jose><P><ON><1>$'), '<jose><ERRO><Pausa não permitida>$');
  sim.control.config({ errorForm: 'bare-text' });
  assert.equal(await c.ask('<jose><POS><OFF>$'), 'ERRO: Agente não está em pós-atendimento$');
  sim.control.emit({ text: 'garbage<jose><Z>$' });
  assert.equal(await c.next(), 'garbage<jose><Z>$');
  sim.control.mute({ on: true });
  c.send('<jose><S>$');
  await sleep(80);
  assert.equal(c.messages.length, 4);
  sim.control.mute({ on: false });
  assert.equal(await c.ask('<jose><S>$'), '<jose><S><1>$');
  assert.ok(sim.control.state().received.some((r) => r.text === '<jose><S>$'));
  c.close();
}));

test('no current call: the configurable AC reply; unknown agents as logged out in the ok variant', () => withSim({ variants: { noCurrentCallReply: 'empty', unknownAgent: 'ok' } }, async (sim) => {
  const c = await connect(sim);
  assert.equal(await c.ask('<pedro><L><ON>$'), '<pedro><OK>$');
  assert.equal(await c.ask('<pedro><S>$'), '<pedro><S><0>$');
  assert.equal(await c.ask('<jose><AC>$'), '<jose><AC>$');
  c.close();
}));

test('windows-1252 on the wire by default; utf-8 when configured; CRLF between messages as a variant', async () => {
  await withSim({}, async (sim) => {
    const c = await connect(sim);
    const raw = [];
    c.socket.on('data', (b) => raw.push(...b));
    await c.ask('<jose><L><ON>$');
    sim.control.failNext({ command: 'S', text: 'Ação inválida €' });
    assert.equal(await c.ask('<jose><S>$'), '<jose><ERRO><Ação inválida €>$');
    assert.ok(raw.includes(0x80) && raw.includes(0xe7));
    c.close();
  });
  await withSim({ encoding: 'utf-8', variants: { lineBreaks: true } }, async (sim) => {
    const c = await connect(sim, 'utf-8');
    const raw = [];
    c.socket.on('data', (b) => raw.push(...b));
    sim.control.failNext({ command: 'S', text: 'Ação' });
    assert.equal(await c.ask('<jose><S>$'), '<jose><ERRO><Ação>$');
    assert.deepEqual(raw.slice(-2), [13, 10]);
    assert.ok(raw.includes(0xc3));
    c.close();
  });
});

test('stop / start on the same port, drop, reset; the control server stays up', () => withSim({}, async (sim) => {
  const c = await connect(sim);
  await c.ask('<jose><L><ON>$');
  sim.control.drop();
  await c.waitFor(() => c.closed, 'the drop');
  const port = sim.port;
  await sim.control.stop();
  await assert.rejects(connect(sim));
  const res = await fetch(`${sim.controlUrl}/state`, { headers: { Origin: 'http://localhost:9999' } });
  assert.equal(res.headers.get('access-control-allow-origin'), 'http://localhost:9999');
  assert.equal((await res.json()).running, false);
  await fetch(`${sim.controlUrl}/start`, { method: 'POST' });
  const again = await connect(sim);
  assert.equal(sim.port, port);
  assert.equal(await again.ask('<jose><S>$'), '<jose><S><1>$');
  sim.control.agent({ agent: 'jose', status: 2 });
  assert.equal(await again.ask('<jose><S>$'), '<jose><S><2>$');
  sim.control.reset();
  await again.waitFor(() => again.closed, 'reset drops connections');
  assert.equal(sim.control.state().agents[0].status, 1);
  const bad = await fetch(`${sim.controlUrl}/inbound`, { method: 'POST', body: JSON.stringify({ agent: 'maria' }) });
  assert.equal(bad.status, 409);
  assert.match((await bad.json()).error, /status 0/);
  const missing = await fetch(`${sim.controlUrl}/nope`);
  assert.equal(missing.status, 404);
}));

test('IP Client routes log an agent in and out (a call in progress ends)', () => withSim({}, async (sim) => {
  const c = await connect(sim);
  await c.ask('<maria><L><ON>$');
  sim.control.ipLogin({ agent: 'maria' });
  assert.equal(await c.ask('<maria><S>$'), '<maria><S><1>$');
  sim.control.inbound({ agent: 'maria' });
  await c.next(2);
  sim.control.ipLogout({ agent: 'maria' });
  assert.equal(await c.next(3), '<maria><EndCall>$');
  assert.equal(await c.ask('<maria><S>$'), '<maria><S><0>$');
  const res = await fetch(`${sim.controlUrl}/ip-login`, { method: 'POST', body: JSON.stringify({ agent: 'novo', extension: '7009' }) });
  assert.deepEqual(await res.json(), { login: 'novo', status: 1 });
  c.close();
}));

test('every <AC> form with no call (seed 4.11 is silent): empty-call and error variants', () => withSim({}, async (sim) => {
  const c = await connect(sim);
  await c.ask('<jose><L><ON>$');
  sim.control.config({ noCurrentCallReply: 'empty-call' });
  assert.equal(await c.ask('<jose><AC>$'), '<jose><A><><><><><><><><>$');
  sim.control.config({ noCurrentCallReply: 'error' });
  assert.equal(await c.ask('<jose><AC>$'), '<jose><ERRO><Nenhuma chamada em curso>$');
  sim.control.config({ noCurrentCallReply: 'none' });
  c.send('<jose><AC>$');
  assert.equal(await c.ask('<jose><S>$'), '<jose><S><1>$');
  assert.throws(() => sim.control.config({ noCurrentCallReply: 'maybe' }), /noCurrentCallReply/);
  c.close();
}));

test("seed 5.1's own forms, opt-in: 0 in the unused fields (L383) and call messages ending '<$' (L351)", () => withSim({ variants: { unusedFields: 'zero', callEnd: '<$' } }, async (sim) => {
  const c = await connect(sim);
  await c.ask('<jose><L><ON>$');
  assert.equal(await c.ask('<jose><A><11><987654321><>$'), '<jose><A><0><0><7001><11><987654321><><><><$');
  await c.ask('<jose><D>$');
  sim.control.config({ noCurrentCallReply: 'empty-call', callEnd: '$' });
  assert.equal(await c.ask('<jose><AC>$'), '<jose><A><0><0><><0><><><><>$');
  assert.throws(() => sim.control.config({ callEnd: '$$' }), /callEnd/);
  c.close();
}));

test('strict: only what the seed documents; the least convenient form where it is silent', () => withSim({ strict: true }, async (sim) => {
  const state = sim.control.state();
  assert.equal(state.strict, true);
  assert.deepEqual({ ...state.variants }, { errorForm: 'bare-text', noCurrentCallReply: 'none', unknownAgent: 'error', replyLogin: 'capitalized', sendAttachInfo: true, lineBreaks: false, unusedFields: 'blank', callEnd: '$' });
  const c = await connect(sim);
  // Documented replies (4.1, 4.6, 4.3, 4.4), with the login as the seed's 4.10 example writes it.
  assert.equal(await c.ask('<jose><L><ON>$'), '<Jose><OK>$');
  assert.equal(await c.ask('<jose><S>$'), '<Jose><S><1>$');
  // <AC> with no call: nothing (the status asked right after is the first thing that comes back).
  c.send('<jose><AC>$');
  assert.equal(await c.ask('<jose><S>$'), '<Jose><S><1>$');
  // A refusal: the bare error form.
  assert.equal(await c.ask('<jose><POS><OFF>$'), 'ERRO: Agente não está em pós-atendimento$');
  // Dial (4.9, no Retorno): no reply; the <A> event comes when the call connects, after the next reply.
  const n = c.messages.length;
  c.send('<jose><A><85><40050500><Vendas>$');
  assert.equal(await c.ask('<jose><S>$'), '<Jose><S><3>$');
  assert.equal(c.messages.length, n + 1);
  assert.equal(await c.next(), '<Jose><A><><><7001><85><40050500><><><>$');
  assert.equal(await c.ask('<jose><AC>$'), '<Jose><A><><><7001><85><40050500><><><>$');
  assert.equal(await c.ask('<jose><D>$'), '<Jose><EndCall>$');
  // ADMSOCKET (4.12 and 2.1): bound with no reply at all.
  const admin = await connect(sim);
  admin.send('<ADMSOCKET><L><ON>$');
  admin.send('<ADMSOCKET><S>$');
  await sleep(50);
  assert.deepEqual(admin.messages, []);
  assert.equal(sim.control.state().connections.filter((x) => x.admin).length, 1);
  sim.control.inbound({ agent: 'ana' });
  assert.equal(await admin.next(), '<Ana><R><><85><988887777><><4000><---><>$');
  // Only <L><ON> (4.1) and <S> (2.1) bind: <AC> (4.11) does not; events go to bound connections only (2.1), so a
  // dial (4.9, no Retorno) from a connection that never bound gets nothing back.
  sim.control.hangup({ agent: 'ana' });
  const other = await connect(sim);
  other.send('<ana><AC>$');
  other.send('<ana><A><><40050500><>$');
  await admin.waitFor(() => admin.messages.includes('<Ana><A><><><7003><><40050500><><><>$'), 'the dial event');
  await sleep(30);
  assert.deepEqual(other.messages, []);
  assert.deepEqual(sim.control.state().connections.at(-1).bound, []);
  other.close();
  // Explicit variants still win over the strict defaults; reset keeps strict.
  sim.control.reset();
  assert.equal(sim.control.state().strict, true);
  for (const x of [c, admin]) x.close();
}));

test('strict with explicit variants: they win over the strict defaults; default ADMSOCKET answers <OK> to <S> too', async () => {
  await withSim({ strict: true, variants: { noCurrentCallReply: 'error' }, dialConnectMs: 0 }, async (sim) => {
    const c = await connect(sim);
    await c.ask('<jose><L><ON>$');
    assert.equal(await c.ask('<jose><AC>$'), 'ERRO: Nenhuma chamada em curso$');
    assert.equal(await c.ask('<jose><A><85><40050500><Vendas>$'), '<Jose><A><><><7001><85><40050500><><><>$');
    c.close();
  });
  await withSim({}, async (sim) => {
    const admin = await connect(sim);
    assert.equal(await admin.ask('<ADMSOCKET><S>$'), '<ADMSOCKET><OK>$');
    assert.equal(sim.control.state().connections[0].admin, true);
    admin.close();
  });
});
