// Tests for the Catix integration server simulator (test/simulators/catix), with a raw node:net client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startCatixSimulator } from '../simulators/catix/server.mjs';

const FAST = { keepAliveMs: null, pinDelayMs: null, farEndAnswerMs: null };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A Catix client: every line parsed and kept; `request` sends with a fresh messageId and awaits its answer. */
async function connect(sim, { encoding = 'utf8' } = {}) {
  const socket = net.connect({ host: '127.0.0.1', port: sim.port });
  const lines = [];
  const waiters = [];
  let buffer = '';
  let closed = false;
  socket.on('data', (chunk) => {
    buffer += chunk.toString(encoding);
    let i;
    while ((i = buffer.indexOf('\n')) >= 0) {
      const text = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      let json;
      try { json = JSON.parse(text); } catch { json = undefined; }
      lines.push({ text, json });
    }
    check();
  });
  socket.on('close', () => { closed = true; check(); });
  socket.on('error', () => {});
  await new Promise((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
  function check() {
    for (const w of [...waiters]) if (w.pred()) { waiters.splice(waiters.indexOf(w), 1); clearTimeout(w.t); w.resolve(); }
  }
  function waitFor(pred, what = 'line', ms = 1500) {
    return new Promise((resolve, reject) => {
      if (pred()) return resolve();
      const w = { pred, resolve, t: setTimeout(() => {
        waiters.splice(waiters.indexOf(w), 1);
        reject(new Error(`timeout waiting for ${what}; got ${lines.map((l) => l.text).join('\n')}`));
      }, ms) };
      waiters.push(w);
    });
  }
  let nextId = 1;
  const c = {
    socket, lines,
    get closed() { return closed; },
    write(text) { socket.write(text); },
    send(obj) { socket.write(`${JSON.stringify(obj)}\n`); },
    events: (name) => lines.filter((l) => (l.json?.tipo === 'EVENT' || l.json?.tipo === 'EVENTO') && (!name || l.json.informacao === name)).map((l) => l.json),
    async answer(messageId) {
      await waitFor(() => lines.some((l) => l.json?.messageId === messageId && l.json.tipo !== 'EVENTO'), `answer ${messageId}`);
      return lines.find((l) => l.json?.messageId === messageId && l.json.tipo !== 'EVENTO').json;
    },
    async request(comando, fields = {}) {
      const messageId = `m${nextId++}`;
      c.send({ tipo: 'ACAO', comando, ...fields, messageId });
      return c.answer(messageId);
    },
    async event(name, from = 0, ms) {
      const pick = () => c.events(name).slice(from)[0];
      await waitFor(() => !!pick(), `event ${name}`, ms);
      return pick();
    },
    waitFor,
    loginSingle(agente = '1001', usuario = 'crm', senha = 'secret') {
      return c.request('LOGAR_SINGLE_USER', { agente, atributos: { usuario, senha } });
    },
    loginMulti(usuario = 'crm', senha = 'secret') {
      return c.request('LOGAR_MULTI_USER', { atributos: { usuario, senha } });
    },
    close() { socket.destroy(); },
  };
  return c;
}

async function ctl(sim, route, body) {
  const res = await fetch(`${sim.controlUrl}/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  const json = await res.json();
  if (!res.ok) throw Object.assign(new Error(json.error), { status: res.status });
  return json;
}

async function withSim(options, fn) {
  const sim = await startCatixSimulator({ ...FAST, ...options });
  const clients = [];
  try {
    await fn(sim, async (o) => { const c = await connect(sim, o); clients.push(c); return c; });
  } finally {
    for (const c of clients) c.close();
    await sim.close();
  }
}

/** Single-user connection for `agent`, agent logged in on `extension` (PIN confirmed through the control route). */
async function loggedInAgent(sim, open, agent = '1001', extension = '2001') {
  const c = await open();
  assert.equal((await c.loginSingle(agent)).informacao, 'OK');
  const r = await c.request('AGENTE_LOGAR', { agente: agent, atributos: { 'login-ramal': extension } });
  assert.equal(r.tipo, 'NOTIFICACAO', JSON.stringify(r));
  await ctl(sim, 'pin', { agent });
  await c.event('AGENT_LOGIN');
  return c;
}

test('integration login: wrong password is 2000, commands before login are 2002, unknown agent 1004', async () => {
  await withSim({}, async (sim, open) => {
    const c = await open();
    assert.deepEqual(await c.request('STATUS_AGENTE', { agente: '1001' }), { tipo: 'ERRO', informacao: 'Autenticação necessária.', erroCod: '2002', messageId: 'm1' });
    const bad = await c.loginSingle('1001', 'crm', 'nope');
    assert.equal(bad.tipo, 'ERRO');
    assert.equal(bad.erroCod, '2000');
    const noAgent = await c.loginSingle('9999');
    assert.equal(noAgent.erroCod, '1004');
    const missing = await c.request('LOGAR_MULTI_USER', {});
    assert.equal(missing.erroCod, '1002');
    const ok = await c.loginSingle('1001');
    assert.deepEqual(ok, { tipo: 'NOTIFICACAO', informacao: 'OK', messageId: 'm5' });
    const state = await ctl(sim, 'state');
    assert.deepEqual(state.clients.map((x) => x.mode), ['single']);
    // The password never reaches the log.
    assert.ok(state.log.every((e) => !e.message?.atributos?.senha || e.message.atributos.senha === '***'));
    assert.ok(!JSON.stringify(state.log).includes('secret'));
  });
});

test('AGENTE_LOGAR answers OK at once; AGENT_LOGIN only once the PIN is typed (delay or control route)', async () => {
  await withSim({ pinDelayMs: 40 }, async (sim, open) => {
    const c = await open();
    await c.loginSingle('1001');
    const missing = await c.request('AGENTE_LOGAR', { agente: '1001' });
    assert.equal(missing.erroCod, '1002');
    const badExt = await c.request('AGENTE_LOGAR', { agente: '1001', atributos: { 'login-ramal': '9999' } });
    assert.equal(badExt.erroCod, '1003');
    const r = await c.request('AGENTE_LOGAR', { atributos: { 'login-ramal': '2001' } });
    assert.equal(r.informacao, 'OK');
    assert.equal(c.events('AGENT_LOGIN').length, 0);
    const login = await c.event('AGENT_LOGIN');
    assert.deepEqual(login, { tipo: 'EVENT', agente: '1001', informacao: 'AGENT_LOGIN', atributos: { 'ramal-agente': '2001' } });
    const again = await c.request('AGENTE_LOGAR', { atributos: { 'login-ramal': '2001' } });
    assert.equal(again.erroCod, '1007');
    const status = await c.request('STATUS_AGENTE', {});
    assert.deepEqual(status.atributos, { obs: '-', tempo: '-', nome: 'Agente 1001', ramal_fisico: '2001', idAgente: '1001', numero_discado: '-', status: 'Disponível' });
    const logout = await c.request('AGENTE_DESLOGAR', {});
    assert.equal(logout.informacao, 'OK');
    await c.event('AGENT_LOGOFF');
    assert.equal((await c.request('STATUS_AGENTE', {})).atributos.status, 'Deslogado');
  });
  await withSim({}, async (sim, open) => {
    const c = await open();
    await c.loginSingle('1002');
    await c.request('AGENTE_LOGAR', { atributos: { 'login-ramal': '2002' } });
    await sleep(30);
    assert.equal(c.events('AGENT_LOGIN').length, 0, 'pinDelayMs null: only the control route confirms');
    await assert.rejects(ctl(sim, 'pin', { agent: '1003' }), /no pending login/);
    await ctl(sim, 'pin', { agent: '1002' });
    await c.event('AGENT_LOGIN');
  });
});

test('pause types, pause with a required note, pause information, unpause (DESPAUSAR)', async () => {
  await withSim({}, async (sim, open) => {
    const c = await loggedInAgent(sim, open);
    const types = await c.request('BUSCAR_TIPOS_PAUSA');
    assert.deepEqual(types.atributos.pausas.map((p) => [p.id, p.exigeObs]), [[1, false], [2, true], [3, false]]);
    assert.equal((await c.request('INFORMACAO_PAUSA', {})).erroCod, '1008');
    const noNote = await c.request('PAUSAR', { atributos: { 'pausa-id': '2', 'pausa-obs': '  ', 'pausa-acao': 'PAUSAR' } });
    assert.equal(noNote.erroCod, '1002');
    assert.equal((await c.request('PAUSAR', { atributos: { 'pausa-id': '99', 'pausa-acao': 'PAUSAR' } })).erroCod, '1003');
    assert.equal((await c.request('PAUSAR', { atributos: { 'pausa-id': '1' } })).erroCod, '1002');
    assert.equal((await c.request('PAUSAR', { atributos: { 'pausa-acao': 'VOLTAR' } })).erroCod, '1003');
    // pausa-id as a JSON number (the document's example) or a string: both work.
    const ok = await c.request('PAUSAR', { atributos: { 'pausa-id': 2, 'pausa-obs': 'Reunião <b>geral</b>', 'pausa-acao': 'PAUSAR' } });
    assert.equal(ok.informacao, 'OK');
    const paused = await c.event('AGENT_PAUSED');
    assert.deepEqual(paused.atributos, { idPausa: 2, pausa: 'Outra tarefa', descricao: 'Atividade diferente do cargo', obs: 'Reunião <b>geral</b>' });
    const status = await c.request('STATUS_AGENTE', {});
    assert.equal(status.atributos.status, 'Pausado');
    assert.equal(status.atributos.obs, 'Motivo: Outra tarefa - Obs: Reunião <b>geral</b>');
    assert.match(status.atributos.tempo, /^00:00:0\d$/);
    const info = await c.request('INFORMACAO_PAUSA', {});
    assert.deepEqual({ ...info.atributos, 'tempo-decorrido': '0' }, {
      'id-pausa': '2', pausa: 'Outra tarefa', descricao: 'Atividade diferente do cargo', 'tempo-limite': '30 minutos', 'tempo-decorrido': '0', obs: 'Reunião <b>geral</b>',
    });
    const back = await c.request('PAUSAR', { atributos: { 'pausa-acao': 'DESPAUSAR' } });
    assert.equal(back.informacao, 'OK');
    const unpaused = await c.event('AGENT_UNPAUSED');
    assert.equal(unpaused.atributos.idPausa, 2);
    // Unpausing an agent that is not paused is a no-op OK.
    assert.equal((await c.request('PAUSAR', { atributos: { 'pausa-acao': 'DESPAUSAR' } })).informacao, 'OK');
    assert.equal(c.events('AGENT_UNPAUSED').length, 1);
    // Configurable unpause spelling.
    await ctl(sim, 'config', { unpauseValues: ['DESPAUSA'] });
    assert.equal((await c.request('PAUSAR', { atributos: { 'pausa-acao': 'DESPAUSAR' } })).erroCod, '1003');
  });
});

test('dial, far-end answer, status with HTML obs, hang up; redial; numeric checks', async () => {
  await withSim({ farEndAnswerMs: 30 }, async (sim, open) => {
    const c = await loggedInAgent(sim, open);
    assert.equal((await c.request('REDISCAR', {})).erroCod, '1005');
    assert.equal((await c.request('DISCAR', {})).erroCod, '1000');
    assert.equal((await c.request('DISCAR', { numeroDiscado: '0 17 abc' })).erroCod, '1001');
    const r = await c.request('DISCAR', { numeroDiscado: '01799998888' });
    assert.equal(r.informacao, 'OK');
    const dialing = await c.event('DIALING');
    assert.deepEqual(dialing.atributos, { 'origem-tipo': 'AGENTE', 'origem-nome': 'Agente 1001', 'numero-discado': '01799998888', rl: '5000', 'linked-rl': '5000' });
    // The answer comes before the event it caused.
    const answerIndex = c.lines.findIndex((l) => l.json?.messageId === r.messageId);
    const dialingIndex = c.lines.findIndex((l) => l.json?.informacao === 'DIALING');
    assert.ok(answerIndex < dialingIndex);
    assert.equal((await c.request('STATUS_AGENTE', {})).atributos.status, 'Discando');
    assert.equal((await c.request('DISCAR', { numeroDiscado: '2002' })).erroCod, '9999');
    const answer = await c.event('ANSWER');
    assert.equal(answer.atributos.rl, '5000');
    const status = await c.request('STATUS_AGENTE', {});
    assert.equal(status.atributos.status, 'Em ligação');
    assert.equal(status.atributos.numero_discado, '01799998888');
    assert.match(status.atributos.obs, /^<b>Tipo Ligação:<\/b><i> Sainte<\/i>/);
    assert.equal((await c.request('DESLIGAR_CHAMADA', {})).informacao, 'OK');
    const hangup = await c.event('HANGUP');
    assert.equal(hangup.atributos.rl, '5000');
    await c.event('AGENT_COMPLETE');
    assert.equal((await c.request('DESLIGAR_CHAMADA', {})).erroCod, '9999');
    assert.equal((await c.request('REDISCAR', {})).informacao, 'OK');
    const redial = await c.event('DIALING', 1);
    assert.deepEqual([redial.atributos['numero-discado'], redial.atributos.rl], ['01799998888', '5001']);
  });
});

test('a dialed call the far end hangs up before answering: HANGUP, no AGENT_COMPLETE', async () => {
  await withSim({}, async (sim, open) => {
    const c = await loggedInAgent(sim, open);
    await c.request('DISCAR', { numeroDiscado: '2002' });
    await c.event('DIALING');
    await ctl(sim, 'hangup', { agent: '1001' });
    await c.event('HANGUP');
    await sleep(20);
    assert.equal(c.events('AGENT_COMPLETE').length, 0);
    const { ended } = await ctl(sim, 'state');
    assert.deepEqual(ended.map((e) => [e.how, e.answered]), [['remote', false]]);
  });
});

test('transfer by listed target (destino Ramal + idDestino) and by number; unknown targets', async () => {
  await withSim({}, async (sim, open) => {
    const c = await loggedInAgent(sim, open);
    const options = await c.request('BUSCAR_OPCOES_TRANSFERENCIA');
    assert.deepEqual(options.atributos.ramal, [{ id: 2, nome: '2001' }, { id: 3, nome: '2002' }, { id: 5, nome: '2003' }]);
    assert.deepEqual((await c.request('BUSCAR_RAMAIS')).atributos, { 2001: '2001', 2002: '2002', 2003: '2003' });
    assert.equal((await c.request('TRANSFERIR', { destino: 'Ramal', idDestino: '3' })).erroCod, '9999', 'no call');
    await c.request('DISCAR', { numeroDiscado: '01733334444' });
    await ctl(sim, 'answer', { agent: '1001' });
    await c.event('ANSWER');
    assert.equal((await c.request('TRANSFERIR', { destino: 'Ramal', idDestino: '99' })).erroCod, '1001');
    assert.equal((await c.request('TRANSFERIR', { destino: 'Fila', idDestino: '3' })).erroCod, '1001');
    assert.equal((await c.request('TRANSFERIR', { numeroDiscado: '5555' })).erroCod, '1006');
    assert.equal((await c.request('TRANSFERIR', {})).erroCod, '1000');
    assert.equal((await c.request('TRANSFERIR', { destino: 'Ramal', idDestino: '3' })).informacao, 'OK');
    await c.event('HANGUP');
    await c.event('AGENT_COMPLETE');
    await c.request('DISCAR', { numeroDiscado: '01733334444' });
    await ctl(sim, 'answer', { agent: '1001' });
    // numeroDiscado wins over destino/idDestino.
    assert.equal((await c.request('TRANSFERIR', { numeroDiscado: '2003', destino: 'Ramal', idDestino: '99' })).informacao, 'OK');
    await c.event('HANGUP', 1);
    const { transfers } = await ctl(sim, 'state');
    assert.deepEqual(transfers.map((t) => [t.to, t.via]), [['2002', 'idDestino'], ['2003', 'numeroDiscado']]);
  });
});

test('queues, server status, unknown command 9000, SAIR closes the connection', async () => {
  await withSim({}, async (sim, open) => {
    const c = await open();
    await c.loginMulti();
    const filas = await c.request('BUSCAR_FILAS');
    assert.deepEqual(filas.atributos.filas, [{ id: 154, nome: 'RECEPCAO', tipoFila: 'Ramal' }, { id: 155, nome: 'COBRANCA_GERAL', tipoFila: 'Agente' }]);
    const server = await c.request('STATUS_SERVIDOR');
    assert.equal(server.atributos['usuarios-multi-user'], 1);
    assert.equal((await c.request('IMPORTAR_MAILING')).erroCod, '9000');
    // `tipo: ACAO` is optional.
    c.send({ comando: 'BUSCAR_FILAS', messageId: 'no-tipo' });
    assert.equal((await c.answer('no-tipo')).informacao, 'OK');
    assert.equal((await c.request('SAIR')).informacao, 'OK');
    await c.waitFor(() => c.closed, 'close');
  });
});

test('multi-user: every command names the agent, every agent’s events arrive; single-user sees only its agent', async () => {
  await withSim({}, async (sim, open) => {
    const sup = await open();
    await sup.loginMulti();
    assert.equal((await sup.request('STATUS_AGENTE', {})).erroCod, '1000');
    assert.equal((await sup.request('STATUS_AGENTE', { agente: '1002' })).atributos.status, 'Deslogado');
    const a1 = await loggedInAgent(sim, open, '1001', '2001');
    const a2 = await loggedInAgent(sim, open, '1002', '2002');
    await sup.waitFor(() => sup.events('AGENT_LOGIN').length === 2, 'two logins');
    assert.deepEqual(sup.events('AGENT_LOGIN').map((e) => e.agente), ['1001', '1002']);
    assert.deepEqual(a1.events().map((e) => e.agente), ['1001']);
    assert.deepEqual(a2.events().map((e) => e.agente), ['1002']);
    assert.equal((await a1.request('AGENTE_LOGAR', { agente: '1003', atributos: { 'login-ramal': '2002' } })).erroCod, '9999', 'extension in use');
    // The supervisor can act for an agent (multi-user mode), e.g. pause 1002.
    assert.equal((await sup.request('PAUSAR', { agente: '1002', atributos: { 'pausa-id': '1', 'pausa-acao': 'PAUSAR' } })).informacao, 'OK');
    await a2.event('AGENT_PAUSED');
    await sup.event('AGENT_PAUSED');
    assert.equal(a1.events('AGENT_PAUSED').length, 0);
  });
});

test('board (off by default): N more agents logged in, M pause/unpause changes per second to the multi-user feed; 0 stops; reset forgets them', async () => {
  await withSim({}, async (sim, open) => {
    const sup = await open();
    await sup.loginMulti();
    const agent = await loggedInAgent(sim, open, '1001', '2001');
    assert.deepEqual((await ctl(sim, 'state')).board, { agents: 0, perSecond: 0, changes: 0 }, 'no board load unless asked');
    assert.deepEqual(await ctl(sim, 'board', { agents: 50 }), { agents: 50, perSecond: 0, changes: 0 });
    await sup.waitFor(() => sup.events('AGENT_LOGIN').length === 51, '50 board logins');
    assert.equal(new Set(sup.events('AGENT_LOGIN').map((e) => e.agente)).size, 51);
    // STATUS_AGENTE knows them like any agent.
    const status = await sup.request('STATUS_AGENTE', { agente: '5050' });
    assert.equal(status.atributos.status, 'Disponível');
    assert.equal(status.atributos.ramal_fisico, '75050');
    await ctl(sim, 'board', { perSecond: 200 });
    const t0 = Date.now();
    await sup.waitFor(() => sup.events('AGENT_PAUSED').length + sup.events('AGENT_UNPAUSED').length >= 100, '100 changes', 3000);
    const elapsed = Date.now() - t0;
    assert.ok(elapsed >= 350, `200/s: 100 changes took ${elapsed} ms`);
    const stopped = await ctl(sim, 'board', { perSecond: 0 });
    assert.equal(stopped.perSecond, 0);
    const paused = sup.events('AGENT_PAUSED');
    // One agent after another: the first 50 changes pause 5001…5050, the next ones unpause them, in order.
    assert.deepEqual(paused.slice(0, 3).map((e) => e.agente), ['5001', '5002', '5003']);
    assert.equal(paused[0].atributos.pausa, 'Almoço');
    assert.equal(sup.events('AGENT_UNPAUSED')[0]?.agente, '5001');
    // The server's state follows its events: 5001's last event says what STATUS_AGENTE answers.
    const last = sup.events().filter((e) => e.agente === '5001').at(-1);
    assert.equal((await sup.request('STATUS_AGENTE', { agente: '5001' })).atributos.status, last.informacao === 'AGENT_PAUSED' ? 'Pausado' : 'Disponível');
    const count = sup.events().length;
    await sleep(150);
    assert.equal(sup.events().length, count, 'nothing after perSecond 0');
    assert.equal(agent.events('AGENT_PAUSED').length, 0, 'a single-user connection hears only its agent');
    assert.equal((await ctl(sim, 'board', { agents: 1.5 }).catch((e) => e)).status, 409);
    await ctl(sim, 'reset');
    assert.deepEqual((await ctl(sim, 'state')).board, { agents: 0, perSecond: 0, changes: 0 });
  });
});

test('scenarios: queue call, dialer call, scheduled call notice (both spellings) and its answer, post-call pause', async () => {
  await withSim({ postCallPauseMs: 0 }, async (sim, open) => {
    const c = await loggedInAgent(sim, open);
    const { rl } = await ctl(sim, 'inbound', { agent: '1001', from: '1733335555' });
    const answer = await c.event('ANSWER');
    assert.deepEqual(answer.atributos, { 'origem-tipo': 'FILA', 'origem-nome': 'RECEPCAO', 'numero-discado': '1733335555', rl, 'linked-rl': rl });
    assert.match((await c.request('STATUS_AGENTE', {})).atributos.obs, /Entrante/);
    await assert.rejects(ctl(sim, 'dialer', { agent: '1001' }), /already on a call/);
    await ctl(sim, 'hangup', { agent: '1001' });
    await c.event('AGENT_COMPLETE');
    // Post-call pause (postCallPauseMs 0: until the agent unpauses).
    const post = await c.event('AGENT_PAUSED');
    assert.equal(post.atributos.pausa, 'Pós Atendimento');
    assert.equal((await c.request('STATUS_AGENTE', {})).atributos.status, 'Pós Atendimento');
    await c.request('PAUSAR', { atributos: { 'pausa-acao': 'DESPAUSAR' } });
    await c.event('AGENT_UNPAUSED');

    const dialer = await ctl(sim, 'dialer', { agent: '1001', 'contato-cpfcnpj': '2994' });
    const received = await c.event('AGENT_RECEIVED_DIALER_CALL');
    assert.deepEqual(received.atributos, {
      'contato-id': '387076', 'contato-cpfcnpj': '2994', 'contato-contrato': '123456', 'numero-contato-id': '235041',
      'numero-contato': '1712345678', 'campanha-id': '18', rl: dialer.rl, 'linked-rl': dialer.rl,
    });
    assert.match((await c.request('STATUS_AGENTE', {})).atributos.obs, /Preditivo/);
    await c.request('DESLIGAR_CHAMADA', {});
    await c.event('HANGUP', 1);
    await c.event('AGENT_PAUSED', 1);
    await c.request('PAUSAR', { atributos: { 'pausa-acao': 'DESPAUSAR' } });

    await ctl(sim, 'scheduled', { agent: '1001', dataHora: '08/04/2015 19:13:22', id: '15' });
    const coming = await c.waitFor(() => c.lines.some((l) => l.json?.informacao === 'SCHEDULED_CALL_COMMING'), 'scheduled').then(() => c.lines.find((l) => l.json?.informacao === 'SCHEDULED_CALL_COMMING').json);
    assert.deepEqual(coming, {
      tipo: 'EVENTO', informacao: 'SCHEDULED_CALL_COMMING', messageId: '1',
      atributos: { 'agendamento-id': '15', 'agendamento-data-hora': '08/04/2015 19:13:22', 'agendamento-destino-tipo': 'Agente', 'agendamento-destino-tipo-id': '1001' },
    });
    await ctl(sim, 'scheduled', { agent: '1001', spelling: 'COMING', tipo: 'EVENT' });
    await c.waitFor(() => c.lines.some((l) => l.json?.informacao === 'SCHEDULED_CALL_COMING' && l.json.tipo === 'EVENT'), 'the other spelling');
    const sa = await ctl(sim, 'scheduled-answer', { agent: '1001' });
    await c.waitFor(() => c.lines.some((l) => l.json?.informacao === 'SCHEDULED_CALL_ANSWER'), 'scheduled answer');
    const scheduledAnswer = c.lines.find((l) => l.json?.informacao === 'SCHEDULED_CALL_ANSWER').json;
    assert.equal(scheduledAnswer.atributos.rl, sa.rl);
    assert.equal(scheduledAnswer.atributos['agendamento-cod-referencia'], '123456789');
  });
});

test('robustness: malformed JSON 9002, blank line 9001, split lines, CRLF, oversize; the connection goes on', async () => {
  await withSim({}, async (sim, open) => {
    const c = await open();
    c.write('{"tipo":"ACAO",\n');
    await c.waitFor(() => c.lines.some((l) => l.json?.erroCod === '9002'), '9002');
    c.write('   \n');
    await c.waitFor(() => c.lines.some((l) => l.json?.erroCod === '9001'), '9001');
    c.write('[1,2]\n');
    await c.waitFor(() => c.lines.filter((l) => l.json?.erroCod === '9002').length === 2, 'not an object');
    // One message in many pieces, with CRLF.
    const line = JSON.stringify({ comando: 'LOGAR_MULTI_USER', atributos: { usuario: 'crm', senha: 'secret' }, messageId: 'split' });
    for (const ch of `${line}\r\n`) c.write(ch);
    assert.equal((await c.answer('split')).informacao, 'OK');
    c.write(`${'x'.repeat((1 << 20) + 10)}`);
    c.write('\n');
    await c.waitFor(() => c.lines.filter((l) => l.json?.erroCod === '9002').length === 3, 'too large');
    assert.equal((await c.request('BUSCAR_FILAS')).informacao, 'OK');
    const { log } = await ctl(sim, 'state');
    assert.deepEqual(log.filter((e) => e.invalid).map((e) => e.invalid), ['json', 'blank', 'not-an-object', 'too-large']);
  });
});

test('keep-alives at the configured interval to logged-in connections; client KEEP_ALIVE lines are counted, not answered', async () => {
  await withSim({ keepAliveMs: 25 }, async (sim, open) => {
    const anon = await open();
    const c = await open();
    await c.loginMulti();
    await c.waitFor(() => c.lines.filter((l) => l.json?.tipo === 'KEEP_ALIVE').length >= 2, 'two keep-alives');
    assert.deepEqual(c.lines.find((l) => l.json?.tipo === 'KEEP_ALIVE').json, { tipo: 'KEEP_ALIVE' });
    assert.equal(anon.lines.length, 0);
    const before = c.lines.length;
    c.send({ tipo: 'KEEP_ALIVE' });
    await sleep(5);
    assert.equal((await ctl(sim, 'state')).keepAlivesReceived, 1);
    assert.ok(c.lines.slice(before).every((l) => l.json?.tipo === 'KEEP_ALIVE'));
    await ctl(sim, 'config', { keepAliveMs: null });
    await sleep(10);
    const count = c.lines.length;
    await sleep(60);
    assert.equal(c.lines.length, count);
  });
});

test('control: fail-next, emit raw text, freeze, drop, stop/start on the same port, panel, event, reset, CORS', async () => {
  await withSim({ keepAliveMs: 20 }, async (sim, open) => {
    const c = await open();
    await c.loginMulti();
    await ctl(sim, 'fail-next', { comando: 'buscar_filas', erroCod: 9999, informacao: 'Banco fora do ar' });
    assert.deepEqual(await c.request('BUSCAR_FILAS'), { tipo: 'ERRO', informacao: 'Banco fora do ar', erroCod: '9999', messageId: 'm2' });
    assert.equal((await c.request('BUSCAR_FILAS')).informacao, 'OK');
    await ctl(sim, 'fail-next', { command: 'STATUS_SERVIDOR', code: 1001 });
    assert.equal((await c.request('STATUS_SERVIDOR')).erroCod, '1001');
    await ctl(sim, 'emit', { text: '{"tipo":"EVENT","informacao":"AGENT_LOGIN"\n' });
    await c.waitFor(() => c.lines.some((l) => l.text === '{"tipo":"EVENT","informacao":"AGENT_LOGIN"'), 'raw text');
    await ctl(sim, 'freeze', { on: true });
    const frozenAt = c.lines.length;
    c.send({ comando: 'BUSCAR_FILAS', messageId: 'frozen' });
    await sleep(60);
    assert.equal(c.lines.length, frozenAt, 'nothing while frozen (not even keep-alives)');
    await ctl(sim, 'freeze', { on: false });
    await c.waitFor(() => c.lines.length > frozenAt, 'keep-alives again');
    const panel = await ctl(sim, 'panel', { comando: 'STATUS_AGENTE', agente: '1003' });
    assert.equal(panel.atributos.status, 'Deslogado');
    const ev = await ctl(sim, 'event', { agent: '1002', informacao: 'AGENT_COMPLETE' });
    assert.equal(ev.sent.agente, '1002');
    await c.event('AGENT_COMPLETE');
    assert.deepEqual(await ctl(sim, 'drop'), { dropped: 1 });
    await c.waitFor(() => c.closed, 'dropped');
    await ctl(sim, 'stop');
    await assert.rejects(connect(sim));
    await ctl(sim, 'start');
    const again = await open();
    assert.equal((await again.loginMulti()).informacao, 'OK');
    await ctl(sim, 'reset');
    await again.waitFor(() => again.closed, 'reset cuts connections');
    const res = await fetch(`${sim.controlUrl}/state`, { headers: { origin: 'http://example.test' } });
    assert.equal(res.headers.get('access-control-allow-origin'), 'http://example.test');
    const pre = await fetch(`${sim.controlUrl}/state`, { method: 'OPTIONS', headers: { origin: 'http://example.test', 'access-control-request-method': 'POST' } });
    assert.equal(pre.status, 204);
    assert.equal((await fetch(`${sim.controlUrl}/nope`)).status, 404);
  });
});

test('latin1 encoding: accented text goes out as single bytes', async () => {
  await withSim({ encoding: 'latin1' }, async (sim, open) => {
    const c = await open({ encoding: 'latin1' });
    await c.loginMulti();
    const r = await c.request('BUSCAR_TIPOS_PAUSA');
    assert.equal(r.atributos.pausas[0].nome, 'Almoço');
  });
});

// ---------------------------------------------------------------------------------------------
// strict: only what the documents show; where they are silent, the least convenient plausible form
// ---------------------------------------------------------------------------------------------

test('strict: atributos is a string map — lists as JSON text, numbers as strings, an empty list not sent at all', async () => {
  await withSim({ strict: true, queues: [] }, async (sim, open) => {
    const c = await loggedInAgent(sim, open);
    const types = await c.request('BUSCAR_TIPOS_PAUSA');
    assert.equal(typeof types.atributos.pausas, 'string');
    assert.deepEqual(JSON.parse(types.atributos.pausas).map((p) => [p.id, p.exigeObs]), [[1, false], [2, true], [3, false]]);
    const options = await c.request('BUSCAR_OPCOES_TRANSFERENCIA');
    assert.deepEqual(JSON.parse(options.atributos.ramal), [{ id: 2, nome: '2001' }, { id: 3, nome: '2002' }, { id: 5, nome: '2003' }]);
    // No queue: nothing to report — an OK without atributos (not `"filas": []`).
    assert.deepEqual(await c.request('BUSCAR_FILAS'), { tipo: 'NOTIFICACAO', informacao: 'OK', messageId: options.messageId.replace(/\d+$/, (n) => String(Number(n) + 1)) });
    assert.equal((await c.request('PAUSAR', { atributos: { 'pausa-id': 1, 'pausa-acao': 'PAUSAR' } })).informacao, 'OK');
    const paused = await c.event('AGENT_PAUSED');
    assert.deepEqual(paused.atributos, { idPausa: '1', pausa: 'Almoço', descricao: 'Horário de almoço', obs: '' });
    await c.request('PAUSAR', { atributos: { 'pausa-acao': 'DESPAUSAR' } });
    const unpaused = await c.event('AGENT_UNPAUSED');
    // No `tempo-pausa` (our invention in the default variant).
    assert.deepEqual(unpaused.atributos, { idPausa: '1', pausa: 'Almoço', descricao: 'Horário de almoço' });
    const server = await c.request('STATUS_SERVIDOR');
    assert.ok(Object.values(server.atributos).every((v) => typeof v === 'string'), JSON.stringify(server.atributos));
    const { rl } = await ctl(sim, 'dialer', { agent: '1001' });
    const dialer = await c.event('AGENT_RECEIVED_DIALER_CALL');
    assert.equal(dialer.atributos.rl, rl);
    assert.ok(Object.values(dialer.atributos).every((v) => typeof v === 'string'));
  });
});

test('strict: a command error is a NOTIFICACAO with informacao = the description and the erroCod; unreadable lines still get ERRO', async () => {
  await withSim({ strict: true }, async (sim, open) => {
    const c = await open();
    assert.deepEqual(await c.request('STATUS_AGENTE', { agente: '1001' }), { tipo: 'NOTIFICACAO', informacao: 'Autenticação necessária.', erroCod: '2002', messageId: 'm1' });
    assert.deepEqual(await c.loginSingle('1001', 'crm', 'nope'), { tipo: 'NOTIFICACAO', informacao: 'Usuário ou senha inválidos no momento da autenticação.', erroCod: '2000', messageId: 'm2' });
    assert.deepEqual(await c.loginSingle('1001'), { tipo: 'NOTIFICACAO', informacao: 'OK', messageId: 'm3' });
    // A logged-out agent's status: no invented "Deslogado", the documented 1004.
    assert.deepEqual(await c.request('STATUS_AGENTE', {}), { tipo: 'NOTIFICACAO', informacao: 'Agente não encontrado no sistema', erroCod: '1004', messageId: 'm4' });
    await ctl(sim, 'fail-next', { comando: 'BUSCAR_FILAS', erroCod: 9999, informacao: 'Banco fora do ar' });
    assert.deepEqual(await c.request('BUSCAR_FILAS'), { tipo: 'NOTIFICACAO', informacao: 'Banco fora do ar', erroCod: '9999', messageId: 'm5' });
    c.write('{not json\n');
    await c.waitFor(() => c.lines.some((l) => l.json?.erroCod === '9002'), '9002');
    assert.deepEqual(c.lines.find((l) => l.json?.erroCod === '9002').json, { tipo: 'ERRO', informacao: 'Mensagem no formato inválido.', erroCod: '9002' });
    const state = await ctl(sim, 'state');
    assert.equal(state.variants.strict, true);
  });
});

test('strict: no KEEP_ALIVE unless configured (the seed only names the kind); the default variant still sends them', async () => {
  const strict = await startCatixSimulator({ strict: true, pinDelayMs: null, farEndAnswerMs: null });
  const plain = await startCatixSimulator({ ...FAST, keepAliveMs: 20 });
  try {
    assert.equal(strict.control.state().timing.keepAliveMs, null);
    await strict.control.config({ keepAliveMs: 20 });
    const [a, b] = [await connect(strict), await connect(plain)];
    await a.loginSingle();
    await b.loginSingle();
    await b.waitFor(() => b.lines.some((l) => l.json?.tipo === 'KEEP_ALIVE'), 'default keep-alive');
    await a.waitFor(() => a.lines.some((l) => l.json?.tipo === 'KEEP_ALIVE'), 'configured strict keep-alive');
    a.close();
    b.close();
    await strict.control.reset();
    assert.equal(strict.control.state().timing.keepAliveMs, null);
    const d = await connect(strict);
    await d.loginSingle();
    await sleep(80);
    assert.ok(!d.lines.some((l) => l.json?.tipo === 'KEEP_ALIVE'));
    d.close();
  } finally {
    await strict.close();
    await plain.close();
  }
});

test('strict: a queue call’s ANSWER has no origem-tipo; STATUS_AGENTE shows the number formatted as the examples', async () => {
  await withSim({ strict: true }, async (sim, open) => {
    const c = await loggedInAgent(sim, open);
    await ctl(sim, 'inbound', { agent: '1001', from: '1733335555' });
    const answer = await c.event('ANSWER');
    assert.deepEqual(Object.keys(answer.atributos).sort(), ['linked-rl', 'numero-discado', 'origem-nome', 'rl']);
    assert.equal(answer.atributos['origem-nome'], 'RECEPCAO');
    assert.equal((await c.request('STATUS_AGENTE')).atributos.numero_discado, '(17) 3333-5555');
    await ctl(sim, 'hangup', { agent: '1001' });
    assert.equal((await c.request('DISCAR', { numeroDiscado: '017991491234' })).informacao, 'OK');
    const dialing = await c.event('DIALING');
    assert.equal(dialing.atributos['origem-tipo'], 'AGENTE');
    assert.equal((await c.request('STATUS_AGENTE')).atributos.numero_discado, '(17) 99149-1234');
  });
});

test('strict: the events a command causes come before its answer (the seed does not order them); SAIR still answers first', async () => {
  await withSim({ strict: true }, async (sim, open) => {
    const c = await loggedInAgent(sim, open);
    c.send({ tipo: 'ACAO', comando: 'PAUSAR', atributos: { 'pausa-id': '1', 'pausa-acao': 'PAUSAR' }, messageId: 'p1' });
    await c.answer('p1');
    const order = c.lines.map((l) => l.json?.messageId === 'p1' ? 'answer' : l.json?.informacao).filter((x) => x === 'answer' || x === 'AGENT_PAUSED');
    assert.deepEqual(order, ['AGENT_PAUSED', 'answer']);
    c.send({ tipo: 'ACAO', comando: 'SAIR', messageId: 's1' });
    assert.equal((await c.answer('s1')).informacao, 'OK');
    await c.waitFor(() => c.closed, 'closed');
  });
});

test('strict: answers to commands sent together come last first (seed L72-73: matched by messageId, multi thread); single-user events name no agent (L56)', async () => {
  await withSim({ strict: true }, async (sim, open) => {
    const c = await loggedInAgent(sim, open);
    // One write, three commands: the answers carry their ids, in the reverse order.
    c.write(['q1', 'q2', 'q3'].map((messageId, i) => `${JSON.stringify({ tipo: 'ACAO', comando: ['STATUS_AGENTE', 'BUSCAR_FILAS', 'BUSCAR_TIPOS_PAUSA'][i], messageId })}\n`).join(''));
    for (const id of ['q1', 'q2', 'q3']) await c.answer(id);
    assert.deepEqual(c.lines.map((l) => l.json?.messageId).filter((id) => /^q\d$/.test(id)), ['q3', 'q2', 'q1']);
    assert.equal(c.lines.find((l) => l.json?.messageId === 'q1').json.atributos.status, 'Disponível');
    // The AGENT_LOGIN this single-user connection got has no `agente`; a multi-user connection's names the agent.
    assert.equal('agente' in (await c.event('AGENT_LOGIN')), false);
    const m = await open();
    await m.loginMulti();
    await c.request('PAUSAR', { atributos: { 'pausa-id': '1', 'pausa-acao': 'PAUSAR' } });
    assert.equal((await m.event('AGENT_PAUSED')).agente, '1001');
    assert.equal('agente' in (await c.event('AGENT_PAUSED')), false);
    // SAIR: whatever is pending goes out, then the close.
    c.send({ tipo: 'ACAO', comando: 'STATUS_AGENTE', messageId: 'q4' });
    c.send({ tipo: 'ACAO', comando: 'SAIR', messageId: 's1' });
    await c.waitFor(() => c.closed, 'closed');
    assert.ok(['q4', 's1'].every((id) => c.lines.some((l) => l.json?.messageId === id)));
  });
});
