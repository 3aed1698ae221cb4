// Catix (Catelani) CTI integration server simulator: JSON lines over raw TCP, built from the vendor's
// document (/work/shared/seeds/000_32f00a6f77d5d310.txt: connection and message format) and the digest
// /work/shared/protocols/catix.md (command and event lists). See README.md next to this file for the
// choices made where the documents are silent.
//
// Two servers:
//   * the Catix integration server on `port` (node:net): one JSON object per line, `\n` terminated. It can
//     be stopped and started again (control `stop` / `start`) on the same port;
//   * the control server on `controlPort` (node:http): /_sim/… JSON routes, always on.
import net from 'node:net';
import http from 'node:http';

// ---------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------

/** The integration's error table (public Catix documentation, "Lista de Erros"). */
export const CATIX_ERRORS = Object.freeze({
  1000: 'Parâmetro obrigatório faltando.',
  1001: 'Parâmetro inválido.',
  1002: 'Atributo obrigatório faltando.',
  1003: 'Atributo inválido.',
  1004: 'Agente não encontrado.',
  1005: 'Não há último número discado para o agente. Comando (REDISCAR).',
  1006: 'Não foi encontrado ramal para o número digitado na transferencia.',
  1007: 'O agente já está logado no sistema!',
  1008: 'Não foi encontrado informações de pausa para o agente.',
  1009: 'Pausa foi excluida do Catix.',
  1010: 'Atributo obrigatório inválido.',
  2000: 'Usuário ou senha inválidos no momento da autenticação.',
  2001: 'Usuário não encontrado.',
  2002: 'Autenticação necessária.',
  9000: 'Funcionalidade não implementada.',
  9001: 'Mensagem em branco.',
  9002: 'Mensagem no formato inválido.',
  9999: 'Erro não esperado.',
});

/** Status texts of STATUS_AGENTE (the documented ones, plus `Deslogado`: our choice for a logged-out agent). */
export const STATUS = Object.freeze({
  LoggedOut: 'Deslogado',
  Available: 'Disponível',
  Dialing: 'Discando',
  InCall: 'Em ligação',
  Paused: 'Pausado',
  PostCall: 'Pós Atendimento',
});

const POST_CALL_PAUSE = Object.freeze({ id: '0', nome: 'Pós Atendimento', descricao: 'Pausa automática para pós atendimento.' });

const DEFAULT_ACCOUNTS = [{ user: 'crm', password: 'secret' }];
const DEFAULT_AGENTS = ['1001', '1002', '1003'].map((id) => ({ id, name: `Agente ${id}` }));
const DEFAULT_EXTENSIONS = ['2001', '2002', '2003'];
const DEFAULT_PAUSE_TYPES = [
  { id: 1, nome: 'Almoço', descricao: 'Horário de almoço', exigeObs: false, limiteMinutos: 60 },
  { id: 2, nome: 'Outra tarefa', descricao: 'Atividade diferente do cargo', exigeObs: true, limiteMinutos: 30 },
  { id: 3, nome: 'Banheiro', descricao: 'Pausa pessoal', exigeObs: false, limiteMinutos: 10 },
];
const DEFAULT_TRANSFER_OPTIONS = [
  { id: 2, nome: '2001' },
  { id: 3, nome: '2002' },
  { id: 5, nome: '2003' },
];
const DEFAULT_QUEUES = [
  { id: 154, nome: 'RECEPCAO', tipoFila: 'Ramal' },
  { id: 155, nome: 'COBRANCA_GERAL', tipoFila: 'Agente' },
];

/** Documented values of `atributos["pausa-acao"]`: only `PAUSAR` is documented; `DESPAUSAR` is our choice. */
const DEFAULT_UNPAUSE_VALUES = ['DESPAUSAR'];

const MAX_LINE_CHARS = 1 << 20;
/** Strict: answers to commands that arrive within this many ms go out together, in the reverse order. */
const ANSWER_WINDOW_MS = 5;
const LOG_LIMIT = 500;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

class CatixError extends Error {
  /** @param {number} code @param {string} [message] */
  constructor(code, message) {
    super(message || CATIX_ERRORS[code] || 'Erro');
    this.code = code;
  }
}
const fail = (code, message) => { throw new CatixError(code, message); };

/** A non-empty trimmed string from a string or a finite number, else undefined. */
function text(v) {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string' && v.trim()) return v.trim();
  return undefined;
}

const pad = (n) => String(n).padStart(2, '0');
/** Seconds → `hh:mm:ss`. */
function hhmmss(totalSeconds) {
  const s = Math.max(0, Math.floor(totalSeconds));
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}
/** A Date → `dd/MM/yyyy HH:mm:ss` (local time, as the document's `agendamento-data-hora`). */
function brDateTime(date) {
  return `${pad(date.getDate())}/${pad(date.getMonth() + 1)}/${date.getFullYear()} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** A number as the public STATUS_AGENTE examples show it: `(17) 99149-1234` for 10/11-digit numbers (a leading 0 dropped). */
function displayNumber(number) {
  const d = String(number).replace(/^0(?=\d{10,11}$)/, '');
  const m = /^(\d{2})(\d{4,5})(\d{4})$/.exec(d);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : String(number);
}

/** A copy of a received message safe to log: `senha` masked. */
function redact(msg) {
  if (!msg || typeof msg !== 'object' || Array.isArray(msg)) return msg;
  const out = { ...msg };
  if (out.atributos && typeof out.atributos === 'object' && !Array.isArray(out.atributos)) {
    out.atributos = { ...out.atributos };
    if ('senha' in out.atributos) out.atributos.senha = '***';
  }
  return out;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => { server.off('error', reject); resolve(undefined); });
  });
}

function checkMs(name, value, { nullable = false } = {}) {
  if (value === null && nullable) return null;
  if (typeof value !== 'number' || !(value >= 0)) throw new Error(`${name} must be a number ≥ 0${nullable ? ' or null' : ''}`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// The simulator
// ---------------------------------------------------------------------------------------------

/**
 * Start a Catix integration server simulator.
 * @param {object} [options] see README.md
 * @returns {Promise<{url:string, controlUrl:string, port:number, controlPort:number, control:object,
 *   close():Promise<void>, closeSync():void}>}
 */
export async function startCatixSimulator(options = {}) {
  const opts = {
    port: 0, host: '127.0.0.1', controlPort: 0, cors: true, encoding: 'utf-8',
    ...options,
  };
  // `strict`: only what the documents show; where they are silent, the least convenient plausible form (README).
  const strict = options.strict === true;
  if (opts.encoding !== 'utf-8' && opts.encoding !== 'latin1') throw new Error("encoding must be 'utf-8' or 'latin1'");
  const accounts = (options.accounts || DEFAULT_ACCOUNTS).map((a) => ({ user: String(a.user), password: String(a.password) }));
  const agentDefs = (options.agents || DEFAULT_AGENTS).map((a) => ({ id: String(a.id), name: String(a.name ?? `Agente ${a.id}`) }));
  const extensions = (options.extensions || DEFAULT_EXTENSIONS).map(String);
  const pauseTypes = (options.pauseTypes || DEFAULT_PAUSE_TYPES).map((p) => ({ ...p }));
  const transferOptions = (options.transferOptions || DEFAULT_TRANSFER_OPTIONS).map((t) => ({ ...t }));
  const queues = (options.queues || DEFAULT_QUEUES).map((q) => ({ ...q }));
  const initialTiming = {
    // The seed names KEEP_ALIVE as a message kind and nothing more: a strict server sends none unless asked.
    keepAliveMs: checkMs('keepAliveMs', options.keepAliveMs !== undefined ? options.keepAliveMs : strict ? null : 30000, { nullable: true }),
    pinDelayMs: checkMs('pinDelayMs', options.pinDelayMs === undefined ? 300 : options.pinDelayMs, { nullable: true }),
    farEndAnswerMs: checkMs('farEndAnswerMs', options.farEndAnswerMs === undefined ? 1500 : options.farEndAnswerMs, { nullable: true }),
    postCallPauseMs: checkMs('postCallPauseMs', options.postCallPauseMs === undefined ? null : options.postCallPauseMs, { nullable: true }),
  };
  const initialVariants = {
    eventTipo: options.eventTipo ?? 'EVENT',
    unpauseValues: [...(options.unpauseValues ?? DEFAULT_UNPAUSE_VALUES)],
  };

  // ----- timers -----
  const timers = new Set();
  const later = (ms, fn) => {
    const t = setTimeout(() => { timers.delete(t); fn(); }, Math.max(0, ms));
    timers.add(t);
    return t;
  };
  const cancel = (t) => { if (t) { clearTimeout(t); timers.delete(t); } };
  const cancelAll = () => { for (const t of [...timers]) cancel(t); };

  // ----- state -----
  function freshAgent(def) {
    return {
      id: def.id, name: def.name,
      /** 'logged-out' | 'available' | 'paused' | 'post-call' (a call is tracked apart). */
      state: 'logged-out', since: Date.now(), extension: null,
      pause: null, pendingLogin: null, call: null, lastNumber: null, postCallTimer: null,
    };
  }
  /** What the Catix server knows; forgotten on reset only (stop/start keeps it, like a restarted socket service). */
  function freshCatix() {
    return {
      agents: new Map(agentDefs.map((d) => [d.id, freshAgent(d)])),
      nextRl: 5000,
      ended: [],
      transfers: [],
      scheduled: [],
      counters: { received: 0, actions: 0, connections: 0 },
      startedAt: new Date(),
    };
  }
  function freshSim() {
    return { timing: { ...initialTiming }, variants: { ...initialVariants, unpauseValues: [...initialVariants.unpauseValues] }, failNext: [], frozen: false, log: [], keepAlivesReceived: 0 };
  }
  let C = freshCatix();
  let S = freshSim();

  /** @type {Set<{id:number, socket:net.Socket, buffer:string, discarding:boolean, mode:null|'single'|'multi', agent:string|null, user:string|null, dead:boolean}>} */
  const clients = new Set();
  let nextClientId = 1;
  let server = null;
  let running = false;
  let closed = false;
  let port = opts.port;
  let keepAliveTimer = null;

  // ------------------------------------------------------------------------------------------
  // Wire output
  // ------------------------------------------------------------------------------------------

  function write(client, textOut) {
    if (client.dead || S.frozen || client.socket.destroyed) return;
    client.socket.write(Buffer.from(textOut, opts.encoding === 'latin1' ? 'latin1' : 'utf8'));
  }
  const send = (client, msg) => write(client, `${JSON.stringify(msg)}\n`);

  /**
   * `atributos` as a strict server sends them. The seed: "Parâmetros no formato de Mapa, Chave -> Valor", and
   * every value it shows is a string — so, as a string map would: every value a string, lists and objects as
   * JSON text, and a list with nothing in it left out (a key with nothing to report is not sent). Default:
   * as given (JSON lists and numbers, like the public examples).
   */
  function wireAttrs(atributos) {
    if (!strict || atributos === undefined) return atributos;
    const out = {};
    for (const [k, v] of Object.entries(atributos)) {
      if (Array.isArray(v) && v.length === 0) continue;
      if (typeof v === 'string') out[k] = v;
      else if (v === null || v === undefined) out[k] = '';
      else if (typeof v === 'object') out[k] = JSON.stringify(v);
      else out[k] = String(v);
    }
    return out;
  }

  /** Whether `client` receives events about `agentId` (multi-user: every agent; single-user: its own). */
  const listens = (client, agentId) => client.mode === 'multi' || (client.mode === 'single' && (agentId === undefined || client.agent === agentId));

  function event(agentId, informacao, atributos, { tipo } = {}) {
    const msg = { tipo: tipo ?? S.variants.eventTipo, ...(agentId !== undefined ? { agente: agentId } : {}), informacao };
    if (atributos !== undefined) msg.atributos = wireAttrs(atributos);
    // Strict: the seed gives `agente` to MULTI_LOGIN only (L56: "Usado no modo MULTI_LOGIN para informar a qual
    // usuário"); a single-user connection is its agent's already (L20): its events do not name the agent.
    const { agente: _agent, ...anonymous } = msg;
    for (const c of clients) if (listens(c, agentId)) send(c, strict && c.mode === 'single' ? anonymous : msg);
    return msg;
  }

  function scheduleKeepAlive() {
    cancel(keepAliveTimer);
    keepAliveTimer = null;
    const ms = S.timing.keepAliveMs;
    if (!running || ms === null || ms <= 0) return;
    keepAliveTimer = later(ms, () => {
      keepAliveTimer = null;
      for (const c of clients) if (c.mode) send(c, { tipo: 'KEEP_ALIVE' });
      scheduleKeepAlive();
    });
  }

  // ------------------------------------------------------------------------------------------
  // Agents and calls
  // ------------------------------------------------------------------------------------------

  function agentOrFail(id) {
    const key = text(id);
    if (key === undefined) fail(1000, 'Parâmetro obrigatório faltando: agente.');
    const agent = C.agents.get(key);
    if (!agent) fail(1004, `Agente ${key} não encontrado.`);
    return agent;
  }
  function loggedInOrFail(agent) {
    if (agent.state === 'logged-out') fail(1004, `Agente ${agent.id} não está logado.`);
  }
  function setState(agent, state) {
    if (agent.state !== state) agent.since = Date.now();
    agent.state = state;
  }
  function extensionOf(alias) {
    const key = text(alias);
    return key !== undefined && extensions.includes(key) ? key : undefined;
  }

  function callAttrs(agent, call) {
    // The documents give these fields "only for calls started by an agent" (origem-tipo AGENTE); for a queue
    // call our default says FILA, strict leaves origem-tipo out (nothing documents a value).
    const origin = strict && call.origin.tipo !== 'AGENTE' ? {} : { 'origem-tipo': call.origin.tipo };
    return {
      ...origin,
      'origem-nome': call.origin.nome,
      'numero-discado': call.number,
      rl: call.rl,
      'linked-rl': call.linkedRl,
    };
  }
  function newCall(agent, fields) {
    const rl = String(C.nextRl++);
    const call = {
      rl, linkedRl: fields.linkedRl ?? rl, number: fields.number, kind: fields.kind, state: fields.state,
      origin: fields.origin ?? { tipo: 'AGENTE', nome: agent.name }, startedAt: Date.now(), answeredAt: null,
      timer: null, data: fields.data ?? null, queue: fields.queue ?? null,
    };
    if (call.state === 'active') call.answeredAt = Date.now();
    agent.call = call;
    return call;
  }
  function dial(agent, number) {
    loggedInOrFail(agent);
    if (agent.call) fail(9999, `Agente ${agent.id} já está em ligação.`);
    agent.lastNumber = number;
    const call = newCall(agent, { number, kind: 'agent', state: 'dialing' });
    return () => {
      if (agent.state === 'post-call') leavePostCall(agent, true);
      event(agent.id, 'DIALING', callAttrs(agent, call));
      if (S.timing.farEndAnswerMs !== null) call.timer = later(S.timing.farEndAnswerMs, () => farEndAnswer(agent));
    };
  }
  function farEndAnswer(agent) {
    const call = agent.call;
    if (!call || call.state !== 'dialing') throw new Error(`agent ${agent.id} has no dialing call`);
    cancel(call.timer);
    call.timer = null;
    call.state = 'active';
    call.answeredAt = Date.now();
    event(agent.id, 'ANSWER', callAttrs(agent, call));
  }
  /** The call ends: HANGUP (agent-originated and queue calls carry the call fields), AGENT_COMPLETE, post-call pause. */
  function endCall(agent, how, extra = {}) {
    const call = agent.call;
    if (!call) return;
    cancel(call.timer);
    agent.call = null;
    C.ended.push({ agent: agent.id, rl: call.rl, number: call.number, kind: call.kind, how, answered: call.answeredAt !== null, ...extra });
    if (C.ended.length > 50) C.ended.shift();
    event(agent.id, 'HANGUP', callAttrs(agent, call));
    if (call.answeredAt !== null) {
      event(agent.id, 'AGENT_COMPLETE');
      const postCall = S.timing.postCallPauseMs !== null && how !== 'logoff' && agent.state !== 'logged-out' && agent.state !== 'paused';
      if (postCall) enterPostCall(agent);
    }
  }
  function enterPostCall(agent) {
    setState(agent, 'post-call');
    event(agent.id, 'AGENT_PAUSED', { idPausa: POST_CALL_PAUSE.id, pausa: POST_CALL_PAUSE.nome, descricao: POST_CALL_PAUSE.descricao, obs: '' });
    if (S.timing.postCallPauseMs > 0) agent.postCallTimer = later(S.timing.postCallPauseMs, () => { agent.postCallTimer = null; leavePostCall(agent, true); });
  }
  function leavePostCall(agent, announce) {
    cancel(agent.postCallTimer);
    agent.postCallTimer = null;
    if (agent.state !== 'post-call') return;
    setState(agent, 'available');
    if (announce) event(agent.id, 'AGENT_UNPAUSED', { idPausa: POST_CALL_PAUSE.id, pausa: POST_CALL_PAUSE.nome, descricao: POST_CALL_PAUSE.descricao });
  }
  function completeLogin(agent) {
    const pending = agent.pendingLogin;
    if (!pending) throw new Error(`agent ${agent.id} has no pending login`);
    cancel(pending.timer);
    agent.pendingLogin = null;
    agent.extension = pending.extension;
    agent.pause = null;
    setState(agent, 'available');
    event(agent.id, 'AGENT_LOGIN', { 'ramal-agente': pending.extension });
  }
  function logoff(agent) {
    if (agent.call) endCall(agent, 'logoff');
    cancel(agent.postCallTimer);
    agent.postCallTimer = null;
    agent.extension = null;
    agent.pause = null;
    setState(agent, 'logged-out');
    event(agent.id, 'AGENT_LOGOFF');
  }

  function pauseAgent(agent, type, obs) {
    cancel(agent.postCallTimer);
    agent.postCallTimer = null;
    agent.pause = { id: String(type.id), nome: type.nome, descricao: type.descricao, obs, limiteMinutos: type.limiteMinutos ?? 0 };
    agent.since = Date.now();
    agent.state = 'paused';
    event(agent.id, 'AGENT_PAUSED', { idPausa: type.id, pausa: type.nome, descricao: type.descricao, obs });
  }
  function unpauseAgent(agent) {
    if (agent.state === 'post-call') return leavePostCall(agent, true);
    if (agent.state !== 'paused') return undefined;
    const pause = agent.pause;
    const seconds = Math.floor((Date.now() - agent.since) / 1000);
    agent.pause = null;
    setState(agent, 'available');
    // `tempo-pausa`: our name for the changelog's "time spent" (not in the documents): strict leaves it out.
    event(agent.id, 'AGENT_UNPAUSED', { idPausa: Number(pause.id), pausa: pause.nome, descricao: pause.descricao, ...(strict ? {} : { 'tempo-pausa': String(seconds) }) });
    return undefined;
  }

  // ----- board load (control route `board`; off unless asked): extra agents and a steady stream of their changes -----
  /** `{ ids, perSecond, timer, startedAt, emitted, changes, next }`: the agents the route added and the churn. */
  let board = { ids: [], perSecond: 0, timer: null, startedAt: 0, emitted: 0, changes: 0, next: 0 };
  function stopChurn() {
    if (board.timer) clearInterval(board.timer);
    board.timer = null;
    board.perSecond = 0;
  }
  /** One change of the next board agent, as the agent panel would make it: pause (type 1) ↔ unpause. */
  function churnOne() {
    const id = board.ids[board.next++ % board.ids.length];
    const agent = C.agents.get(id);
    if (!agent || agent.state === 'logged-out' || agent.call || agent.pendingLogin) return;
    if (agent.state === 'paused' || agent.state === 'post-call') unpauseAgent(agent);
    else pauseAgent(agent, pauseTypes[0], '');
    board.changes++;
  }
  function startChurn(perSecond) {
    stopChurn();
    if (!(perSecond > 0) || board.ids.length === 0) return;
    board.perSecond = perSecond;
    board.startedAt = Date.now();
    board.emitted = 0;
    // Every 10 ms, the changes due by now (a timer that fires late catches up; never more than one second's worth).
    board.timer = setInterval(() => {
      if (!running || S.frozen) return;
      const due = Math.min(perSecond, Math.floor(((Date.now() - board.startedAt) * perSecond) / 1000) - board.emitted);
      for (let i = 0; i < due; i++) churnOne();
      board.emitted += Math.max(0, due);
    }, 10);
  }

  function statusAttrs(agent) {
    const call = agent.call;
    let status;
    let obs = '-';
    let tempo = '-';
    let numero = '-';
    const since = (t) => hhmmss((Date.now() - t) / 1000);
    if (agent.state === 'logged-out') status = STATUS.LoggedOut;
    else if (call) {
      status = call.state === 'dialing' ? STATUS.Dialing : STATUS.InCall;
      const tipo = call.kind === 'dialer' ? 'Preditivo' : call.kind === 'queue' ? 'Entrante' : 'Sainte';
      obs = `<b>Tipo Ligação:</b><i> ${tipo}</i> <b>Tronco:</b><i> 170017</i> <b>Tipo de Número:</b><i> Móvel DDD</i> `;
      if (call.kind === 'dialer') obs += `<b>Campanha:</b><i> ${call.data?.['campanha-id'] ?? ''}</i> <b>Contato: </b><i> ${call.data?.['contato-id'] ?? ''}</i> `;
      tempo = since(call.state === 'active' ? call.answeredAt : call.startedAt);
      numero = call.number;
    } else if (agent.state === 'paused') {
      status = STATUS.Paused;
      obs = `Motivo: ${agent.pause.nome}${agent.pause.obs ? ` - Obs: ${agent.pause.obs}` : ''}`;
      tempo = since(agent.since);
    } else if (agent.state === 'post-call') {
      status = STATUS.PostCall;
      obs = POST_CALL_PAUSE.descricao;
      tempo = since(agent.since);
    } else {
      status = STATUS.Available;
    }
    return {
      obs, tempo, nome: agent.name, ramal_fisico: agent.extension ?? '-', idAgente: agent.id,
      // Strict: formatted as the public examples show it ("(17) 99149-1234"), not as dialed.
      numero_discado: strict ? displayNumber(numero) : numero, status,
    };
  }

  // ------------------------------------------------------------------------------------------
  // Commands: validate first, then change state. Return `{ atributos?, after? }`: `after` runs once the
  // NOTIFICACAO went out (events caused by a command follow its answer).
  // ------------------------------------------------------------------------------------------

  const authenticate = (msg) => {
    const a = msg.atributos;
    if (!a || typeof a !== 'object' || Array.isArray(a)) fail(1002, 'Atributo obrigatório faltando: usuario, senha.');
    const user = text(a.usuario);
    if (user === undefined || typeof a.senha !== 'string' && typeof a.senha !== 'number') fail(1002, 'Atributo obrigatório faltando: usuario, senha.');
    const account = accounts.find((x) => x.user === user);
    if (!account || account.password !== String(a.senha)) fail(2000);
    return user;
  };

  const handlers = {
    LOGAR_SINGLE_USER(msg, client) {
      const user = authenticate(msg);
      const agent = agentOrFail(msg.agente);
      client.mode = 'single';
      client.agent = agent.id;
      client.user = user;
      return {};
    },
    LOGAR_MULTI_USER(msg, client) {
      const user = authenticate(msg);
      client.mode = 'multi';
      client.agent = null;
      client.user = user;
      return {};
    },
    AGENTE_LOGAR(msg, _client, agent) {
      const ramal = text(msg.atributos?.['login-ramal']);
      if (ramal === undefined) fail(1002, 'Atributo obrigatório faltando: login-ramal.');
      const extension = extensionOf(ramal);
      if (!extension) fail(1003, `Atributo inválido: ramal ${ramal} não encontrado.`);
      if (agent.state !== 'logged-out') fail(1007);
      for (const other of C.agents.values()) {
        if (other !== agent && (other.extension === extension || other.pendingLogin?.extension === extension)) fail(9999, `Ramal ${extension} em uso pelo agente ${other.id}.`);
      }
      cancel(agent.pendingLogin?.timer);
      agent.pendingLogin = { extension, at: Date.now(), timer: null };
      return {
        after() {
          if (S.timing.pinDelayMs !== null && agent.pendingLogin) {
            agent.pendingLogin.timer = later(S.timing.pinDelayMs, () => { if (agent.pendingLogin) completeLogin(agent); });
          }
        },
      };
    },
    AGENTE_DESLOGAR(_msg, _client, agent) {
      if (agent.pendingLogin && agent.state === 'logged-out') {
        cancel(agent.pendingLogin.timer);
        agent.pendingLogin = null;
        return {};
      }
      loggedInOrFail(agent);
      return { after: () => logoff(agent) };
    },
    DISCAR(msg, _client, agent) {
      const number = text(msg.numeroDiscado);
      if (number === undefined) fail(1000, 'Parâmetro obrigatório faltando: numeroDiscado.');
      if (!/^[0-9*#]{2,32}$/.test(number)) fail(1001, `Parâmetro inválido: numeroDiscado ${number}.`);
      return { after: dial(agent, number) };
    },
    REDISCAR(_msg, _client, agent) {
      loggedInOrFail(agent);
      if (!agent.lastNumber) fail(1005);
      return { after: dial(agent, agent.lastNumber) };
    },
    PAUSAR(msg, _client, agent) {
      const a = msg.atributos && typeof msg.atributos === 'object' && !Array.isArray(msg.atributos) ? msg.atributos : {};
      const acao = text(a['pausa-acao']);
      if (acao === undefined) fail(1002, 'Atributo obrigatório faltando: pausa-acao.');
      loggedInOrFail(agent);
      if (acao.toUpperCase() === 'PAUSAR') {
        const id = text(a['pausa-id']);
        if (id === undefined) fail(1002, 'Atributo obrigatório faltando: pausa-id.');
        const type = pauseTypes.find((p) => String(p.id) === id);
        if (!type) fail(1003, `Atributo inválido: pausa-id ${id}.`);
        const obs = typeof a['pausa-obs'] === 'string' ? a['pausa-obs'].trim() : '';
        if (type.exigeObs && !obs) fail(1002, `Atributo obrigatório faltando: pausa-obs (a pausa ${type.nome} exige observação).`);
        if (agent.call) fail(9999, `Agente ${agent.id} está em ligação.`);
        return { after: () => pauseAgent(agent, type, obs) };
      }
      if (S.variants.unpauseValues.some((v) => v.toUpperCase() === acao.toUpperCase())) {
        return { after: () => unpauseAgent(agent) };
      }
      return fail(1003, `Atributo inválido: pausa-acao ${acao}.`);
    },
    STATUS_AGENTE(_msg, _client, agent) {
      // No document shows the status of an agent that is not logged in (`Deslogado` is our choice); strict
      // answers the documented 1004 "Agente não encontrado" instead.
      if (strict && agent.state === 'logged-out') fail(1004, 'Agente não encontrado no sistema');
      return { atributos: statusAttrs(agent) };
    },
    INFORMACAO_PAUSA(_msg, _client, agent) {
      if (agent.state !== 'paused' || !agent.pause) fail(1008);
      const p = agent.pause;
      return {
        atributos: {
          'id-pausa': p.id, pausa: p.nome, descricao: p.descricao, 'tempo-limite': `${p.limiteMinutos ?? 0} minutos`,
          'tempo-decorrido': String(Math.floor((Date.now() - agent.since) / 1000)), obs: p.obs,
        },
      };
    },
    DESLIGAR_CHAMADA(_msg, _client, agent) {
      loggedInOrFail(agent);
      if (!agent.call) fail(9999, `Agente ${agent.id} não está em ligação.`);
      return { after: () => endCall(agent, 'agent') };
    },
    BUSCAR_TIPOS_PAUSA() {
      return { atributos: { pausas: pauseTypes.map((p) => ({ id: p.id, nome: p.nome, descricao: p.descricao, exigeObs: !!p.exigeObs })) } };
    },
    BUSCAR_RAMAIS() {
      return { atributos: Object.fromEntries(extensions.map((e) => [e, e])) };
    },
    TRANSFERIR(msg, _client, agent) {
      loggedInOrFail(agent);
      let target;
      const number = text(msg.numeroDiscado);
      if (number !== undefined) {
        target = extensionOf(number);
        if (!target) fail(1006);
      } else {
        const destino = text(msg.destino);
        if (destino === undefined) fail(1000, 'Parâmetro obrigatório faltando: destino ou numeroDiscado.');
        if (destino !== 'Ramal') fail(1001, `Parâmetro inválido: destino ${destino}.`);
        const id = text(msg.idDestino);
        if (id === undefined) fail(1000, 'Parâmetro obrigatório faltando: idDestino.');
        const option = transferOptions.find((t) => String(t.id) === id);
        if (!option) fail(1001, `Parâmetro inválido: idDestino ${id}.`);
        target = String(option.nome);
      }
      if (!agent.call) fail(9999, `Agente ${agent.id} não está em ligação.`);
      const rl = agent.call.rl;
      return {
        after() {
          C.transfers.push({ agent: agent.id, rl, to: target, via: number !== undefined ? 'numeroDiscado' : 'idDestino' });
          endCall(agent, 'transferred', { transferredTo: target });
        },
      };
    },
    BUSCAR_OPCOES_TRANSFERENCIA() {
      return { atributos: { ramal: transferOptions.map((t) => ({ id: t.id, nome: t.nome })) } };
    },
    BUSCAR_FILAS() {
      return { atributos: { filas: queues.map((q) => ({ id: q.id, nome: q.nome, tipoFila: q.tipoFila })) } };
    },
    STATUS_SERVIDOR(_msg, _client) {
      const list = [...clients];
      return {
        atributos: {
          'usuarios-multi-user': list.filter((c) => c.mode === 'multi').length,
          requisicoes: C.counters.received,
          'acoes-executadas': C.counters.actions,
          'tempo-rodando': `${Math.floor((Date.now() - C.startedAt.getTime()) / 1000)} Segundos`,
          'total-usuarios': list.filter((c) => c.mode).length,
          'total-conexoes': list.length,
          'data-inicializacao': brDateTime(C.startedAt),
          versao: '1.2.0-sim',
          'usuarios-single-user': list.filter((c) => c.mode === 'single').length,
          'conexoes-recebidas': C.counters.connections,
        },
      };
    },
    SAIR(_msg, client) {
      return { after: () => { client.socket.end(); } };
    },
  };
  /** Commands that act on an agent (`agente`, or the single-user connection's agent). */
  const AGENT_COMMANDS = new Set(['AGENTE_LOGAR', 'AGENTE_DESLOGAR', 'DISCAR', 'REDISCAR', 'PAUSAR', 'STATUS_AGENTE',
    'INFORMACAO_PAUSA', 'DESLIGAR_CHAMADA', 'TRANSFERIR']);
  const NO_AUTH = new Set(['LOGAR_SINGLE_USER', 'LOGAR_MULTI_USER', 'SAIR']);

  /** Run one command; `client` is null for the agent panel (control route `panel`). Returns the reply. */
  function execute(msg, client) {
    const messageId = msg.messageId;
    const reply = (extra) => ({ ...extra, ...(messageId !== undefined ? { messageId } : {}) });
    // Strict: the answer to a command is a NOTIFICACAO whose informacao is "OK" or the error's description, with
    // the erroCod (seed: "responde o cliente na forma de uma Notificação"; "Informacao … em respostas
    // normalmente informa 'OK' ou a descrição do erro"). Default: tipo ERRO, as the public error example.
    const error = (err) => reply({ tipo: strict ? 'NOTIFICACAO' : 'ERRO', informacao: err.message, erroCod: String(err.code) });
    let after;
    try {
      if (msg.tipo !== undefined && msg.tipo !== 'ACAO') fail(1001, `Parâmetro inválido: tipo ${String(msg.tipo)}.`);
      const comando = text(msg.comando);
      if (comando === undefined) fail(1000, 'Parâmetro obrigatório faltando: comando.');
      const name = comando.toUpperCase();
      if (client && !client.mode && !NO_AUTH.has(name)) fail(2002);
      const failure = S.failNext.find((f) => f.comando === name);
      if (failure) {
        failure.count -= 1;
        if (failure.count <= 0) S.failNext.splice(S.failNext.indexOf(failure), 1);
        fail(failure.erroCod, failure.informacao);
      }
      const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
      if (!handler) fail(9000, `Funcionalidade não implementada: ${comando}.`);
      let agent;
      if (AGENT_COMMANDS.has(name)) agent = agentOrFail(msg.agente ?? (client?.mode === 'single' ? client.agent : undefined));
      const result = handler(msg, client, agent) || {};
      after = result.after;
      C.counters.actions += 1;
      const ok = reply({ tipo: 'NOTIFICACAO', informacao: 'OK' });
      const atributos = wireAttrs(result.atributos);
      if (atributos !== undefined && (!strict || Object.keys(atributos).length > 0)) ok.atributos = atributos;
      return { reply: ok, after };
    } catch (err) {
      if (err instanceof CatixError) return { reply: error(err) };
      return { reply: error(new CatixError(9999, `Erro não esperado: ${err && err.message}`)) };
    }
  }

  function logEntry(entry) {
    S.log.push({ t: Date.now(), ...entry });
    if (S.log.length > LOG_LIMIT) S.log.shift();
  }

  function onLine(client, line) {
    if (S.frozen) return;
    C.counters.received += 1;
    if (line.trim() === '') {
      logEntry({ socket: client.id, invalid: 'blank' });
      send(client, { tipo: 'ERRO', informacao: CATIX_ERRORS[9001], erroCod: '9001' });
      return;
    }
    let msg;
    try { msg = JSON.parse(line); } catch { msg = undefined; }
    if (!msg || typeof msg !== 'object' || Array.isArray(msg)) {
      logEntry({ socket: client.id, invalid: msg === undefined ? 'json' : 'not-an-object', text: line.slice(0, 200) });
      send(client, { tipo: 'ERRO', informacao: CATIX_ERRORS[9002], erroCod: '9002' });
      return;
    }
    logEntry({ socket: client.id, message: redact(msg) });
    if (msg.tipo === 'KEEP_ALIVE') {
      S.keepAlivesReceived += 1;
      return;
    }
    const { reply, after } = execute(msg, client);
    // The seed does not order an answer and the events its command causes. Default: the answer first. Strict:
    // the events first (SAIR still answers before the server closes).
    const eventsFirst = strict && after && String(msg.comando).toUpperCase() !== 'SAIR';
    if (eventsFirst) after();
    if (strict) answerUnordered(client, reply, eventsFirst ? undefined : after);
    else send(client, reply);
    if (after && !eventsFirst && !strict) after();
  }

  /**
   * Strict: the seed promises each answer with its command's `messageId`, "usado para identificar as resposta em
   * um ambiente multi thread" (L72-73), not in the order of the commands: the answers to commands that arrive within
   * ANSWER_WINDOW_MS go out together, the last one first. `after` (SAIR's close) goes out with them, at once.
   */
  function answerUnordered(client, reply, after) {
    client.answers.unshift(reply);
    if (!after) {
      client.answerTimer ??= later(ANSWER_WINDOW_MS, () => flushAnswers(client));
      return;
    }
    flushAnswers(client);
    after();
  }
  function flushAnswers(client) {
    cancel(client.answerTimer);
    client.answerTimer = null;
    for (const reply of client.answers.splice(0)) send(client, reply);
  }

  function onData(client, chunk) {
    const textIn = chunk.toString(opts.encoding === 'latin1' ? 'latin1' : 'utf8');
    let start = 0;
    for (;;) {
      const end = textIn.indexOf('\n', start);
      if (end < 0) {
        if (!client.discarding) client.buffer += textIn.slice(start);
        if (client.buffer.length > MAX_LINE_CHARS) {
          client.buffer = '';
          client.discarding = true;
          logEntry({ socket: client.id, invalid: 'too-large' });
          send(client, { tipo: 'ERRO', informacao: CATIX_ERRORS[9002], erroCod: '9002' });
        }
        return;
      }
      if (client.discarding) client.discarding = false;
      else {
        let line = client.buffer + textIn.slice(start, end);
        client.buffer = '';
        if (line.endsWith('\r')) line = line.slice(0, -1);
        if (line.length > MAX_LINE_CHARS) {
          logEntry({ socket: client.id, invalid: 'too-large' });
          send(client, { tipo: 'ERRO', informacao: CATIX_ERRORS[9002], erroCod: '9002' });
        } else onLine(client, line);
      }
      start = end + 1;
    }
  }

  // ------------------------------------------------------------------------------------------
  // TCP server
  // ------------------------------------------------------------------------------------------

  function onConnection(socket) {
    const client = { id: nextClientId++, socket, buffer: '', discarding: false, mode: null, agent: null, user: null, dead: false, answers: [], answerTimer: null };
    clients.add(client);
    C.counters.connections += 1;
    socket.setNoDelay(true);
    socket.on('data', (chunk) => { try { onData(client, chunk); } catch (err) { logEntry({ socket: client.id, invalid: `exception: ${err.message}` }); } });
    socket.on('error', () => {});
    socket.on('close', () => { client.dead = true; clients.delete(client); });
  }

  function killSockets() {
    let n = 0;
    for (const c of [...clients]) {
      c.dead = true;
      c.socket.destroy();
      clients.delete(c);
      n += 1;
    }
    return n;
  }

  async function startCatix() {
    if (running) return;
    server = net.createServer(onConnection);
    await listen(server, port, opts.host);
    port = /** @type {net.AddressInfo} */ (server.address()).port;
    running = true;
    scheduleKeepAlive();
  }
  async function stopCatix() {
    if (!running) return;
    running = false;
    cancel(keepAliveTimer);
    keepAliveTimer = null;
    const s = server;
    server = null;
    killSockets();
    await new Promise((resolve) => s.close(() => resolve(undefined)));
  }

  // ------------------------------------------------------------------------------------------
  // Control API
  // ------------------------------------------------------------------------------------------

  function controlAgent(body) {
    const agent = C.agents.get(text(body.agent ?? body.agente) ?? '');
    if (!agent) throw new Error(`unknown agent ${body.agent ?? body.agente}`);
    return agent;
  }
  function agentView(a) {
    return {
      id: a.id, name: a.name, state: a.state, extension: a.extension, status: statusAttrs(a).status,
      pause: a.pause ? { id: a.pause.id, nome: a.pause.nome, obs: a.pause.obs } : null,
      pendingLogin: a.pendingLogin ? { extension: a.pendingLogin.extension } : null,
      call: a.call ? { rl: a.call.rl, number: a.call.number, kind: a.call.kind, state: a.call.state } : null,
      lastNumber: a.lastNumber,
    };
  }
  function requireLoggedIn(agent) {
    if (agent.state === 'logged-out') throw new Error(`agent ${agent.id} is not logged in`);
  }
  function requireFree(agent) {
    requireLoggedIn(agent);
    if (agent.call) throw new Error(`agent ${agent.id} is already on a call`);
    if (agent.state === 'post-call') leavePostCall(agent, true);
  }

  const control = {
    /** The agent typed the PIN on the extension (`accept: false`: hung up / wrong PIN, the login is dropped). */
    pin(body = {}) {
      const agent = controlAgent(body);
      if (!agent.pendingLogin) throw new Error(`agent ${agent.id} has no pending login`);
      if (body.accept === false) {
        cancel(agent.pendingLogin.timer);
        agent.pendingLogin = null;
        return { agent: agentView(agent) };
      }
      completeLogin(agent);
      return { agent: agentView(agent) };
    },
    /** The far end answers the agent's dialing call. */
    answer(body = {}) {
      const agent = controlAgent(body);
      farEndAnswer(agent);
      return { rl: agent.call.rl };
    },
    /** The far end hangs up the agent's call. */
    hangup(body = {}) {
      const agent = controlAgent(body);
      if (!agent.call) throw new Error(`agent ${agent.id} has no call`);
      const rl = agent.call.rl;
      endCall(agent, 'remote');
      return { rl };
    },
    /** A queue call reaches the agent's extension and is picked up: ANSWER with origem-tipo FILA. */
    inbound(body = {}) {
      const agent = controlAgent(body);
      requireFree(agent);
      const queue = queues.find((q) => String(q.id) === String(body.queue ?? queues[0]?.id)) ?? queues[0];
      const call = newCall(agent, {
        number: String(body.from ?? '1733334444'), kind: 'queue', state: 'active',
        origin: { tipo: 'FILA', nome: queue ? queue.nome : 'FILA' }, queue: queue ? String(queue.id) : null,
      });
      event(agent.id, 'ANSWER', callAttrs(agent, call));
      return { rl: call.rl };
    },
    /** The dialer connects a campaign contact to the agent: AGENT_RECEIVED_DIALER_CALL. */
    dialer(body = {}) {
      const agent = controlAgent(body);
      requireFree(agent);
      const data = {
        'contato-id': String(body['contato-id'] ?? '387076'),
        'contato-cpfcnpj': String(body['contato-cpfcnpj'] ?? '12345678909'),
        'contato-contrato': String(body['contato-contrato'] ?? '123456'),
        'numero-contato-id': String(body['numero-contato-id'] ?? '235041'),
        'numero-contato': String(body['numero-contato'] ?? '1712345678'),
        'campanha-id': String(body['campanha-id'] ?? '18'),
      };
      const call = newCall(agent, { number: data['numero-contato'], kind: 'dialer', state: 'active', data, linkedRl: body['linked-rl'] });
      const atributos = { ...data, rl: call.rl, 'linked-rl': call.linkedRl };
      event(agent.id, 'AGENT_RECEIVED_DIALER_CALL', atributos);
      if (body.alsoAnswer) event(agent.id, 'ANSWER', { ...callAttrs(agent, call), 'origem-tipo': 'DISCADOR', 'origem-nome': 'Discador' });
      return { rl: call.rl };
    },
    /**
     * A scheduled call is coming: SCHEDULED_CALL_COMING. `spelling`: 'COMMING' (the document's example,
     * default) or 'COMING' (its heading); `tipo`: 'EVENTO' (the example, default) or 'EVENT'.
     */
    scheduled(body = {}) {
      const agent = controlAgent(body);
      const due = body.dueAt !== undefined ? new Date(body.dueAt) : new Date(Date.now() + 5 * 60 * 1000);
      if (Number.isNaN(due.getTime())) throw new Error('dueAt must be a date');
      const id = String(body.id ?? 15 + C.scheduled.length);
      const atributos = {
        'agendamento-id': id,
        'agendamento-data-hora': typeof body.dataHora === 'string' ? body.dataHora : brDateTime(due),
        'agendamento-destino-tipo': 'Agente',
        'agendamento-destino-tipo-id': agent.id,
        ...(body.codReferencia !== undefined ? { 'agendamento-cod-referencia': String(body.codReferencia) } : {}),
      };
      C.scheduled.push({ id, agent: agent.id });
      const spelling = body.spelling === 'COMING' ? 'SCHEDULED_CALL_COMING' : 'SCHEDULED_CALL_COMMING';
      const msg = { tipo: body.tipo === 'EVENT' ? 'EVENT' : 'EVENTO', informacao: spelling, atributos: wireAttrs(atributos), messageId: '1' };
      for (const c of clients) if (listens(c, agent.id)) send(c, msg);
      return { id, atributos };
    },
    /** The agent answers a scheduled call: SCHEDULED_CALL_ANSWER (a live call with the scheduling data). */
    scheduledAnswer(body = {}) {
      const agent = controlAgent(body);
      requireFree(agent);
      const number = String(body['numero-contato'] ?? '17991234798');
      const data = {
        'agendamento-id': String(body.id ?? '15'),
        'agendamento-destino-tipo': 'Agente',
        'agendamento-destino-tipo-id': agent.id,
        'agendamento-cod-referencia': String(body.codReferencia ?? '123456789'),
        'contato-id': String(body['contato-id'] ?? '15'),
        'contato-cpfcnpj': String(body['contato-cpfcnpj'] ?? '40002866749'),
        'contato-contrato': String(body['contato-contrato'] ?? '102346123'),
        'numero-contato-id': String(body['numero-contato-id'] ?? '5678'),
        'numero-contato': number,
      };
      const call = newCall(agent, { number, kind: 'scheduled', state: 'active', data });
      const msg = { tipo: body.tipo === 'EVENT' ? 'EVENT' : 'EVENTO', informacao: 'SCHEDULED_CALL_ANSWER', atributos: wireAttrs({ ...data, rl: call.rl, 'linked-rl': call.linkedRl }), messageId: '1' };
      for (const c of clients) if (listens(c, agent.id)) send(c, msg);
      return { rl: call.rl };
    },
    /** Run a command as the Catix agent panel would (no connection): `{ comando, agente, ... }` → the reply. */
    panel(body = {}) {
      const { reply, after } = execute({ tipo: 'ACAO', ...body }, null);
      if (after) after();
      return reply;
    },
    /** `{ agent?, informacao, atributos?, tipo? }`: any event, to the connections that listen to that agent. */
    event(body = {}) {
      if (typeof body.informacao !== 'string' || !body.informacao) throw new Error('informacao is required');
      const agentId = body.agent === undefined && body.agente === undefined ? undefined : String(body.agent ?? body.agente);
      const msg = event(agentId, body.informacao, body.atributos, { tipo: body.tipo });
      return { sent: msg };
    },
    /** `{ comando (or command), erroCod (or code), informacao?, count = 1 }`: the next `count` commands with that name answer ERRO. */
    failNext(body = {}) {
      const comando = text(body.comando ?? body.command);
      if (!comando) throw new Error('comando is required');
      const code = Number(body.erroCod ?? body.code);
      if (!Number.isInteger(code)) throw new Error('erroCod must be an integer');
      S.failNext.push({ comando: comando.toUpperCase(), erroCod: code, informacao: body.informacao, count: Number(body.count) || 1 });
      return { pending: S.failNext.map((f) => ({ ...f })) };
    },
    /** `{ text }` (or `{ raw }`): those characters, as is, to every connection (logged in or not). */
    emit(body = {}) {
      const raw = body.text ?? body.raw;
      if (typeof raw !== 'string') throw new Error('text is required');
      const list = [...clients];
      for (const c of list) write(c, raw);
      return { sockets: list.length };
    },
    /** `{ on }`: a hung server — nothing is written to any connection and received lines are ignored. */
    freeze(body = {}) {
      S.frozen = body.on !== false;
      return { frozen: S.frozen };
    },
    /** Every connection is cut (RST). The server keeps running and keeps its agents and calls. */
    drop() {
      return { dropped: killSockets() };
    },
    async stop() {
      await stopCatix();
      return { running: false };
    },
    async start() {
      if (closed) throw new Error('simulator is closed');
      await startCatix();
      return { running: true, url: tcpUrl() };
    },
    /** `{ keepAliveMs?, pinDelayMs?, farEndAnswerMs?, postCallPauseMs?, eventTipo?, unpauseValues? }` */
    config(body = {}) {
      const next = { ...S.timing };
      for (const key of ['keepAliveMs', 'pinDelayMs', 'farEndAnswerMs', 'postCallPauseMs']) {
        if (body[key] !== undefined) next[key] = checkMs(key, body[key], { nullable: true });
      }
      if (body.eventTipo !== undefined && body.eventTipo !== 'EVENT' && body.eventTipo !== 'EVENTO') throw new Error("eventTipo must be 'EVENT' or 'EVENTO'");
      if (body.unpauseValues !== undefined && (!Array.isArray(body.unpauseValues) || !body.unpauseValues.every((v) => typeof v === 'string' && v))) {
        throw new Error('unpauseValues must be a list of strings');
      }
      const keepAliveChanged = next.keepAliveMs !== S.timing.keepAliveMs;
      S.timing = next;
      if (body.eventTipo !== undefined) S.variants.eventTipo = body.eventTipo;
      if (body.unpauseValues !== undefined) S.variants.unpauseValues = [...body.unpauseValues];
      if (keepAliveChanged) scheduleKeepAlive();
      return { timing: { ...S.timing }, variants: { ...S.variants } };
    },
    /**
     * Board load for a supervisor (benchmarks; off by default): `{ agents = 0, perSecond = 0, firstId = 5001 }`. `agents`:
     * that many more agents (`Agente <id>`, an extension of their own), logged in at once (`AGENT_LOGIN` to every connection
     * that listens to them: the multi-user ones). `perSecond`: that many agent changes per second, one board agent after
     * another, each a pause (`AGENT_PAUSED`, the first pause type) or its end (`AGENT_UNPAUSED`), as the agent panel would
     * do them; `0` stops. → `{ agents, perSecond, changes }` (changes made so far).
     */
    board(body = {}) {
      const add = body.agents === undefined ? 0 : Number(body.agents);
      const perSecond = body.perSecond === undefined ? 0 : Number(body.perSecond);
      if (!Number.isInteger(add) || add < 0 || add > 10000) throw new Error('agents must be an integer 0..10000');
      if (!Number.isFinite(perSecond) || perSecond < 0 || perSecond > 10000) throw new Error('perSecond must be 0..10000');
      let id = body.firstId === undefined ? 5001 : Number(body.firstId);
      for (let n = 0; n < add; id++) {
        const key = String(id);
        if (C.agents.has(key)) continue;
        const agent = freshAgent({ id: key, name: `Agente ${key}` });
        // Their own extension (not added to BUSCAR_RAMAIS: nobody else logs in on it).
        const extension = `7${key}`;
        C.agents.set(key, agent);
        board.ids.push(key);
        agent.pendingLogin = { extension, timer: null };
        completeLogin(agent);
        n++;
      }
      startChurn(perSecond);
      return { agents: board.ids.length, perSecond: board.perSecond, changes: board.changes };
    },
    state() {
      const list = [...clients];
      return {
        running,
        url: tcpUrl(),
        frozen: S.frozen,
        clients: list.map((c) => ({ id: c.id, mode: c.mode, agent: c.agent, user: c.user })),
        agents: [...C.agents.values()].map(agentView),
        ended: C.ended.map((e) => ({ ...e })),
        transfers: C.transfers.map((t) => ({ ...t })),
        timing: { ...S.timing },
        variants: { ...S.variants, unpauseValues: [...S.variants.unpauseValues], strict },
        failNext: S.failNext.map((f) => ({ ...f })),
        keepAlivesReceived: S.keepAlivesReceived,
        board: { agents: board.ids.length, perSecond: board.perSecond, changes: board.changes },
        log: S.log.slice(-200),
      };
    },
    /** Back to the initial state: connections cut, agents and simulator configuration as at start; running. */
    async reset() {
      stopChurn();
      board = { ids: [], perSecond: 0, timer: null, startedAt: 0, emitted: 0, changes: 0, next: 0 };
      killSockets();
      cancelAll();
      keepAliveTimer = null;
      C = freshCatix();
      S = freshSim();
      if (!running) await startCatix();
      else scheduleKeepAlive();
      return { ok: true };
    },
  };
  const controlRoutes = {
    pin: control.pin, answer: control.answer, hangup: control.hangup, inbound: control.inbound, dialer: control.dialer,
    scheduled: control.scheduled, 'scheduled-answer': control.scheduledAnswer, panel: control.panel, event: control.event,
    'fail-next': control.failNext, emit: control.emit, freeze: control.freeze, drop: control.drop, stop: control.stop,
    start: control.start, config: control.config, state: control.state, reset: control.reset, board: control.board,
  };

  // ------------------------------------------------------------------------------------------
  // HTTP plumbing for the control API
  // ------------------------------------------------------------------------------------------

  function corsHeaders(req) {
    if (!opts.cors) return {};
    const origin = req.headers.origin;
    const h = { Vary: 'Origin' };
    if (opts.cors === true) h['Access-Control-Allow-Origin'] = origin || '*';
    else if (Array.isArray(opts.cors) && origin && opts.cors.includes(origin)) h['Access-Control-Allow-Origin'] = origin;
    else return h;
    h['Access-Control-Expose-Headers'] = 'Content-Type';
    return h;
  }
  function sendJson(req, res, status, obj) {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...corsHeaders(req) });
    res.end(JSON.stringify(obj));
  }
  async function handleControl(req, res, url) {
    try {
      if (req.method === 'OPTIONS') {
        const h = corsHeaders(req);
        if (h['Access-Control-Allow-Origin']) {
          h['Access-Control-Allow-Methods'] = 'GET, POST, OPTIONS';
          h['Access-Control-Allow-Headers'] = req.headers['access-control-request-headers'] || 'Content-Type';
          h['Access-Control-Max-Age'] = '600';
          if (req.headers['access-control-request-private-network']) h['Access-Control-Allow-Private-Network'] = 'true';
        }
        req.resume();
        res.writeHead(204, h);
        return res.end();
      }
      const name = url.pathname.slice('/_sim/'.length).replace(/\/$/, '');
      const fn = Object.hasOwn(controlRoutes, name) ? controlRoutes[name] : undefined;
      if (!fn || (req.method !== 'GET' && req.method !== 'POST')) {
        req.resume();
        return sendJson(req, res, 404, { error: `unknown control route ${req.method} ${url.pathname}` });
      }
      const bodyText = await readBody(req);
      let body = {};
      if (bodyText.trim()) {
        try { body = JSON.parse(bodyText); } catch (err) { return sendJson(req, res, 400, { error: `invalid JSON: ${err.message}` }); }
        if (!body || typeof body !== 'object' || Array.isArray(body)) return sendJson(req, res, 400, { error: 'body must be a JSON object' });
      }
      let result;
      try { result = await fn(body); } catch (err) { return sendJson(req, res, 409, { error: String(err && err.message) }); }
      return sendJson(req, res, 200, result);
    } catch (err) {
      if (!res.headersSent) return sendJson(req, res, 500, { error: String(err && err.stack ? err.stack : err) });
      return res.destroy();
    }
  }

  const controlServer = http.createServer((req, res) => {
    const url = new URL(req.url || '/', 'http://localhost');
    if (url.pathname.startsWith('/_sim/') || req.method === 'OPTIONS') return handleControl(req, res, url);
    req.resume();
    return sendJson(req, res, 404, { error: 'the control API lives under /_sim/' });
  });

  await startCatix();
  try {
    await listen(controlServer, opts.controlPort, opts.host);
  } catch (err) {
    await stopCatix();
    throw err;
  }
  const controlPort = /** @type {net.AddressInfo} */ (controlServer.address()).port;
  const hostForUrl = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;
  function tcpUrl() { return `tcp://${hostForUrl}:${port}`; }

  function teardown() {
    if (closed) return [];
    closed = true;
    running = false;
    stopChurn();
    killSockets();
    cancelAll();
    const servers = [server, controlServer].filter(Boolean);
    server = null;
    return servers.map((s) => new Promise((resolve) => {
      s.close(() => resolve(undefined));
      s.closeAllConnections?.();
    }));
  }

  return {
    url: tcpUrl(),
    controlUrl: `http://${hostForUrl}:${controlPort}/_sim`,
    port,
    controlPort,
    control,
    closeSync() { teardown(); },
    async close() { await Promise.all(teardown()); },
  };
}
