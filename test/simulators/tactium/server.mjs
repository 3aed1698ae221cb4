// Tactium IP Integration (socket) simulator: `<field>…$` messages over TCP, built from the vendor
// document "Tactium IP — Integração Socket" (08/04/2016, /work/shared/seeds/003_a5ac27fde8177267.txt)
// and its digest only. See README.md next to this file for the choices made where the document is silent.
//
// Two servers:
//   * the integration socket on `port` (node:net, TCP): what the client (through websockify) talks to.
//     It can be stopped and started again on the same port (/_sim/stop, /_sim/start);
//   * the control server on `controlPort` (node:http): /_sim/… only, always on.
import http from 'node:http';
import net from 'node:net';

// ---------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------

/** Agent status codes (seed 4.6). */
export const STATUS = Object.freeze({ LOGGED_OUT: 0, AVAILABLE: 1, PAUSED: 2, BUSY: 3, AFTER_CALL: 4 });

/** Dialer call outcomes (seed 4.8). */
export const DIALER_OUTCOMES = Object.freeze(['BloquedPhone', 'OutOfArea', 'EletronicResponse', 'Fax']);

/** The supervisor login (seed 4.12). */
export const ADMSOCKET = 'ADMSOCKET';

const DEFAULT_AGENTS = [
  { login: 'jose', status: STATUS.AVAILABLE, extension: '7001' },
  { login: 'maria', status: STATUS.LOGGED_OUT, extension: '7002' },
  { login: 'ana', status: STATUS.AVAILABLE, extension: '7003' },
];
const DEFAULT_SERVICES = ['Serviço_Emprestimo', 'Campanha_Cobrança', 'Vendas'];
const DEFAULT_PAUSE_CODES = ['1', '2', '3'];

/** The error reply's text for each refusal (the seed gives no error form: see README). */
const TEXT = {
  notLoggedIn: 'Agente não está logado',
  busy: 'Agente em atendimento',
  notAfterCall: 'Agente não está em pós-atendimento',
  unknownAgent: 'Agente não encontrado',
  badPause: 'Motivo de pausa inválido',
  badPhone: 'Telefone inválido',
  badService: 'Serviço ou campanha inválido',
  noCall: 'Nenhuma chamada em curso',
  notDialer: 'Ligação não é do discador',
  badDate: 'Data/hora inválida',
  badOutcome: 'Situação inválida',
  badCommand: 'Comando inválido',
  simulated: 'Falha simulada',
};

export const DEFAULT_VARIANTS = Object.freeze({
  /**
   * How a refusal is answered: 'erro-field' → `<login><ERRO><text>$` (default); 'bare-text' → `ERRO: text$`
   * (no angle brackets at all).
   */
  errorForm: 'erro-field',
  /**
   * `<AC>` with no current call (seed 4.11 says nothing of it): 'ok' → `<login><OK>$` (default); 'empty' →
   * `<login><AC>$`; 'empty-call' → an `<A>` with every field blank; 'error' → the error reply; 'none' → no reply.
   */
  noCurrentCallReply: 'ok',
  /** Binding (`<L><ON>` / `<S>`) a login the simulator does not know: 'error' (default) or 'ok' (status 0). */
  unknownAgent: 'error',
  /** Login in replies and events: 'stored' (as configured, default), 'capitalized' (`<Jose><EndCall>$`, seed 4.10). */
  replyLogin: 'stored',
  /** `Socket.SendAttachInfo` (seed 5.1): dialer calls carry the `key=value;` attach info in the last field. */
  sendAttachInfo: true,
  /** Messages are separated by CRLF on the wire (the seed shows none; clients must tolerate both). */
  lineBreaks: false,
  /**
   * What goes in a call message's fields the call does not use: 'blank' (default) or 'zero' — `0` in a dialer id a
   * manual or inbound call has none of and in a DDD left blank, as the seed's own example writes `<0>` in its unused
   * "DDD origem" (5.1, L356/L383); the `empty-call` "no call" answer writes its id and DDDs `0` too.
   */
  unusedFields: 'blank',
  /** How `<A>` / `<R>` messages end: '$' (default) or '<$', as seed 5.1's format line writes it (L351 `<id externo><\$`). */
  callEnd: '$',
});
/**
 * `strict: true` sends only what the seed documents and, where it is silent on a reply's form, the least
 * convenient plausible one: these variant defaults (explicit `variants` still win), plus no `<OK>` for
 * `<ADMSOCKET><L><ON|OFF>$` (4.12 shows no `Retorno`), no reply to `<ADMSOCKET><S>$` (2.1 shows none), and a
 * dial (4.9, no `Retorno`) answered by nothing: its `<A>` event comes `dialConnectMs` later, when the call connects.
 */
export const STRICT_VARIANTS = Object.freeze({
  /** The seed gives no error form: no brackets, no login, nothing to correlate. */
  errorForm: 'bare-text',
  /** Seed 4.11 says nothing of "no call": nothing at all. */
  noCurrentCallReply: 'none',
  /** Seed 4.10 answers `<jose><D>$` with `<Jose><EndCall>$`. */
  replyLogin: 'capitalized',
});
const STRICT_DIAL_CONNECT_MS = 150;

const VARIANT_VALUES = {
  errorForm: ['erro-field', 'bare-text'],
  noCurrentCallReply: ['ok', 'empty', 'empty-call', 'error', 'none'],
  unknownAgent: ['error', 'ok'],
  replyLogin: ['stored', 'capitalized'],
  sendAttachInfo: [true, false],
  lineBreaks: [true, false],
  unusedFields: ['blank', 'zero'],
  callEnd: ['$', '<$'],
};

const ENCODINGS = ['windows-1252', 'iso-8859-1', 'utf-8'];
const LOG_LIMIT = 500;
const MAX_MESSAGE_CHARS = 64 * 1024;

// ---------------------------------------------------------------------------------------------
// Text <-> bytes
// ---------------------------------------------------------------------------------------------

/**
 * windows-1252 bytes 0x80–0x9F (written out: Node's TextDecoder decodes 'windows-1252' as Latin-1).
 * The five undefined bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) stand for themselves, as in the WHATWG decoder.
 */
const CP1252_CHARS = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';
const CP1252_HIGH = new Map([...CP1252_CHARS].map((ch, i) => [ch.codePointAt(0), 0x80 + i]));

/** A stream decoder for the configured encoding (`decode(bytes)` → text). */
function makeDecoder(encoding) {
  if (encoding === 'utf-8') {
    const d = new TextDecoder('utf-8', { fatal: false });
    return { decode: (bytes) => d.decode(bytes, { stream: true }) };
  }
  const table = encoding === 'windows-1252' ? CP1252_CHARS : undefined;
  return {
    decode: (bytes) => {
      let out = '';
      for (const b of bytes) out += table && b >= 0x80 && b <= 0x9f ? table.charAt(b - 0x80) : String.fromCharCode(b);
      return out;
    },
  };
}

function encode(text, encoding) {
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  const out = [];
  for (const ch of text) {
    const code = ch.codePointAt(0);
    if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) out.push(code);
    else if (encoding === 'iso-8859-1' && code <= 0xff) out.push(code);
    else if (encoding === 'windows-1252' && CP1252_HIGH.has(code)) out.push(CP1252_HIGH.get(code));
    else out.push(0x3f);
  }
  return Buffer.from(out);
}

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

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

function checkVariants(changes) {
  const out = {};
  for (const [k, v] of Object.entries(changes)) {
    if (!(k in VARIANT_VALUES)) throw new Error(`unknown variant ${k}`);
    if (!VARIANT_VALUES[k].includes(v)) throw new Error(`variant ${k} must be one of ${VARIANT_VALUES[k].map((x) => JSON.stringify(x)).join(', ')}`);
    out[k] = v;
  }
  return out;
}

const str = (v, fallback = '') => (v === undefined || v === null ? fallback : String(v));
/** A field value as sent: no `<`, `>` or `$` (they would break the framing). */
const field = (v) => str(v).replace(/[<>$]/g, '');
const fields = (...values) => values.map((v) => `<${field(v)}>`).join('');
const isStatus = (v) => Number.isInteger(v) && v >= 0 && v <= 4;

/** `dd/mm/yyyy hh:mm` (seed 4.7) → a valid calendar date/time, else undefined. */
function parseSchedule(text) {
  const m = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [d, mo, y, h, mi] = m.slice(1).map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59) return undefined;
  return `${m[3]}-${m[2]}-${m[1]}T${m[4]}:${m[5]}`;
}

/**
 * Incoming framing: `<f1><f2>…$`; text inside a field is everything up to `>`; anything else between
 * messages (blanks, CR/LF) is skipped; an unfinished message longer than MAX_MESSAGE_CHARS is dropped.
 */
class Framer {
  constructor() { this.reset(); }
  reset() { this.state = 'idle'; this.fields = []; this.cur = ''; this.raw = ''; this.junk = ''; }
  push(text) {
    const out = [];
    for (const c of text) {
      if (this.raw.length > MAX_MESSAGE_CHARS) { out.push({ garbage: this.raw.slice(0, 80) }); this.reset(); }
      if (this.state === 'idle') {
        const blank = /\s/.test(c);
        if ((c === '<' || blank) && this.junk) { out.push({ garbage: this.junk.slice(0, 200) }); this.junk = ''; }
        if (c === '<') { this.state = 'field'; this.raw = c; this.fields = []; this.cur = ''; }
        else if (!blank) this.junk += c;
        continue;
      }
      this.raw += c;
      if (this.state === 'field') {
        if (c === '>') { this.fields.push(this.cur); this.cur = ''; this.state = 'between'; }
        else this.cur += c;
      } else if (c === '<') this.state = 'field';
      else if (c === '$') { out.push({ fields: this.fields, raw: this.raw }); this.reset(); }
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// The simulator
// ---------------------------------------------------------------------------------------------

/**
 * Start a Tactium IP Integration socket simulator.
 * @param {object} [options] see README.md
 * @returns {Promise<{url:string, controlUrl:string, port:number, controlPort:number, control:object,
 *   close():Promise<void>, closeSync():void}>}
 */
export async function startTactiumSimulator(options = {}) {
  const opts = {
    port: 0, host: '127.0.0.1', controlPort: 0, cors: true, encoding: 'windows-1252',
    afterCallWork: true, afterCallMs: null, replyDelayMs: 0, strict: false,
    ...options,
  };
  const strict = opts.strict === true;
  if (!ENCODINGS.includes(opts.encoding)) throw new Error(`encoding must be one of ${ENCODINGS.join(', ')}`);
  const initialAgents = (options.agents || DEFAULT_AGENTS).map(normalizeAgent);
  const initial = {
    services: (options.services || DEFAULT_SERVICES).map(String),
    pauseCodes: (options.pauseCodes || DEFAULT_PAUSE_CODES).map(String),
    variants: { ...DEFAULT_VARIANTS, ...(strict ? STRICT_VARIANTS : {}), ...checkVariants(options.variants || {}) },
    dialConnectMs: typeof options.dialConnectMs === 'number' && options.dialConnectMs >= 0 ? options.dialConnectMs : strict ? STRICT_DIAL_CONNECT_MS : 0,
    afterCallWork: opts.afterCallWork !== false,
    afterCallMs: opts.afterCallMs,
    replyDelayMs: opts.replyDelayMs,
    encoding: opts.encoding,
  };

  function normalizeAgent(a) {
    const login = str(a.login).trim();
    if (!login || /[<>$]/.test(login)) throw new Error(`bad agent login ${JSON.stringify(a.login)}`);
    const status = a.status === undefined ? STATUS.LOGGED_OUT : a.status;
    if (!isStatus(status)) throw new Error(`bad status ${a.status} for ${login}`);
    return { login, status, extension: str(a.extension, ''), pauseCode: status === STATUS.PAUSED ? str(a.pauseCode, '1') : null, call: null, lastCall: null };
  }

  /** Everything `reset` puts back. */
  function fresh() {
    return {
      ...initial,
      variants: { ...initial.variants },
      services: [...initial.services],
      pauseCodes: [...initial.pauseCodes],
      agents: new Map(initialAgents.map((a) => [a.login.toLowerCase(), { ...a }])),
      nextCallId: 1,
      failNext: [],
      muted: false,
      outcomes: [],
      callbacks: [],
      dials: [],
      hangups: [],
      received: [],
      sent: 0,
    };
  }

  let S = fresh();
  /** @type {Set<{id:number, socket:net.Socket, bound:Set<string>, admin:boolean, framer:Framer, decoder:{decode(b:Buffer):string}, alive:boolean}>} */
  const connections = new Set();
  let nextConnId = 1;
  let port = opts.port;
  /** @type {net.Server|null} */
  let server = null;
  let running = false;
  let closed = false;
  const timers = new Set();

  function later(fn, ms) {
    const t = setTimeout(() => { timers.delete(t); fn(); }, ms);
    timers.add(t);
    return t;
  }
  function cancelAll() { for (const t of timers) clearTimeout(t); timers.clear(); }

  // ----- sending -----

  function replyLogin(agent, asSent) {
    const login = agent ? agent.login : asSent;
    return S.variants.replyLogin === 'capitalized' ? login.charAt(0).toUpperCase() + login.slice(1) : login;
  }

  function writeNow(conn, text) {
    if (!conn.alive || conn.socket.destroyed) return;
    const wire = S.variants.lineBreaks ? `${text}\r\n` : text;
    conn.socket.write(encode(wire, S.encoding));
    S.sent += 1;
  }

  /** A reply to the connection that sent the command (after `replyDelayMs`). Muted: nothing. */
  function reply(conn, text) {
    if (S.muted) return;
    if (S.replyDelayMs > 0) later(() => writeNow(conn, text), S.replyDelayMs);
    else writeNow(conn, text);
  }

  function errorReply(conn, login, text) {
    reply(conn, S.variants.errorForm === 'bare-text' ? `ERRO: ${field(text)}$` : `${fields(login, 'ERRO', text)}$`);
  }

  /** An agent's event: to every connection bound to that agent and every ADMSOCKET connection (+ `also`). */
  function deliver(agent, text, also) {
    if (S.muted) return 0;
    const key = agent.login.toLowerCase();
    let n = 0;
    for (const conn of connections) {
      if (conn.admin || conn.bound.has(key) || conn === also) {
        writeNow(conn, text);
        n++;
      }
    }
    return n;
  }

  // ----- calls -----

  /** The `<A>` / `<R>` message of a call (seed 5.1 / 5.2). */
  function callMessage(agent, call) {
    const login = replyLogin(agent);
    const [id, dddOrigin, dddDest] = [call.id, call.dddOrigin, call.dddDest].map(unused);
    const end = S.variants.callEnd;
    if (call.kind === 'R') {
      return `${fields(login, 'R', id, dddOrigin, call.origin, dddDest, call.dest, '---', call.externalId)}${end}`;
    }
    if (call.shape === 'example') {
      // The seed's own example: description, a stray '>', then the attach info (no recording-link field).
      return `${fields(login, 'A', id, dddOrigin, call.origin, dddDest, call.dest, call.description)}>${fields(call.extField)}${end}`;
    }
    return `${fields(login, 'A', id, dddOrigin, call.origin, dddDest, call.dest, call.description, call.recordingCode, call.extField)}${end}`;
  }

  /** A blank field a call does not use, as `unusedFields` writes it. */
  function unused(value) {
    return value === '' && S.variants.unusedFields === 'zero' ? '0' : value;
  }

  function startCall(agent, call, also) {
    agent.call = call;
    agent.status = STATUS.BUSY;
    agent.pauseCode = null;
    deliver(agent, callMessage(agent, call), also);
    return call;
  }

  function endCall(agent, how, also) {
    const call = agent.call;
    if (!call) return undefined;
    agent.call = null;
    agent.lastCall = { ...call, endedBy: how };
    S.hangups.push({ agent: agent.login, key: call.key, how });
    deliver(agent, `${fields(replyLogin(agent), 'EndCall')}$`, also);
    if (agent.status === STATUS.BUSY) {
      agent.status = S.afterCallWork ? STATUS.AFTER_CALL : STATUS.AVAILABLE;
      if (agent.status === STATUS.AFTER_CALL && typeof S.afterCallMs === 'number') {
        const key = call.key;
        later(() => {
          if (agent.status === STATUS.AFTER_CALL && agent.lastCall?.key === key) agent.status = STATUS.AVAILABLE;
        }, S.afterCallMs);
      }
    }
    return call;
  }

  /** The dialer call the agent is on, or the one whose after-call work is pending. */
  function dialerCall(agent) {
    if (agent.call) return agent.call.dialer ? agent.call : undefined;
    if (agent.status === STATUS.AFTER_CALL && agent.lastCall?.dialer) return agent.lastCall;
    return undefined;
  }

  function attachField(c) {
    if (!S.variants.sendAttachInfo) return '';
    if (typeof c.attach === 'string') return c.attach;
    const pairs = {
      'dialer.CampaignName': str(c.campaign, 'Discador'),
      'dialer.ExternalID': str(c.id),
      'dialer.ItemID': str(c.itemId, `item-${c.id}`),
      'dialer.Description': str(c.description),
      'dialer.AttachInfo': str(c.externalId),
      'dialer.ExternalData': str(c.externalData),
      ...(c.attach && typeof c.attach === 'object' ? c.attach : {}),
    };
    return Object.entries(pairs).map(([k, v]) => `${k}=${str(v).replace(/;/g, ',')};`).join('');
  }

  // ----- commands -----

  function findAgent(login) {
    return S.agents.get(String(login).toLowerCase());
  }

  /** Bind `conn` to an agent (seed 2.1: `<login><S>$`; 4.1: `<login><L><ON>$`). Additive. */
  function bind(conn, login, agent) {
    conn.bound.add((agent ? agent.login : login).toLowerCase());
  }

  function takeFailure(kind) {
    const i = S.failNext.findIndex((f) => f.command === kind || f.command === '*');
    if (i < 0) return undefined;
    const f = S.failNext[i];
    f.count -= 1;
    if (f.count <= 0) S.failNext.splice(i, 1);
    return f;
  }

  function onMessage(conn, msg) {
    const [login = '', kind = '', ...args] = msg.fields;
    S.received.push({ conn: conn.id, text: msg.raw });
    if (S.received.length > LOG_LIMIT) S.received.shift();
    if (S.muted) return;
    const upper = kind.toUpperCase();
    const failure = takeFailure(upper);
    if (failure) {
      errorReply(conn, login, failure.text);
      return;
    }
    if (login.toUpperCase() === ADMSOCKET) {
      // Seed 4.12 (`<ADMSOCKET><L><ON>$`) and 2.1 (`ADMSOCKET><S>$`) show no reply: strict sends none.
      const admOk = () => { if (!strict) reply(conn, `${fields(ADMSOCKET, 'OK')}$`); };
      const sub = (args[0] || '').toUpperCase();
      if ((upper === 'L' && sub === 'ON') || (upper === 'S' && !sub)) {
        conn.admin = true;
        admOk();
      } else if (upper === 'L' && sub === 'OFF') {
        conn.admin = false;
        admOk();
      } else errorReply(conn, login, TEXT.badCommand);
      return;
    }
    const agent = findAgent(login);
    const ok = () => reply(conn, `${fields(replyLogin(agent, login), 'OK')}$`);
    const refuse = (text) => errorReply(conn, replyLogin(agent, login), text);
    if (!agent) {
      if (S.variants.unknownAgent === 'error' || !['L', 'S'].includes(upper)) return refuse(TEXT.unknownAgent);
      if (upper === 'S') { bind(conn, login); return reply(conn, `${fields(login, 'S', STATUS.LOGGED_OUT)}$`); }
      if ((args[0] || '').toUpperCase() === 'ON') { bind(conn, login); return ok(); }
      return refuse(TEXT.notLoggedIn);
    }
    switch (upper) {
      case 'L': {
        const sub = (args[0] || '').toUpperCase();
        if (sub === 'ON') { bind(conn, login, agent); return ok(); }
        if (sub === 'OFF') {
          if (agent.status === STATUS.BUSY) return refuse(TEXT.busy);
          agent.status = STATUS.LOGGED_OUT;
          agent.pauseCode = null;
          return ok();
        }
        return refuse(TEXT.badCommand);
      }
      case 'S':
        if (args.length > 0 && args[0] !== '') return refuse(TEXT.badCommand);
        bind(conn, login, agent);
        return reply(conn, `${fields(replyLogin(agent), 'S', agent.status)}$`);
      case 'P': {
        const sub = (args[0] || '').toUpperCase();
        if (agent.status === STATUS.LOGGED_OUT) return refuse(TEXT.notLoggedIn);
        if (agent.status === STATUS.BUSY) return refuse(TEXT.busy);
        if (sub === 'ON') {
          const code = str(args[1]).trim();
          if (!code || (S.pauseCodes.length > 0 && !S.pauseCodes.includes(code))) return refuse(TEXT.badPause);
          agent.status = STATUS.PAUSED;
          agent.pauseCode = code;
          return ok();
        }
        if (sub === 'OFF') {
          agent.status = STATUS.AVAILABLE;
          agent.pauseCode = null;
          return ok();
        }
        return refuse(TEXT.badCommand);
      }
      case 'POS':
        if ((args[0] || '').toUpperCase() !== 'OFF') return refuse(TEXT.badCommand);
        if (agent.status !== STATUS.AFTER_CALL) return refuse(TEXT.notAfterCall);
        agent.status = STATUS.AVAILABLE;
        return ok();
      case 'TR': {
        const [when = '', phone = '', forAgent = ''] = args;
        const at = parseSchedule(when);
        if (!at) return refuse(TEXT.badDate);
        if (phone !== '' && !/^\d+$/.test(phone)) return refuse(TEXT.badPhone);
        const call = dialerCall(agent);
        if (!call) return refuse(TEXT.notDialer);
        S.callbacks.push({ agent: agent.login, callKey: call.key, itemId: call.id, at, wire: when, phone, for: forAgent });
        // Seed 4.7: "if the operator is in after-call work, the restart is done automatically".
        if (agent.status === STATUS.AFTER_CALL) agent.status = STATUS.AVAILABLE;
        return ok();
      }
      case 'C': {
        if ((args[0] || '').toUpperCase() !== 'S') return refuse(TEXT.badCommand);
        const state = str(args[1]);
        if (!DIALER_OUTCOMES.includes(state)) return refuse(TEXT.badOutcome);
        const call = dialerCall(agent);
        if (!call) return refuse(TEXT.notDialer);
        S.outcomes.push({ agent: agent.login, callKey: call.key, itemId: call.id, state });
        return ok();
      }
      case 'A': {
        const [ddd = '', phone = '', service = ''] = args;
        if (agent.status === STATUS.LOGGED_OUT) return refuse(TEXT.notLoggedIn);
        if (agent.status === STATUS.BUSY) return refuse(TEXT.busy);
        if (!/^\d{3,12}$/.test(phone) || !/^(\d{2})?$/.test(ddd)) return refuse(TEXT.badPhone);
        if (service !== '' && !S.services.includes(service)) return refuse(TEXT.badService);
        S.dials.push({ agent: agent.login, ddd, phone, service });
        // Manual call: no dialer item id; the origin is the agent's extension (seed 5.1).
        const call = {
          key: S.nextCallId++, kind: 'A', dialer: false, id: '', dddOrigin: '', origin: agent.extension,
          dddDest: ddd, dest: phone, description: '', recordingCode: '', extField: '', service,
        };
        // The `<A>` event is the only answer (the seed documents no `Retorno` for 4.9); with `dialConnectMs` it
        // comes when the call connects, after the server has answered whatever the client sent next.
        agent.status = STATUS.BUSY;
        agent.pauseCode = null;
        // Strict: an event goes only where seed 2.1 sends events, the connections bound to the agent (a dial from
        // a connection that never bound gets no `<A>`: 4.9 promises it no reply).
        const to = strict ? undefined : conn;
        if (S.dialConnectMs > 0) {
          agent.call = call;
          later(() => { if (agent.call === call) deliver(agent, callMessage(agent, call), to); }, S.dialConnectMs);
        } else startCall(agent, call, to);
        return undefined;
      }
      case 'D':
        if (!agent.call) return refuse(TEXT.noCall);
        endCall(agent, 'agent', conn);
        return undefined;
      case 'AC':
        // Only `<L><ON>` (4.1) and `<S>` (2.1) bind in the seed; strict does not bind on `<AC>` (4.11).
        if (!strict) bind(conn, login, agent);
        if (agent.call) return reply(conn, callMessage(agent, agent.call));
        if (S.variants.noCurrentCallReply === 'ok') return ok();
        if (S.variants.noCurrentCallReply === 'empty') return reply(conn, `${fields(replyLogin(agent), 'AC')}$`);
        if (S.variants.noCurrentCallReply === 'empty-call') return reply(conn, `${fields(replyLogin(agent), 'A', unused(''), unused(''), '', unused(''), '', '', '', '')}$`);
        if (S.variants.noCurrentCallReply === 'error') return refuse(TEXT.noCall);
        return undefined;
      default:
        return refuse(TEXT.badCommand);
    }
  }

  // ----- the TCP server -----

  function onConnection(socket) {
    if (!running) { socket.destroy(); return; }
    const conn = {
      id: nextConnId++, socket, bound: new Set(), admin: false, framer: new Framer(),
      decoder: makeDecoder(S.encoding), alive: true,
    };
    connections.add(conn);
    socket.setNoDelay(true);
    socket.on('data', (chunk) => {
      const text = conn.decoder.decode(chunk);
      for (const item of conn.framer.push(text)) {
        if (item.fields) onMessage(conn, item);
        else {
          S.received.push({ conn: conn.id, garbage: item.garbage });
          if (S.received.length > LOG_LIMIT) S.received.shift();
        }
      }
    });
    const gone = () => { conn.alive = false; connections.delete(conn); };
    socket.on('close', gone);
    socket.on('error', gone);
  }

  async function startServer() {
    if (running) return;
    const srv = net.createServer(onConnection);
    await listen(srv, port, opts.host);
    port = /** @type {net.AddressInfo} */ (srv.address()).port;
    server = srv;
    running = true;
  }

  function killConnections() {
    const n = connections.size;
    for (const conn of connections) { conn.alive = false; conn.socket.destroy(); }
    connections.clear();
    return n;
  }

  function stopServer() {
    if (!running) return Promise.resolve();
    running = false;
    killConnections();
    const srv = server;
    server = null;
    return new Promise((resolve) => srv.close(() => resolve(undefined)));
  }

  // ----- control API -----

  function controlAgent(body, { needStatus } = {}) {
    const login = str(body.agent ?? body.login).trim();
    const agent = findAgent(login);
    if (!agent) throw new Error(`unknown agent ${JSON.stringify(login)}`);
    if (needStatus !== undefined && !needStatus.includes(agent.status)) {
      throw new Error(`agent ${agent.login} has status ${agent.status}, expected ${needStatus.join(' or ')}`);
    }
    return agent;
  }
  const digits = (v, what, re = /^\d*$/) => {
    const s = str(v);
    if (!re.test(s)) throw new Error(`${what} must be digits`);
    return s;
  };
  const callView = (c) => (c ? {
    key: c.key, kind: c.kind, dialer: c.dialer, id: c.id, dddOrigin: c.dddOrigin, origin: c.origin, dddDest: c.dddDest,
    dest: c.dest, description: c.description, recordingCode: c.recordingCode, extField: c.extField, service: c.service,
    ...(c.recording ? { recording: c.recording } : {}), ...(c.endedBy ? { endedBy: c.endedBy } : {}),
  } : null);

  const control = {
    state() {
      return {
        running,
        port,
        strict,
        dialConnectMs: S.dialConnectMs,
        encoding: S.encoding,
        variants: { ...S.variants },
        afterCallWork: S.afterCallWork,
        afterCallMs: S.afterCallMs,
        muted: S.muted,
        services: [...S.services],
        pauseCodes: [...S.pauseCodes],
        connections: [...connections].map((c) => ({ id: c.id, bound: [...c.bound], admin: c.admin })),
        agents: [...S.agents.values()].map((a) => ({
          login: a.login, status: a.status, extension: a.extension, pauseCode: a.pauseCode,
          call: callView(a.call), lastCall: callView(a.lastCall),
        })),
        outcomes: S.outcomes.map((o) => ({ ...o })),
        callbacks: S.callbacks.map((c) => ({ ...c })),
        dials: S.dials.map((d) => ({ ...d })),
        hangups: S.hangups.map((h) => ({ ...h })),
        failNext: S.failNext.map((f) => ({ ...f })),
        received: S.received.map((r) => ({ ...r })),
        sent: S.sent,
      };
    },
    /** The IP Client changes an agent: { agent, status (0–4), pauseCode?, extension? }; creates it when new. */
    agent(body = {}) {
      const login = str(body.agent ?? body.login).trim();
      if (!login || /[<>$]/.test(login)) throw new Error('agent is required');
      let agent = findAgent(login);
      if (!agent) {
        agent = normalizeAgent({ login, status: STATUS.LOGGED_OUT, extension: body.extension });
        S.agents.set(login.toLowerCase(), agent);
      }
      if (body.status !== undefined) {
        if (!isStatus(body.status)) throw new Error('status must be 0, 1, 2, 3 or 4');
        if (body.status === STATUS.BUSY && !agent.call) throw new Error('status 3 comes with a call: use /_sim/inbound or /_sim/dialer');
        if (agent.call && body.status !== STATUS.BUSY) endCall(agent, 'ip-client');
        agent.status = body.status;
        agent.pauseCode = body.status === STATUS.PAUSED ? str(body.pauseCode, '1') : null;
      }
      if (body.extension !== undefined) agent.extension = str(body.extension);
      return { login: agent.login, status: agent.status };
    },
    /** The agent logs in through the IP Client (status 1). */
    ipLogin(body = {}) { return control.agent({ ...body, status: STATUS.AVAILABLE }); },
    /** The agent logs out through the IP Client (status 0; a call in progress ends). */
    ipLogout(body = {}) { return control.agent({ ...body, status: STATUS.LOGGED_OUT }); },
    /** An inbound call: { agent, ddd = '85', number = '988887777', to = '4000' } (seed 5.2). */
    inbound(body = {}) {
      if (!running) throw new Error('the integration socket is stopped');
      const agent = controlAgent(body, { needStatus: [STATUS.AVAILABLE] });
      const call = {
        key: S.nextCallId++, kind: 'R', dialer: false, id: '', dddOrigin: digits(body.ddd ?? '85', 'ddd'),
        origin: digits(body.number ?? '988887777', 'number', /^\d+$/), dddDest: '', dest: str(body.to ?? '4000'),
        description: '', recordingCode: '', extField: '', externalId: '', service: '',
      };
      startCall(agent, call);
      return { key: call.key, text: callMessage(agent, call) };
    },
    /**
     * A dialer call (seed 5.1): { agent, id?, ddd = '11', number = '987654321', routingPoint = '9988',
     * description?, recordingCode?, externalId?, externalData?, campaign = 'Discador', attach? ({k: v} added
     * to the attach info, or a string that replaces it), shape: 'documented' | 'example' }.
     */
    dialer(body = {}) {
      if (!running) throw new Error('the integration socket is stopped');
      const agent = controlAgent(body, { needStatus: [STATUS.AVAILABLE] });
      const key = S.nextCallId++;
      const id = str(body.id ?? 15000 + key);
      const c = {
        key, kind: 'A', dialer: true, id, dddOrigin: '0', origin: str(body.routingPoint ?? '9988'),
        dddDest: digits(body.ddd ?? '11', 'ddd'), dest: digits(body.number ?? '987654321', 'number', /^\d+$/),
        description: str(body.description), recordingCode: str(body.recordingCode), externalId: str(body.externalId),
        campaign: str(body.campaign ?? 'Discador'), service: str(body.campaign ?? 'Discador'),
        shape: body.shape === 'example' ? 'example' : 'documented',
      };
      c.extField = attachField({ ...c, externalData: body.externalData, attach: body.attach, itemId: body.itemId });
      startCall(agent, c);
      return { key, id, text: callMessage(agent, c) };
    },
    /** The far end hangs up: { agent } → `<EndCall>` (after-call work follows when configured). */
    hangup(body = {}) {
      const agent = controlAgent(body);
      if (!endCall(agent, 'far-end')) throw new Error(`agent ${agent.login} has no call`);
      return { login: agent.login, status: agent.status };
    },
    /** The recording address of the current call (seed 5.3): { agent, path }. */
    recording(body = {}) {
      const agent = controlAgent(body);
      const path = str(body.path ?? `c:\\records\\${agent.extension}-${Date.now()}-Station.wav`);
      const call = agent.call ?? agent.lastCall;
      if (call) call.recording = path;
      return { sockets: deliver(agent, `${fields(replyLogin(agent), 'G', path)}$`), path };
    },
    /** { command: 'P' | 'A' | 'L' | … | '*', text?, count = 1 }: the next such command gets the error reply. */
    failNext(body = {}) {
      const command = str(body.command).toUpperCase();
      if (!command) throw new Error('command is required (P, POS, A, D, S, L, AC, TR, C or *)');
      S.failNext.push({ command, text: str(body.text, TEXT.simulated), count: Number(body.count) || 1 });
      return { pending: S.failNext.map((f) => ({ ...f })) };
    },
    /** Raw text (or { base64 } bytes) to every client, or only to { agent }'s connections. */
    emit(body = {}) {
      const bytes = body.base64 !== undefined ? Buffer.from(str(body.base64), 'base64') : encode(str(body.text), S.encoding);
      const agent = body.agent !== undefined ? controlAgent(body) : undefined;
      let n = 0;
      for (const conn of connections) {
        if (agent && !conn.admin && !conn.bound.has(agent.login.toLowerCase())) continue;
        if (conn.alive && !conn.socket.destroyed) { conn.socket.write(bytes); n++; }
      }
      return { sockets: n };
    },
    /** The server stops answering (a half-open link) or starts again: { on: boolean }. */
    mute(body = {}) {
      S.muted = body.on !== false;
      return { muted: S.muted };
    },
    /** Cut every client connection; the server keeps running. */
    drop() { return { dropped: killConnections() }; },
    async stop() { await stopServer(); return { running: false }; },
    async start() {
      if (closed) throw new Error('simulator is closed');
      await startServer();
      return { running: true, url: `tcp://${opts.host}:${port}` };
    },
    /** Forget everything but the listener (agents, calls, records, variants back to the start options). */
    reset() {
      killConnections();
      cancelAll();
      S = fresh();
      return { reset: true };
    },
    /** { ...variants, afterCallWork?, afterCallMs?, replyDelayMs?, dialConnectMs?, services?, pauseCodes?, encoding? } */
    config(body = {}) {
      const { afterCallWork, afterCallMs, replyDelayMs, dialConnectMs, services, pauseCodes, encoding, ...variants } = body;
      if (dialConnectMs !== undefined && !(typeof dialConnectMs === 'number' && dialConnectMs >= 0)) throw new Error('dialConnectMs must be ≥ 0');
      const checked = checkVariants(variants);
      if (afterCallMs !== undefined && afterCallMs !== null && !(typeof afterCallMs === 'number' && afterCallMs >= 0)) throw new Error('afterCallMs must be ≥ 0 or null');
      if (replyDelayMs !== undefined && !(typeof replyDelayMs === 'number' && replyDelayMs >= 0)) throw new Error('replyDelayMs must be ≥ 0');
      if (encoding !== undefined && !ENCODINGS.includes(encoding)) throw new Error(`encoding must be one of ${ENCODINGS.join(', ')}`);
      Object.assign(S.variants, checked);
      if (afterCallWork !== undefined) S.afterCallWork = afterCallWork !== false;
      if (afterCallMs !== undefined) S.afterCallMs = afterCallMs;
      if (replyDelayMs !== undefined) S.replyDelayMs = replyDelayMs;
      if (dialConnectMs !== undefined) S.dialConnectMs = dialConnectMs;
      if (Array.isArray(services)) S.services = services.map(String);
      if (Array.isArray(pauseCodes)) S.pauseCodes = pauseCodes.map(String);
      if (encoding !== undefined) S.encoding = encoding;
      return { variants: { ...S.variants }, afterCallWork: S.afterCallWork, afterCallMs: S.afterCallMs, replyDelayMs: S.replyDelayMs, dialConnectMs: S.dialConnectMs, services: S.services, pauseCodes: S.pauseCodes, encoding: S.encoding };
    },
  };

  const controlRoutes = {
    state: control.state, agent: control.agent, 'ip-login': control.ipLogin, 'ip-logout': control.ipLogout,
    inbound: control.inbound, dialer: control.dialer, hangup: control.hangup, recording: control.recording,
    'fail-next': control.failNext, emit: control.emit, mute: control.mute, drop: control.drop, stop: control.stop,
    start: control.start, reset: control.reset, config: control.config,
  };

  // ----- HTTP plumbing for the control API -----

  function corsHeaders(req) {
    const origin = req.headers.origin;
    const h = { Vary: 'Origin' };
    if (opts.cors === true) h['Access-Control-Allow-Origin'] = origin || '*';
    else if (Array.isArray(opts.cors) && origin && opts.cors.includes(origin)) h['Access-Control-Allow-Origin'] = origin;
    return h;
  }
  function sendJson(req, res, status, body) {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...corsHeaders(req) });
    res.end(JSON.stringify(body));
  }
  async function handleControl(req, res, name) {
    if (req.method === 'OPTIONS') {
      const h = corsHeaders(req);
      if (h['Access-Control-Allow-Origin']) {
        h['Access-Control-Allow-Methods'] = 'GET, POST, OPTIONS';
        h['Access-Control-Allow-Headers'] = req.headers['access-control-request-headers'] || 'Content-Type';
        h['Access-Control-Max-Age'] = '600';
        if (req.headers['access-control-request-private-network']) h['Access-Control-Allow-Private-Network'] = 'true';
      }
      res.writeHead(204, h);
      res.end();
      return;
    }
    const fn = Object.hasOwn(controlRoutes, name) ? controlRoutes[name] : undefined;
    if (!fn || (req.method !== 'GET' && req.method !== 'POST')) {
      sendJson(req, res, 404, { error: `unknown control route ${req.method} /_sim/${name}` });
      return;
    }
    let body = {};
    const text = await readBody(req);
    if (text.trim()) {
      try { body = JSON.parse(text); } catch { body = undefined; }
      if (!body || typeof body !== 'object' || Array.isArray(body)) {
        sendJson(req, res, 400, { error: 'the body must be a JSON object' });
        return;
      }
    }
    try {
      sendJson(req, res, 200, (await fn(body)) ?? {});
    } catch (err) {
      sendJson(req, res, 409, { error: err instanceof Error ? err.message : String(err) });
    }
  }

  const controlServer = http.createServer((req, res) => {
    const url = new URL(req.url || '/', 'http://localhost');
    const m = /^\/_sim\/([a-z-]+)\/?$/.exec(url.pathname);
    if (m) { handleControl(req, res, m[1]).catch(() => { try { res.destroy(); } catch { /* gone */ } }); return; }
    sendJson(req, res, 404, { error: 'the control API lives under /_sim/' });
  });

  await startServer();
  try {
    await listen(controlServer, opts.controlPort, opts.host);
  } catch (err) {
    await stopServer();
    throw err;
  }
  const controlPort = /** @type {net.AddressInfo} */ (controlServer.address()).port;

  function teardown() {
    if (closed) return [];
    closed = true;
    cancelAll();
    running = false;
    killConnections();
    const waits = [];
    for (const srv of [server, controlServer]) {
      if (!srv) continue;
      waits.push(new Promise((resolve) => srv.close(() => resolve(undefined))));
      srv.closeAllConnections?.();
    }
    server = null;
    return waits;
  }

  return {
    url: `tcp://${opts.host}:${port}`,
    port,
    controlUrl: `http://${opts.host}:${controlPort}/_sim`,
    controlPort,
    control,
    closeSync() { teardown(); },
    async close() { await Promise.all(teardown()); },
  };
}
