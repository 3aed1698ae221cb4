// Intelix DGPhone simulator: Asterisk-manager-style `Key: Value` packets over TCP (port 5038), built from
// the vendor document (/work/shared/seeds/001_71583dacd2e66193.txt) and its digest
// (/work/shared/protocols/dgphone.md) only. See README.md next to this file for the choices made where the
// document is silent.
//
// Two servers:
//   * the DGPhone manager on `port` (TCP, `net`): it can be stopped and started again (/_sim/stop, /_sim/start);
//   * the control server on `controlPort` (HTTP, /_sim/… only), always on.
import http from 'node:http';
import net from 'node:net';

// ---------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------

export const LINES = 6;
export const DEFAULT_PORT = 5038;
const DEFAULT_EXTENSIONS = ['2001', '2002', '2003'];
const DEFAULT_AGENTS = [
  { agent: '1001', pin: '1234' },
  { agent: '1002', pin: '5678' },
];

export const DEFAULT_VARIANTS = Object.freeze({
  /** A one-line banner on connect, before any packet (as Asterisk does). */
  banner: true,
  /** Line terminator the server writes: 'crlf' (the document) or 'lf' (bare LF). */
  lineEnding: 'crlf',
  /** 'after': a command's events go out before its DGPhoneResponse; 'before': the response first. */
  responseOrder: 'after',
  /** Responses carry `User:` (public client code expects it in the Login answer). */
  responseUser: true,
  /** Events go to every connection with a login, whatever extension it logged in (no filtering by User). */
  broadcastEvents: false,
  /** Selecting another line puts the active call of the previously selected line on hold. */
  autoHoldOnSelect: false,
  /** `logoff` also logs off the agent signed in on that extension (AgentLogoff) before closing. */
  logoffLogsAgentOut: true,
  /** `LineSelect` of the line already selected sends no `LineSelected` (events report changes only; seed L11: not promised). */
  lineSelectedOnChange: false,
  /** `logoff` is told to the connection with `Status: UserLogoff` (seed L134, "Logoff do usuário") before it closes. */
  logoffUserLogoff: false,
});
const VARIANT_VALUES = {
  banner: [true, false],
  lineEnding: ['crlf', 'lf'],
  responseOrder: ['after', 'before'],
  responseUser: [true, false],
  broadcastEvents: [true, false],
  autoHoldOnSelect: [true, false],
  logoffLogsAgentOut: [true, false],
  lineSelectedOnChange: [false, true],
  logoffUserLogoff: [false, true],
};

/** Canonical command names (matched case-insensitively). */
const COMMANDS = ['Login', 'logoff', 'Status', 'LineSelect', 'Hold', 'Dial', 'Answer', 'SendDtmf', 'Hangup'];
const COMMAND_BY_LOWER = new Map(COMMANDS.map((c) => [c.toLowerCase(), c]));

const DTMF = /^[0-9*#A-D]+$/;
const DIALABLE = /^\+?[0-9*#]{1,40}$/;
const LOG_LIMIT = 500;

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

class CommandError extends Error {}
const refuse = (message) => {
  throw new CommandError(message);
};

function checkVariant(key, value) {
  if (!(key in DEFAULT_VARIANTS)) throw new Error(`unknown variant ${key}`);
  if (!VARIANT_VALUES[key].includes(value)) {
    throw new Error(`variant ${key} must be one of ${VARIANT_VALUES[key].map((x) => JSON.stringify(x)).join(', ')}`);
  }
  return value;
}
function buildVariants(base, changes = {}) {
  const v = { ...base };
  for (const [k, value] of Object.entries(changes)) v[k] = checkVariant(k, value);
  return v;
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
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
}

const nonNegative = (name, v, allowNull = false) => {
  if (v === null && allowNull) return null;
  if (typeof v !== 'number' || !(v >= 0)) throw new Error(`${name} must be a number ≥ 0${allowNull ? ' or null' : ''}`);
  return v;
};

/**
 * Incoming packet parser: lines end in CRLF or bare LF, a packet ends with an empty line, a field is split
 * at its first colon. Lines without a colon are reported (`stray`), never fatal.
 */
function createParser(maxPacketChars, onPacket, onStray, onOverflow) {
  let partial = '';
  let fields = [];
  let size = 0;
  let skipping = false;
  return (text) => {
    partial += text;
    let nl;
    while ((nl = partial.indexOf('\n')) >= 0) {
      let line = partial.slice(0, nl);
      partial = partial.slice(nl + 1);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (skipping) {
        if (line === '') skipping = false;
        continue;
      }
      if (line === '') {
        if (fields.length) onPacket(fields);
        fields = [];
        size = 0;
        continue;
      }
      size += line.length;
      if (size > maxPacketChars) {
        fields = [];
        size = 0;
        skipping = true;
        onOverflow();
        continue;
      }
      const colon = line.indexOf(':');
      if (colon > 0) fields.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
      else if (line.trim()) onStray(line);
    }
    if (partial.length > maxPacketChars) {
      partial = '';
      fields = [];
      size = 0;
      skipping = true;
      onOverflow();
    }
  };
}

const field = (fields, key) => {
  const k = key.toLowerCase();
  const found = fields.find(([name]) => name.toLowerCase() === k);
  return found ? found[1] : undefined;
};

// ---------------------------------------------------------------------------------------------
// The simulator
// ---------------------------------------------------------------------------------------------

/**
 * Start a DGPhone simulator.
 * @param {object} [options] see README.md
 * @returns {Promise<{url:string, controlUrl:string, port:number, controlPort:number, control:object,
 *   close():Promise<void>, closeSync():void}>}
 */
export async function startDGPhoneSimulator(options = {}) {
  const opts = {
    port: 0,
    host: '127.0.0.1',
    controlPort: 0,
    bannerText: 'Intelix DGPhone Manager/1.0',
    encoding: 'utf-8',
    maxPacketChars: 64 * 1024,
    cors: true,
    ...options,
  };
  if (!['utf-8', 'latin1'].includes(opts.encoding)) throw new Error("encoding must be 'utf-8' or 'latin1'");
  const extensions = (options.extensions || DEFAULT_EXTENSIONS).map(String);
  const agents = (options.agents || DEFAULT_AGENTS).map((a) => ({ agent: String(a.agent), pin: String(a.pin) }));
  const initialTiming = {
    timestampIntervalMs: nonNegative('timestampIntervalMs', options.timestampIntervalMs ?? 15000, true),
    farEndAnswerMs: nonNegative('farEndAnswerMs', options.farEndAnswerMs === undefined ? 1500 : options.farEndAnswerMs, true),
    farEndBusyMs: nonNegative('farEndBusyMs', options.farEndBusyMs ?? 50),
    featureAnswerMs: nonNegative('featureAnswerMs', options.featureAnswerMs ?? 50),
    featureHangupMs: nonNegative('featureHangupMs', options.featureHangupMs ?? 100),
  };
  const initialCodes = {
    agentLoginCode: options.agentLoginCode === undefined ? '*9800' : options.agentLoginCode,
    agentLogoffCode: options.agentLogoffCode === undefined ? null : options.agentLogoffCode,
  };
  const initialVariants = buildVariants(DEFAULT_VARIANTS, options.variants || {});
  /**
   * Strict: only what the seed documents. `Login` is the only command answered with a DGPhoneResponse (without
   * `User`, as the seed shows it); every other command, refused or not, gets no response (a refusal changes
   * nothing and says nothing); `Status` sends one event per line and nothing else; no banner; `Answer` makes
   * the answered line the selected one without a `LineSelected` event. Fixed for the simulator's life.
   */
  const strict = options.strict === true;

  // ----- timers -----
  const timers = new Set();
  function later(ms, fn) {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
    return t;
  }
  function cancel(t) {
    if (t) {
      clearTimeout(t);
      timers.delete(t);
    }
  }
  function cancelAll() {
    for (const t of timers) clearTimeout(t);
    timers.clear();
  }

  // ----- state -----
  let nextCallId = 1;
  let nextUniqueId = 1;
  function freshLine(n) {
    return { n, call: null };
  }
  function freshPhone(ext) {
    return { ext, available: true, selected: 1, agent: null, lines: Array.from({ length: LINES }, (_, i) => freshLine(i + 1)) };
  }
  /** The DGPhone / PBX state: survives connection drops, forgotten on stop. */
  function freshWorld() {
    return {
      phones: new Map(extensions.map((e) => [e, freshPhone(e)])),
      /** Digits sent per call: `{ user, line, callId, number, digits }`. */
      dtmf: [],
      /** Agent login / logoff attempts by feature code. */
      attempts: [],
      ended: [],
    };
  }
  /** Simulator configuration: survives stop/start, reset by /_sim/reset. */
  function freshSim() {
    return {
      variants: buildVariants(initialVariants),
      timing: { ...initialTiming },
      codes: { ...initialCodes },
      failNext: [],
      nextBusy: false,
      log: [],
    };
  }
  let W = freshWorld();
  let S = freshSim();

  const clients = new Set();
  let nextClientId = 1;
  let server = null;
  let running = false;
  let closed = false;
  let port = opts.port;
  let stampTimer = null;

  function log(entry) {
    S.log.push({ t: Date.now(), ...entry });
    if (S.log.length > LOG_LIMIT) S.log.splice(0, S.log.length - LOG_LIMIT);
  }

  // ----- writing -----
  const eol = () => (S.variants.lineEnding === 'lf' ? '\n' : '\r\n');
  function write(client, text) {
    if (client.dead || client.socket.destroyed) return;
    client.socket.write(Buffer.from(text, opts.encoding === 'latin1' ? 'latin1' : 'utf8'));
  }
  function packet(pairs) {
    const e = eol();
    return pairs
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `${k}: ${v}${e}`)
      .join('') + e;
  }

  /** Clients that get events of extension `ext`. */
  function audience(ext) {
    return [...clients].filter((c) => !c.dead && (c.users.has(ext) || (S.variants.broadcastEvents && c.users.size > 0)));
  }

  /** While a command runs, its events are collected and flushed around its response. */
  let collecting = null;
  function emitTo(targets, pairs) {
    const text = packet(pairs);
    if (collecting) collecting.push(() => targets.forEach((c) => write(c, text)));
    else targets.forEach((c) => write(c, text));
  }
  function lineEvent(phone, status, n, extra = []) {
    emitTo(audience(phone.ext), [['Event', 'DGPhoneEvent'], ['Status', status], ['User', phone.ext], ['Line', n], ...extra]);
  }
  function agentEvent(phone, agent, status, extra = []) {
    emitTo(audience(phone.ext), [['Event', 'DGPhoneEvent'], ['User', phone.ext], ['Agent', agent], ['Status', status], ...extra]);
  }

  // ----- calls -----
  function newCall(phone, line, direction, number, extra = {}) {
    const call = {
      id: nextCallId++,
      direction,
      number,
      state: direction === 'outbound' ? 'dialing' : 'ringing',
      held: false,
      feature: null,
      uniqueid: null,
      timer: null,
      ...extra,
    };
    line.call = call;
    return call;
  }

  function endCall(phone, line, how) {
    const call = line.call;
    if (!call) return;
    cancel(call.timer);
    line.call = null;
    W.ended.push({ user: phone.ext, line: line.n, callId: call.id, number: call.number, direction: call.direction, how, answered: call.state === 'active' });
    if (W.ended.length > 50) W.ended.shift();
    const complete = call.uniqueid && call.state === 'active' && phone.agent ? () => agentEvent(phone, phone.agent, 'AgentComplete', [['Uniqueid', call.uniqueid]]) : () => {};
    // Strict: the seed orders none of them; AgentComplete comes while the line still shows the call.
    if (strict) complete();
    lineEvent(phone, 'Hangup', line.n);
    lineEvent(phone, 'Ready', line.n);
    if (!strict) complete();
  }

  function answerCall(phone, line) {
    const call = line.call;
    if (!call) return;
    cancel(call.timer);
    call.timer = null;
    call.state = 'active';
    lineEvent(phone, 'Answer', line.n, [['Number', call.number]]);
    if (call.uniqueid && phone.agent) agentEvent(phone, phone.agent, 'AgentConnect', [['Uniqueid', call.uniqueid]]);
  }

  function freeLine(phone, wanted) {
    if (wanted !== undefined && wanted !== null) {
      const n = Number(wanted);
      if (!Number.isInteger(n) || n < 1 || n > LINES) throw new Error(`line must be 1..${LINES}`);
      if (phone.lines[n - 1].call) throw new Error(`line ${n} is busy`);
      return phone.lines[n - 1];
    }
    const line = phone.lines.find((l) => !l.call);
    if (!line) throw new Error('all lines are busy');
    return line;
  }

  /** The far end (or the PBX's feature code) handles a freshly dialled call. */
  function routeOutbound(phone, line, call) {
    const { agentLoginCode, agentLogoffCode } = S.codes;
    if (agentLoginCode && call.number === agentLoginCode) call.feature = { kind: 'login', digits: '' };
    else if (agentLogoffCode && call.number === agentLogoffCode) call.feature = { kind: 'logoff', digits: '' };
    if (call.feature) {
      call.timer = later(S.timing.featureAnswerMs, () => line.call === call && answerCall(phone, line));
      return;
    }
    if (S.nextBusy) {
      S.nextBusy = false;
      call.timer = later(S.timing.farEndBusyMs, () => line.call === call && endCall(phone, line, 'far-end-busy'));
      return;
    }
    if (S.timing.farEndAnswerMs !== null) {
      call.timer = later(S.timing.farEndAnswerMs, () => line.call === call && answerCall(phone, line));
    }
  }

  /** DTMF into a feature-code call: `agent#PIN#` (login) or `agent#` (logoff). */
  function featureDigits(phone, line, call, digits) {
    const f = call.feature;
    f.digits += digits;
    const parts = f.digits.split('#');
    const done = f.kind === 'login' ? parts.length >= 3 : parts.length >= 2;
    if (!done || f.finished) return;
    f.finished = true;
    const agent = parts[0];
    if (f.kind === 'login') {
      const pin = parts[1];
      const ok = agents.some((a) => a.agent === agent && a.pin === pin);
      W.attempts.push({ kind: 'login', user: phone.ext, agent, ok });
      if (ok) {
        // An agent signs in on one extension at a time.
        for (const other of W.phones.values()) {
          if (other !== phone && other.agent === agent) {
            other.agent = null;
            agentEvent(other, agent, 'AgentLogoff');
          }
        }
        phone.agent = agent;
        agentEvent(phone, agent, 'AgentLogin');
      }
    } else {
      const ok = phone.agent === agent;
      W.attempts.push({ kind: 'logoff', user: phone.ext, agent, ok });
      if (ok) {
        phone.agent = null;
        agentEvent(phone, agent, 'AgentLogoff');
      }
    }
    // The PBX hangs up the feature-code call a moment later (after its confirmation prompt).
    call.timer = later(S.timing.featureHangupMs, () => line.call === call && endCall(phone, line, 'feature-done'));
  }

  // ----- commands -----
  function targetPhone(client, fields) {
    const user = field(fields, 'User');
    if (user !== undefined && user !== '') {
      if (!client.users.has(user)) refuse(`Usuário ${user} não logado nesta conexão`);
      return W.phones.get(user);
    }
    const first = client.users.values().next();
    if (first.done) refuse('Nenhum usuário logado');
    return W.phones.get(first.value);
  }

  function lineArg(phone, fields, required) {
    const raw = field(fields, 'Line');
    if (raw === undefined || raw === '') {
      if (required) refuse('Linha obrigatória');
      return phone.lines[phone.selected - 1];
    }
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < 1 || n > LINES) refuse(`Linha inválida: ${raw}`);
    return phone.lines[n - 1];
  }

  /** Status: one event per line (the line's state as the matching event) and the selected line. */
  function statusEvents(client, phone) {
    const direct = (pairs) => {
      const text = packet(pairs);
      collecting.push(() => write(client, text));
    };
    for (const line of phone.lines) {
      const c = line.call;
      const status = !c ? 'Ready' : c.held ? 'Hold' : c.state === 'dialing' ? 'Dialing' : c.state === 'ringing' ? 'ReceivingCall' : 'Answer';
      direct([
        ['Event', 'DGPhoneEvent'],
        ['Status', status],
        ['User', phone.ext],
        ['Line', line.n],
        ['Number', c ? c.number : undefined],
        ['Hold', c && c.held ? 1 : undefined],
      ]);
    }
    // Not in the seed ("o evento Status para cada linha"): the selected line, default variant only.
    if (!strict) direct([['Event', 'DGPhoneEvent'], ['Status', 'LineSelected'], ['User', phone.ext], ['Line', phone.selected]]);
  }

  /** Runs one command; returns the response message. Throws CommandError for a `Response: Error`. */
  function runCommand(client, command, fields) {
    if (command === 'Login') {
      const user = field(fields, 'User');
      if (!user) refuse('Usuário obrigatório');
      const phone = W.phones.get(user);
      if (!phone) refuse(`Ramal ${user} não cadastrado`);
      if (!phone.available) refuse(`DGPhone do ramal ${user} indisponível`);
      client.users.add(user);
      client.remoteMode.set(user, field(fields, 'RemoteMode') === '1');
      return { user, message: `Ramal ${user} logado` };
    }
    const phone = targetPhone(client, fields);
    const user = phone.ext;
    switch (command) {
      case 'logoff': {
        if (S.variants.logoffLogsAgentOut && phone.agent) {
          const agent = phone.agent;
          phone.agent = null;
          // Strict: the seed says only that logoff closes the connection (L35), not that it tells AgentLogoff.
          if (!strict) agentEvent(phone, agent, 'AgentLogoff');
        }
        client.users.delete(user);
        if (S.variants.logoffUserLogoff) emitTo([client], [['Event', 'DGPhoneEvent'], ['Status', 'UserLogoff'], ['User', user]]);
        client.closeAfterResponse = true;
        return { user, message: 'Logoff efetuado' };
      }
      case 'Status':
        statusEvents(client, phone);
        return { user, message: 'Status enviado' };
      case 'LineSelect': {
        const line = lineArg(phone, fields, true);
        const previous = phone.lines[phone.selected - 1];
        if (S.variants.autoHoldOnSelect && previous !== line && previous.call && previous.call.state === 'active' && !previous.call.held) {
          previous.call.held = true;
          lineEvent(phone, 'Hold', previous.n, [['Hold', 1]]);
        }
        const changed = phone.selected !== line.n;
        phone.selected = line.n;
        if (changed || !S.variants.lineSelectedOnChange) lineEvent(phone, 'LineSelected', line.n);
        return { user, message: `Linha ${line.n} selecionada` };
      }
      case 'Hold': {
        const line = phone.lines[phone.selected - 1];
        const call = line.call;
        if (!call || call.state !== 'active') refuse(`Linha ${line.n} sem chamada ativa`);
        call.held = !call.held;
        lineEvent(phone, 'Hold', line.n, [['Hold', call.held ? 1 : 0]]);
        return { user, message: call.held ? 'Chamada em espera' : 'Chamada retomada' };
      }
      case 'Dial': {
        const number = (field(fields, 'Number') || '').trim();
        if (!DIALABLE.test(number)) refuse(`Número inválido: ${number}`);
        const line = phone.lines[phone.selected - 1];
        if (line.call) refuse(`Linha ${line.n} ocupada`);
        const call = newCall(phone, line, 'outbound', number);
        lineEvent(phone, 'Dialing', line.n, [['Number', number]]);
        routeOutbound(phone, line, call);
        return { user, message: `Discando para ${number}` };
      }
      case 'Answer': {
        const line = lineArg(phone, fields, false);
        if (!line.call || line.call.state !== 'ringing') refuse(`Linha ${line.n} sem chamada para atender`);
        if (phone.selected !== line.n) {
          phone.selected = line.n;
          // Strict: the selection moves, unannounced (the seed does not say Answer reports it).
          if (!strict) lineEvent(phone, 'LineSelected', line.n);
        }
        answerCall(phone, line);
        return { user, message: `Chamada atendida na linha ${line.n}` };
      }
      case 'SendDtmf': {
        const digits = (field(fields, 'Digits') || '').trim().toUpperCase();
        if (!DTMF.test(digits)) refuse(`Dígitos inválidos: ${digits}`);
        const line = phone.lines[phone.selected - 1];
        const call = line.call;
        if (!call || call.state !== 'active' || call.held) refuse(`Linha ${line.n} não está em chamada`);
        W.dtmf.push({ user, line: line.n, callId: call.id, number: call.number, digits: call.feature ? digits.replace(/[0-9A-D*]/g, '•') : digits });
        if (call.feature) featureDigits(phone, line, call, digits);
        return { user, message: 'DTMF enviado' };
      }
      case 'Hangup': {
        const line = lineArg(phone, fields, false);
        if (!line.call) refuse(`Linha ${line.n} livre`);
        endCall(phone, line, 'local');
        return { user, message: `Chamada encerrada na linha ${line.n}` };
      }
      default:
        return refuse(`Comando inválido: ${command}`);
    }
  }

  function featureCallSelected(client, fields) {
    try {
      const phone = targetPhone(client, fields);
      return Boolean(phone.lines[phone.selected - 1].call?.feature);
    } catch {
      return false;
    }
  }

  function onPacket(client, fields) {
    const action = field(fields, 'Action');
    const rawCommand = field(fields, 'Command') ?? '';
    const command = COMMAND_BY_LOWER.get(rawCommand.toLowerCase());
    // DTMF into a feature-code call carries the agent's PIN: never in the log.
    const secret = command === 'SendDtmf' && featureCallSelected(client, fields);
    const masked = fields.map(([k, v]) => [k, /^(pin|password|secret)$/i.test(k) || (secret && /^digits$/i.test(k)) ? '***' : v]);
    log({ client: client.id, packet: Object.fromEntries(masked) });
    let ok = true;
    let message = '';
    let user = field(fields, 'User');
    collecting = [];
    try {
      if (!action || action.toLowerCase() !== 'dgphonecommand') refuse(`Ação inválida: ${action ?? ''}`);
      if (!command) refuse(`Comando inválido: ${rawCommand}`);
      const failIndex = S.failNext.findIndex((f) => f.command === command.toLowerCase());
      if (failIndex >= 0) {
        if (command !== 'Login') user = targetPhone(client, fields).ext;
        const f = S.failNext[failIndex];
        f.count -= 1;
        if (f.count <= 0) S.failNext.splice(failIndex, 1);
        refuse(f.message);
      }
      const result = runCommand(client, command, fields);
      user = result.user;
      message = result.message;
    } catch (err) {
      if (!(err instanceof CommandError)) {
        collecting = null;
        throw err;
      }
      ok = false;
      message = err.message;
    }
    const events = collecting;
    collecting = null;
    const response = packet([
      ['Event', 'DGPhoneResponse'],
      ['Response', ok ? 'Success' : 'Error'],
      ['Command', command ?? rawCommand],
      ['User', S.variants.responseUser && !strict ? user : undefined],
      ['Message', message],
    ]);
    // Strict: the seed promises a DGPhoneResponse for Login only ("Será gerado um evento de resposta").
    const answered = !strict || command === 'Login';
    if (answered && S.variants.responseOrder === 'before') write(client, response);
    for (const send of events) send();
    if (answered && S.variants.responseOrder === 'after') write(client, response);
    if (client.closeAfterResponse) {
      client.closeAfterResponse = false;
      client.socket.end();
    }
  }

  function onConnection(socket) {
    const client = { id: nextClientId++, socket, users: new Set(), remoteMode: new Map(), dead: false, closeAfterResponse: false };
    clients.add(client);
    socket.setNoDelay(true);
    const decoder = new TextDecoder(opts.encoding === 'latin1' ? 'windows-1252' : 'utf-8');
    const parse = createParser(
      opts.maxPacketChars,
      (fields) => onPacket(client, fields),
      (line) => log({ client: client.id, stray: line.slice(0, 200) }),
      () => log({ client: client.id, overflow: opts.maxPacketChars }),
    );
    socket.on('data', (bytes) => {
      try {
        parse(decoder.decode(bytes, { stream: true }));
      } catch (err) {
        log({ client: client.id, internal: String(err && err.stack ? err.stack : err) });
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      client.dead = true;
      clients.delete(client);
    });
    if (S.variants.banner && !strict) write(client, `${opts.bannerText}${eol()}`);
  }

  function killClients() {
    const n = clients.size;
    for (const c of clients) {
      c.dead = true;
      c.socket.destroy();
    }
    clients.clear();
    return n;
  }

  // ----- keep-alive -----
  function scheduleStamps() {
    cancel(stampTimer);
    stampTimer = null;
    const every = S.timing.timestampIntervalMs;
    if (every === null || every === 0 || !running) return;
    stampTimer = later(every, () => {
      stampTimer = null;
      const text = packet([['Event', 'DGTimeStamp'], ['Time', Math.floor(Date.now() / 1000)]]);
      for (const c of clients) if (c.users.size > 0) write(c, text);
      scheduleStamps();
    });
  }

  // ----- server lifecycle -----
  async function startServer() {
    if (running) return;
    const srv = net.createServer(onConnection);
    await listen(srv, port, opts.host);
    port = srv.address().port;
    server = srv;
    running = true;
    scheduleStamps();
  }

  function stopServer() {
    if (!running) return Promise.resolve();
    running = false;
    killClients();
    cancelAll();
    stampTimer = null;
    W = freshWorld();
    const srv = server;
    server = null;
    return new Promise((resolve) => srv.close(() => resolve(undefined)));
  }

  // ------------------------------------------------------------------------------------------
  // Control API
  // ------------------------------------------------------------------------------------------

  function phoneOf(body) {
    const user = String(body.user ?? extensions[0]);
    const phone = W.phones.get(user);
    if (!phone) throw new Error(`unknown extension ${user}`);
    return phone;
  }
  function lineOf(phone, body) {
    const n = Number(body.line);
    if (!Number.isInteger(n) || n < 1 || n > LINES) throw new Error(`line must be 1..${LINES}`);
    return phone.lines[n - 1];
  }
  function needRunning() {
    if (!running) throw new Error('DGPhone is stopped');
  }
  function phoneView(phone) {
    return {
      available: phone.available,
      selected: phone.selected,
      agent: phone.agent,
      lines: phone.lines.map((l) => ({
        line: l.n,
        state: !l.call ? 'idle' : l.call.held ? 'held' : l.call.state,
        ...(l.call
          ? { callId: l.call.id, number: l.call.number, direction: l.call.direction, feature: l.call.feature ? l.call.feature.kind : null, uniqueid: l.call.uniqueid }
          : {}),
      })),
    };
  }

  const control = {
    /** An incoming call on a free line (or `line`): ReceivingCall. → { line, callId } */
    inbound(body = {}) {
      needRunning();
      const phone = phoneOf(body);
      if (!phone.available) throw new Error(`DGPhone ${phone.ext} is unavailable`);
      const from = String(body.from ?? '11987654321');
      const line = freeLine(phone, body.line);
      const call = newCall(phone, line, 'inbound', from);
      lineEvent(phone, 'ReceivingCall', line.n, [['Number', from]]);
      return { line: line.n, callId: call.id };
    },
    /** A queue call for the agent signed in on `user`: AgentCalled (Uniqueid), then ReceivingCall. */
    queueCall(body = {}) {
      needRunning();
      const phone = phoneOf(body);
      if (!phone.agent) throw new Error(`no agent is signed in on ${phone.ext}`);
      const from = String(body.from ?? '11987654321');
      const uniqueid = String(body.uniqueid ?? `${Math.floor(Date.now() / 1000)}.${nextUniqueId++}`);
      const line = freeLine(phone, body.line);
      // Strict: the seed orders AgentCalled and ReceivingCall nowhere; the line rings first.
      if (!strict) agentEvent(phone, phone.agent, 'AgentCalled', [['Uniqueid', uniqueid]]);
      const call = newCall(phone, line, 'inbound', from, { uniqueid });
      lineEvent(phone, 'ReceivingCall', line.n, [['Number', from]]);
      if (strict) agentEvent(phone, phone.agent, 'AgentCalled', [['Uniqueid', uniqueid]]);
      return { line: line.n, callId: call.id, uniqueid };
    },
    /** The far end answers a dialling call on `line`. */
    answer(body = {}) {
      needRunning();
      const phone = phoneOf(body);
      const line = lineOf(phone, body);
      if (!line.call || line.call.state !== 'dialing') throw new Error(`line ${line.n} has no dialling call`);
      answerCall(phone, line);
      return { line: line.n, callId: line.call.id };
    },
    /** The far end hangs up the call on `line`. */
    hangup(body = {}) {
      needRunning();
      const phone = phoneOf(body);
      const line = lineOf(phone, body);
      if (!line.call) throw new Error(`line ${line.n} is idle`);
      const callId = line.call.id;
      endCall(phone, line, 'remote');
      return { line: line.n, callId };
    },
    /** `{ next: true|false }`: the next Dial ends busy; `{ user, line }`: that dialling call ends busy now. */
    busy(body = {}) {
      if (body.line !== undefined) {
        needRunning();
        const phone = phoneOf(body);
        const line = lineOf(phone, body);
        if (!line.call || line.call.state !== 'dialing') throw new Error(`line ${line.n} has no dialling call`);
        endCall(phone, line, 'far-end-busy');
        return { line: line.n };
      }
      S.nextBusy = body.next !== false;
      return { next: S.nextBusy };
    },
    /** The far end presses keys: one DTMFReceived per digit on `line`. */
    dtmf(body = {}) {
      needRunning();
      const phone = phoneOf(body);
      const line = lineOf(phone, body);
      const digits = String(body.digits ?? '').toUpperCase();
      if (!DTMF.test(digits)) throw new Error('digits must be 0-9, *, #, A-D');
      if (!line.call || line.call.state !== 'active') throw new Error(`line ${line.n} is not in a call`);
      for (const d of digits) lineEvent(phone, 'DTMFReceived', line.n, [['Digit', d]]);
      return { line: line.n, digits };
    },
    /** The DGPhone of `user` closes: UserLogoff, its calls are gone, logins on it dropped, Login refused until userLogon. */
    userLogoff(body = {}) {
      needRunning();
      const phone = phoneOf(body);
      const targets = audience(phone.ext);
      emitTo(targets, [['Event', 'DGPhoneEvent'], ['Status', 'UserLogoff'], ['User', phone.ext]]);
      for (const line of phone.lines) {
        cancel(line.call?.timer);
        line.call = null;
      }
      phone.selected = 1;
      phone.available = false;
      for (const c of clients) c.users.delete(phone.ext);
      return { user: phone.ext, notified: targets.length };
    },
    /** The DGPhone of `user` is back: Login works again. */
    userLogon(body = {}) {
      const phone = phoneOf(body);
      phone.available = true;
      return { user: phone.ext };
    },
    /** The PBX logs the agent on `user` off (AgentLogoff). */
    agentLogoff(body = {}) {
      needRunning();
      const phone = phoneOf(body);
      if (!phone.agent) throw new Error(`no agent is signed in on ${phone.ext}`);
      const agent = phone.agent;
      phone.agent = null;
      agentEvent(phone, agent, 'AgentLogoff');
      return { user: phone.ext, agent };
    },
    /** Sign an agent in without the feature code (as if it had been done before the client connected). */
    agentLogin(body = {}) {
      needRunning();
      const phone = phoneOf(body);
      const agent = String(body.agent ?? agents[0]?.agent ?? '');
      phone.agent = agent;
      if (body.silent !== true) agentEvent(phone, agent, 'AgentLogin');
      return { user: phone.ext, agent };
    },
    /** `{ command, message?, count = 1 }`: the next `count` such commands answer `Response: Error`. */
    failNext({ command, message, count = 1 } = {}) {
      if (typeof command !== 'string' || !command) throw new Error('command is required');
      S.failNext.push({ command: command.toLowerCase(), message: String(message ?? `Falha simulada em ${command}`), count: Number(count) || 1 });
      return { pending: S.failNext.map((f) => ({ ...f })) };
    },
    /** `{ text }`: raw text to every connection; `{ user, fields }`: a DGPhoneEvent to that extension's audience. */
    emit({ text, user, fields } = {}) {
      if (text !== undefined) {
        const all = [...clients];
        for (const c of all) write(c, String(text));
        return { clients: all.length };
      }
      if (!fields || typeof fields !== 'object') throw new Error('text or fields is required');
      const phone = phoneOf({ user });
      const targets = audience(phone.ext);
      emitTo(targets, [['Event', 'DGPhoneEvent'], ['User', phone.ext], ...Object.entries(fields).map(([k, v]) => [k, String(v)])]);
      return { clients: targets.length };
    },
    /** Every client connection is cut; the DGPhone keeps its calls and agents. */
    drop() {
      return { dropped: killClients() };
    },
    async stop() {
      await stopServer();
      return { running: false };
    },
    async start() {
      if (closed) throw new Error('simulator is closed');
      await startServer();
      return { running: true, url: tcpUrl() };
    },
    /** `{ ...variants, timestampIntervalMs?, farEndAnswerMs?, farEndBusyMs?, featureAnswerMs?, featureHangupMs?, agentLoginCode?, agentLogoffCode? }` */
    config(body = {}) {
      const { timestampIntervalMs, farEndAnswerMs, farEndBusyMs, featureAnswerMs, featureHangupMs, agentLoginCode, agentLogoffCode, ...variants } = body;
      const next = buildVariants(S.variants, variants);
      const timing = { ...S.timing };
      if (timestampIntervalMs !== undefined) timing.timestampIntervalMs = nonNegative('timestampIntervalMs', timestampIntervalMs, true);
      if (farEndAnswerMs !== undefined) timing.farEndAnswerMs = nonNegative('farEndAnswerMs', farEndAnswerMs, true);
      if (farEndBusyMs !== undefined) timing.farEndBusyMs = nonNegative('farEndBusyMs', farEndBusyMs);
      if (featureAnswerMs !== undefined) timing.featureAnswerMs = nonNegative('featureAnswerMs', featureAnswerMs);
      if (featureHangupMs !== undefined) timing.featureHangupMs = nonNegative('featureHangupMs', featureHangupMs);
      if (agentLoginCode !== undefined) S.codes.agentLoginCode = agentLoginCode === null ? null : String(agentLoginCode);
      if (agentLogoffCode !== undefined) S.codes.agentLogoffCode = agentLogoffCode === null ? null : String(agentLogoffCode);
      const stampsChanged = timing.timestampIntervalMs !== S.timing.timestampIntervalMs;
      S.variants = next;
      S.timing = timing;
      if (stampsChanged) scheduleStamps();
      return { variants: { ...S.variants }, ...S.timing, ...S.codes };
    },
    state() {
      return {
        running,
        strict,
        url: tcpUrl(),
        clients: [...clients].map((c) => ({ id: c.id, users: [...c.users], remoteMode: Object.fromEntries(c.remoteMode) })),
        variants: { ...S.variants },
        timing: { ...S.timing },
        codes: { ...S.codes },
        phones: Object.fromEntries([...W.phones].map(([ext, p]) => [ext, phoneView(p)])),
        dtmf: W.dtmf.map((d) => ({ ...d })),
        attempts: W.attempts.map((a) => ({ ...a })),
        ended: W.ended.map((e) => ({ ...e })),
        failNext: S.failNext.map((f) => ({ ...f })),
        nextBusy: S.nextBusy,
        log: S.log.slice(-200),
      };
    },
    /** Back to the initial state: connections cut, DGPhone state and simulator configuration as at start; running. */
    async reset() {
      killClients();
      cancelAll();
      stampTimer = null;
      W = freshWorld();
      S = freshSim();
      if (!running) await startServer();
      else scheduleStamps();
      return { ok: true };
    },
  };
  const controlRoutes = {
    inbound: control.inbound,
    'queue-call': control.queueCall,
    answer: control.answer,
    hangup: control.hangup,
    busy: control.busy,
    dtmf: control.dtmf,
    'user-logoff': control.userLogoff,
    'user-logon': control.userLogon,
    'agent-logoff': control.agentLogoff,
    'agent-login': control.agentLogin,
    'fail-next': control.failNext,
    emit: control.emit,
    drop: control.drop,
    stop: control.stop,
    start: control.start,
    config: control.config,
    state: control.state,
    reset: control.reset,
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
      const text = await readBody(req);
      let body = {};
      if (text.trim()) {
        try {
          body = JSON.parse(text);
        } catch (err) {
          return sendJson(req, res, 400, { error: `invalid JSON: ${err.message}` });
        }
        if (!body || typeof body !== 'object' || Array.isArray(body)) return sendJson(req, res, 400, { error: 'body must be a JSON object' });
      }
      let result;
      try {
        result = await fn(body);
      } catch (err) {
        return sendJson(req, res, 409, { error: String(err && err.message) });
      }
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

  await startServer();
  try {
    await listen(controlServer, opts.controlPort, opts.host);
  } catch (err) {
    await stopServer();
    throw err;
  }
  const controlPort = controlServer.address().port;
  const hostForUrl = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;
  function tcpUrl() {
    return `tcp://${hostForUrl}:${port}`;
  }

  /** Tear everything down; returns the servers whose close is still in progress. */
  function teardown() {
    if (closed) return [];
    closed = true;
    running = false;
    killClients();
    cancelAll();
    const servers = [server, controlServer].filter(Boolean);
    server = null;
    return servers.map(
      (s) =>
        new Promise((resolve) => {
          s.close(() => resolve(undefined));
          s.closeAllConnections?.();
        }),
    );
  }

  return {
    url: tcpUrl(),
    controlUrl: `http://${hostForUrl}:${controlPort}/_sim`,
    port,
    controlPort,
    control,
    closeSync() {
      teardown();
    },
    async close() {
      await Promise.all(teardown());
    },
  };
}
