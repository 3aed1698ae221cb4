// NEON (InWise) softphone simulator: JSON over WebSocket, built from the vendor document
// "Instrumentação do NEON via WebSocket" 2.1 (/work/shared/seeds/004_395eaec7ed1f552e.txt) only.
// See README.md next to this file for the choices made where the document is silent.
//
// Two HTTP servers:
//   * the NEON server on `port`: WebSocket upgrade on any path (plus /_sim/… while it runs). It can be
//     stopped and started again (/_sim/stop, /_sim/start), as when the agent quits and reopens NEON;
//   * the control server on `controlPort`: /_sim/… only, always on, so tests can start NEON again.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, WebSocket } from 'ws';

// ---------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------

/** The document's error table. */
export const NEON_ERRORS = Object.freeze({
  NONE: 0,
  DATA_FORMAT: 100,
  INVALID_ARGUMENT: 102,
  INTERNAL: 500,
  INVALID_CREDENTIALS: 600,
  NOT_REGISTERED: 601,
  NOT_AUTHORISED: 602,
});
const ERROR_TEXT = {
  100: 'Erro no formato dos dados',
  102: 'Argumento inválido',
  500: 'Erro interno',
  600: 'Credenciais inválidas',
  601: 'Não registrado no SIP Proxy',
  602: 'Execução do comando não autorizado',
};

const DEFAULT_APPS = [{ user: 'crm', password: 'secret' }];
const DEFAULT_DOMAIN = 'sip.example.com:5060';
const DEFAULT_ACCOUNTS = ['2001', '2002', '2003'].map((number) => ({ domain: DEFAULT_DOMAIN, number, password: '1234' }));

export const DEFAULT_VARIANTS = Object.freeze({
  /** Spelling of the "registration cancelled" event (reference table vs prose). */
  cancelledSpelling: 'OnSIPRegisterCancelled',
  /** Spelling of the "unregistered" event (reference table vs prose). */
  unregisterSpelling: 'OnSIPUnRegister',
  /** `callId` on the wire: JSON number (the document's example, 55) or a string of digits. */
  callIdType: 'number',
  /** Events caused by a command go out before that command's response. */
  eventsBeforeResponse: false,
  /** Per-action response delay in ms, e.g. `{ startcall: 300 }` (lower-case action names). */
  responseDelayMs: {},
  /** `transferecall` is followed by `OnFinalizedCall` for the transferred call. */
  finalizeAfterTransfer: true,
  /** 'server': a token is valid on every socket until NEON stops; 'socket': only on the socket that got it. */
  tokenScope: 'server',
  /** Also accept the action `transfercall` (the reference heading says "TransferCall"). */
  transferActionAlias: false,
  /** A `sipregister` repeating the account NEON holds (a refresh) is answered by a new OnSIPRegister; `false`:
   *  by no event at all when it succeeds (L195: after SIPRegister NEON "poderá gerar" the events, may). */
  refreshEvent: true,
});
/**
 * `strict: true`: only what the document shows, and where it is silent the least convenient plausible
 * choice (see README.md, "Strict variant"). Its variant defaults (still overridable one by one):
 */
export const STRICT_VARIANTS = Object.freeze({
  ...DEFAULT_VARIANTS,
  // The prose's spellings ("OnSIPRegisterCanceled", "OnSIPUnregister"), not the reference table's.
  cancelledSpelling: 'OnSIPRegisterCanceled',
  unregisterSpelling: 'OnSIPUnregister',
  // Nothing says in which order a command's events and its answer go out: events first.
  eventsBeforeResponse: true,
  // Nothing says a token outlives its socket: it does not.
  tokenScope: 'socket',
  // "OnTransferredCall: Indica que uma ligação foi transferida" — no OnFinalizedCall is promised after it.
  finalizeAfterTransfer: false,
  // L195 "poderá gerar os eventos": no event is promised for a refresh that changes nothing.
  refreshEvent: false,
});
/** The only commands whose answer the document shows (`{ id, success: true, data: { token } / { callId } }`). */
const ANSWERED_IN_STRICT = new Set(['authenticate', 'startcall']);
/** Registration events: the reference table gives data for OnSIPRegister only. */
const REGISTER_WITH_DATA = 'OnSIPRegister';
/** Call events: the table gives data for OnNewCall only; the others carry the call id the commands need
 *  ("Id da chamada recebido em um dos eventos de ligação") and nothing else. */
const CALL_EVENTS_ID_ONLY = new Set(['OnAcceptCall', 'OnFinalizedCall', 'OnTransferredCall']);

const VARIANT_VALUES = {
  cancelledSpelling: ['OnSIPRegisterCancelled', 'OnSIPRegisterCanceled'],
  unregisterSpelling: ['OnSIPUnRegister', 'OnSIPUnregister'],
  callIdType: ['number', 'string'],
  eventsBeforeResponse: [true, false],
  finalizeAfterTransfer: [true, false],
  tokenScope: ['server', 'socket'],
  transferActionAlias: [true, false],
  refreshEvent: [true, false],
};

const ACTIONS = ['authenticate', 'sipregister', 'sipunregister', 'startcall', 'finalizecall', 'acceptcall',
  'transferecall', 'senddtmf', 'sethold', 'showui'];
/** Commands that need a registered SIP account (else 601). */
const CALL_ACTIONS = new Set(['startcall', 'finalizecall', 'acceptcall', 'transferecall', 'senddtmf', 'sethold']);

/** Registration outcomes: the event name (or a function of the variants) and the default SIPError. */
const OUTCOMES = {
  ok: { event: 'OnSIPRegister', sipError: 0 },
  refused: { event: 'OnSIPRegisterRefused', sipError: 403 },
  error: { event: 'OnSIPRegisterError', sipError: 408 },
  expired: { event: 'OnSIPRegisterExpired', sipError: 408 },
  cancelled: { event: (v) => v.cancelledSpelling, sipError: 487 },
  finalized: { event: 'OnSIPRegisterFinalized', sipError: 0 },
  unregistered: { event: (v) => v.unregisterSpelling, sipError: 0 },
  none: { event: undefined, sipError: undefined },
};

const MAX_PAYLOAD = 64 * 1024 * 1024;
const LOG_LIMIT = 500;

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

class NeonError extends Error {
  /** @param {number} code @param {string} [message] */
  constructor(code, message) {
    super(message || ERROR_TEXT[code] || 'error');
    this.code = code;
  }
}
const fail = (code, message) => { throw new NeonError(code, message); };

/** A non-empty trimmed string from a string or a finite number, else undefined. */
function textArg(v) {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string' && v.trim()) return v.trim();
  return undefined;
}
function requireText(p, key) {
  const v = textArg(p[key]);
  if (v === undefined) fail(102, `'${key}' is required (non-empty string)`);
  return v;
}
function requireBool(p, key, fallback) {
  const v = p[key];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'boolean') fail(102, `'${key}' must be a boolean`);
  return v;
}

/** 'host:port' → { host (lower-case), port (default 5060) }; undefined if unusable. */
function parseDomain(domain) {
  const s = String(domain).trim().replace(/^sips?:/i, '');
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(s);
  if (!m) return undefined;
  return { host: m[1].toLowerCase(), port: m[2] ? Number(m[2]) : 5060 };
}
const sameDomain = (a, b) => !!a && !!b && a.host === b.host && a.port === b.port;

function redact(msg) {
  const out = {};
  for (const [k, v] of Object.entries(msg)) {
    out[k] = /^(password|token)$/i.test(k) && v !== undefined ? '***' : v;
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

function checkVariant(key, value) {
  if (!(key in DEFAULT_VARIANTS)) throw new Error(`unknown variant ${key}`);
  if (key === 'responseDelayMs') {
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('responseDelayMs must be an object');
    const out = {};
    for (const [k, ms] of Object.entries(value)) {
      if (typeof ms !== 'number' || !(ms >= 0)) throw new Error(`responseDelayMs.${k} must be a number ≥ 0`);
      out[k.toLowerCase()] = ms;
    }
    return out;
  }
  if (!VARIANT_VALUES[key].includes(value)) {
    throw new Error(`variant ${key} must be one of ${VARIANT_VALUES[key].map((x) => JSON.stringify(x)).join(', ')}`);
  }
  return value;
}
function buildVariants(base, changes = {}) {
  const v = { ...base, responseDelayMs: { ...base.responseDelayMs } };
  for (const [k, value] of Object.entries(changes)) v[k] = checkVariant(k, value);
  return v;
}

// ---------------------------------------------------------------------------------------------
// The simulator
// ---------------------------------------------------------------------------------------------

/**
 * Start a NEON softphone simulator.
 * @param {object} [options] see README.md
 * @returns {Promise<{url:string, controlUrl:string, port:number, controlPort:number, control:object,
 *   close():Promise<void>, closeSync():void}>}
 */
export async function startNeonSimulator(options = {}) {
  const opts = {
    port: 0, host: '127.0.0.1', controlPort: 0, registerDelayMs: 150, farEndAnswerMs: 2000,
    farEndBusyMs: 50, maxCalls: 2, maxFrameBytes: 1024 * 1024, uiShown: true, cors: true,
    ...options,
  };
  const apps = (options.apps || DEFAULT_APPS).map((a) => ({ user: String(a.user), password: String(a.password) }));
  const accounts = (options.accounts || DEFAULT_ACCOUNTS).map((a) => {
    const domain = parseDomain(a.domain ?? DEFAULT_DOMAIN);
    if (!domain) throw new Error(`bad account domain ${a.domain}`);
    return { domain, number: String(a.number), password: String(a.password ?? '') };
  });
  const strict = options.strict === true;
  const initialVariants = buildVariants(strict ? STRICT_VARIANTS : DEFAULT_VARIANTS, options.variants || {});
  const initialTiming = { registerDelayMs: opts.registerDelayMs, farEndAnswerMs: opts.farEndAnswerMs,
    maxCalls: opts.maxCalls };

  // ----- timers -----
  /** @type {Set<NodeJS.Timeout>} */
  const timers = new Set();
  const later = (ms, fn) => {
    const t = setTimeout(() => { timers.delete(t); fn(); }, Math.max(0, ms));
    timers.add(t);
    return t;
  };
  const cancel = (t) => { if (t) { clearTimeout(t); timers.delete(t); } };
  const cancelAll = () => { for (const t of [...timers]) cancel(t); };

  // ----- state -----
  /** What NEON itself knows; forgotten when NEON stops. */
  function freshNeon() {
    return {
      /** @type {Map<string, object|null>} token → owning client (null for tokenScope 'server') */
      tokens: new Map(),
      registration: { state: 'unregistered', account: null, autodisconnect: false, owner: null,
        connectionId: null, timer: null, attempt: 0 },
      /** @type {Map<string, any>} */ calls: new Map(),
      ended: [],
      nextCallId: 1,
      nextConnectionId: 1,
      /** @type {Record<string, string>} */ dtmf: {},
      ui: { shown: opts.uiShown },
    };
  }
  /** The simulator's own configuration and instrumentation; survives stop/start, not reset. */
  function freshSim() {
    return {
      variants: buildVariants(initialVariants),
      timing: { ...initialTiming },
      failNext: [],
      nextOutcome: null,
      nextOutgoing: null,
      log: [],
    };
  }
  let N = freshNeon();
  let S = freshSim();

  /** @type {Map<WebSocket, {id:number, ws:WebSocket, authed:boolean, dead:boolean}>} */
  const clients = new Map();
  let nextClientId = 1;
  let running = false;
  let closed = false;

  // ------------------------------------------------------------------------------------------
  // Wire output
  // ------------------------------------------------------------------------------------------

  function sendRaw(client, text) {
    if (client.dead || client.ws.readyState !== WebSocket.OPEN) return;
    client.ws.send(text);
  }
  function emitNow(name, data) {
    // `data: undefined` leaves the key out (strict: events the document lists without data).
    const frame = JSON.stringify({ action: 'event', name, data });
    for (const c of clients.values()) if (c.authed) sendRaw(c, frame);
  }
  /** Strict: only the data the reference table documents for that event. */
  function documentedData(name, data) {
    if (!strict) return data;
    if (name === 'OnNewCall' || name === REGISTER_WITH_DATA) return data;
    if (CALL_EVENTS_ID_ONLY.has(name)) return { callId: data.callId };
    return undefined;
  }
  /** While a command runs, its events are collected here so they can go before or after the response. */
  let sink = null;
  function event(name, data) {
    const shaped = documentedData(name, data);
    if (sink) sink.push([name, shaped]);
    else emitNow(name, shaped);
  }

  // ------------------------------------------------------------------------------------------
  // Calls
  // ------------------------------------------------------------------------------------------

  const wireId = (call) => (S.variants.callIdType === 'string' ? String(call.n) : call.n);
  const durationOf = (call) => (call.answeredAt ? Date.now() - call.answeredAt : 0);
  function callFields(call, sipError = 0) {
    return { callId: wireId(call), type: call.type, from: call.from, to: call.to, duration: durationOf(call),
      SIPError: sipError };
  }
  function accountUri(number) {
    const acc = N.registration.account;
    if (/^sips?:/i.test(number)) return number;
    return `sip:${number}@${acc.domain.host}`;
  }
  function findCall(value) {
    const key = textArg(value);
    return key === undefined ? undefined : N.calls.get(key);
  }
  function callOrFail(p) {
    if (textArg(p.callid) === undefined) fail(102, "'callid' is required");
    const call = findCall(p.callid);
    if (!call) fail(102, `unknown callid ${p.callid}`);
    return call;
  }
  function newCall(type, from, to) {
    const n = N.nextCallId++;
    const call = { n, key: String(n), type, from, to, state: 'ringing', held: false, createdAt: Date.now(),
      answeredAt: null, timer: null, dtmf: '' };
    N.calls.set(call.key, call);
    event('OnNewCall', callFields(call));
    return call;
  }
  function answerCall(call) {
    cancel(call.timer);
    call.timer = null;
    call.state = 'active';
    call.answeredAt = Date.now();
    event('OnAcceptCall', callFields(call));
  }
  function endCall(call, sipError, how) {
    cancel(call.timer);
    const fields = callFields(call, sipError);
    N.calls.delete(call.key);
    N.ended.push({ callId: fields.callId, type: call.type, from: call.from, to: call.to, duration: fields.duration,
      SIPError: sipError, how, transferredTo: call.transferredTo });
    if (N.ended.length > 50) N.ended.shift();
    if (how !== 'transferred-silent') event('OnFinalizedCall', fields);
  }
  function maxCallsReached() { return N.calls.size >= S.timing.maxCalls; }

  // ------------------------------------------------------------------------------------------
  // Registration
  // ------------------------------------------------------------------------------------------

  const outcomeEvent = (kind) => {
    const e = OUTCOMES[kind].event;
    return typeof e === 'function' ? e(S.variants) : e;
  };
  /** The account leaves NEON: its calls are hung up first, then the registration event. */
  function dropAccount(kind, sipError) {
    const reg = N.registration;
    cancel(reg.timer);
    reg.timer = null;
    for (const call of [...N.calls.values()]) endCall(call, 0, 'account-lost');
    reg.state = 'unregistered';
    reg.owner = null;
    const name = outcomeEvent(kind);
    if (name) event(name, { connectionId: reg.connectionId, SIPError: sipError ?? OUTCOMES[kind].sipError });
  }
  function completeRegistration(outcome) {
    const reg = N.registration;
    reg.timer = null;
    if (outcome.kind === 'none') return;
    if (outcome.kind === 'ok') {
      reg.state = 'registered';
      event('OnSIPRegister', { connectionId: reg.connectionId, SIPError: outcome.sipError ?? 0 });
    } else {
      dropAccount(outcome.kind, outcome.sipError);
    }
  }
  function computeOutcome(domain, number, password) {
    const onDomain = accounts.filter((a) => sameDomain(a.domain, domain));
    if (!onDomain.length) return { kind: 'error', sipError: 408 };
    const acc = onDomain.find((a) => a.number === number);
    if (!acc) return { kind: 'refused', sipError: 404 };
    if (acc.password !== password) return { kind: 'refused', sipError: 403 };
    return { kind: 'ok', sipError: 0 };
  }

  // ------------------------------------------------------------------------------------------
  // Command handlers: validate first, then change state; return the response `data`.
  // ------------------------------------------------------------------------------------------

  const handlers = {
    authenticate(p, client) {
      if (typeof p.user !== 'string' || typeof p.password !== 'string') fail(102, "'user' and 'password' are required strings");
      if (!apps.some((a) => a.user === p.user && a.password === p.password)) fail(600);
      let token;
      do token = randomBytes(4).toString('hex'); while (N.tokens.has(token));
      N.tokens.set(token, client);
      client.authed = true;
      return { token };
    },
    sipregister(p, client) {
      const domainText = requireText(p, 'domain');
      const domain = parseDomain(domainText);
      if (!domain) fail(102, `'domain' must be host:port, got ${domainText}`);
      const number = requireText(p, 'number');
      if (p.password !== undefined && typeof p.password !== 'string' && typeof p.password !== 'number') {
        fail(102, "'password' must be a string");
      }
      const password = p.password === undefined ? '' : String(p.password);
      const autodisconnect = requireBool(p, 'autodisconnect', false);

      const reg = N.registration;
      const same = reg.state !== 'unregistered' && sameDomain(reg.account.domain, domain) && reg.account.number === number;
      if (reg.state !== 'unregistered' && !same) {
        if (reg.state === 'registered') dropAccount('unregistered');
        else { cancel(reg.timer); reg.state = 'unregistered'; }
      }
      cancel(reg.timer);
      reg.account = { domain, domainText, number };
      reg.autodisconnect = autodisconnect;
      reg.owner = client;
      reg.connectionId = N.nextConnectionId++;
      if (reg.state !== 'registered') reg.state = 'registering';
      const outcome = S.nextOutcome || computeOutcome(domain, number, password);
      S.nextOutcome = null;
      // A refresh that succeeds, without `refreshEvent`: the account stays registered and nothing is said.
      if (!(same && reg.state === 'registered' && outcome.kind === 'ok' && !S.variants.refreshEvent)) {
        reg.timer = later(S.timing.registerDelayMs, () => completeRegistration(outcome));
      }
      return {};
    },
    sipunregister() {
      const reg = N.registration;
      if (reg.state === 'unregistered') fail(601);
      dropAccount('unregistered');
      return {};
    },
    startcall(p) {
      const number = requireText(p, 'number');
      if (maxCallsReached()) fail(500, `at most ${S.timing.maxCalls} simultaneous calls`);
      const own = accountUri(N.registration.account.number);
      const call = newCall('outgoing', own, accountUri(number));
      if (S.nextOutgoing) {
        const sipError = S.nextOutgoing.sipError;
        S.nextOutgoing = null;
        call.timer = later(opts.farEndBusyMs, () => endCall(call, sipError, 'far-end-busy'));
      } else if (S.timing.farEndAnswerMs !== null && S.timing.farEndAnswerMs !== undefined) {
        call.timer = later(S.timing.farEndAnswerMs, () => answerCall(call));
      }
      return { callId: wireId(call) };
    },
    acceptcall(p) {
      const call = callOrFail(p);
      if (call.type !== 'incoming' || call.state !== 'ringing') fail(102, `call ${call.key} is not a ringing incoming call`);
      answerCall(call);
      return {};
    },
    finalizecall(p) {
      const call = callOrFail(p);
      endCall(call, 0, 'local');
      return {};
    },
    transferecall(p) {
      const call = callOrFail(p);
      const to = requireText(p, 'to');
      if (call.type === 'outgoing' && call.state === 'ringing') fail(102, `call ${call.key} is not answered yet`);
      call.transferredTo = to;
      event('OnTransferredCall', callFields(call));
      endCall(call, 0, S.variants.finalizeAfterTransfer ? 'transferred' : 'transferred-silent');
      return {};
    },
    senddtmf(p) {
      const call = callOrFail(p);
      const digits = textArg(p.DTMF);
      if (digits === undefined || !/^[0-9*#A-Da-d]+$/.test(digits)) fail(102, "'DTMF' must be digits 0-9 * # A-D");
      if (call.state !== 'active') fail(102, `call ${call.key} is not answered`);
      const d = digits.toUpperCase();
      call.dtmf += d;
      N.dtmf[call.key] = (N.dtmf[call.key] || '') + d;
      return {};
    },
    sethold(p) {
      const call = callOrFail(p);
      const hold = requireBool(p, 'hold');
      if (call.state !== 'active') fail(102, `call ${call.key} is not answered`);
      call.held = hold;
      return {};
    },
    showui(p) {
      N.ui.shown = requireBool(p, 'show');
      return {};
    },
  };

  // ------------------------------------------------------------------------------------------
  // Request processing
  // ------------------------------------------------------------------------------------------

  function log(client, entry) {
    S.log.push({ t: Date.now(), socket: client.id, ...entry });
    if (S.log.length > LOG_LIMIT) S.log.shift();
  }
  // The document never shows a failed answer. Default: `{ id, success: false, data: { code, message } }`.
  // Strict, the least convenient plausible form: the code as a string inside a top-level `error` object
  // with the table's Portuguese description, no `data`, and no `id` at all when the request had none.
  const errorResponse = (id, code, message) => (strict
    ? { ...(id === null ? {} : { id }), success: false, error: { code: String(code), description: ERROR_TEXT[code] || message || 'Erro' } }
    : { id, success: false, data: { code, message: message || ERROR_TEXT[code] || 'error' } });

  function onFrame(client, raw, isBinary) {
    const bytes = Buffer.isBuffer(raw) ? raw.length : Array.isArray(raw) ? raw.reduce((n, b) => n + b.length, 0) : raw.byteLength;
    if (isBinary) {
      log(client, { invalid: 'binary', bytes });
      return sendRaw(client, JSON.stringify(errorResponse(null, 100, 'binary frames are not accepted')));
    }
    if (bytes > opts.maxFrameBytes) {
      log(client, { invalid: 'too-large', bytes });
      return sendRaw(client, JSON.stringify(errorResponse(null, 100, `frame larger than ${opts.maxFrameBytes} bytes`)));
    }
    const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : Buffer.from(/** @type {any} */ (raw)).toString('utf8');
    let msg;
    try { msg = JSON.parse(text); } catch {
      log(client, { invalid: 'json', text: text.slice(0, 200) });
      return sendRaw(client, JSON.stringify(errorResponse(null, 100, 'invalid JSON')));
    }
    if (!msg || typeof msg !== 'object' || Array.isArray(msg)) {
      log(client, { invalid: 'not-an-object', text: text.slice(0, 200) });
      return sendRaw(client, JSON.stringify(errorResponse(null, 100, 'a request must be a JSON object')));
    }
    const id = msg.id === undefined ? null : msg.id;
    log(client, { request: redact(msg) });
    let response;
    let events = [];
    let action = typeof msg.action === 'string' ? msg.action.trim().toLowerCase() : '';
    if (action === 'transfercall' && S.variants.transferActionAlias) action = 'transferecall';
    try {
      if (!action) fail(100, "'action' is required (string)");
      if (action !== 'authenticate') {
        const token = typeof msg.token === 'string' ? msg.token : undefined;
        const owner = token === undefined ? undefined : N.tokens.get(token);
        if (owner === undefined || (S.variants.tokenScope === 'socket' && owner !== client)) {
          fail(602, token === undefined ? "'token' is required" : 'invalid token');
        }
        client.authed = true;
      }
      if (!ACTIONS.includes(action)) fail(102, `unknown action ${msg.action}`);
      const fi = S.failNext.findIndex((f) => f.action === action);
      if (fi >= 0) {
        const f = S.failNext[fi];
        if (--f.count <= 0) S.failNext.splice(fi, 1);
        fail(f.code, f.message);
      }
      if (CALL_ACTIONS.has(action) && N.registration.state !== 'registered') fail(601);
      sink = [];
      try {
        const data = handlers[action](msg, client);
        // Strict: a success is answered only where the document shows the answer.
        response = strict && !ANSWERED_IN_STRICT.has(action) ? undefined : { id, success: true, data };
      } finally {
        events = sink;
        sink = null;
      }
    } catch (err) {
      if (err instanceof NeonError) response = errorResponse(id, err.code, err.message);
      else response = errorResponse(id, 500, String(err && err.message));
    }
    dispatch(client, action, response, events);
  }

  function dispatch(client, action, response, events) {
    if (response === undefined) {
      for (const [name, data] of events) emitNow(name, data);
      return;
    }
    const frame = JSON.stringify(response);
    const delay = S.variants.responseDelayMs[action] || 0;
    const sendEvents = () => { for (const [name, data] of events) emitNow(name, data); };
    if (delay > 0) {
      sendEvents();
      later(delay, () => sendRaw(client, frame));
    } else if (S.variants.eventsBeforeResponse) {
      sendEvents();
      sendRaw(client, frame);
    } else {
      sendRaw(client, frame);
      sendEvents();
    }
  }

  function onConnection(ws) {
    const client = { id: nextClientId++, ws, authed: false, dead: false };
    clients.set(ws, client);
    ws.on('message', (data, isBinary) => {
      try { onFrame(client, data, isBinary); } catch (err) {
        sendRaw(client, JSON.stringify(errorResponse(null, 500, String(err && err.message))));
      }
    });
    ws.on('error', () => { /* the close event follows */ });
    ws.on('close', () => onSocketClosed(client));
  }

  function onSocketClosed(client) {
    if (client.dead) return;
    client.dead = true;
    clients.delete(client.ws);
    if (S.variants.tokenScope === 'socket') {
      for (const [token, owner] of [...N.tokens]) if (owner === client) N.tokens.delete(token);
    }
    const reg = N.registration;
    if (reg.owner === client) {
      reg.owner = null;
      if (reg.autodisconnect && reg.state !== 'unregistered') dropAccount('unregistered');
    }
  }

  // ------------------------------------------------------------------------------------------
  // NEON server lifecycle
  // ------------------------------------------------------------------------------------------

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD, perMessageDeflate: false,
    skipUTF8Validation: true });
  /** @type {http.Server|null} */
  let neonServer = null;
  let port = opts.port;

  function killSockets(code, reason) {
    const all = [...clients.values()];
    for (const c of all) {
      try {
        if (code) c.ws.close(code, reason); else c.ws.terminate();
      } catch {
        c.ws.terminate();
      }
    }
    return all.length;
  }

  async function startNeon() {
    if (running) return;
    const server = http.createServer((req, res) => {
      const url = new URL(req.url || '/', 'http://localhost');
      if (url.pathname.startsWith('/_sim/')) return handleControl(req, res, url);
      req.resume();
      res.writeHead(426, { 'Content-Type': 'text/plain; charset=utf-8', Upgrade: 'websocket' });
      res.end('NEON WebSocket server: upgrade required');
    });
    server.on('upgrade', (req, socket, head) => {
      if (!running) { socket.destroy(); return; }
      wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws));
    });
    server.on('clientError', (_err, socket) => socket.destroy());
    await listen(server, port, opts.host);
    port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
    neonServer = server;
    running = true;
  }

  /** NEON quits: sockets cut, listener closed, tokens, registration and calls forgotten. */
  function stopNeon() {
    if (!running) return Promise.resolve();
    running = false;
    killSockets();
    for (const c of clients.values()) c.dead = true;
    clients.clear();
    cancelAll();
    N = freshNeon();
    const server = neonServer;
    neonServer = null;
    return new Promise((resolve) => {
      server.close(() => resolve(undefined));
      server.closeAllConnections?.();
    });
  }

  // ------------------------------------------------------------------------------------------
  // Control API
  // ------------------------------------------------------------------------------------------

  function controlSipError(body, fallback) {
    const v = body.SIPError ?? body.sipError;
    if (v === undefined || v === null) return fallback;
    if (!Number.isInteger(v) || v < 0) throw new Error('SIPError must be an integer ≥ 0');
    return v;
  }
  function controlCall(body) {
    const v = body.callId ?? body.callid;
    const call = findCall(v);
    if (!call) throw new Error(`unknown callId ${v}`);
    return call;
  }
  function regView() {
    const r = N.registration;
    return {
      state: r.state,
      number: r.account ? r.account.number : null,
      domain: r.account ? r.account.domainText : null,
      autodisconnect: r.account ? r.autodisconnect : null,
      connectionId: r.connectionId,
      ownerSocket: r.owner ? r.owner.id : null,
    };
  }

  const control = {
    /** An incoming call: { from = '11987654321' (number or SIP URI), name? } → { callId }. */
    inbound({ from = '11987654321', name } = {}) {
      if (!running) throw new Error('NEON is stopped');
      if (N.registration.state !== 'registered') throw new Error('no SIP account is registered');
      if (maxCallsReached()) throw new Error(`at most ${S.timing.maxCalls} simultaneous calls`);
      const fromText = textArg(from);
      if (fromText === undefined) throw new Error('from must be a number or a SIP URI');
      let fromUri = accountUri(fromText);
      if (name !== undefined && name !== null && String(name) !== '') {
        fromUri = `"${String(name).replace(/["\\]/g, '\\$&')}" <${fromUri}>`;
      }
      const call = newCall('incoming', fromUri, accountUri(N.registration.account.number));
      return { callId: wireId(call) };
    },
    /** The far end answers an outgoing call. */
    answer(body = {}) {
      const call = controlCall(body);
      if (call.type !== 'outgoing' || call.state !== 'ringing') throw new Error(`call ${call.key} is not a ringing outgoing call`);
      answerCall(call);
      return { callId: wireId(call) };
    },
    /** Remote hang-up. SIPError default: 0 (answered call), 487 (incoming ringing), 603 (outgoing ringing). */
    hangup(body = {}) {
      const call = controlCall(body);
      const dflt = call.state === 'active' ? 0 : call.type === 'incoming' ? 487 : 603;
      endCall(call, controlSipError(body, dflt), 'remote');
      return { callId: wireId(call) };
    },
    /** { callId } → that ringing outgoing call ends busy now; { next: true } → the next outgoing call does. */
    busy(body = {}) {
      const sipError = controlSipError(body, 486);
      if (body.callId !== undefined || body.callid !== undefined) {
        const call = controlCall(body);
        if (call.type !== 'outgoing' || call.state !== 'ringing') throw new Error(`call ${call.key} is not a ringing outgoing call`);
        endCall(call, sipError, 'far-end-busy');
        return { callId: wireId(call) };
      }
      if (body.next === false) { S.nextOutgoing = null; return { next: false }; }
      S.nextOutgoing = { sipError };
      return { next: true, SIPError: sipError };
    },
    /** { event?, SIPError?, nextOutcome?, nextSIPError? } */
    registration(body = {}) {
      const { event: ev, nextOutcome } = body;
      if (ev === undefined && nextOutcome === undefined) throw new Error('event or nextOutcome is required');
      if (nextOutcome !== undefined) {
        if (nextOutcome === null) S.nextOutcome = null;
        else {
          if (!(nextOutcome in OUTCOMES) || nextOutcome === 'unregistered') {
            throw new Error(`nextOutcome must be one of ${Object.keys(OUTCOMES).filter((k) => k !== 'unregistered').join(', ')}`);
          }
          S.nextOutcome = { kind: nextOutcome, sipError: controlSipError({ SIPError: body.nextSIPError }, undefined) };
        }
      }
      if (ev !== undefined) {
        const kinds = ['registered', 'expired', 'cancelled', 'finalized', 'refused', 'error', 'unregistered'];
        if (!kinds.includes(ev)) throw new Error(`event must be one of ${kinds.join(', ')}`);
        const reg = N.registration;
        const sipError = controlSipError(body, undefined);
        if (ev === 'registered') {
          if (reg.state !== 'registering') throw new Error(`registration is ${reg.state}, not registering`);
          cancel(reg.timer);
          completeRegistration({ kind: 'ok', sipError });
        } else {
          if (reg.state === 'unregistered') throw new Error('no SIP account (registered or registering)');
          dropAccount(ev, sipError);
        }
      }
      return { registration: regView(), nextOutcome: S.nextOutcome ? S.nextOutcome.kind : null };
    },
    /** { action, code, message?, count = 1 }: the next `count` requests with that action answer `code`. */
    failNext({ action, code, message, count = 1 } = {}) {
      if (typeof action !== 'string' || !action) throw new Error('action is required');
      if (!Number.isInteger(code)) throw new Error('code must be an integer');
      S.failNext.push({ action: action.toLowerCase(), code, message, count: Number(count) || 1 });
      return { pending: S.failNext.map((f) => ({ ...f })) };
    },
    /** { raw } → that text to every socket; { event, data } → an event to every authenticated socket. */
    emit({ raw, event: name, data } = {}) {
      if (raw !== undefined) {
        const all = [...clients.values()];
        for (const c of all) sendRaw(c, String(raw));
        return { sockets: all.length };
      }
      if (typeof name !== 'string' || !name) throw new Error('raw or event is required');
      emitNow(name, data === undefined ? {} : data);
      return { sockets: [...clients.values()].filter((c) => c.authed).length };
    },
    /** Every client socket is cut (no close frame, or { code, reason } for a clean close). NEON keeps running. */
    drop({ code, reason } = {}) {
      return { dropped: killSockets(code, reason) };
    },
    async stop() {
      await stopNeon();
      return { running: false };
    },
    async start() {
      if (closed) throw new Error('simulator is closed');
      await startNeon();
      return { running: true, url: wsUrl() };
    },
    /** { ...variants, registerDelayMs?, farEndAnswerMs?, maxCalls? } */
    config(body = {}) {
      const { registerDelayMs, farEndAnswerMs, maxCalls, ...variants } = body;
      const next = buildVariants(S.variants, variants);
      if (registerDelayMs !== undefined) {
        if (typeof registerDelayMs !== 'number' || registerDelayMs < 0) throw new Error('registerDelayMs must be ≥ 0');
        S.timing.registerDelayMs = registerDelayMs;
      }
      if (farEndAnswerMs !== undefined) {
        if (farEndAnswerMs !== null && (typeof farEndAnswerMs !== 'number' || farEndAnswerMs < 0)) throw new Error('farEndAnswerMs must be ≥ 0 or null');
        S.timing.farEndAnswerMs = farEndAnswerMs;
      }
      if (maxCalls !== undefined) {
        if (!Number.isInteger(maxCalls) || maxCalls < 1) throw new Error('maxCalls must be an integer ≥ 1');
        S.timing.maxCalls = maxCalls;
      }
      S.variants = next;
      return { variants: buildVariants(S.variants), ...S.timing };
    },
    state() {
      const all = [...clients.values()];
      return {
        running,
        strict,
        url: wsUrl(),
        clients: all.length,
        authenticated: all.filter((c) => c.authed).length,
        tokens: N.tokens.size,
        variants: buildVariants(S.variants),
        timing: { ...S.timing },
        registration: regView(),
        calls: [...N.calls.values()].map((c) => ({ callId: wireId(c), type: c.type, from: c.from, to: c.to,
          state: c.state, held: c.held, duration: durationOf(c), dtmf: c.dtmf })),
        ended: N.ended.map((c) => ({ ...c })),
        dtmf: { ...N.dtmf },
        ui: { ...N.ui },
        failNext: S.failNext.map((f) => ({ ...f })),
        nextOutcome: S.nextOutcome ? S.nextOutcome.kind : null,
        nextOutgoing: S.nextOutgoing ? { ...S.nextOutgoing } : null,
        log: S.log.slice(-200),
      };
    },
    /** Back to the initial state: sockets cut, NEON state and simulator config as at start; NEON running. */
    async reset() {
      killSockets();
      for (const c of clients.values()) c.dead = true;
      clients.clear();
      cancelAll();
      N = freshNeon();
      S = freshSim();
      if (!running) await startNeon();
      return { ok: true };
    },
  };
  const controlRoutes = {
    inbound: control.inbound, answer: control.answer, hangup: control.hangup, busy: control.busy,
    registration: control.registration, 'fail-next': control.failNext, emit: control.emit, drop: control.drop,
    stop: control.stop, start: control.start, config: control.config, state: control.state, reset: control.reset,
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
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store',
      ...corsHeaders(req) });
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
      const text = await readBody(req);
      let body = {};
      if (text.trim()) {
        try { body = JSON.parse(text); } catch (err) { return sendJson(req, res, 400, { error: `invalid JSON: ${err.message}` }); }
        if (!body || typeof body !== 'object' || Array.isArray(body)) return sendJson(req, res, 400, { error: 'body must be a JSON object' });
      }
      let result;
      try { result = await fn(body); } catch (err) { return sendJson(req, res, 409, { error: String(err && err.message) }); }
      sendJson(req, res, 200, result);
    } catch (err) {
      if (!res.headersSent) sendJson(req, res, 500, { error: String(err && err.stack ? err.stack : err) });
      else res.destroy();
    }
  }

  const controlServer = http.createServer((req, res) => {
    const url = new URL(req.url || '/', 'http://localhost');
    if (url.pathname.startsWith('/_sim/') || req.method === 'OPTIONS') return handleControl(req, res, url);
    req.resume();
    sendJson(req, res, 404, { error: 'the control API lives under /_sim/' });
  });

  await startNeon();
  try {
    await listen(controlServer, opts.controlPort, opts.host);
  } catch (err) {
    await stopNeon();
    throw err;
  }
  const controlPort = /** @type {import('node:net').AddressInfo} */ (controlServer.address()).port;
  const hostForUrl = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;
  function wsUrl() { return `ws://${hostForUrl}:${port}/`; }

  /** Tear everything down; returns the servers whose close is still in progress. */
  function teardown() {
    if (closed) return [];
    closed = true;
    running = false;
    killSockets();
    for (const c of clients.values()) c.dead = true;
    clients.clear();
    cancelAll();
    const servers = [neonServer, controlServer].filter(Boolean);
    neonServer = null;
    return servers.map((s) => new Promise((resolve) => {
      s.close(() => resolve(undefined));
      s.closeAllConnections?.();
    }));
  }

  return {
    url: wsUrl(),
    controlUrl: `http://${hostForUrl}:${controlPort}/_sim`,
    port,
    controlPort,
    control,
    closeSync() { teardown(); },
    async close() { await Promise.all(teardown()); },
  };
}
