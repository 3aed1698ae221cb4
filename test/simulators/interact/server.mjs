// Dígitro Interact CTI simulator: REST + SSE server built from the vendor manual
// ("Manual de Integração Interact CTI" 2.18). See README.md next to this file for the choices made
// where the manual is silent or contradictory.
import http from 'node:http';
import { encodeDocument, encodeFragment, parseXmlBody } from './xml.mjs';

const BASE = '/interact_cti/v1.0/';

// ---------------------------------------------------------------------------------------------
// Defaults
// ---------------------------------------------------------------------------------------------

const DEFAULT_AGENTS = [
  { name: '1001', password: '1234', branch: '2001' },
  { name: '1002', password: '1234', branch: '2002' },
  { name: '1003', password: '1234', branch: '2003' },
];
const DEFAULT_SUPERVISORS = [{ name: 'supervisor', password: '1234' }];
const DEFAULT_SERVICES = [
  { name: 'Atendimento', type: 'inbound', media_types: ['voice'], must_classify: true, classification_time: 30,
    after_call_work_time: 10, expected_handle_time: 180, manual_answer_time: 20, entry_point: '4000',
    permissions: ['consult', 'transfer', 'conference'] },
  { name: 'Suporte', type: 'inbound', media_types: ['voice'], must_classify: false, classification_time: 0,
    after_call_work_time: 5, expected_handle_time: 300, manual_answer_time: 20, entry_point: '4001',
    permissions: ['consult', 'transfer', 'conference'] },
  { name: 'Vendas', type: 'preview', media_types: ['voice'], must_classify: true, classification_time: 30,
    after_call_work_time: 10, expected_handle_time: 240, manual_answer_time: 20, entry_point: '4002',
    permissions: ['consult', 'transfer'] },
];
const DEFAULT_PAUSES = [
  { pause: 'Almoço', id: 10, total: 60, partial: 60 },
  { pause: 'Pausa pessoal', id: 11, total: 30, partial: 10 },
  { pause: 'Treinamento', id: 12, total: 0, partial: 0 },
];
const DEFAULT_SCHEDULED_PAUSES = [{ pause: 'Ginástica laboral', id: 20, duration: 10 }];
const DEFAULT_CLASSIFICATIONS = [
  { id: 1, name: 'Venda realizada', scope: 'general' },
  { id: 2, name: 'Dúvida resolvida', scope: 'inbound' },
  { id: 3, name: 'Reclamação', scope: 'Atendimento' },
  { id: 4, name: 'Sem interesse', scope: 'outbound' },
];
const DEFAULT_LICENCES = { screenSync: 500, agentControl: 500, supervision: 50, config: 50 };
const DEFAULT_VARIANTS = {
  openChannelName: 'on_open_channel', stateChangeName: 'on_state_change', xmlDataRoot: false,
  interlocutorAsNumber: false, trailingSpaceCallId: false, splitXmlDataLines: false, xmlWhitespace: false,
  conferenceReceiveAsCall: false,
};

/** state_id of system states. The manual defines only 2 (operating); 3/4/5 come from the supervision
 * examples; the others are this simulator's own numbering (README). */
const STATE_IDS = {
  not_logged_in: 0, pause: 1, ready: 2, ready_free: 3, ready_service: 4, ready_private: 5,
  fail_pause: 90, no_handling_fail_pause: 91, timeout_fail_pause: 92, invalid_state_fail_pause: 93,
  inactivity_fail_pause: 94, call_rejected_fail_pause: 95, timeout_scheduled_fail_pause: 96,
  follow_me_fail_pause: 97,
};

const AGENT_EVENTS = ['on_login', 'on_logout', 'on_agent_status', 'on_state_change', 'on_config_change',
  'on_queue_change', 'on_call_receive', 'on_call_accept', 'on_call_generate', 'on_call_release', 'on_call_hold',
  'on_call_retrieve', 'on_call_consultation', 'on_call_transfer', 'on_call_end', 'on_call_record',
  'on_call_associated_data', 'on_call_conference', 'on_chat_message', 'on_typing', 'on_file_transfer',
  'on_video_action', 'on_inactivity_timer'];
const SUPERVISOR_EVENTS = ['on_service_stats', 'on_agent_stats', 'on_alarm'];
const MEDIA = ['voice', 'email', 'chat'];
const SERVICE_STATS = ['handled', 'generated', 'received', 'immediate_handled', 'handled_awt', 'dequeued',
  'overflowed', 'overflowed_by_time', 'overflowed_by_size', 'out_operation', 'before_queue_abandoned',
  'in_queue_abandoned', 'branch_abandoned', 'agente_abandoned', 'hold', 'queued', 'abandoned', 'consultation',
  'no_response', 'generated_abandoned', 'received_abandoned', 'after_call_amnt', 'talk_time', 'queue_time',
  'ringing_time', 'calling_time', 'before_queue_abandoned_time', 'in_queue_abandoned_time', 'hold_time',
  'after_call_work_time', 'consult_time', 'overflowed_call_time', 'longest_queue_time',
  'longest_abandoned_call_time', 'longest_handle_time', 'longest_overflowed_call_time',
  'longest_abandoned_in_queue_time', 'abandoned_time', 'generating', 'handling', 'waiting', 'classifying',
  'before_handling', 'after_call_working', 'terminating', 'calls_details', 'callback_handled', 'callback_rejected',
  'outbound_before_handle_time', 'outbound_handle_time',
  ...[1, 2, 3, 4, 5].flatMap((n) => [`handled_profile_${n}`, `abandoned_profile_${n}`, `in_queue_profile_${n}`])];
const AGENT_STATS = ['consultation', 'abandoned', 'hold', 'transferred', 'after_call_work', 'outbound_abandoned',
  'inbound_abandoned', 'outbound', 'inbound', 'total', 'handle_time', 'talk_time', 'consult_time', 'hold_time',
  'after_call_work_time', 'calls_details', 'states_details'];
const ALARMS = ['max_queue_abandonn_rate', 'max_queue_abandomn_rate', 'max_branch_abandomn_rate', 'max_queue_time',
  'max_queue_length', 'max_call_time', 'max_handle_time', 'max_fail_pause_quantity', 'min_profile'];
const CONFIG_TARGETS = ['services_list', 'agents_list', 'classification_list', 'pause_type_list'];
const LIST_COMMANDS = ['get_agents_list', 'get_services_list', 'get_pause_type_list', 'get_classification_list'];

// ---------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------

class CmdError extends Error {
  /** @param {string} type @param {string} [msg] @param {object} [extra] */
  constructor(type, msg, extra) {
    super(msg || type);
    this.type = type;
    this.extra = extra;
  }
}
const fail = (type, msg, extra) => { throw new CmdError(type, msg, extra); };

const pad = (n, w = 2) => String(n).padStart(w, '0');
function fmtDateTime(d = new Date()) {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
const str = (v) => (v === undefined || v === null ? undefined : String(v).trim());
function toInt(v) {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(String(v).trim());
  return Number.isInteger(n) ? n : NaN;
}
function toBool(v) {
  if (typeof v === 'boolean') return v;
  if (v === undefined || v === null || v === '') return undefined;
  const s = String(v).trim().toLowerCase();
  return s === 'true' || s === '1';
}
/** 'all' | string[] from a list field (absent = all). */
function toList(v) {
  if (v === undefined || v === null || v === '') return 'all';
  if (Array.isArray(v)) {
    const items = v.map((x) => (typeof x === 'object' ? x : String(x).trim()));
    return items.some((x) => x === 'all' || x === '*') ? 'all' : items;
  }
  if (typeof v === 'string') {
    const s = v.trim();
    return s === 'all' || s === '*' ? 'all' : [s];
  }
  if (typeof v === 'object') return [v];
  return [String(v)];
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function jsonSyntaxMessage(text, err) {
  const m = /position (\d+)/.exec(err.message);
  if (!m) return `JSON syntax error: ${err.message}`;
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const col = pos - before.lastIndexOf('\n');
  return `JSON syntax error at line ${line}, column ${col} (position ${pos}): ${err.message}`;
}

// ---------------------------------------------------------------------------------------------
// The simulator
// ---------------------------------------------------------------------------------------------

/**
 * @param {object} [options]
 * @returns {Promise<{url:string, controlUrl:string, port:number, close():Promise<void>, closeSync():void, control:object}>}
 */
export async function startInteractSimulator(options = {}) {
  const opts = {
    port: 0, host: '127.0.0.1', heartbeatMs: 15000, channelIdleCloseMs: 60000, listRateLimitMs: 5000,
    expiryWarningSeconds: 300, statsIntervalMs: undefined, cors: true, handleMode: 'auto',
    ringMs: 800, acceptTimeoutMs: undefined, farEndAnswerMs: 2000, afterCallWorkMs: undefined,
    classificationTimeoutMs: undefined, requireAgentControl: false, webhookDelivery: true, strict: false,
    commandEventDelayMs: 20,
    ...options,
  };
  /**
   * Strict: only what the manual documents (see README "Strict variant"). No event the manual does not
   * promise, and where it is silent on a reply's form, the least convenient plausible one.
   */
  const strict = !!opts.strict;
  const initial = {
    variants: { ...DEFAULT_VARIANTS, ...(options.variants || {}) },
    handleMode: opts.handleMode,
  };
  const agentDefs = (opts.agents || DEFAULT_AGENTS).map((a) => ({ ...a, name: String(a.name) }));
  const supervisors = opts.supervisors || DEFAULT_SUPERVISORS;
  const services = (opts.services || DEFAULT_SERVICES).map((s) => ({ ...DEFAULT_SERVICES[1], ...s }));
  const pauses = opts.pauses || DEFAULT_PAUSES;
  const scheduledPauses = opts.scheduledPauses || DEFAULT_SCHEDULED_PAUSES;
  const classifications = opts.classifications || DEFAULT_CLASSIFICATIONS;
  const licences = { ...DEFAULT_LICENCES, ...(opts.licences || {}) };

  /** @type {Set<NodeJS.Timeout>} */
  const timers = new Set();
  const later = (ms, fn) => {
    const t = setTimeout(() => { timers.delete(t); fn(); }, Math.max(0, ms));
    timers.add(t);
    return t;
  };
  const cancel = (t) => { if (t) { clearTimeout(t); clearInterval(t); timers.delete(t); } };
  const every = (ms, fn) => { const t = setInterval(fn, Math.max(1, ms)); timers.add(t); return t; };

  // ----- mutable state (reset() rebuilds it) -----
  let S;
  function freshState() {
    return {
      connected: true,
      variants: { ...initial.variants },
      /** @type {Map<number, any>} */ channels: new Map(),
      /** @type {Map<number, any>} */ subs: new Map(),
      nextSubId: 1,
      /** @type {Map<string, any>} */ agents: new Map(agentDefs.map((d) => [d.name, newAgent(d)])),
      /** @type {Map<string, any>} */ calls: new Map(),
      callSeq: 0x13a,
      listLast: {},
      failNext: [],
      requests: {},
      log: [],
      svcCounters: Object.fromEntries(services.map((s) => [s.name, newSvcCounters()])),
      statOverrides: {},
      agentStatOverrides: {},
    };
  }
  function newSvcCounters() {
    return { received: 0, handled: 0, generated: 0, abandoned: 0, in_queue_abandoned: 0, received_abandoned: 0,
      generated_abandoned: 0, dequeued: 0, immediate_handled: 0, longest_queue_time: 0, queue_time: 0, talk_time: 0,
      hold_time: 0, consult_time: 0, longest_handle_time: 0, transferred: 0 };
  }
  function newAgent(d) {
    return { name: d.name, password: String(d.password ?? '1234'), defaultBranch: String(d.branch ?? ''),
      loggedIn: false, dtLogin: undefined, branch: undefined, mode: 'logged_out', state: 'not_logged_in',
      stateId: 0, pauseName: undefined, pauseTrigger: undefined, prePause: undefined,
      handleMode: d.handleMode || initial.handleMode, chatDevices: 0, emailDevices: 0,
      stateStats: new Map(), stateSince: Date.now(), failPauses: 0,
      counters: {}, // service → agent stat counters
    };
  }
  S = freshState();

  const svcByName = (n) => services.find((s) => s.name === n);
  const agentOrFail = (name, type = 'not_found') => {
    const a = S.agents.get(str(name) ?? '');
    if (!a) fail(type, `agent ${name} not found`);
    return a;
  };
  const callOrFail = (id) => {
    const key = str(id);
    if (!key) fail('missing_data', 'call_id is required');
    const c = S.calls.get(key);
    if (!c) fail('not_found', `call ${key} not found`);
    return c;
  };

  // ------------------------------------------------------------------------------------------
  // Payload builders
  // ------------------------------------------------------------------------------------------

  function agentFields(a) {
    const f = { agent: a.name };
    if (a.loggedIn) f.dt_login = a.dtLogin;
    f.state = a.state;
    f.state_id = a.stateId;
    if (a.state === 'custom_pause') f.pause_name = a.pauseName;
    if (a.pauseTrigger) f.pause_trigger = a.pauseTrigger;
    if (a.prePause) f.pre_pause = { ...a.prePause };
    if (a.loggedIn) f.branch = a.branch;
    f.contingency = false;
    return f;
  }
  const callKey = (c) => c.id;
  function wireCallId(id) { return S.variants.trailingSpaceCallId ? `${id} ` : id; }
  function wireInterlocutor(v) {
    if (S.variants.interlocutorAsNumber && /^\d{1,15}$/.test(String(v))) return Number(v);
    return v;
  }
  function duration(c) { return Math.floor((Date.now() - (c.answeredAt || c.createdAt)) / 1000); }
  function callFields(c) {
    const f = { media_type: c.media_type, interlocutor: wireInterlocutor(c.interlocutor) };
    if (c.service) f.service = c.service;
    f.call_id = wireCallId(c.id);
    f.duration = duration(c);
    f.call_state = c.call_state;
    f.call_type = c.call_type;
    f.call_source = c.call_source;
    if (c.consultation_call_id) f.consultation_call_id = c.consultation_call_id;
    if (c.entry_point) f.entry_point = c.entry_point;
    if (c.associated_data) f.associated_data = c.associated_data;
    return f;
  }
  function callTimes(c) {
    const s = svcByName(c.service);
    return {
      classification_time: s ? s.classification_time : 0,
      after_call_work_time: s ? s.after_call_work_time : 0,
      expected_handle_time: s ? s.expected_handle_time : 0,
      permissions: s ? [...s.permissions] : ['consult', 'transfer', 'conference'],
    };
  }
  function devices(a) {
    const d = [{ media_type: 'voice', quantity: a.loggedIn ? 1 : 0, handle_mode: a.handleMode }];
    if (a.chatDevices) d.push({ media_type: 'chat', quantity: a.chatDevices, handle_mode: a.handleMode });
    if (a.emailDevices) d.push({ media_type: 'email', quantity: a.emailDevices, handle_mode: a.handleMode });
    return d;
  }
  const agentCalls = (a) => [...S.calls.values()].filter((c) => c.agent === a.name);
  function agentStatus(a) {
    return { ...agentFields(a), devices: devices(a),
      calls: agentCalls(a).map((c) => ({ ...callFields(c), ...callTimes(c) })) };
  }

  // ------------------------------------------------------------------------------------------
  // Channels and event delivery
  // ------------------------------------------------------------------------------------------

  function encodeEventData(ch, data) {
    if (ch.format === 'json') return [JSON.stringify(data)];
    const v = S.variants;
    let xml = encodeFragment(data, { whitespace: v.xmlWhitespace, pretty: v.splitXmlDataLines });
    if (v.xmlDataRoot) {
      xml = v.splitXmlDataLines
        ? `<data>\n${xml.split('\n').map((l) => `  ${l}`).join('\n')}\n</data>`
        : `<data>${xml}</data>`;
    }
    return xml.split('\n');
  }
  function writeRaw(ch, text) {
    if (ch.closed) return;
    ch.res.write(text);
    ch.lastWrite = Date.now();
    armHeartbeat(ch);
  }
  /**
   * Strict: the events a command causes wait until its answer has gone (the manual promises no order), and
   * the events after them on the same channel wait behind them (a channel keeps its order).
   */
  let held;
  function sendEvent(ch, event, data) {
    if (!ch || ch.closed) return;
    if (held) held.add(ch);
    if (held || ch.queue) { (ch.queue ||= []).push([event, data]); return; }
    const lines = encodeEventData(ch, data);
    writeRaw(ch, `event: ${event}\n${lines.map((l) => `data: ${l}`).join('\n')}\n\n`);
    ch.sent = (ch.sent || 0) + 1;
  }
  function armHeartbeat(ch) {
    cancel(ch.hbTimer);
    if (ch.closed || !(opts.heartbeatMs > 0)) return;
    ch.hbTimer = later(opts.heartbeatMs, () => {
      if (ch.closed) return;
      ch.res.write('data: {}\n\n');
      ch.heartbeats = (ch.heartbeats || 0) + 1;
      armHeartbeat(ch);
    });
  }
  const subsOfChannel = (id) => [...S.subs.values()].filter((s) => s.channel_id === id);
  function checkIdle(ch) {
    if (!ch || ch.closed) return;
    cancel(ch.idleTimer);
    ch.idleTimer = undefined;
    if (subsOfChannel(ch.id).length > 0) return;
    ch.idleTimer = later(opts.channelIdleCloseMs, () => {
      if (!ch.closed && subsOfChannel(ch.id).length === 0) closeChannel(ch, true);
    });
  }
  function closeChannel(ch, notify) {
    if (ch.closed) return;
    if (notify) sendEvent(ch, 'on_close_channel', { channel_id: ch.id });
    ch.closed = true;
    cancel(ch.hbTimer);
    cancel(ch.idleTimer);
    S.channels.delete(ch.id);
    try { ch.res.end(); } catch { /* socket gone */ }
  }
  function deliverToSub(sub, event, data) {
    if (sub.channel_id !== undefined) {
      const ch = S.channels.get(sub.channel_id);
      if (ch) sendEvent(ch, event, data);
    } else if (sub.webhook && opts.webhookDelivery) {
      postWebhook(sub.webhook, sub.format, event, data);
    }
  }
  function postWebhook(url, format, event, data) {
    try {
      const body = format === 'xml'
        ? encodeDocument('event', { name: event, data })
        : JSON.stringify({ event, data });
      const r = http.request(url, { method: 'POST', headers: {
        'Content-Type': format === 'xml' ? 'application/xml; charset=utf-8' : 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(body) } });
      r.on('error', () => {});
      r.on('response', (res) => res.resume());
      r.setTimeout(5000, () => r.destroy());
      r.end(body);
    } catch { /* ignore bad URLs */ }
  }
  /** Operational agent event → every matching agent-monitor subscription (once per channel). */
  function emitAgent(a, event, extra = {}, meta = {}) {
    const name = event === 'on_state_change' ? S.variants.stateChangeName : event;
    const data = { ...agentFields(a), ...extra };
    const seenChannels = new Set();
    for (const sub of S.subs.values()) {
      if (sub.monitor !== 'agent') continue;
      if (sub.agents !== 'all' && !sub.agents.includes(a.name)) continue;
      if (sub.events !== 'all' && !sub.events.includes(event)) continue;
      if (meta.service && sub.services !== 'all' && !sub.services.includes(meta.service)) continue;
      if (meta.media && sub.media_types !== 'all' && !sub.media_types.includes(meta.media)) continue;
      if (sub.channel_id !== undefined) {
        if (seenChannels.has(sub.channel_id)) continue;
        seenChannels.add(sub.channel_id);
      }
      deliverToSub(sub, name, data);
    }
  }
  const emitCall = (c, event, extra = {}) => {
    const a = S.agents.get(c.agent);
    if (!a) return;
    emitAgent(a, event, { ...callFields(c), ...extra }, { service: c.service, media: c.media_type });
  };

  function openChannelFor(req, res, monitor, format, channelId) {
    const headers = {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
      ...corsHeaders(req),
    };
    res.writeHead(200, headers);
    res.flushHeaders?.();
    req.socket.setNoDelay(true);
    req.socket.setKeepAlive(true);
    const ch = { id: channelId, monitor, format, res, req, closed: false, openedAt: Date.now(), sent: 0 };
    S.channels.set(channelId, ch);
    const cleanup = () => {
      if (ch.closed) return;
      ch.closed = true;
      cancel(ch.hbTimer);
      cancel(ch.idleTimer);
      if (S.channels.get(channelId) === ch) S.channels.delete(channelId);
    };
    res.on('close', cleanup);
    res.on('error', cleanup);
    req.on('error', cleanup);
    req.on('close', () => { if (res.writableEnded || req.destroyed) cleanup(); });
    sendEvent(ch, S.variants.openChannelName, { channel_id: channelId });
    // Snapshot events for subscriptions already pointing at this channel (manual L1836, L2759-2763).
    for (const sub of subsOfChannel(channelId)) sendInitial(sub);
    checkIdle(ch);
  }

  function sendInitial(sub) {
    if (sub.monitor === 'agent') {
      for (const a of subAgents(sub)) deliverToSub(sub, 'on_agent_status', agentStatus(a));
    } else if (sub.monitor === 'config') {
      for (const item of sub.items) deliverToSub(sub, 'on_change', configPayload(item, true));
    } else if (sub.monitor === 'supervisor') {
      sub.cache = { services: {}, agents: {} };
    }
  }
  const subAgents = (sub) => (sub.agents === 'all' ? [...S.agents.values()] : sub.agents.map((n) => S.agents.get(n)).filter(Boolean));

  // ------------------------------------------------------------------------------------------
  // Agent state machine
  // ------------------------------------------------------------------------------------------

  function recordStateTime(a) {
    const key = `${a.stateId}|${a.state}|${a.pauseTrigger || ''}`;
    let st = a.stateStats.get(key);
    if (!st) { st = { id: a.stateId, name: a.state, trigger: a.pauseTrigger, times: 0, total_ms: 0 }; a.stateStats.set(key, st); }
    st.total_ms += Date.now() - a.stateSince;
    a.stateSince = Date.now();
  }
  function enterState(a, state, stateId, extra, by) {
    const before = `${a.state}|${a.stateId}|${a.pauseName}|${JSON.stringify(a.prePause)}`;
    if (a.loggedIn) recordStateTime(a);
    a.state = state;
    a.stateId = stateId;
    a.pauseName = extra.pauseName;
    a.pauseTrigger = extra.pauseTrigger;
    if (a.loggedIn) {
      const key = `${a.stateId}|${a.state}|${a.pauseTrigger || ''}`;
      let st = a.stateStats.get(key);
      if (!st) { st = { id: a.stateId, name: a.state, trigger: a.pauseTrigger, times: 0, total_ms: 0 }; a.stateStats.set(key, st); }
      st.times += 1;
      if (state.endsWith('fail_pause')) a.failPauses += 1;
    }
    const after = `${a.state}|${a.stateId}|${a.pauseName}|${JSON.stringify(a.prePause)}`;
    if (before !== after && extra.emit !== false) emitAgent(a, 'on_state_change', { state_changed_by: by });
  }
  /** Recompute the state of an operating agent from its calls; apply a pending pre-pause when free. */
  function refreshAgent(a, by = 'system') {
    if (!a.loggedIn) return;
    const calls = agentCalls(a);
    if (a.prePause && calls.length === 0) {
      const p = a.prePause;
      a.prePause = undefined;
      a.mode = 'pause';
      const by2 = p.by || by;
      enterState(a, 'custom_pause', p.id, { pauseName: p.name, pauseTrigger: p.trigger }, by2);
      return;
    }
    if (a.mode !== 'operating' && !a.prePause) return;
    if (a.mode !== 'operating') return;
    const state = calls.length === 0 ? 'ready_free' : calls.some((c) => c.private) && !calls.some((c) => !c.private) ? 'ready_private' : 'ready_service';
    if (state !== a.state) enterState(a, state, STATE_IDS[state], {}, by);
    if (state === 'ready_free') later(0, dispatchQueue);
  }
  const isFree = (a) => a.loggedIn && a.mode === 'operating' && !a.prePause && agentCalls(a).length === 0;

  function doLogout(a, by) {
    for (const c of agentCalls(a)) { clearCallTimers(c); S.calls.delete(c.id); }
    recordStateTime(a);
    emitAgent(a, 'on_logout', {});
    a.loggedIn = false;
    a.mode = 'logged_out';
    a.prePause = undefined;
    const before = a.state;
    a.state = 'not_logged_in';
    a.stateId = 0;
    a.pauseName = undefined;
    a.pauseTrigger = undefined;
    if (before !== 'not_logged_in' && !strict) emitAgent(a, 'on_state_change', { state_changed_by: by });
    configChanged('agents_list', [a.name]);
  }

  function applySetState(a, stateId, by) {
    if (!a.loggedIn) fail('command_failed', `agent ${a.name} is not logged in`);
    if (stateId === 2) {
      a.prePause = undefined;
      const wasOperating = a.mode === 'operating';
      a.mode = 'operating';
      if (!wasOperating) {
        const calls = agentCalls(a);
        const st = calls.length === 0 ? 'ready_free' : calls.every((c) => c.private) ? 'ready_private' : 'ready_service';
        enterState(a, st, STATE_IDS[st], {}, by);
        if (st === 'ready_free') later(0, dispatchQueue);
      } else if (!strict) {
        // cancelling a pending pre-pause is a state change too (default; strict: the state did not change, L1252, L1336)
        emitAgent(a, 'on_state_change', { state_changed_by: by });
      }
      return;
    }
    const p = pauses.find((x) => Number(x.id) === stateId) || scheduledPauses.find((x) => Number(x.id) === stateId);
    if (!p) fail('invalid_data', `unknown state_id ${stateId}`);
    const trigger = pauses.includes(p) ? 'manual' : 'scheduled';
    if (agentCalls(a).length > 0) {
      a.prePause = { id: Number(p.id), name: p.pause, trigger, dt_begin: fmtDateTime(), by };
      // Strict: a pre-pause is not a state (the agent stays ready_service, L1336, L6664): no on_state_change,
      // the pre_pause fields ride on the next events.
      if (!strict) emitAgent(a, 'on_state_change', { state_changed_by: by });
      return;
    }
    a.mode = 'pause';
    enterState(a, 'custom_pause', Number(p.id), { pauseName: p.pause, pauseTrigger: trigger }, by);
    if (trigger === 'scheduled') a.pauseTimeout = Math.floor(Date.now() / 1000) + (p.duration || 0) * 60;
  }

  // ------------------------------------------------------------------------------------------
  // Calls
  // ------------------------------------------------------------------------------------------

  function newCallId(branch) {
    const d = new Date();
    S.callSeq = (S.callSeq + 1) & 0xffff;
    const seq = S.callSeq.toString(16).toUpperCase().padStart(4, '0');
    const ext = String(branch || '8013').replace(/\D/g, '').padStart(4, '0').slice(-4);
    let id = `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${pad(d.getFullYear() % 100)} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${seq} ${ext}/00`;
    while (S.calls.has(id)) id = id.replace(/\/(\d\d)$/, (m, n) => `/${pad((Number(n) + 1) % 100)}`);
    return id;
  }
  function newCall(fields) {
    const c = { media_type: 'voice', call_type: 'inbound', call_source: 'external', call_state: 'queued',
      createdAt: Date.now(), answeredAt: undefined, associated_data: undefined, timers: {}, private: false, ...fields };
    S.calls.set(c.id, c);
    return c;
  }
  function clearCallTimers(c) { for (const t of Object.values(c.timers)) cancel(t); c.timers = {}; }
  const isExternal = (to) => String(to).replace(/\D/g, '').length > 5;
  const agentCounters = (a, service) => {
    const k = service || '';
    a.counters[k] ||= { total: 0, inbound: 0, outbound: 0, abandoned: 0, transferred: 0, consultation: 0, hold: 0,
      after_call_work: 0, inbound_abandoned: 0, outbound_abandoned: 0, handle_time: 0, talk_time: 0,
      consult_time: 0, hold_time: 0, after_call_work_time: 0 };
    return a.counters[k];
  };

  function queueCall({ from, service, data, dispatchable, silent }) {
    const svc = svcByName(service) || services.find((s) => s.type === 'inbound') || services[0];
    const c = newCall({ id: newCallId(svc.entry_point), agent: null, interlocutor: String(from ?? ''),
      service: svc.name, entry_point: svc.entry_point, call_source: isExternal(from ?? '') ? 'external' : 'internal',
      associated_data: data || undefined, queuedAt: Date.now(), dispatchable: !!dispatchable });
    S.svcCounters[svc.name] && (S.svcCounters[svc.name].received += 1);
    if (!silent) queueChanged();
    return c;
  }
  function dispatchQueue() {
    const queued = [...S.calls.values()].filter((c) => !c.agent && c.call_state === 'queued' && c.dispatchable)
      .sort((x, y) => x.queuedAt - y.queuedAt);
    for (const c of queued) {
      const a = [...S.agents.values()].find(isFree);
      if (!a) return;
      deliverCall(c, a, undefined);
    }
  }
  function deliverCall(c, a, mustAcceptOverride) {
    const svc = svcByName(c.service);
    const wasQueued = !!c.queuedAt;
    if (c.queuedAt) {
      const q = (Date.now() - c.queuedAt) / 1000;
      const k = S.svcCounters[c.service];
      if (k) { k.dequeued += 1; k.queue_time += Math.round(q); k.longest_queue_time = Math.max(k.longest_queue_time, Math.round(q)); }
    }
    c.agent = a.name;
    c.call_state = 'ringing';
    c.queuedAt = undefined;
    c.mustAccept = mustAcceptOverride ?? a.handleMode === 'manual';
    const cnt = agentCounters(a, c.service);
    cnt.inbound += 1; cnt.total += 1;
    refreshAgent(a);
    emitCall(c, 'on_call_receive', { must_accept: c.mustAccept, ...callTimes(c) });
    if (wasQueued) queueChanged();
    if (c.mustAccept) {
      const ms = opts.acceptTimeoutMs ?? (svc ? svc.manual_answer_time * 1000 : 20000);
      c.timers.accept = later(ms, () => acceptTimeout(c));
    } else {
      c.timers.ring = later(opts.ringMs, () => connectCall(c));
    }
  }
  function acceptTimeout(c) {
    const a = S.agents.get(c.agent);
    if (!a || !S.calls.has(c.id) || c.call_state !== 'ringing') return;
    // The call goes back to the service queue and the agent enters failure pause (manual L4361-4363).
    c.agent = null;
    c.call_state = 'queued';
    c.queuedAt = Date.now();
    c.dispatchable = true;
    clearCallTimers(c);
    a.mode = 'fail';
    a.prePause = undefined;
    enterState(a, 'timeout_fail_pause', STATE_IDS.timeout_fail_pause, { pauseTrigger: 'system' }, 'system');
    queueChanged();
    later(0, dispatchQueue);
  }
  function connectCall(c) {
    if (!S.calls.has(c.id)) return;
    clearCallTimers(c);
    c.call_state = 'busy';
    c.answeredAt = Date.now();
    if (c.service && c.call_type === 'inbound' && S.svcCounters[c.service]) S.svcCounters[c.service].handled += 1;
    // on_call_accept is "aceita/atendida pelo agente" (L1260): strict sends none when the far end answers.
    if (strict && c.call_type === 'outbound') return;
    emitCall(c, 'on_call_accept');
  }
  function generateCall(a, { to, service, isPrivate, source, parent }) {
    const svc = service ? svcByName(service) : undefined;
    const c = newCall({ id: newCallId(a.branch), agent: a.name, interlocutor: String(to), service: svc?.name,
      call_type: 'outbound', call_state: 'dialing', private: isPrivate,
      call_source: source || (isExternal(to) ? 'external' : 'internal') });
    if (svc && S.svcCounters[svc.name]) S.svcCounters[svc.name].generated += 1;
    const cnt = agentCounters(a, c.service);
    if (!parent) { cnt.outbound += 1; cnt.total += 1; }
    if (parent) c.parentCallId = parent.id;
    refreshAgent(a);
    // Strict: a consultation is announced by on_call_consultation alone (L1265).
    if (!(strict && parent)) emitCall(c, 'on_call_generate', callTimes(c));
    c.call_state = 'calling';
    if (opts.farEndAnswerMs !== null && opts.farEndAnswerMs !== undefined && opts.farEndAnswerMs >= 0) {
      c.timers.answer = later(opts.farEndAnswerMs, () => { if (c.call_state === 'calling') connectCall(c); });
    }
    return c;
  }
  /** End of the connected part of a call: on_call_release, then classification / wrap-up, then on_call_end. */
  function releaseCall(c, remote) {
    const a = S.agents.get(c.agent);
    clearCallTimers(c);
    const svc = svcByName(c.service);
    const wasConnected = !!c.answeredAt;
    if (c.service && S.svcCounters[c.service] && !wasConnected && c.call_type === 'inbound') {
      S.svcCounters[c.service].abandoned += 1;
      S.svcCounters[c.service].received_abandoned += 1;
    }
    if (a) {
      const cnt = agentCounters(a, c.service);
      if (!wasConnected) { cnt.abandoned += 1; c.call_type === 'inbound' ? cnt.inbound_abandoned++ : cnt.outbound_abandoned++; }
      else { const d = duration(c); cnt.handle_time += d; cnt.talk_time += d; }
    }
    if (c.service && S.svcCounters[c.service] && wasConnected) {
      const k = S.svcCounters[c.service];
      const d = duration(c);
      k.talk_time += d;
      k.longest_handle_time = Math.max(k.longest_handle_time, d);
    }
    // A consultation ends together with its original call; the original loses its consultation link.
    if (c.consultation_call_id && S.calls.has(c.consultation_call_id)) {
      const cc = S.calls.get(c.consultation_call_id);
      finishQuietly(cc);
    }
    if (c.parentCallId && S.calls.has(c.parentCallId)) {
      const p = S.calls.get(c.parentCallId);
      if (p.consultation_call_id === c.id) p.consultation_call_id = undefined;
    }
    const isConsult = !!c.parentCallId;
    const mustClassify = !isConsult && !!svc?.must_classify && wasConnected;
    const acw = isConsult || !svc ? 0 : svc.after_call_work_time;
    c.call_state = mustClassify ? 'classifying' : acw > 0 ? 'after_call' : 'after_call';
    if (!a) { S.calls.delete(c.id); return; }
    emitCall(c, 'on_call_release', { must_classify: mustClassify, classification_time: svc && !isConsult ? svc.classification_time : 0,
      after_call_work_time: acw });
    c.remoteRelease = !!remote;
    if (mustClassify) {
      const ms = opts.classificationTimeoutMs ?? svc.classification_time * 1000;
      c.timers.classify = later(ms, () => startWrapUp(c));
    } else startWrapUp(c);
  }
  function startWrapUp(c) {
    if (!S.calls.has(c.id)) return;
    cancel(c.timers.classify);
    const svc = svcByName(c.service);
    const acw = c.parentCallId || !svc ? 0 : svc.after_call_work_time;
    const ms = acw > 0 ? (opts.afterCallWorkMs ?? acw * 1000) : 0;
    c.call_state = 'after_call';
    c.wrapStart = Date.now();
    if (ms <= 0) endCall(c);
    else c.timers.wrap = later(ms, () => endCall(c));
  }
  function endCall(c) {
    if (!S.calls.has(c.id)) return;
    clearCallTimers(c);
    const a = S.agents.get(c.agent);
    if (a && c.wrapStart) {
      const cnt = agentCounters(a, c.service);
      cnt.after_call_work += 1;
      cnt.after_call_work_time += Math.round((Date.now() - c.wrapStart) / 1000);
    }
    S.calls.delete(c.id);
    emitCall(c, 'on_call_end');
    if (a) refreshAgent(a);
  }
  function finishQuietly(c) {
    clearCallTimers(c);
    c.call_state = 'after_call';
    S.calls.delete(c.id);
    emitCall(c, 'on_call_release', { must_classify: false, classification_time: 0, after_call_work_time: 0 });
    emitCall(c, 'on_call_end');
  }
  function remoteHangup(c) {
    if (!c.agent) {
      // abandoned in queue
      const k = S.svcCounters[c.service];
      if (k) { k.abandoned += 1; k.in_queue_abandoned += 1; k.received_abandoned += 1; }
      S.calls.delete(c.id);
      queueChanged();
      return;
    }
    if (['classifying', 'after_call'].includes(c.call_state)) fail('command_failed', 'call already released');
    if (c.conference && c.conference.participants.length > 1) {
      // one remote participant leaves; the conference goes on with the others
      c.conference.participants.pop();
      c.interlocutor = c.conference.participants.join(',');
      emitCall(c, 'on_call_conference', { owner: c.conference.owner });
      return;
    }
    releaseCall(c, true);
    const a = S.agents.get(c.agent);
    if (a) refreshAgent(a);
  }

  function queueChanged() {
    const queues = services.map((s) => {
      const calls = [...S.calls.values()].filter((c) => !c.agent && c.call_state === 'queued' && c.service === s.name);
      return { service: s.name, length: calls.length, calls: calls.map((c) => ({ media_type: c.media_type, call_id: wireCallId(c.id) })) };
    });
    for (const a of S.agents.values()) if (a.loggedIn) emitAgent(a, 'on_queue_change', { queues });
  }

  // ------------------------------------------------------------------------------------------
  // Config monitor payloads
  // ------------------------------------------------------------------------------------------

  function agentListEntry(a) {
    const e = { name: a.name };
    if (a.loggedIn) e.dt_login = a.dtLogin;
    e.state = a.state;
    e.state_id = a.stateId;
    if (a.loggedIn) e.branch = a.branch;
    e.contingency = false;
    return e;
  }
  function serviceListEntry(s) {
    return { name: s.name, type: s.type, media_types: [...s.media_types], state: s.state || 'on_operation',
      operation_begin: s.operation_begin || 0, operation_end: s.operation_end || 0 };
  }
  function configPayload(item, complete) {
    const p = { target: item.target, notification_mode: item.notification_mode };
    if (item.target === 'services_list') {
      p.services = services.filter((s) => {
        if (item.types !== 'all' && !item.types.includes(s.type === 'inbound' ? 'inbound' : 'outbound')) return false;
        if (item.states !== 'all' && !item.states.includes(s.state || 'on_operation')) return false;
        if (item.media_types !== 'all' && !s.media_types.some((m) => item.media_types.includes(m))) return false;
        return true;
      }).map(serviceListEntry);
    } else if (item.target === 'agents_list') {
      p.agents = [...S.agents.values()].filter((a) => item.states === 'all'
        || item.states.includes(a.loggedIn ? 'logged_in' : 'not_logged_in')).map(agentListEntry);
      if (!complete && item.notification_mode === 'changes' && item.changed) p.agents = p.agents.filter((x) => item.changed.includes(x.name));
    } else if (item.target === 'classification_list') {
      p.agents = classifications.filter((c) => item.types === 'all'
        || item.types.some((t) => c.scope === t || c.scope === 'general')).map((c) => ({ ...c }));
    } else if (item.target === 'pause_type_list') {
      p.agents = pauses.map((x) => ({ id: x.id, pause: x.pause, total: x.total, partial: x.partial }));
    }
    return p;
  }
  function configChanged(target, changed) {
    for (const sub of S.subs.values()) {
      if (sub.monitor !== 'config') continue;
      for (const item of sub.items) {
        if (item.target !== target) continue;
        deliverToSub(sub, 'on_change', configPayload({ ...item, changed }, false));
      }
    }
  }

  // ------------------------------------------------------------------------------------------
  // Supervisor statistics
  // ------------------------------------------------------------------------------------------

  function callDetail(c, forService) {
    const d = { agent: c.agent || undefined, service: c.service, media_type: c.media_type,
      interlocutor: wireInterlocutor(c.interlocutor), call_id: wireCallId(c.id), duration: duration(c),
      call_state: c.agent ? 'busy' : 'queued', call_type: c.call_type, call_source: c.call_source };
    if (c.consultation_call_id) d.consultation_call_id = c.consultation_call_id;
    if (c.associated_data) d.associated_data = c.associated_data;
    if (forService) { d.profile = 1; d.priority = 0; d.queued = !c.agent; }
    if (!c.agent) d.duration = Math.floor((Date.now() - (c.queuedAt || c.createdAt)) / 1000);
    return d;
  }
  function serviceStatValues(svcName) {
    const k = S.svcCounters[svcName] || newSvcCounters();
    const calls = [...S.calls.values()].filter((c) => c.service === svcName);
    const queued = calls.filter((c) => !c.agent && c.call_state === 'queued');
    const now = Date.now();
    const curLongest = queued.reduce((m, c) => Math.max(m, Math.floor((now - c.queuedAt) / 1000)), 0);
    const withAgent = calls.filter((c) => c.agent);
    const v = {
      handled: k.handled, generated: k.generated, received: k.received, immediate_handled: k.immediate_handled,
      handled_awt: 0, dequeued: k.dequeued, overflowed: 0, overflowed_by_time: 0, overflowed_by_size: 0,
      out_operation: 0, before_queue_abandoned: 0, in_queue_abandoned: k.in_queue_abandoned, branch_abandoned: 0,
      agente_abandoned: 0, hold: withAgent.filter((c) => c.call_state === 'held').length, queued: queued.length,
      abandoned: k.abandoned, consultation: withAgent.filter((c) => c.consultation_call_id).length, no_response: 0,
      generated_abandoned: k.generated_abandoned, received_abandoned: k.received_abandoned,
      after_call_amnt: withAgent.filter((c) => c.call_state === 'after_call').length, talk_time: k.talk_time,
      queue_time: k.queue_time, ringing_time: 0, calling_time: 0, before_queue_abandoned_time: 0,
      in_queue_abandoned_time: 0, hold_time: k.hold_time, after_call_work_time: 0, consult_time: k.consult_time,
      overflowed_call_time: 0, longest_queue_time: Math.max(k.longest_queue_time, curLongest),
      longest_abandoned_call_time: 0, longest_handle_time: k.longest_handle_time, longest_overflowed_call_time: 0,
      longest_abandoned_in_queue_time: 0, abandoned_time: 0,
      generating: withAgent.filter((c) => ['dialing', 'calling'].includes(c.call_state)).length,
      handling: withAgent.filter((c) => ['ringing', 'busy', 'held', 'conference'].includes(c.call_state)).length,
      waiting: queued.length,
      classifying: withAgent.filter((c) => c.call_state === 'classifying').length,
      before_handling: 0,
      after_call_working: withAgent.filter((c) => c.call_state === 'after_call').length,
      terminating: 0, callback_handled: 0, callback_rejected: 0, outbound_before_handle_time: 0, outbound_handle_time: 0,
      calls_details: calls.filter((c) => !c.agent ? c.call_state === 'queued' : true).map((c) => callDetail(c, true)),
    };
    for (let n = 1; n <= 5; n++) { v[`handled_profile_${n}`] = n === 1 ? k.handled : 0; v[`abandoned_profile_${n}`] = n === 1 ? k.abandoned : 0; v[`in_queue_profile_${n}`] = n === 1 ? queued.length : 0; }
    return { ...v, ...(S.statOverrides[svcName]?.voice || {}) };
  }
  function agentStatValues(a, svcName) {
    const c = agentCounters(a, svcName);
    return { ...c, ...(S.agentStatOverrides[a.name]?.[svcName] || {}) };
  }
  function statesDetails(a) {
    if (a.loggedIn) recordStateTime(a);
    return [...a.stateStats.values()].map((st) => {
      const d = { id: st.id, name: st.name };
      if (st.trigger) d.trigger = st.trigger;
      d.times = st.times;
      d.total_time = Math.floor(st.total_ms / 1000);
      return d;
    });
  }
  const differs = (x, y) => JSON.stringify(x) !== JSON.stringify(y);

  function statsTick(sub) {
    if (!S.connected) return;
    const want = (e) => sub.events === 'all' || sub.events.includes(e);
    const svcNames = sub.services === 'all' ? services.map((s) => s.name) : sub.services;
    if (want('on_service_stats')) {
      const names = sub.service_stats === 'all' ? SERVICE_STATS : sub.service_stats;
      const out = [];
      for (const sn of svcNames) {
        const values = serviceStatValues(sn);
        const cache = (sub.cache.services[sn] ||= {});
        const entry = { name: sn };
        const stat = { media_type: 'voice' };
        let changed = false;
        for (const n of names) {
          if (n === 'calls_details') {
            if (differs(cache[n], values[n])) { entry.calls_details = values[n]; cache[n] = values[n]; changed = true; }
            continue;
          }
          if (!(n in values)) continue;
          if (differs(cache[n], values[n])) { stat[n] = values[n]; cache[n] = values[n]; changed = true; }
        }
        if (!changed) continue;
        if (Object.keys(stat).length > 1) entry.stats = [stat];
        out.push(entry);
      }
      if (out.length) deliverToSub(sub, 'on_service_stats', { services: out });
    }
    if (want('on_agent_stats')) {
      const names = sub.agent_stats === 'all' ? AGENT_STATS : sub.agent_stats;
      const out = [];
      for (const a of subAgents(sub)) {
        const cache = (sub.cache.agents[a.name] ||= { services: {} });
        const entry = { name: a.name };
        let changed = false;
        if (names.includes('states_details')) {
          const sd = statesDetails(a);
          if (differs(cache.states_details, sd)) { entry.states_details = sd; cache.states_details = sd; changed = true; }
        }
        if (names.includes('calls_details')) {
          const cd = agentCalls(a).map((c) => callDetail(c, false));
          if (differs(cache.calls_details, cd)) { entry.calls_details = cd; cache.calls_details = cd; changed = true; }
        }
        const svcEntries = [];
        for (const sn of svcNames) {
          const values = agentStatValues(a, sn);
          const sc = (cache.services[sn] ||= {});
          const stat = { media_type: 'voice' };
          for (const n of names) {
            if (n === 'calls_details' || n === 'states_details' || !(n in values)) continue;
            if (differs(sc[n], values[n])) { stat[n] = values[n]; sc[n] = values[n]; }
          }
          if (Object.keys(stat).length > 1) svcEntries.push({ name: sn, stats: [stat] });
        }
        if (svcEntries.length) { entry.services = svcEntries; changed = true; }
        if (changed) out.push(entry);
      }
      if (out.length) deliverToSub(sub, 'on_agent_stats', { agents: out });
    }
    if (want('on_alarm') && sub.alarms.length) {
      const active = computeAlarms(sub, svcNames);
      if (differs(sub.cache.alarms || [], active)) {
        sub.cache.alarms = active;
        deliverToSub(sub, 'on_alarm', { alarms: active });
      }
    }
  }
  function computeAlarms(sub, svcNames) {
    const out = [];
    for (const al of sub.alarms) {
      const ref = Number(al.value);
      const act = [];
      if (['max_queue_length', 'max_queue_time', 'max_queue_abandonn_rate', 'max_queue_abandomn_rate'].includes(al.name)) {
        for (const sn of svcNames) {
          const v = serviceStatValues(sn);
          const cur = al.name === 'max_queue_length' ? v.queued : al.name === 'max_queue_time' ? v.longest_queue_time
            : v.received ? Math.round((v.abandoned / v.received) * 100) : 0;
          if (cur > ref) act.push({ service: sn, value: cur, reference: ref });
        }
      } else if (['max_fail_pause_quantity', 'max_call_time', 'max_handle_time'].includes(al.name)) {
        for (const a of subAgents(sub)) {
          const cur = al.name === 'max_fail_pause_quantity' ? a.failPauses
            : agentCalls(a).reduce((m, c) => Math.max(m, duration(c)), 0);
          if (cur > ref) act.push({ agent: a.name, value: cur, reference: ref });
        }
      }
      if (act.length) out.push({ name: al.name, active: act });
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------
  // Subscriptions
  // ------------------------------------------------------------------------------------------

  function licencesInUse(kind, exceptId) {
    let n = 0;
    for (const s of S.subs.values()) {
      if (s.id === exceptId) continue;
      if (kind === 'screenSync' && s.monitor === 'agent' && !s.agent_control) n += subAgents(s).length;
      if (kind === 'agentControl' && s.monitor === 'agent' && s.agent_control) n += subAgents(s).length;
      if (kind === 'supervision' && s.monitor === 'supervisor') n += 1;
      if (kind === 'config' && s.monitor === 'config') n += 1;
    }
    return n;
  }

  function subscribe(monitor, body, format) {
    if (!body || Object.keys(body).length === 0) fail('empty_data', 'no subscription data');
    const sp = body.subscription;
    if (!sp || typeof sp !== 'object') fail('invalid_data', 'subscription element missing');
    const existingId = toInt(sp.id);
    if (Number.isNaN(existingId)) fail('invalid_data', 'invalid id');
    let old;
    if (existingId !== undefined) {
      old = S.subs.get(existingId);
      if (!old || old.monitor !== monitor) fail('not_found', `subscription ${existingId} not found`);
    }
    const expires = toInt(sp.expires);
    if (expires === undefined) fail('missing_data', 'expires is required');
    if (Number.isNaN(expires) || expires < 1 || expires > 86400) fail('invalid_data', 'expires must be 1..86400');
    const channelId = toInt(sp.channel_id);
    const webhook = str(sp.webhook);
    if (channelId === undefined && !webhook) fail('missing_data', 'channel_id or webhook is required');
    if (channelId !== undefined && (Number.isNaN(channelId) || channelId < 1 || channelId > 9999)) fail('invalid_data', 'channel_id must be 1..9999');
    const sub = { id: existingId ?? S.nextSubId++, monitor, expires, channel_id: channelId, webhook: channelId === undefined ? webhook : (webhook || undefined), format,
      createdAt: Date.now() };
    if (channelId !== undefined) sub.webhook = undefined;
    const bad = {};
    const addBad = (k, v) => { (bad[k] ||= []).push(String(v)); };
    const checkNames = (key, list, known) => {
      if (list === 'all') return;
      for (const x of list) if (!known.includes(typeof x === 'string' ? x : '')) addBad(key, typeof x === 'string' ? x : JSON.stringify(x));
    };
    const agentNames = [...S.agents.keys()];
    const svcNames = services.map((s) => s.name);
    if (monitor === 'agent' || monitor === 'supervisor') {
      sub.agents = toList(sp.agents);
      sub.services = toList(sp.services);
      sub.events = toList(sp.events);
      sub.media_types = toList(sp.media_types);
      checkNames('agents', sub.agents, agentNames);
      checkNames('services', sub.services, svcNames);
      checkNames('events', sub.events, monitor === 'agent' ? AGENT_EVENTS : SUPERVISOR_EVENTS);
      checkNames('media_types', sub.media_types, MEDIA);
    }
    if (monitor === 'agent') sub.agent_control = toBool(sp.agent_control) ?? false;
    if (monitor === 'supervisor') {
      const ui = toInt(sp.update_interval);
      if (ui === undefined) fail('missing_data', 'update_interval is required');
      if (Number.isNaN(ui) || ui < 5 || ui > 60) fail('invalid_data', 'update_interval must be 5..60');
      sub.update_interval = ui;
      sub.agent_stats = sp.agent_stats === undefined ? 'all' : toList(sp.agent_stats);
      sub.service_stats = sp.service_stats === undefined ? 'all' : toList(sp.service_stats);
      checkNames('agent_stats', sub.agent_stats, AGENT_STATS);
      checkNames('service_stats', sub.service_stats, SERVICE_STATS);
      const alarms = sp.alarms === undefined || sp.alarms === '' ? [] : Array.isArray(sp.alarms) ? sp.alarms : [sp.alarms];
      sub.alarms = [];
      for (const al of alarms) {
        const name = str(al && al.name);
        if (!name || !ALARMS.includes(name)) { addBad('alarms', name ?? JSON.stringify(al)); continue; }
        sub.alarms.push({ name, value: Number(str(al.value) ?? 0), media_type: str(al.media_type) || 'voice' });
      }
    }
    if (monitor === 'config') {
      const items = sp.items === undefined || sp.items === '' ? [] : Array.isArray(sp.items) ? sp.items : [sp.items];
      if (items.length === 0) fail('missing_data', 'items is required');
      sub.items = [];
      for (const it of items) {
        const target = str(it && it.target);
        if (!target || !CONFIG_TARGETS.includes(target)) { addBad('targets', target ?? ''); continue; }
        const mode = str(it.notification_mode);
        if (!mode) fail('missing_data', 'notification_mode is required');
        if (!['complete', 'changes'].includes(mode)) fail('invalid_data', 'notification_mode must be complete|changes');
        sub.items.push({ target, notification_mode: mode, types: toList(it.types), states: toList(it.states),
          media_types: toList(it.media_types), operation_date: toInt(it.operation_date) });
      }
    }
    if (Object.keys(bad).length) {
      fail('invalid_item', 'unknown items in subscription', monitor === 'config' ? { error_itens: bad } : { error_items: bad });
    }
    // licences
    if (monitor === 'agent') {
      const kind = sub.agent_control ? 'agentControl' : 'screenSync';
      if (licencesInUse(kind, sub.id) + subAgents(sub).length > licences[kind]) fail('no_license', `not enough ${kind} licences`);
    } else if (licencesInUse(monitor === 'supervisor' ? 'supervision' : 'config', sub.id) + 1 > licences[monitor === 'supervisor' ? 'supervision' : 'config']) {
      fail('no_license', `not enough ${monitor} licences`);
    }
    if (old) removeSub(old, false);
    S.subs.set(sub.id, sub);
    armExpiry(sub);
    if (sub.channel_id !== undefined) {
      const ch = S.channels.get(sub.channel_id);
      if (ch) checkIdle(ch);
    }
    if (monitor === 'supervisor') {
      sub.cache = { services: {}, agents: {} };
      const ms = opts.statsIntervalMs ?? sub.update_interval * 1000;
      sub.statsTimer = every(ms, () => statsTick(sub));
      later(0, () => { if (S.subs.get(sub.id) === sub) statsTick(sub); });
    }
    // initial snapshot events right after the response
    const hasTarget = sub.channel_id === undefined || S.channels.has(sub.channel_id);
    if (hasTarget && monitor !== 'supervisor') setImmediate(() => { if (S.subs.get(sub.id) === sub) sendInitial(sub); });
    return sub;
  }
  function armExpiry(sub) {
    const T = sub.expires * 1000;
    sub.expiresAt = Date.now() + T;
    const warnAt = Math.max(10, T - opts.expiryWarningSeconds * 1000);
    if (warnAt < T) {
      sub.warnTimer = later(warnAt, () => {
        if (S.subs.get(sub.id) !== sub) return;
        deliverToSub(sub, 'on_subscription_expire_warning', { id: sub.id, channel_id: sub.channel_id });
      });
    }
    sub.expireTimer = later(T, () => {
      if (S.subs.get(sub.id) !== sub) return;
      deliverToSub(sub, 'on_subscription_expire', { id: sub.id, channel_id: sub.channel_id });
      removeSub(sub, true);
    });
  }
  function removeSub(sub, checkChannel) {
    cancel(sub.warnTimer);
    cancel(sub.expireTimer);
    cancel(sub.statsTimer);
    S.subs.delete(sub.id);
    if (checkChannel && sub.channel_id !== undefined) checkIdle(S.channels.get(sub.channel_id));
  }
  function subView(sub) {
    const v = { id: sub.id };
    if (sub.monitor === 'config') {
      v.channel_id = sub.channel_id;
      v.resource = 'config';
      v.expires = Math.max(0, Math.round((sub.expiresAt - Date.now()) / 1000));
      if (sub.webhook) v.webhook = sub.webhook;
      v.items = sub.items.map((it) => {
        const o = { target: it.target, notification_mode: it.notification_mode };
        for (const k of ['types', 'states', 'media_types']) if (it[k] !== 'all') o[k] = it[k];
        return o;
      });
      return v;
    }
    v.agents = sub.agents === 'all' ? ['all'] : sub.agents;
    v.events = sub.events === 'all' ? ['all'] : sub.events;
    v.services = sub.services === 'all' ? ['all'] : sub.services;
    v.media_types = sub.media_types === 'all' ? ['all'] : sub.media_types;
    if (sub.monitor === 'supervisor') {
      v.agent_stats = sub.agent_stats === 'all' ? ['all'] : sub.agent_stats;
      v.service_stats = sub.service_stats === 'all' ? ['all'] : sub.service_stats;
      v.alarms = sub.alarms;
      v.update_interval = sub.update_interval;
    }
    if (sub.monitor === 'agent') v.agent_control = sub.agent_control;
    v.expires = Math.max(0, Math.round((sub.expiresAt - Date.now()) / 1000));
    if (sub.channel_id !== undefined) v.channel_id = sub.channel_id;
    if (sub.webhook) v.webhook = sub.webhook;
    return v;
  }

  // ------------------------------------------------------------------------------------------
  // Command handlers: (ctx) => fields for an ok response (or throws CmdError)
  // ctx = { p: merged params (query + body), body, query, format, req, res }
  // ------------------------------------------------------------------------------------------

  function rateLimit(cmd) {
    const now = Date.now();
    const last = S.listLast[cmd];
    if (opts.listRateLimitMs > 0 && last !== undefined && now - last < opts.listRateLimitMs) {
      fail('unsafe_request', `${cmd} queried less than ${opts.listRateLimitMs / 1000} s ago`);
    }
    S.listLast[cmd] = now;
  }
  const lists = {
    get_agents_list: ({ p }) => {
      rateLimit('get_agents_list');
      const all = [...S.agents.values()];
      if (toBool(p.complete)) return { agents: all.map(agentListEntry) };
      return { logged_in_agents: all.filter((a) => a.loggedIn).map((a) => a.name),
        logged_out_agents: all.filter((a) => !a.loggedIn).map((a) => a.name) };
    },
    get_services_list: ({ p }) => {
      rateLimit('get_services_list');
      if (toBool(p.complete)) return { services: services.map(serviceListEntry) };
      return { inbound_services: services.filter((s) => s.type === 'inbound').map((s) => s.name),
        outbound_services: services.filter((s) => s.type !== 'inbound').map((s) => s.name) };
    },
    get_pause_type_list: ({ p }) => {
      const trigger = str(p.trigger) || 'manual';
      if (!['manual', 'scheduled'].includes(trigger)) fail('invalid_data', 'trigger must be manual|scheduled');
      rateLimit('get_pause_type_list');
      if (trigger === 'scheduled') return { trigger, pauses: scheduledPauses.map((x) => ({ pause: x.pause, id: x.id, duration: x.duration })) };
      return { trigger, pauses: pauses.map((x) => ({ pause: x.pause, id: x.id, total: x.total, partial: x.partial })) };
    },
    get_classification_list: () => {
      rateLimit('get_classification_list');
      return { classification: classifications.map((c) => ({ id: c.id, name: c.name, scope: c.scope })) };
    },
  };

  function monitorHandlers(monitor) {
    const resource = `${monitor}/monitor`;
    return {
      subscribe: ({ body, format }) => { const sub = subscribe(monitor, body, format); return { _resource: monitor === 'config' ? 'config/monitor' : undefined, id: sub.id }; },
      unsubscribe: ({ p, query }) => {
        if (Object.keys(p).length === 0) fail('empty_data', 'no parameters');
        const id = toInt(query.id ?? p.id);
        if (id === undefined) fail('missing_data', 'id is required');
        const sub = S.subs.get(id);
        if (!sub || sub.monitor !== monitor) fail('not_found', `subscription ${id} not found`);
        removeSub(sub, true);
        return { _resource: monitor === 'config' ? 'config/monitor' : undefined, id };
      },
      get_subscriptions: ({ p }) => {
        const id = toInt(p.id);
        const chId = toInt(p.channel_id);
        if (id === undefined && chId === undefined) fail('missing_data', 'id or channel_id is required');
        const found = [...S.subs.values()].filter((s) => s.monitor === monitor
          && (id === undefined || s.id === id) && (chId === undefined || s.channel_id === chId));
        if (found.length === 0) fail('not_found', 'no subscription found');
        return { subscriptions: found.map(subView) };
      },
      close_channel: ({ p, query }) => {
        if (Object.keys(p).length === 0) fail('empty_data', 'no parameters');
        const id = toInt(query.channel_id ?? p.channel_id);
        if (id === undefined) fail('missing_data', 'channel_id is required');
        const ch = S.channels.get(id);
        if (!ch) fail('not_found', `channel ${id} not open`);
        setImmediate(() => closeChannel(ch, true));
        return { channel_id: id };
      },
      _resource: resource,
    };
  }

  function agentName(p, key = 'agent') {
    const n = str(p[key]);
    if (!n) fail('missing_data', `${key} is required`);
    return n;
  }
  function agentForCall(p, c) {
    const n = str(p.agent) ?? str(p.from);
    const a = n ? agentOrFail(n) : S.agents.get(c.agent);
    if (!a) fail('not_found', 'agent not found');
    if (c.agent !== a.name) fail('command_failed', `call ${c.id} does not belong to ${a.name}`);
    checkControl(a);
    return a;
  }
  function checkControl(a) {
    if (!opts.requireAgentControl) return;
    const ok = [...S.subs.values()].some((s) => s.monitor === 'agent' && s.agent_control
      && (s.agents === 'all' || s.agents.includes(a.name)));
    if (!ok) fail('no_license', `no agent-control subscription for ${a.name}`);
  }
  const needBody = (p) => { if (Object.keys(p).length === 0) fail('empty_data', 'no data'); };

  const agentCommands = {
    login: ({ p }) => {
      needBody(p);
      const name = agentName(p);
      const pw = str(p.password);
      if (pw === undefined) fail('missing_data', 'password is required');
      const a = S.agents.get(name);
      if (!a || a.password !== pw) fail('command_failed', 'invalid agent or password');
      if (a.loggedIn) fail('command_failed', `agent ${name} is already logged in`);
      a.loggedIn = true;
      a.dtLogin = fmtDateTime();
      a.branch = str(p.branch) || a.branch || a.defaultBranch;
      const chat = toInt(p.chat_devices); const email = toInt(p.email_devices);
      if (chat !== undefined && !Number.isNaN(chat)) a.chatDevices = Math.min(chat, 4);
      if (email !== undefined && !Number.isNaN(email)) a.emailDevices = Math.min(email, 4);
      a.mode = 'pause';
      a.stateStats = new Map(); a.stateSince = Date.now();
      a.state = 'not_logged_in';
      enterState(a, 'pause', STATE_IDS.pause, { pauseTrigger: 'system', emit: false }, a.name);
      a.stateStats.delete('0|not_logged_in|');
      emitAgent(a, 'on_login', {});
      // on_login carries the agent's state (L1279); a separate state change is not promised.
      if (!strict) emitAgent(a, 'on_state_change', { state_changed_by: a.name });
      configChanged('agents_list', [a.name]);
      return { agent: a.name, branch: a.branch, chat_devices: a.chatDevices, email_devices: a.emailDevices };
    },
    logout: ({ p }) => {
      needBody(p);
      const a = agentOrFail(agentName(p));
      if (str(p.password) === undefined) fail('missing_data', 'password is required');
      if (a.password !== str(p.password)) fail('command_failed', 'invalid password');
      if (!a.loggedIn) fail('command_failed', `agent ${a.name} is not logged in`);
      doLogout(a, a.name);
      return {};
    },
    config: ({ p }) => {
      needBody(p);
      const a = agentOrFail(agentName(p));
      const devs = p.devices === undefined ? [] : Array.isArray(p.devices) ? p.devices : [p.devices];
      for (const d of devs) {
        const m = str(d.media_type);
        if (!MEDIA.includes(m)) fail('invalid_data', `invalid media_type ${m}`);
        const mode = str(d.handle_mode);
        if (mode && !['auto', 'manual', 'branch'].includes(mode)) fail('invalid_data', 'invalid handle_mode');
        if (mode === 'branch' && m !== 'voice') fail('invalid_data', 'handle_mode branch is voice only');
        if (mode && mode !== 'branch') a.handleMode = mode;
        const q = toInt(d.quantity);
        if (m === 'chat' && q !== undefined) a.chatDevices = q;
        if (m === 'email' && q !== undefined) a.emailDevices = q;
        if (m === 'voice' && str(d.branch)) a.branch = str(d.branch);
      }
      emitAgent(a, 'on_config_change', { devices: devices(a) });
      return {};
    },
    set_state: ({ p }) => {
      needBody(p);
      const a = agentOrFail(agentName(p));
      checkControl(a);
      const id = toInt(p.state_id);
      if (id === undefined) fail('missing_data', 'state_id is required');
      if (Number.isNaN(id)) fail('invalid_data', 'state_id must be a number');
      applySetState(a, id, a.name);
      return {};
    },
    get_status: ({ p }) => {
      const n = str(p.agent);
      const all = n ? [agentOrFail(n)] : [...S.agents.values()];
      // Strict: an agent that is not logged in is "nothing to report" (an empty list), not a state.
      const list = strict ? all.filter((a) => a.loggedIn) : all;
      return { _resource: 'agent', agents: list.map((a) => {
        const e = { name: a.name };
        if (a.loggedIn) e.dt_login = a.dtLogin;
        e.state = a.state;
        if (a.loggedIn) e.branch = a.branch;
        e.calls = agentCalls(a).map((c) => ({ ...callFields(c), ...callTimes(c) }));
        e.devices = devices(a);
        return e;
      }) };
    },
    ...lists,
    call_private: ({ p }) => outbound(p, true),
    call_service: ({ p }) => outbound(p, false),
    call_accept: ({ p }) => {
      needBody(p);
      const c = callOrFail(p.call_id);
      agentForCall(p, c);
      if (c.call_state !== 'ringing' || !c.mustAccept) fail('command_failed', 'call is not waiting for acceptance');
      connectCall(c);
      return {};
    },
    call_hold: ({ p }) => {
      needBody(p);
      const c = callOrFail(p.call_id);
      const a = agentForCall(p, c);
      if (!['busy', 'conference'].includes(c.call_state)) fail('command_failed', `call is ${c.call_state}`);
      c.call_state = 'held';
      c.heldAt = Date.now();
      agentCounters(a, c.service).hold += 1;
      emitCall(c, 'on_call_hold');
      return {};
    },
    call_retrieve: ({ p }) => {
      needBody(p);
      const c = callOrFail(p.call_id);
      agentForCall(p, c);
      if (c.call_state !== 'held') fail('command_failed', `call is ${c.call_state}`);
      if (c.consultation_call_id && S.calls.has(c.consultation_call_id)) {
        const cc = S.calls.get(c.consultation_call_id);
        if (['dialing', 'calling', 'busy'].includes(cc.call_state)) fail('command_failed', 'consultation in progress');
      }
      c.call_state = c.conference ? 'conference' : 'busy';
      const a = S.agents.get(c.agent);
      if (c.heldAt && a) { const h = Math.round((Date.now() - c.heldAt) / 1000); agentCounters(a, c.service).hold_time += h; if (S.svcCounters[c.service]) S.svcCounters[c.service].hold_time += h; }
      emitCall(c, 'on_call_retrieve');
      return {};
    },
    call_consult: ({ p }) => {
      needBody(p);
      const c = callOrFail(p.call_id);
      const a = agentForCall(p, c);
      const to = str(p.to);
      if (!to) fail('missing_data', 'to is required');
      const media = str(p.media_type) || 'voice';
      if (!MEDIA.includes(media)) fail('invalid_data', 'invalid media_type');
      if (!['busy', 'held'].includes(c.call_state)) fail('command_failed', `call is ${c.call_state}`);
      if (c.consultation_call_id) fail('command_failed', 'call already has a consultation');
      if (c.call_state === 'busy') { c.call_state = 'held'; c.heldAt = Date.now(); if (!strict) emitCall(c, 'on_call_hold'); }
      const consultSource = isExternal(to) ? 'external_consultation' : 'internal_consultation';
      agentCounters(a, c.service).consultation += 1;
      const cc = generateCall(a, { to, service: c.service, isPrivate: c.private, source: consultSource, parent: c, silent: true });
      if (media === 'voice') c.consultation_call_id = cc.id;
      emitCall(c, 'on_call_consultation');
      return {};
    },
    call_transfer: ({ p }) => {
      needBody(p);
      const c = callOrFail(p.call_id);
      const a = agentForCall(p, c);
      const to = str(p.to);
      if (!to) fail('missing_data', 'to is required');
      if (!['busy', 'held', 'conference'].includes(c.call_state)) fail('command_failed', `call is ${c.call_state}`);
      if (to === a.name) fail('command_failed', 'cannot transfer to oneself');
      const target = S.agents.get(to);
      const targetSvc = svcByName(to);
      if (c.consultation_call_id && S.calls.has(c.consultation_call_id)) finishQuietly(S.calls.get(c.consultation_call_id));
      clearCallTimers(c);
      S.calls.delete(c.id);
      const newId = newCallId(a.branch);
      agentCounters(a, c.service).transferred += 1;
      const tf = { transfer_from: a.name, transfer_to: to, transfer_datetime: fmtDateTime(),
        service: c.service, previous_call_id: wireCallId(c.id), call_id: wireCallId(newId) };
      emitAgent(a, 'on_call_transfer', tf, { service: c.service, media: c.media_type });
      // Strict: the transfer event is all the transferring agent gets for the old id.
      if (!strict) emitCall(c, 'on_call_end');
      refreshAgent(a);
      // The new call: to a logged-in agent, to a service queue, or out of the simulated world.
      if (target && target.loggedIn) {
        const nc = newCall({ id: newId, agent: null, interlocutor: c.interlocutor, service: c.service,
          entry_point: c.entry_point, call_source: c.call_source, associated_data: c.associated_data });
        emitAgent(target, 'on_call_transfer', tf, { service: c.service, media: c.media_type });
        deliverCall(nc, target, undefined);
      } else if (targetSvc) {
        newCall({ id: newId, agent: null, interlocutor: c.interlocutor, service: targetSvc.name,
          entry_point: targetSvc.entry_point, call_source: c.call_source, associated_data: c.associated_data,
          queuedAt: Date.now(), dispatchable: true });
        queueChanged();
        later(0, dispatchQueue);
      }
      return {};
    },
    call_include_conference: ({ p }) => {
      needBody(p);
      const cc = callOrFail(p.call_id);
      const a = agentForCall(p, cc);
      if (!cc.parentCallId) fail('command_failed', 'call_id is not a consultation call');
      if (cc.media_type !== 'voice') fail('command_failed', 'conference is voice only');
      if (cc.call_state !== 'busy') fail('command_failed', 'consultation not answered yet');
      const orig = S.calls.get(cc.parentCallId);
      if (!orig) fail('command_failed', 'original call is gone');
      const participants = [...(orig.conference ? orig.conference.participants : [orig.interlocutor]), cc.interlocutor];
      clearCallTimers(cc); clearCallTimers(orig);
      S.calls.delete(cc.id); S.calls.delete(orig.id); // previous ids are discarded (manual L4394)
      const conf = newCall({ id: newCallId(a.branch), agent: a.name, interlocutor: participants.join(','),
        service: orig.service, call_type: orig.call_type, private: orig.private,
        call_source: participants.some(isExternal) ? 'external_conference' : 'internal_conference',
        call_state: 'conference', entry_point: orig.entry_point, associated_data: orig.associated_data,
        createdAt: orig.createdAt, answeredAt: orig.answeredAt || Date.now(),
        conference: { owner: a.name, participants } });
      // The manual names both events (L1272, L4394) but not their order: strict sends the conference first.
      if (strict) emitCall(conf, 'on_call_conference', { owner: a.name });
      // conferenceReceiveAsCall: the new id's on_call_receive (L4394) says nothing of a conference but its
      // participants (L1411): no call_state or call_source names it (A-35: which call_state goes with which event is not said).
      const plain = S.variants.conferenceReceiveAsCall ? { call_state: 'busy', call_source: conf.call_source.replace(/_conference$/, '') } : {};
      emitCall(conf, 'on_call_receive', { must_accept: false, ...callTimes(conf), ...plain });
      if (!strict) emitCall(conf, 'on_call_conference', { owner: a.name });
      return {};
    },
    call_exclude_conference: ({ p }) => {
      needBody(p);
      const c = callOrFail(p.call_id);
      const a = agentForCall(p, c);
      if (!c.conference) fail('command_failed', 'call is not a conference');
      if (c.conference.owner !== a.name) fail('command_denied', 'only the conference owner can remove participants');
      const contact = str(p.contact);
      if (!contact) fail('missing_data', 'contact is required');
      const i = c.conference.participants.indexOf(contact);
      if (i < 0) fail('not_found', `participant ${contact} not in conference`);
      c.conference.participants.splice(i, 1);
      c.interlocutor = c.conference.participants.join(',');
      emitCall(c, 'on_call_conference', { owner: c.conference.owner });
      return {};
    },
    call_associate_data: ({ p }) => {
      needBody(p);
      const c = callOrFail(p.call_id);
      const from = str(p.from) ?? str(p.agent);
      if (from) { const a = agentOrFail(from); if (c.agent !== a.name) fail('command_failed', 'call does not belong to agent'); checkControl(a); }
      if (p.data === undefined || p.data === null) fail('missing_data', 'data is required');
      const data = String(p.data);
      if (Buffer.byteLength(data, 'utf8') > 100) fail('invalid_data', 'data longer than 100 bytes');
      c.associated_data = data;
      emitCall(c, 'on_call_associated_data');
      return {};
    },
    call_terminate: ({ p }) => {
      needBody(p);
      const c = callOrFail(p.call_id);
      const a = agentForCall(p, c);
      if (!['ringing', 'dialing', 'calling', 'busy', 'held', 'conference'].includes(c.call_state)) fail('command_failed', `call is ${c.call_state}`);
      if (c.call_state === 'ringing' && c.call_type === 'inbound') fail('command_failed', 'call not answered yet');
      releaseCall(c, false);
      refreshAgent(a);
      return {};
    },
    after_call_terminate: ({ p }) => {
      needBody(p);
      const c = callOrFail(p.call_id);
      agentForCall(p, c);
      if (c.call_state === 'classifying') fail('command_failed', 'call must be classified first');
      if (c.call_state !== 'after_call') fail('command_failed', `call is ${c.call_state}`);
      endCall(c);
      return {};
    },
    classify: ({ p }) => {
      needBody(p);
      const c = callOrFail(p.call_id);
      agentForCall(p, c);
      const id = toInt(p.classify_id);
      if (id === undefined) fail('missing_data', 'classify_id is required');
      const cl = classifications.find((x) => Number(x.id) === id);
      if (!cl) fail('invalid_data', `unknown classify_id ${p.classify_id}`);
      if (c.call_state !== 'classifying') fail('command_failed', `call is ${c.call_state}`);
      c.classification = cl.id;
      startWrapUp(c);
      return {};
    },
  };
  agentCommands.call_classify = agentCommands.classify;

  function outbound(p, isPrivate) {
    needBody(p);
    const a = agentOrFail(agentName(p));
    checkControl(a);
    const to = str(p.to);
    if (!to) fail('missing_data', 'to is required');
    const media = str(p.media_type) || 'voice';
    if (!MEDIA.includes(media)) fail('invalid_data', 'invalid media_type');
    let service;
    if (!isPrivate) {
      service = str(p.service);
      if (!service) fail('missing_data', 'service is required');
      if (!svcByName(service)) fail('not_found', `service ${service} not found`);
    }
    if (!a.loggedIn) fail('command_failed', `agent ${a.name} is not logged in`);
    if (agentCalls(a).some((c) => ['ringing', 'dialing', 'calling', 'busy', 'conference', 'held'].includes(c.call_state))) {
      fail('command_failed', 'voice device busy');
    }
    generateCall(a, { to, service, isPrivate });
    return {};
  }

  function supervisorAuth(p) {
    const sv = supervisors.find((s) => s.name === str(p.supervisor));
    if (!sv || String(sv.password) !== str(p.password)) fail('command_denied', 'invalid supervisor or password');
  }
  const supervisorCommands = {
    ...lists,
    set_agent_state: ({ p }) => {
      needBody(p);
      supervisorAuth(p);
      const a = agentOrFail(agentName(p));
      const id = toInt(p.state_id);
      if (id === undefined) fail('missing_data', 'state_id is required');
      if (Number.isNaN(id)) fail('invalid_data', 'state_id must be a number');
      applySetState(a, id, str(p.supervisor));
      return {};
    },
    agent_logout: ({ p }) => {
      needBody(p);
      supervisorAuth(p);
      const a = agentOrFail(agentName(p));
      if (!a.loggedIn) fail('command_failed', `agent ${a.name} is not logged in`);
      doLogout(a, str(p.supervisor));
      return {};
    },
    get_user_grants: ({ p }) => {
      const name = str(p.name);
      if (!name) fail('missing_data', 'name is required');
      const sv = supervisors.find((s) => s.name === name);
      const ag = S.agents.get(name);
      if (!sv && !ag) fail('not_found', `user ${name} not found`);
      return { name, grants: sv ? {
        supervision: ['agents_supervision', 'services_supervision', 'reset_stats', 'agent_change_state', 'all_agents_supervision', 'all_services_supervision'],
        access: ['pauses_read_access', 'services_read_access', 'classifications_read_access'], agent: [], calls: [] } : {
        supervision: [], access: [], agent: ['login', 'call_history'],
        calls: ag.loggedIn ? ['call_generate', 'call_outbound', 'call_receive', 'call_inbound', 'call_consultation', 'call_transfer', 'call_conference'] : [] } };
    },
    reset_agent_stats: ({ p }) => {
      needBody(p);
      const a = agentOrFail(agentName(p));
      if (!a.loggedIn) fail('command_failed', `agent ${a.name} is not logged in`);
      a.counters = {}; a.stateStats = new Map(); a.stateSince = Date.now(); a.failPauses = 0;
      for (const s of S.subs.values()) if (s.cache) delete s.cache.agents[a.name];
      return {};
    },
    reset_service_stats: ({ p }) => {
      needBody(p);
      const sn = str(p.service);
      if (!sn) fail('missing_data', 'service is required');
      if (!svcByName(sn)) fail('not_found', `service ${sn} not found`);
      S.svcCounters[sn] = newSvcCounters();
      for (const s of S.subs.values()) if (s.cache) delete s.cache.services[sn];
      return {};
    },
    clear_agent_stats: ({ p }) => {
      const sub = S.subs.get(toInt(p.subscription_id));
      if (!sub || sub.monitor !== 'supervisor') fail('not_found', 'subscription not found');
      sub.cache.agents = {};
      return {};
    },
    clear_service_stats: ({ p }) => {
      const sub = S.subs.get(toInt(p.subscription_id));
      if (!sub || sub.monitor !== 'supervisor') fail('not_found', 'subscription not found');
      sub.cache.services = {};
      return {};
    },
  };

  const routes = new Map();
  for (const m of ['agent', 'supervisor', 'config']) {
    const h = monitorHandlers(m);
    for (const [k, fn] of Object.entries(h)) if (!k.startsWith('_')) routes.set(`${m}/monitor/${k}`, fn);
    routes.set(`${m}/monitor/open_channel`, 'open_channel');
  }
  for (const [k, fn] of Object.entries(agentCommands)) routes.set(`agent/${k}`, fn);
  for (const [k, fn] of Object.entries(supervisorCommands)) routes.set(`supervisor/${k}`, fn);
  routes.set('supervisor/get_subscriptions', monitorHandlers('supervisor').get_subscriptions);

  // ------------------------------------------------------------------------------------------
  // HTTP plumbing
  // ------------------------------------------------------------------------------------------

  function corsHeaders(req) {
    const origin = req.headers.origin;
    if (!opts.cors) return {};
    const h = { Vary: 'Origin' };
    if (opts.cors === true) h['Access-Control-Allow-Origin'] = origin || '*';
    else if (Array.isArray(opts.cors) && origin && opts.cors.includes(origin)) h['Access-Control-Allow-Origin'] = origin;
    else return h;
    h['Access-Control-Expose-Headers'] = 'Content-Type';
    return h;
  }
  function sendText(req, res, status, text) {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...corsHeaders(req) });
    // The manual shows no body for an HTTP error: strict sends none.
    res.end(strict && status >= 400 ? '' : text);
  }
  function sendJson(req, res, status, obj) {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...corsHeaders(req) });
    res.end(JSON.stringify(obj));
  }
  function sendEnvelope(req, res, format, envelope) {
    if (format === 'json') {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', ...corsHeaders(req) });
      res.end(JSON.stringify({ response: envelope }));
    } else {
      res.writeHead(200, { 'Content-Type': 'application/xml; charset=utf-8', ...corsHeaders(req) });
      res.end(encodeDocument('response', envelope, { whitespace: S.variants.xmlWhitespace }));
    }
  }
  function jsonCallIds(fields) {
    // trailing-space variant also applies to call_id members of responses
    return fields;
  }

  async function handleApi(req, res, url, route) {
    const query = Object.fromEntries(url.searchParams);
    const ct = String(req.headers['content-type'] || '').toLowerCase();
    const qFormat = (query.format || '').toLowerCase();
    const format = qFormat === 'json' || qFormat === 'xml' ? qFormat : ct.includes('json') ? 'json' : ct.includes('xml') ? 'xml' : 'xml';
    const command = route.split('/').pop();
    S.requests[route] = (S.requests[route] || 0) + 1;
    S.log.push({ t: Date.now(), method: req.method, route, query });
    if (S.log.length > 500) S.log.shift();

    const text = req.method === 'POST' ? await readBody(req) : '';
    if (!S.connected) return sendText(req, res, 503, 'Service Unavailable: Interact CTI is not connected to Interact');

    const fi = S.failNext.findIndex((f) => f.command === command || f.command === route);
    if (fi >= 0) {
      const f = S.failNext[fi];
      if (--f.count <= 0) S.failNext.splice(fi, 1);
      if (f.status && f.status !== 200) return sendText(req, res, f.status, `simulated HTTP ${f.status}`);
      const env = { command, status: 'error', error_type: f.error_type || 'command_failed', ...(strict ? {} : { error_msg: f.error_msg || 'simulated failure' }) };
      if (query.client_data !== undefined) env.client_data = query.client_data;
      return sendEnvelope(req, res, format, env);
    }

    let body = {};
    if (text.trim()) {
      const bodyFormat = ct.includes('json') ? 'json' : ct.includes('xml') ? 'xml' : text.trim().startsWith('<') ? 'xml' : 'json';
      if (bodyFormat === 'json') {
        try { body = JSON.parse(text); } catch (err) { return sendText(req, res, 400, jsonSyntaxMessage(text, err)); }
        if (!body || typeof body !== 'object' || Array.isArray(body)) body = { _value: body };
      } else {
        const r = parseXmlBody(text);
        if (!r.ok) return sendText(req, res, 400, r.message);
        body = r.value;
      }
    }
    const p = { ...query, ...body };
    delete p.format;
    delete p.client_data;
    const handler = routes.get(route);

    if (handler === 'open_channel') {
      const monitor = route.split('/')[0];
      const raw = query.channel_id ?? body.channel_id;
      let id = toInt(raw);
      if (id === undefined) {
        id = 1;
        while (S.channels.has(id) && id <= 9999) id++;
        if (id > 9999) return sendText(req, res, 403, 'Forbidden: no free channel id');
      } else if (Number.isNaN(id) || id < 1 || id > 9999) {
        return sendText(req, res, 403, `Forbidden: channel_id ${raw} out of range 1..9999`);
      } else if (S.channels.has(id)) {
        return sendText(req, res, 403, `Forbidden: channel ${id} already exists`);
      }
      return openChannelFor(req, res, monitor, format, id);
    }

    let env;
    // Strict: nothing says whether a command's events come before or after its answer: after.
    if (strict) held = new Set();
    try {
      const fields = handler({ p, body, query, format, req, res }) || {};
      const resource = fields._resource;
      delete fields._resource;
      env = resource ? { resource, command, status: 'ok', ...fields } : { command, status: 'ok', ...fields };
    } catch (err) {
      if (!(err instanceof CmdError)) throw err;
      // The login error example (L3759-3780) has no error_msg: strict leaves it out everywhere.
      env = { command, status: 'error', error_type: err.type, ...(strict ? {} : { error_msg: err.message }), ...(err.extra || {}) };
    }
    finally {
      for (const ch of held || []) {
        later(opts.commandEventDelayMs, () => {
          const queue = ch.queue || [];
          ch.queue = undefined;
          for (const [event, data] of queue) sendEvent(ch, event, data);
        });
      }
      held = undefined;
    }
    if (query.client_data !== undefined) env.client_data = query.client_data;
    sendEnvelope(req, res, format, jsonCallIds(env));
  }

  // ------------------------------------------------------------------------------------------
  // Control API
  // ------------------------------------------------------------------------------------------

  const control = {
    inbound({ agent, from = '11987654321', service, data, mustAccept, force } = {}) {
      let a;
      if (agent !== undefined) {
        a = S.agents.get(String(agent));
        if (!a) throw new Error(`unknown agent ${agent}`);
        if (!(isFree(a) || (force && a.loggedIn))) a = undefined;
      } else a = [...S.agents.values()].find(isFree);
      const c = queueCall({ from, service, data, dispatchable: true, silent: !!a });
      if (a) { c.queuedAt = undefined; deliverCall(c, a, mustAccept); return { call_id: c.id, agent: a.name, queued: false }; }
      return { call_id: c.id, queued: true };
    },
    queueCall({ from = '11912345678', service, data, dispatch = false } = {}) {
      const c = queueCall({ from, service, data, dispatchable: dispatch });
      if (dispatch) later(0, dispatchQueue);
      return { call_id: c.id, service: c.service };
    },
    answer({ call_id } = {}) {
      const c = S.calls.get(String(call_id ?? '').trim());
      if (!c) throw new Error('unknown call_id');
      if (!['dialing', 'calling'].includes(c.call_state)) throw new Error(`call is ${c.call_state}`);
      connectCall(c);
      return { call_id: c.id };
    },
    hangup({ call_id } = {}) {
      const c = S.calls.get(String(call_id ?? '').trim());
      if (!c) throw new Error('unknown call_id');
      try { remoteHangup(c); } catch (e) { throw new Error(e.message); }
      return { call_id: c.id };
    },
    serverState({ connected } = {}) {
      const v = !!connected;
      if (v === S.connected) return { connected: v };
      S.connected = v;
      for (const ch of S.channels.values()) sendEvent(ch, 'on_server_state_change', { state: v ? 'connected' : 'disconnected' });
      return { connected: v };
    },
    dropChannels() {
      const n = S.channels.size;
      for (const ch of [...S.channels.values()]) {
        ch.closed = true; cancel(ch.hbTimer); cancel(ch.idleTimer);
        S.channels.delete(ch.id);
        ch.req.socket.destroy();
      }
      return { dropped: n };
    },
    emit({ channel_id, event, data, raw } = {}) {
      const targets = channel_id === undefined ? [...S.channels.values()] : [S.channels.get(Number(channel_id))].filter(Boolean);
      for (const ch of targets) {
        if (raw !== undefined) { writeRaw(ch, String(raw)); continue; }
        const payload = typeof data === 'string' ? data : JSON.stringify(data ?? {});
        const lines = payload.split('\n').map((l) => `data: ${l}`).join('\n');
        writeRaw(ch, `${event ? `event: ${event}\n` : ''}${lines}\n\n`);
      }
      return { channels: targets.map((c) => c.id) };
    },
    stats({ service, agent, media_type = 'voice', ...values } = {}) {
      if (agent !== undefined) {
        const sn = service || '';
        S.agentStatOverrides[agent] ||= {};
        S.agentStatOverrides[agent][sn] = { ...(S.agentStatOverrides[agent][sn] || {}), ...values };
      } else {
        if (!svcByName(service)) throw new Error(`unknown service ${service}`);
        S.statOverrides[service] ||= {};
        S.statOverrides[service][media_type] = { ...(S.statOverrides[service][media_type] || {}), ...values };
      }
      return { ok: true };
    },
    config({ handleMode, agent, ...variants } = {}) {
      for (const k of Object.keys(variants)) {
        if (!(k in DEFAULT_VARIANTS)) throw new Error(`unknown variant ${k}`);
        S.variants[k] = variants[k];
      }
      if (handleMode !== undefined) {
        if (!['auto', 'manual'].includes(handleMode)) throw new Error('handleMode must be auto|manual');
        for (const a of S.agents.values()) if (agent === undefined || a.name === String(agent)) a.handleMode = handleMode;
        if (agent === undefined) initial.handleMode = handleMode;
      }
      return { variants: { ...S.variants } };
    },
    failNext({ command, status, error_type, error_msg, count = 1 } = {}) {
      if (!command) throw new Error('command is required');
      S.failNext.push({ command, status, error_type, error_msg, count });
      return { ok: true };
    },
    state() {
      return {
        connected: S.connected,
        strict,
        variants: { ...S.variants },
        openChannels: S.channels.size,
        channels: [...S.channels.values()].map((ch) => ({ id: ch.id, monitor: ch.monitor, format: ch.format,
          subscriptions: subsOfChannel(ch.id).map((s) => s.id), events: ch.sent, heartbeats: ch.heartbeats || 0 })),
        subscriptions: [...S.subs.values()].map((s) => ({ monitor: s.monitor, ...subView(s) })),
        agents: [...S.agents.values()].map((a) => ({ name: a.name, loggedIn: a.loggedIn, state: a.state,
          state_id: a.stateId, pause_name: a.pauseName, pre_pause: a.prePause ? { ...a.prePause, by: undefined } : undefined,
          handle_mode: a.handleMode, branch: a.branch, calls: agentCalls(a).map((c) => c.id) })),
        calls: [...S.calls.values()].map((c) => ({ call_id: c.id, agent: c.agent, service: c.service,
          interlocutor: c.interlocutor, call_state: c.call_state, call_type: c.call_type, call_source: c.call_source,
          consultation_call_id: c.consultation_call_id, associated_data: c.associated_data })),
        requests: { ...S.requests },
        log: S.log.slice(-100),
      };
    },
    reset() {
      for (const ch of [...S.channels.values()]) closeChannel(ch, false);
      for (const t of [...timers]) cancel(t);
      S = freshState();
      return { ok: true };
    },
  };
  const controlRoutes = {
    inbound: control.inbound, 'queue-call': control.queueCall, answer: control.answer, hangup: control.hangup,
    'server-state': control.serverState, 'drop-channels': control.dropChannels, emit: control.emit,
    stats: control.stats, config: control.config, 'fail-next': control.failNext, state: control.state,
    reset: control.reset,
  };

  async function handleControl(req, res, url) {
    const name = url.pathname.slice('/_sim/'.length).replace(/\/$/, '');
    const fn = controlRoutes[name];
    if (!fn) return sendJson(req, res, 404, { error: `unknown control route ${name}` });
    const text = req.method === 'POST' ? await readBody(req) : '';
    let body = Object.fromEntries(url.searchParams);
    if (text.trim()) {
      try { body = { ...body, ...JSON.parse(text) }; } catch (err) { return sendJson(req, res, 400, { error: String(err.message) }); }
    }
    try {
      sendJson(req, res, 200, fn(body));
    } catch (err) {
      sendJson(req, res, 409, { error: String(err && err.message) });
    }
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url || '/', 'http://localhost');
    if (req.method === 'OPTIONS') {
      const h = corsHeaders(req);
      if (h['Access-Control-Allow-Origin']) {
        h['Access-Control-Allow-Methods'] = 'GET, POST, OPTIONS';
        h['Access-Control-Allow-Headers'] = req.headers['access-control-request-headers'] || 'Content-Type';
        h['Access-Control-Max-Age'] = '600';
        if (req.headers['access-control-request-private-network']) h['Access-Control-Allow-Private-Network'] = 'true';
      }
      res.writeHead(204, h);
      return res.end();
    }
    const done = (p) => p.catch((err) => {
      if (!res.headersSent) sendText(req, res, 500, String(err && err.stack ? err.stack : err));
      else res.destroy();
    });
    if (url.pathname.startsWith('/_sim/')) return done(handleControl(req, res, url));
    if (url.pathname.startsWith(BASE)) {
      const route = url.pathname.slice(BASE.length).replace(/\/$/, '');
      if (routes.has(route) && (req.method === 'GET' || req.method === 'POST')) return done(handleApi(req, res, url, route));
    }
    req.resume();
    sendText(req, res, 404, 'Not Found');
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => { server.off('error', reject); resolve(undefined); });
  });
  const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  const hostForUrl = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;

  let closed = false;
  function closeSync() {
    if (closed) return;
    closed = true;
    for (const t of [...timers]) cancel(t);
    for (const ch of S.channels.values()) { ch.closed = true; try { ch.req.socket.destroy(); } catch { /* gone */ } }
    S.channels.clear();
    server.close();
    server.closeAllConnections?.();
  }
  return {
    url: `http://${hostForUrl}:${port}/interact_cti/v1.0`,
    controlUrl: `http://${hostForUrl}:${port}/_sim`,
    port,
    control,
    closeSync,
    close() {
      return new Promise((resolve) => {
        if (closed) return resolve();
        closeSync();
        resolve();
      });
    },
  };
}
