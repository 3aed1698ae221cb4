import { expect } from '@open-wc/testing';
import {
  ALL_EVENT_NAMES,
  QueueAggregator,
  agentReport,
  canonicalEventName,
  currentState,
  decodeEvent,
  errorCodeOf,
  interpretResponse,
  mapEvent,
  normaliseResource,
  pauseReasons,
  classifications,
  phaseOfState,
  snapshotFromStatus,
  type FrameFormat,
  type WireEvent,
  type WireObject,
} from './codec.js';
import { jsonFormat } from './codec-json.js';
import { xmlFormat } from './codec-xml.js';
import type { DomainEvent } from '../../domain/events.js';

const NOW = 1_700_000_000_000;
const ctx = { agent: 'Jose', now: NOW };

async function fixture(name: string): Promise<string> {
  const res = await fetch(new URL(`./fixtures/${name}`, import.meta.url));
  expect(res.status, name).to.equal(200);
  return res.text();
}

function decoded(fmt: FrameFormat, text: string, kind: 'response' | 'event' = 'response'): WireObject {
  const r = fmt.decode(text, kind);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

function domain(ev: WireEvent): readonly DomainEvent[] {
  if (ev.kind !== 'agent') throw new Error(`expected agent event, got ${JSON.stringify(ev)}`);
  return ev.events;
}

/** Agent common fields + call fields, as a JSON payload and the equivalent bare XML fragment. */
function callPayload(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    agent: 'Jose',
    dt_login: '2024-01-01 08:00:00',
    state: 'ready_service',
    state_id: 4,
    branch: 8013,
    contingency: false,
    media_type: 'voice',
    interlocutor: 99610418,
    service: 'AtendimentoCliente',
    call_id: '31/10/13 13:31:13 013A 8013/00 ',
    duration: 12,
    call_state: 'busy',
    call_type: 'inbound',
    call_source: 'external',
    ...extra,
  };
}

function toXmlFragment(o: Record<string, unknown>): string {
  const enc = (k: string, v: unknown): string => {
    if (Array.isArray(v)) return `<${k}>${v.map((x) => enc('member', x)).join('')}</${k}>`;
    if (v && typeof v === 'object') return `<${k}>${Object.entries(v).map(([a, b]) => enc(a, b)).join('')}</${k}>`;
    return `<${k}> ${String(v)} </${k}>`;
  };
  return Object.entries(o)
    .map(([k, v]) => enc(k, v))
    .join('\n');
}

describe('interact codec: responses from the manual (JSON and XML)', () => {
  for (const fmt of [jsonFormat, xmlFormat]) {
    const ext = fmt.format;
    it(`${ext}: subscribe ok → id 10`, async () => {
      const r = interpretResponse(fmt, 'subscribe', 200, await fixture(`subscribe-ok.${ext}`), NOW);
      expect(r.ok).to.equal(true);
      if (r.ok) expect(Number(r.body['id'])).to.equal(10);
    });

    it(`${ext}: subscribe invalid_data → bad-request`, async () => {
      const r = interpretResponse(fmt, 'subscribe', 200, await fixture(`subscribe-invalid_data.${ext}`), NOW);
      expect(r.ok).to.equal(false);
      if (!r.ok) expect(r.error).to.include({ code: 'bad-request', vendorCode: 'invalid_data', operation: 'subscribe' });
    });

    it(`${ext}: subscribe invalid_item → invalid-item with the items in detail`, async () => {
      const r = interpretResponse(fmt, 'subscribe', 200, await fixture(`subscribe-invalid_item.${ext}`), NOW);
      expect(r.ok).to.equal(false);
      if (!r.ok) {
        expect(r.error.code).to.equal('invalid-item');
        expect(r.error.detail).to.equal('agents: erro1, erro2; services: erro3, erro4');
      }
    });

    it(`${ext}: login command_failed → auth-failed`, async () => {
      const r = interpretResponse(fmt, 'login', 200, await fixture(`login-error.${ext}`), NOW);
      expect(r.ok).to.equal(false);
      if (!r.ok) expect(r.error).to.include({ code: 'auth-failed', vendorCode: 'command_failed' });
    });

    it(`${ext}: unsafe_request → rate-limited`, async () => {
      const r = interpretResponse(fmt, 'get_pause_type_list', 200, await fixture(`unsafe_request.${ext}`), NOW);
      expect(r.ok).to.equal(false);
      if (!r.ok) expect(r.error.code).to.equal('rate-limited');
    });

    it(`${ext}: get_agents_list with client_data`, async () => {
      const r = interpretResponse(fmt, 'get_agents_list', 200, await fixture(`get_agents_list-client_data.${ext}`), NOW);
      expect(r.ok).to.equal(true);
      if (!r.ok) return;
      expect(r.body['logged_in_agents']).to.deep.equal(['Jose']);
      expect(r.body['logged_out_agents']).to.deep.equal(['Maria', 'monica']);
      expect(r.body['client_data']).to.equal('exemplo');
      expect(r.body['command']).to.equal('get_agents_list');
    });

    it(`${ext}: get_pause_type_list → pause reasons`, async () => {
      const r = interpretResponse(fmt, 'get_pause_type_list', 200, await fixture(`get_pause_type_list.${ext}`), NOW);
      expect(r.ok).to.equal(true);
      if (!r.ok) return;
      const reasons = pauseReasons(r.body);
      expect(reasons[0]).to.deep.equal({ id: '12', name: 'Lanche', maxMinutes: 15 });
      if (ext === 'json') expect(reasons[1]).to.deep.equal({ id: '13', name: 'Treinamento' });
      else expect(reasons).to.have.length(1); // a single <member> is still a list
    });

    it(`${ext}: get_classification_list → classifications`, async () => {
      const r = interpretResponse(fmt, 'get_classification_list', 200, await fixture(`get_classification_list.${ext}`), NOW);
      expect(r.ok).to.equal(true);
      if (r.ok) expect(classifications(r.body)[0]).to.deep.equal({ id: '1', name: 'Venda', scope: 'general' });
    });

    it(`${ext}: SSE open_channel frame (event name variant) → channel-open 1234`, async () => {
      const ev = decodeEvent(fmt, 'open_channel', await fixture(`sse-open_channel.${ext}`), ctx);
      expect(ev).to.deep.equal({ kind: 'channel-open', channelId: 1234 });
    });

    it(`${ext}: on_alarm is understood and ignored`, async () => {
      const text = await fixture(`on_alarm.${ext}`);
      const value = decoded(fmt, text, 'event');
      const alarms = value['alarms'] as WireObject[];
      expect(alarms).to.have.length(2);
      expect((alarms[1]!['active'] as WireObject[])[0]!['agent']).to.equal('monica');
      expect(Number((alarms[0]!['active'] as WireObject[])[0]!['value'])).to.equal(11);
      expect(decodeEvent(fmt, 'on_alarm', text, ctx)).to.deep.equal({ kind: 'ignored', name: 'on_alarm' });
    });

    it(`${ext}: on_agent_stats (calls_details / call_details) → states, calls and services`, async () => {
      const ev = decodeEvent(fmt, 'on_agent_stats', await fixture(`on_agent_stats.${ext}`), ctx);
      expect(ev).to.deep.equal({
        kind: 'agent-stats',
        agents: [
          {
            name: 'monica',
            states: [
              { id: '3', name: 'ready_free', times: 10, totalTime: 1823 },
              { id: '4', name: 'ready_service', times: 0, totalTime: 4710 },
            ],
            calls: 1,
            services: ['AtendimentoCliente'],
          },
        ],
      });
    });

    it(`${ext}: on_service_stats → voice figures`, async () => {
      const ev = decodeEvent(fmt, 'on_service_stats', await fixture(`on_service_stats.${ext}`), ctx);
      expect(ev.kind).to.equal('service-stats');
      if (ev.kind !== 'service-stats') return;
      expect(ev.services[0]).to.include({ name: 'AtendimentoCliente', waiting: 3, handled: 40, longestWaitSeconds: 95 });
    });
  }

  it('xml: supervisor subscribe with spaces and `?>` prolog variant → id 38', async () => {
    const r = interpretResponse(xmlFormat, 'subscribe', 200, await fixture('supervisor-subscribe-ok.xml'), NOW);
    expect(r.ok).to.equal(true);
    if (r.ok) expect(r.body).to.deep.equal({ command: 'subscribe', id: '38', status: 'ok' });
  });

  it('json: `config\\monitor` (invalid escape) is repaired and normalised', async () => {
    const r = interpretResponse(jsonFormat, 'get_subscriptions', 200, await fixture('config-get_subscriptions-escaped.json'), NOW);
    expect(r.ok).to.equal(true);
    if (r.ok) expect(normaliseResource(r.body['resource'])).to.equal('config/monitor');
    expect(normaliseResource('config\\/monitor')).to.equal('config/monitor');
    expect(normaliseResource('config/monitor')).to.equal('config/monitor');
    expect(decoded(jsonFormat, '{"resource":"config\\/monitor"}')['resource']).to.equal('config/monitor');
  });
});

describe('interact codec: XML quirks', () => {
  it('bare fragment, <data> root and prolog + <data> decode to the same object', () => {
    const a = decoded(xmlFormat, '<id>5</id><channel_id>7</channel_id>', 'event');
    const b = decoded(xmlFormat, '<data><id>5</id><channel_id>7</channel_id></data>', 'event');
    const c = decoded(xmlFormat, '<?xml version="1.0" encoding="UTF-8"?>\n<data>\n  <id> 5 </id>\n  <channel_id>\n7\n</channel_id>\n</data>\n', 'event');
    const d = decoded(xmlFormat, '<?xml version="1.0" encoding="UTF-8">\n<id>5</id><channel_id>7</channel_id>', 'event'); // the manual's malformed prolog
    for (const x of [a, b, c, d]) expect(x).to.deep.equal({ id: '5', channel_id: '7' });
  });

  it('lists are decided by schema: one <member>, empty list, scalar "all"', () => {
    const one = decoded(xmlFormat, '<response><agents><member>Jose</member></agents><media_types>all</media_types><events/><permissions></permissions></response>');
    expect(one['response']).to.deep.equal({ agents: ['Jose'], media_types: ['all'], events: [], permissions: [] });
    const objs = decoded(xmlFormat, '<calls><member><call_id>1</call_id></member></calls>', 'event');
    expect(objs).to.deep.equal({ calls: [{ call_id: '1' }] });
    // A non-list field with children stays an object.
    const pre = decoded(xmlFormat, '<pre_pause><id>9</id><name>Lanche</name></pre_pause>', 'event');
    expect(pre).to.deep.equal({ pre_pause: { id: '9', name: 'Lanche' } });
  });

  it('entities: predefined and numeric decoded once, never recursively', () => {
    const v = decoded(xmlFormat, '<data><n>A &amp; B &lt;x&gt; &#65;&#x42; &amp;lt;</n></data>', 'event');
    expect(v['n']).to.equal('A & B <x> AB &lt;');
  });

  it('encodes requests with a <request> root and <member> lists, escaping text', () => {
    const xml = xmlFormat.encodeRequest({ subscription: { agents: ['Jose', 'A&B'], expires: 3600, agent_control: true } });
    expect(xml).to.equal(
      '<?xml version="1.0" encoding="UTF-8"?><request><subscription><agents><member>Jose</member><member>A&amp;B</member></agents><expires>3600</expires><agent_control>true</agent_control></subscription></request>',
    );
    const back = decoded(xmlFormat, xml);
    expect(back['request']).to.deep.equal({ subscription: { agents: ['Jose', 'A&B'], expires: '3600', agent_control: 'true' } });
    expect(jsonFormat.encodeRequest({ agent: 'Jose', state_id: 2 })).to.equal('{"agent":"Jose","state_id":2}');
  });

  it('refuses a billion-laughs DOCTYPE quickly, without expansion', async () => {
    const text = await fixture('billion-laughs.xml');
    const t0 = performance.now();
    const r = xmlFormat.decode(text, 'response');
    expect(performance.now() - t0).to.be.lessThan(200);
    expect(r.ok).to.equal(false);
    const res = interpretResponse(xmlFormat, 'login', 200, text, NOW);
    expect(res.ok).to.equal(false);
    if (!res.ok) expect(res.error.code).to.equal('malformed-frame');
    // As an event too, and without a prolog.
    const ev = decodeEvent(xmlFormat, 'on_login', text.replace(/^<\?xml[^>]*>\s*/, ''), ctx);
    expect(ev.kind).to.equal('error');
  });

  it('malformed XML and JSON are typed errors, never throws', () => {
    for (const bad of ['<a><b></a>', '<a>', 'text only', '<<<', '<a b="></a>']) {
      const r = xmlFormat.decode(bad, 'event');
      expect(r.ok, bad).to.equal(false);
      const ev = decodeEvent(xmlFormat, 'on_login', bad, ctx);
      expect(ev.kind, bad).to.equal('error');
      if (ev.kind === 'error') expect(ev.error.code).to.equal('malformed-frame');
    }
    for (const bad of ['{', '[1,2]', '"x"', 'null', '{"a":}', '\u0000']) {
      expect(jsonFormat.decode(bad, 'event').ok, bad).to.equal(false);
      const ev = decodeEvent(jsonFormat, 'on_call_receive', bad, ctx);
      expect(ev.kind, bad).to.equal('error');
    }
    const r = interpretResponse(jsonFormat, 'login', 200, '{oops', NOW);
    expect(r.ok).to.equal(false);
    if (!r.ok) expect(r.error.code).to.equal('malformed-frame');
  });
});

describe('interact codec: event names', () => {
  const variants: [string, string][] = [
    ['on_open_channel', 'on_open_channel'],
    ['open_channel', 'on_open_channel'],
    ['on_close_channel', 'on_close_channel'],
    ['on_state_change', 'on_state_change'],
    ['on_change_state', 'on_state_change'],
    ['on_stage_change', 'on_state_change'],
    ['on_subscription_expire', 'on_subscription_expire'],
    ['on_subscribe_expire', 'on_subscription_expire'],
    ['on_subscription_expire_warning', 'on_subscription_expire_warning'],
    ['on_subscribe_expire_warning', 'on_subscription_expire_warning'],
  ];
  for (const [wire, canonical] of variants) {
    it(`${wire} → ${canonical}, and the transport listens to it`, () => {
      expect(canonicalEventName(wire)).to.equal(canonical);
      expect(ALL_EVENT_NAMES).to.include(wire);
    });
  }

  it("a call event's agent fields (L1277-1279) ride as `fields`, JSON and XML; none without a state; an agent event has none", () => {
    const json = JSON.stringify({ agent: 'Jose', media_type: 'voice', call_id: 'C1', state: 'ready_service', state_id: 4, pre_pause: { id: 12, name: 'Lanche', trigger: 'manual' } });
    const xml = '<agent>Jose</agent><media_type>voice</media_type><call_id>C1</call_id><state>ready_service</state><state_id>4</state_id><pre_pause><id>12</id><name>Lanche</name><trigger>manual</trigger></pre_pause>';
    for (const [fmt, data] of [[jsonFormat, json], [xmlFormat, xml]] as const) {
      const ev = decodeEvent(fmt, 'on_call_release', data, ctx);
      expect(ev.kind === 'agent' && ev.fields).to.deep.equal({
        phase: 'busy',
        detail: 'ready_service',
        agentId: 'Jose',
        pendingPause: { reasonId: '12', reasonName: 'Lanche', trigger: 'manual' },
      });
    }
    const bare = decodeEvent(jsonFormat, 'on_call_end', JSON.stringify({ agent: 'Jose', call_id: 'C1' }), ctx);
    expect(bare.kind === 'agent' && 'fields' in bare).to.equal(false);
    const state = decodeEvent(jsonFormat, 'on_state_change', JSON.stringify({ agent: 'Jose', state: 'ready_service' }), ctx);
    expect(state.kind === 'agent' && 'fields' in state).to.equal(false);
  });

  it('state change variants all produce the same agent event', () => {
    const data = JSON.stringify({ agent: 'Jose', state: 'custom_pause', state_id: 12, pause_name: 'Lanche', pause_trigger: 'manual', state_changed_by: 'supervisor1' });
    const results = ['on_state_change', 'on_change_state', 'on_stage_change'].map((n) => decodeEvent(jsonFormat, n, data, ctx));
    for (const r of results) expect(r).to.deep.equal(results[0]);
    expect(domain(results[0]!)).to.deep.equal([
      {
        type: 'agent',
        agent: {
          phase: 'paused',
          detail: 'custom_pause',
          agentId: 'Jose',
          pause: { reasonId: '12', reasonName: 'Lanche', trigger: 'manual' },
          changedBy: 'supervisor1',
        },
      },
    ]);
  });

  it('expiry events (both spellings) carry the subscription id', () => {
    for (const fmt of [jsonFormat, xmlFormat]) {
      const data = fmt === jsonFormat ? '{"id":10,"channel_id":1234}' : '<id>10</id><channel_id>1234</channel_id>';
      expect(decodeEvent(fmt, 'on_subscribe_expire_warning', data, ctx)).to.deep.equal({ kind: 'subscription-expire-warning', id: 10, channelId: 1234 });
      expect(decodeEvent(fmt, 'on_subscription_expire', data, ctx)).to.deep.equal({ kind: 'subscription-expire', id: 10, channelId: 1234 });
    }
  });

  it('heartbeat, server state, unknown events', () => {
    expect(decodeEvent(jsonFormat, 'message', '{}', ctx)).to.deep.equal({ kind: 'heartbeat' });
    expect(decodeEvent(xmlFormat, 'message', '{}', ctx)).to.deep.equal({ kind: 'heartbeat' });
    expect(decodeEvent(jsonFormat, 'message', '', ctx)).to.deep.equal({ kind: 'heartbeat' });
    expect(decodeEvent(jsonFormat, 'on_server_state_change', '{"state":"disconnected"}', ctx)).to.deep.equal({ kind: 'server-state', connected: false });
    expect(decodeEvent(xmlFormat, 'on_server_state_change', '<state>connected</state>', ctx)).to.deep.equal({ kind: 'server-state', connected: true });
    const unknown = decodeEvent(jsonFormat, 'on_something_new', '{}', ctx);
    expect(unknown.kind).to.equal('error');
    if (unknown.kind === 'error') expect(unknown.error.code).to.equal('unknown-event');
  });

  it("names of Object.prototype's members are unknown names, never the prototype's", () => {
    // An event named `constructor` was read as the variant table's inherited member and failed as mapping-failed.
    for (const name of ['constructor', '__proto__', 'hasownproperty']) {
      expect(canonicalEventName(name), name).to.equal(undefined);
      expect(decodeEvent(jsonFormat, name, '{"call_id":"1"}', ctx)).to.deep.equal({
        kind: 'error',
        error: { code: 'unknown-event', at: NOW, operation: 'event', detail: name },
      });
    }
    const state = decodeEvent(jsonFormat, 'on_state_change', '{"agent":"Jose","state":"constructor"}', ctx);
    expect(domain(state)).to.deep.equal([{ type: 'agent', agent: { phase: 'unknown', detail: 'constructor', agentId: 'Jose' } }]);
    expect(phaseOfState('__proto__')).to.equal('unknown');
    expect(errorCodeOf('constructor')).to.equal('command-failed');
    const status = decodeEvent(jsonFormat, 'on_agent_status', '{"agent":"Jose","state":"ready_service","calls":[{"call_id":"7","call_state":"constructor"}]}', ctx);
    expect(domain(status)).to.deep.equal([
      { type: 'snapshot', agent: { phase: 'busy', detail: 'ready_service', agentId: 'Jose' }, calls: [{ id: '7', detail: 'constructor' }] },
    ]);
  });
});

describe('interact codec: agent and call mapping', () => {
  const states: [string, string, boolean?][] = [
    ['invalid', 'unknown'],
    ['not_logged_in', 'logged-out'],
    ['ready', 'ready'],
    ['ready_free', 'ready'],
    ['ready_service', 'busy'],
    ['ready_private', 'busy'],
    ['pause', 'paused'],
    ['custom_pause', 'paused'],
    ['fail_pause', 'paused', true],
    ['no_handling_fail_pause', 'paused', true],
    ['timeout_fail_pause', 'paused', true],
    ['invalid_state_fail_pause', 'paused', true],
    ['inactivity_fail_pause', 'paused', true],
    ['call_rejected_fail_pause', 'paused', true],
    ['timeout_scheduled_fail_pause', 'paused', true],
    ['follow_me_fail_pause', 'paused', true],
    ['unknown', 'unknown'],
    ['something_new', 'unknown'],
  ];
  for (const [state, phase, failure] of states) {
    it(`state ${state} → ${phase}${failure ? ' (failure)' : ''}, detail kept`, () => {
      expect(phaseOfState(state)).to.equal(phase);
      const r = agentReport({ agent: 'Jose', state, state_id: '7' });
      expect(r.detail).to.equal(state);
      if (phase === 'paused') {
        expect(r.pause?.failure ?? false).to.equal(!!failure);
        if (failure) expect(r.pause?.trigger).to.equal('system');
        expect(r.pause?.reasonName, 'no pause_name: no name (never the state code)').to.equal('');
      } else expect(r.pause).to.equal(undefined);
    });
  }

  it('pre_pause, scheduled pause timeout, branch number → string', () => {
    const r = agentReport({
      agent: 'Jose',
      state: 'pause',
      state_id: 20,
      pause_trigger: 'scheduled',
      pause_timeout: 1_700_000_600,
      branch: 8013,
      pre_pause: { id: 12, name: 'Lanche', trigger: 'manual', dt_begin: 'x' },
    });
    expect(r.extension).to.equal('8013');
    // No pause_name (sent only for custom_pause): no name, never the state code as one.
    expect(r.pause).to.deep.equal({ reasonId: '20', reasonName: '', trigger: 'scheduled', endsAt: 1_700_000_600_000 });
    expect(r.pendingPause).to.deep.equal({ reasonId: '12', reasonName: 'Lanche', trigger: 'manual' });
    // A pre_pause without its name: the id is no name.
    expect(agentReport({ agent: 'Jose', state: 'ready_service', pre_pause: { id: 12 } }).pendingPause).to.deep.equal({ reasonId: '12', reasonName: '' });
  });

  for (const fmt of [jsonFormat, xmlFormat]) {
    const enc = (o: Record<string, unknown>) => (fmt === jsonFormat ? JSON.stringify(o) : toXmlFragment(o));
    const ev = (name: string, extra: Record<string, unknown> = {}) => domain(decodeEvent(fmt, name, enc(callPayload(extra)), ctx));

    it(`${fmt.format}: on_call_receive → call-offered (mustAccept, permissions, trimmed id, interlocutor string)`, () => {
      const [e] = ev('on_call_receive', { must_accept: true, permissions: ['consult', 'transfer', 'email_forward'], classification_time: 30, after_call_work_time: 60 });
      expect(e).to.deep.equal({
        type: 'call-offered',
        call: {
          id: '31/10/13 13:31:13 013A 8013/00',
          direction: 'inbound',
          remote: [{ number: '99610418' }],
          service: 'AtendimentoCliente',
          mustAccept: true,
          permissions: ['consult', 'transfer'],
          detail: 'busy',
          durationSeconds: 12,
        },
      });
      const [single] = ev('on_call_receive', { permissions: ['conference'] });
      expect(single && single.type === 'call-offered' && single.call.permissions).to.deep.equal(['conference']);
      const [none] = ev('on_call_receive', {});
      expect(none && none.type === 'call-offered' && none.call.mustAccept).to.equal(false);
    });

    it(`${fmt.format}: call lifecycle events`, () => {
      expect(ev('on_call_generate', { call_type: 'outbound' })[0]!.type).to.equal('call-dialing');
      expect(ev('on_call_accept')[0]!.type).to.equal('call-answered');
      expect(ev('on_call_hold')[0]!.type).to.equal('call-held');
      expect(ev('on_call_retrieve')[0]!.type).to.equal('call-retrieved');
      expect(ev('on_call_end')[0]).to.deep.equal({ type: 'call-ended', callId: '31/10/13 13:31:13 013A 8013/00' });
      expect(ev('on_call_release', { must_classify: true, classification_time: 30, after_call_work_time: 60 })[0]).to.deep.equal({
        type: 'call-released',
        callId: '31/10/13 13:31:13 013A 8013/00',
        mustClassify: true,
        classifySeconds: 30,
        wrapUpSeconds: 60,
      });
      expect(ev('on_call_associated_data', { associated_data: 'crm=42' })[0]).to.deep.equal({
        type: 'call-data',
        callId: '31/10/13 13:31:13 013A 8013/00',
        data: { associated_data: 'crm=42' },
      });
      const [cons] = ev('on_call_consultation', { consultation_call_id: 'C2' });
      expect(cons).to.include({ type: 'call-consulting' });
      if (cons?.type === 'call-consulting') expect(cons.consultation).to.deep.equal({ id: 'C2', direction: 'outbound', consultationOf: '31/10/13 13:31:13 013A 8013/00' });
      const [conf] = ev('on_call_conference', { owner: 'Jose', interlocutor: '8014, 99610418,Maria' });
      expect(conf?.type === 'call-conference' && conf.call.remote).to.deep.equal([{ number: '8014' }, { number: '99610418' }, { number: 'Maria' }]);
      expect(conf?.type === 'call-conference' && conf.call.conferenceOwner).to.equal('Jose');
    });

    it(`${fmt.format}: on_call_transfer → call-transferred (stays only when transferred to us)`, () => {
      const away = domain(decodeEvent(fmt, 'on_call_transfer', enc({ agent: 'Jose', state: 'ready_free', transfer_from: 'Jose', transfer_to: 'Maria', previous_call_id: 'A1 ', call_id: 'B2', service: 'S' }), ctx));
      expect(away[0]).to.deep.equal({ type: 'call-transferred', previousId: 'A1', call: { id: 'B2', service: 'S' }, stays: false, to: 'Maria' });
      const here = domain(decodeEvent(fmt, 'on_call_transfer', enc({ agent: 'Jose', transfer_from: 'Maria', transfer_to: 'jose', previous_call_id: 'A1', call_id: 'B2' }), ctx));
      expect(here[0]).to.include({ stays: true });
      // Its new call is offered by on_call_receive (L1259): none from the transfer event.
      expect(here[0]).to.not.have.property('call');
    });

    it(`${fmt.format}: on_call_receive of a conference id (L4394) → call-conference, never a ringing call`, () => {
      const byState = domain(decodeEvent(fmt, 'on_call_receive', enc({ agent: 'Jose', media_type: 'voice', call_id: 'K3', call_state: 'conference', interlocutor: '4830001111,2005' }), ctx));
      expect(byState).to.have.length(1);
      expect(byState[0]).to.deep.include({ type: 'call-conference' });
      const bySource = domain(decodeEvent(fmt, 'on_call_receive', enc({ agent: 'Jose', media_type: 'voice', call_id: 'K4', call_source: 'external conference' }), ctx));
      expect(bySource[0]!.type).to.equal('call-conference');
      // Only the participants say it (L1411): a busy, external call with two interlocutors is the conference.
      const byParties = domain(decodeEvent(fmt, 'on_call_receive', enc({ agent: 'Jose', media_type: 'voice', call_id: 'K6', call_state: 'busy', call_source: 'external', interlocutor: '4830001111, 2005' }), ctx));
      expect(byParties[0]).to.deep.include({ type: 'call-conference' });
      const plain = domain(decodeEvent(fmt, 'on_call_receive', enc({ agent: 'Jose', media_type: 'voice', call_id: 'K5', call_state: 'ringing', interlocutor: '4830001111' }), ctx));
      expect(plain[0]!.type).to.equal('call-offered');
    });

    it(`${fmt.format}: login/logout/agent status`, () => {
      const login = domain(decodeEvent(fmt, 'on_login', enc({ agent: 'Jose', state: 'ready_free', branch: 8013 }), ctx));
      // The reported state first, so the sign-in never reads as "ready" before the state is known.
      expect(login[0]).to.deep.include({ type: 'agent' });
      expect(login[1]).to.deep.equal({ type: 'logged-in', agentId: 'Jose', extension: '8013' });
      const bare = domain(decodeEvent(fmt, 'on_login', enc({ agent: 'Jose' }), ctx));
      expect(bare[0]).to.deep.include({ type: 'agent', agent: { phase: 'unknown', detail: 'login-pending', agentId: 'Jose' } });
      expect(bare[1]).to.deep.include({ type: 'logged-in' });
      const logout = domain(decodeEvent(fmt, 'on_logout', enc({ agent: 'Jose', state: 'not_logged_in' }), ctx));
      expect(logout[0]).to.deep.equal({ type: 'logged-out' });
      const status = decodeEvent(
        fmt,
        'on_agent_status',
        enc({
          agent: 'Jose',
          state: 'ready_service',
          devices: [{ media_type: 'voice', quantity: 1, handle_mode: 'manual' }],
          calls: [
            { media_type: 'voice', interlocutor: 8014, call_id: 'C1', call_state: 'held', call_type: 'inbound', consultation_call_id: 'C2' },
            { media_type: 'voice', interlocutor: 8015, call_id: 'C2', call_state: 'busy', call_type: 'outbound' },
            { media_type: 'chat', interlocutor: 'Ana', call_id: 'X9', call_state: 'busy' },
          ],
        }),
        ctx,
      );
      const [snap] = domain(status);
      expect(snap?.type).to.equal('snapshot');
      if (snap?.type !== 'snapshot') return;
      expect(snap.agent.phase).to.equal('busy');
      expect(snap.calls.map((c) => [c.id, c.state, c.consultationId, c.consultationOf])).to.deep.equal([
        ['C1', 'held', 'C2', undefined],
        ['C2', 'active', undefined, 'C1'],
      ]);
    });

    it(`${fmt.format}: non-voice call events are ignored; events without call_id are typed errors`, () => {
      expect(decodeEvent(fmt, 'on_call_receive', enc(callPayload({ media_type: 'chat' })), ctx).kind).to.equal('ignored');
      const e = decodeEvent(fmt, 'on_call_receive', enc({ agent: 'Jose', media_type: 'voice' }), ctx);
      expect(e.kind).to.equal('error');
    });
  }

  it('numeric strings are numbers; call ids stay strings', () => {
    const [rel] = domain(mapEvent('on_call_release', { agent: 'Jose', call_id: ' 0012 ', must_classify: 'true', classification_time: ' 30 ' }, ctx));
    expect(rel).to.deep.equal({ type: 'call-released', callId: '0012', mustClassify: true, classifySeconds: 30 });
  });

  it('get_status → snapshot for our agent; wrap-up calls make it after-call; missing agent → no snapshot', () => {
    const snap = snapshotFromStatus(
      { agents: [{ name: 'Maria', state: 'ready' }, { name: 'Jose', state: 'ready_service', branch: '8013', calls: [{ call_id: 'C1', call_state: 'after_call', media_type: 'voice' }] }] },
      'Jose',
    );
    expect(snap!.agent).to.include({ phase: 'after-call', detail: 'ready_service', agentId: 'Jose', extension: '8013' });
    expect(snap!.calls[0]).to.include({ id: 'C1', state: 'wrap-up' });
    // An answer that does not list us reports nothing: it is not "logged out" (state already known stays).
    expect(snapshotFromStatus({ agents: [] }, 'Jose')).to.equal(undefined);
    expect(snapshotFromStatus({}, 'Jose')).to.equal(undefined);
    // No must_accept in get_status: a ringing call is to be accepted when the voice device is manual (L1937, L4132).
    const ring = (mode: string, extra: Record<string, unknown> = {}) =>
      snapshotFromStatus({ agents: [{ name: 'Jose', state: 'ready_service', devices: [{ media_type: 'chat', quantity: 2, handle_mode: 'auto' }, { media_type: 'voice', quantity: 1, handle_mode: mode }], calls: [{ call_id: 'R', call_state: 'ringing', call_type: 'inbound', media_type: 'voice', ...extra }] }] }, 'Jose')!.calls[0]!.mustAccept;
    expect([ring('manual'), ring('auto'), ring('Manual '), ring('manual', { must_accept: false })]).to.deep.equal([true, undefined, true, false]);
    // One entry: ours when it names no one; another agent's is not ours (a server that ignored `agent=`).
    expect(snapshotFromStatus({ agents: [{ state: 'pause' }] }, 'Jose')!.agent).to.include({ phase: 'paused' });
    expect(snapshotFromStatus({ agents: [{ name: 'Maria', state: 'ready' }] }, 'Jose')).to.equal(undefined);
  });
});

describe('interact codec: errors', () => {
  const types: [string, string, string?][] = [
    ['empty_data', 'missing-data'],
    ['invalid_data', 'bad-request'],
    ['missing_data', 'missing-data'],
    ['not_found', 'not-found'],
    ['command_failed', 'command-failed'],
    ['command_failed', 'auth-failed', 'login'],
    ['command_denied', 'command-denied'],
    ['no_license', 'no-license'],
    ['no license', 'no-license'],
    ['duplicated_number', 'duplicated-number'],
    ['invalid_item', 'invalid-item'],
    ['unsafe_request', 'rate-limited'],
    ['brand_new_error', 'command-failed'],
  ];
  for (const [type, code, command] of types) {
    it(`error_type ${type}${command ? ` on ${command}` : ''} → ${code}`, () => {
      expect(errorCodeOf(type, command)).to.equal(code);
      const r = interpretResponse(jsonFormat, command ?? 'x', 200, JSON.stringify({ response: { command: command ?? 'x', status: 'error', error_type: type, error_msg: 'msg' } }), NOW);
      expect(r.ok).to.equal(false);
      if (!r.ok) expect(r.error).to.include({ code, vendorCode: type, detail: 'msg', at: NOW });
    });
  }

  const statuses: [number, string][] = [
    [400, 'bad-request'],
    [403, 'forbidden'],
    [404, 'not-found'],
    [503, 'server-unavailable'],
    [500, 'server-unavailable'],
  ];
  for (const [status, code] of statuses) {
    it(`HTTP ${status} → ${code}`, () => {
      const r = interpretResponse(xmlFormat, 'subscribe', status, status === 400 ? 'Erro de sintaxe na linha 3, coluna 12' : '', NOW);
      expect(r.ok).to.equal(false);
      if (r.ok) return;
      expect(r.error).to.include({ code, httpStatus: status });
      if (status === 400) expect(r.error.detail).to.equal('Erro de sintaxe na linha 3, coluna 12');
    });
  }

  it('error_itens (config monitor spelling) is read too', () => {
    const r = interpretResponse(jsonFormat, 'subscribe', 200, '{"response":{"status":"error","error_type":"invalid_item","error_itens":{"items":["x"]}}}', NOW);
    expect(!r.ok && r.error.detail).to.equal('items: x');
  });
});

describe('interact codec: queue aggregation', () => {
  const st = (name: string, times: number, totalTime: number) => ({ id: name, name, times, totalTime });

  it('service stats merge; agent counts per service from derived statuses', () => {
    const agg = new QueueAggregator();
    const q1 = agg.serviceStats([{ name: 'S', waiting: 2, longestWaitSeconds: 30, handled: 5, abandoned: 1 }], NOW);
    expect(q1).to.deep.equal({ type: 'queues', queues: [{ id: 'S', name: 'S', waiting: 2, longestWaitSeconds: 30, handled: 5, abandoned: 1, updatedAt: NOW }] });
    const q2 = agg.agentStats(
      [
        { name: 'a', calls: 1, services: ['S'] },
        { name: 'b', states: [st('custom_pause', 1, 0)], services: ['S'] },
        { name: 'c', states: [st('ready_free', 1, 3)], services: ['S', 'T'] },
      ],
      NOW,
    );
    expect(q2?.type === 'queues' && q2.queues).to.deep.equal([
      { id: 'S', name: 'S', agentsReady: 1, agentsBusy: 1, agentsPaused: 1, updatedAt: NOW },
      { id: 'T', name: 'T', agentsReady: 1, agentsBusy: 0, agentsPaused: 0, updatedAt: NOW },
    ]);
    // b's ready_free counter starts growing: b is ready now. Membership is kept without services.
    const q3 = agg.agentStats([{ name: 'b', states: [st('custom_pause', 1, 40), st('ready_free', 1, 5)], services: [] }], NOW);
    expect(q3?.type === 'queues' && q3.queues[0]).to.deep.include({ id: 'S', agentsReady: 2, agentsPaused: 0 });
    // A later service update carries the counts too.
    const q4 = agg.serviceStats([{ name: 'S', waiting: 0 }], NOW);
    expect(q4?.type === 'queues' && q4.queues[0]).to.deep.equal({ id: 'S', name: 'S', waiting: 0, agentsReady: 2, agentsBusy: 1, agentsPaused: 0, updatedAt: NOW });
  });

  it('every statistics event is reported, a recount to the same figures too (the session store drops repeats)', () => {
    const agg = new QueueAggregator();
    const stats = [{ name: 'S', waiting: 2, handled: 5 }];
    expect(agg.serviceStats(stats, NOW)).to.deep.equal({ type: 'queues', queues: [{ id: 'S', name: 'S', waiting: 2, handled: 5, updatedAt: NOW }] });
    expect(agg.serviceStats(stats, NOW + 5000)).to.deep.equal({ type: 'queues', queues: [{ id: 'S', name: 'S', waiting: 2, handled: 5, updatedAt: NOW + 5000 }] });
    // Every on_agent_stats recounts: the agent's time in its state grows, its status and the counts stay.
    const count = { id: 'S', name: 'S', agentsReady: 1, agentsBusy: 0, agentsPaused: 0 };
    expect(agg.agentStats([{ name: 'a', states: [st('ready_free', 1, 10)], services: ['S'] }], NOW)).to.deep.equal({ type: 'queues', queues: [{ ...count, updatedAt: NOW }] });
    expect(agg.agentStats([{ name: 'a', states: [st('ready_free', 1, 15)], services: ['S'] }], NOW + 5000)).to.deep.equal({ type: 'queues', queues: [{ ...count, updatedAt: NOW + 5000 }] });
    expect(agg.agentStats([{ name: 'a', calls: 1, services: ['S'] }], NOW + 8000)).to.deep.equal({
      type: 'queues',
      queues: [{ ...count, agentsReady: 0, agentsBusy: 1, updatedAt: NOW + 8000 }],
    });
    // Nothing listed, no event.
    expect(agg.serviceStats([], NOW)).to.equal(undefined);
    expect(agg.agentStats([], NOW)).to.equal(undefined);
  });

  it('current state = the counter that grows (times first, then total_time)', () => {
    const prev = [st('ready_free', 2, 100), st('pause', 1, 50)];
    expect(currentState(prev, [st('ready_free', 2, 100), st('pause', 1, 55)])).to.equal('pause');
    expect(currentState(prev, [st('ready_free', 3, 100), st('pause', 1, 55)])).to.equal('ready_free');
    expect(currentState(prev, [...prev, st('ready_service', 1, 0)])).to.equal('ready_service');
    expect(currentState(prev, prev)).to.equal(undefined);
    expect(currentState(undefined, [st('ready_free', 1, 0)])).to.equal('ready_free');
    expect(currentState(undefined, prev)).to.equal(undefined);
  });
});
