/**
 * The NEON codec: pure functions, no socket. Frames are the seed's examples ("Instrumentação do NEON
 * via WebSocket" v2.1) plus the failure shapes the seed does not show but a server could send.
 */
import { expect } from '@open-wc/testing';
import {
  DTMF_KEYS,
  MAX_FRAME_CHARS,
  NEON_EVENTS,
  callInfo,
  canonicalEventName,
  decodeFrame,
  dialString,
  encodeRequest,
  eventCallId,
  neonError,
  num,
  partyFromUri,
  sipDetail,
  str,
  type NeonFrame,
} from './codec.js';

const NOW = 1_700_000_000_000;

/* The seed's own examples, verbatim apart from JSON quoting. */
const SEED = {
  startcallRequest: { id: 1, token: '24b806ff', action: 'startcall', number: '7155555555' },
  startcallResponse: '{"id":1,"success":true,"data":{"callId":55}}',
  authenticateResponse: '{"id":0,"success":true,"data":{"token":"24b806ff"}}',
  newCallEvent:
    '{"action":"event","name":"OnNewCall","data":{"callId":55,"type":"outgoing","from":"sip:20719023@208.89.104.57","to":"sip:2342342@208.89.104.57"}}',
} as const;

function response(frame: NeonFrame): Extract<NeonFrame, { kind: 'response' }> {
  if (frame.kind !== 'response') throw new Error(`expected a response, got ${JSON.stringify(frame)}`);
  return frame;
}

function event(frame: NeonFrame): Extract<NeonFrame, { kind: 'event' }> {
  if (frame.kind !== 'event') throw new Error(`expected an event, got ${JSON.stringify(frame)}`);
  return frame;
}

/* ---------------------------------------------------------------- encode */

describe('neon codec: encodeRequest', () => {
  it('writes the seed startcall request: id, action, params and the token', () => {
    const text = encodeRequest('startcall', { number: '7155555555' }, 1, '24b806ff');
    expect(JSON.parse(text)).to.deep.equal(SEED.startcallRequest);
  });

  it('never puts the token on authenticate, even when one is passed', () => {
    const text = encodeRequest('authenticate', { user: 'crm', password: 'app-pw' }, 0, '24b806ff');
    const body = JSON.parse(text) as Record<string, unknown>;
    expect(body).to.deep.equal({ id: 0, action: 'authenticate', user: 'crm', password: 'app-pw' });
    expect(body).not.to.have.property('token');
    expect(text).not.to.contain('24b806ff');
  });

  it('keeps id 0 and leaves the id out only when none is given', () => {
    expect(JSON.parse(encodeRequest('sipunregister', {}, 0, 't'))).to.deep.equal({ id: 0, action: 'sipunregister', token: 't' });
    expect(JSON.parse(encodeRequest('sipunregister', {}, undefined, 't'))).to.deep.equal({ action: 'sipunregister', token: 't' });
  });

  it('leaves the token out when there is none yet', () => {
    expect(JSON.parse(encodeRequest('showui', { show: true }, 4))).to.deep.equal({ id: 4, action: 'showui', show: true });
  });

  it('drops undefined params and keeps the JSON types of the others (number callid, booleans)', () => {
    const body = JSON.parse(encodeRequest('sethold', { callid: 55, hold: false, note: undefined }, 9, 'tok')) as Record<string, unknown>;
    expect(body).to.deep.equal({ id: 9, action: 'sethold', callid: 55, hold: false, token: 'tok' });
    expect(body['callid']).to.be.a('number');
    const str = JSON.parse(encodeRequest('senddtmf', { callid: 'abc-55', DTMF: '#' }, 10, 'tok')) as Record<string, unknown>;
    expect(str).to.deep.equal({ id: 10, action: 'senddtmf', callid: 'abc-55', DTMF: '#', token: 'tok' });
    expect(str).not.to.have.property('dtmf');
  });

  it('writes sipregister with every documented field', () => {
    const body = JSON.parse(
      encodeRequest('sipregister', { domain: 'pbx.example:5060', number: '2071', password: 'sip-pw', autodisconnect: true }, 2, 'tok'),
    ) as Record<string, unknown>;
    expect(body).to.deep.equal({ id: 2, action: 'sipregister', domain: 'pbx.example:5060', number: '2071', password: 'sip-pw', autodisconnect: true, token: 'tok' });
  });

  it('the session token wins over a token-named param', () => {
    const body = JSON.parse(encodeRequest('startcall', { number: '1', token: 'forged' }, 1, 'real')) as Record<string, unknown>;
    expect(body['token']).to.equal('real');
  });
});

/* ---------------------------------------------------------------- decode */

describe('neon codec: decodeFrame responses', () => {
  it('reads the seed authenticate and startcall answers', () => {
    expect(decodeFrame(SEED.authenticateResponse)).to.deep.equal({ kind: 'response', id: 0, success: true, data: { token: '24b806ff' } });
    expect(decodeFrame(SEED.startcallResponse)).to.deep.equal({ kind: 'response', id: 1, success: true, data: { callId: 55 } });
  });

  it('keeps a string id as given and accepts a response without an id', () => {
    expect(response(decodeFrame('{"id":"7","success":true,"data":{}}')).id).to.equal('7');
    const noId = response(decodeFrame('{"success":true,"data":{"x":1}}'));
    expect(noId).not.to.have.property('id');
    expect(noId.success).to.equal(true);
    expect(noId.data).to.deep.equal({ x: 1 });
  });

  it('an empty-string id is not an id', () => {
    const r = response(decodeFrame('{"id":"","success":true}'));
    expect(r).not.to.have.property('id');
  });

  it('data that is not an object becomes {}', () => {
    for (const data of ['null', '"x"', '[1,2]', '5', 'true']) {
      expect(response(decodeFrame(`{"id":1,"success":true,"data":${data}}`)).data, data).to.deep.equal({});
    }
    expect(response(decodeFrame('{"id":1,"success":true}')).data).to.deep.equal({});
  });

  it('a failure without any code still fails, with an empty failure', () => {
    const r = response(decodeFrame('{"id":3,"success":false}'));
    expect(r.success).to.equal(false);
    expect(r.failure).to.deep.equal({});
  });

  const places: [string, string][] = [
    ['top-level error', '{"id":5,"success":false,"error":601}'],
    ['top-level errorCode', '{"id":5,"success":false,"errorCode":601}'],
    ['top-level errorcode', '{"id":5,"success":false,"errorcode":601}'],
    ['top-level error_code', '{"id":5,"success":false,"error_code":601}'],
    ['top-level code', '{"id":5,"success":false,"code":601}'],
    ['data.error', '{"id":5,"success":false,"data":{"error":601}}'],
    ['data.errorCode', '{"id":5,"success":false,"data":{"errorCode":601}}'],
    ['data.code', '{"id":5,"success":false,"data":{"code":601}}'],
    ['numeric string', '{"id":5,"success":false,"error":"601"}'],
    ['numeric string with spaces', '{"id":5,"success":false,"data":{"code":" 601 "}}'],
    ['nested error object', '{"id":5,"success":false,"error":{"code":601}}'],
    ['nested error object with string code', '{"id":5,"success":false,"data":{"error":{"code":"601"}}}'],
  ];
  for (const [where, text] of places) {
    it(`finds the error code in ${where}`, () => {
      const r = response(decodeFrame(text));
      expect(r.id).to.equal(5);
      expect(r.success).to.equal(false);
      expect(r.failure?.code).to.equal(601);
    });
  }

  it('prefers the top-level code over one inside data', () => {
    expect(response(decodeFrame('{"id":5,"success":false,"error":600,"data":{"code":102}}')).failure?.code).to.equal(600);
  });

  it('keeps the server message (trimmed, capped) apart from the code', () => {
    const r = response(decodeFrame('{"id":5,"success":false,"error":{"code":601,"message":"  Not registered  "}}'));
    expect(r.failure).to.deep.equal({ code: 601, message: 'Not registered' });
    const m = response(decodeFrame('{"id":5,"success":false,"code":500,"message":"boom"}'));
    expect(m.failure).to.deep.equal({ code: 500, message: 'boom' });
    const textual = response(decodeFrame('{"id":5,"success":false,"error":"invalid token"}'));
    expect(textual.failure).to.deep.equal({ message: 'invalid token' });
    const long = response(decodeFrame(JSON.stringify({ id: 5, success: false, message: 'x'.repeat(5000) })));
    expect(long.failure?.message?.length).to.be.at.most(300);
  });

  it('a code that is not a small integer is not taken for a code', () => {
    for (const v of ['1.5', '"12345"', '"60x"', 'true', 'null', '[601]']) {
      const r = response(decodeFrame(`{"id":5,"success":false,"code":${v}}`));
      expect(r.success, v).to.equal(false);
      expect(r.failure?.code, v).to.equal(undefined);
    }
  });

  it('success true with error 0 ("no error") is a success', () => {
    const r = response(decodeFrame('{"id":5,"success":true,"error":0,"data":{"callId":9}}'));
    expect(r.success).to.equal(true);
    expect(r).not.to.have.property('failure');
  });

  it('without a success flag, an error code decides; none at all is a success', () => {
    const failed = response(decodeFrame('{"id":5,"error":602}'));
    expect(failed.success).to.equal(false);
    expect(failed.failure?.code).to.equal(602);
    const plain = response(decodeFrame('{"id":5,"data":{"token":"t"}}'));
    expect(plain.success).to.equal(true);
    expect(plain).not.to.have.property('failure');
  });

  // Regression test (bug found by this suite, since fixed): codec.ts decodeFrame (line 138) — `ok` is false whenever findFailure found anything, so with no
  // `success` flag, `error: 0` ("Nenhum erro" in the seed's table) is decoded as a failure with code 0
  // (neonError → command-failed, vendorCode '0'), although `success: true, error: 0` is a success.
  it('without a success flag, error 0 ("no error") is a success', () => {
    const none = response(decodeFrame('{"id":5,"error":0,"data":{"callId":9}}'));
    expect(none.success).to.equal(true);
    expect(none).not.to.have.property('failure');
  });

  // Seed L112-L116 shows `success: true` (a JSON boolean) and never a failure. A server that writes its flags as
  // text or as 0/1 ("false", "FALSE", 0) still says no: that was read as a success (a refused sethold shown held).
  it('a success flag written as text or as 0 / 1 is read as that boolean', () => {
    for (const flag of ['"false"', '" False "', '0', '"0"']) {
      const r = response(decodeFrame(`{"id":5,"success":${flag},"data":{}}`));
      expect(r.success, flag).to.equal(false);
      expect(r.failure, flag).to.deep.equal({});
    }
    for (const flag of ['"true"', '"TRUE"', '1', '"1"']) {
      const r = response(decodeFrame(`{"id":5,"success":${flag},"data":{"callId":9}}`));
      expect(r.success, flag).to.equal(true);
      expect(r, flag).not.to.have.property('failure');
    }
    // Not a flag at all: as if absent (a code decides, none at all is a success); a code still wins.
    expect(response(decodeFrame('{"id":5,"success":"maybe"}')).success).to.equal(true);
    expect(response(decodeFrame('{"id":5,"success":"true","error":601}')).failure?.code).to.equal(601);
  });
});

describe('neon codec: decodeFrame events', () => {
  it('reads the seed OnNewCall event', () => {
    const e = event(decodeFrame(SEED.newCallEvent));
    expect(e.name).to.equal('OnNewCall');
    expect(e.data).to.deep.equal({ callId: 55, type: 'outgoing', from: 'sip:20719023@208.89.104.57', to: 'sip:2342342@208.89.104.57' });
  });

  it('tells events from responses by action === "event" only', () => {
    // An id and success on an event do not make it a response...
    expect(decodeFrame('{"action":"event","name":"OnAcceptCall","id":1,"success":true,"data":{"callId":1}}').kind).to.equal('event');
    // ...and a name without action "event" does not make a response an event.
    expect(decodeFrame('{"id":1,"success":true,"name":"OnNewCall"}').kind).to.equal('response');
    expect(decodeFrame('{"action":"startcall","id":1,"success":true}').kind).to.equal('response');
    // The action itself is matched without regard to case.
    expect(decodeFrame('{"action":"EVENT","name":"OnNewCall","data":{}}').kind).to.equal('event');
  });

  const every: [string, string][] = [
    ['OnSIPRegister', 'OnSIPRegister'],
    ['OnSIPUnRegister', 'OnSIPUnRegister'],
    ['OnSIPUnregister', 'OnSIPUnRegister'],
    ['OnSIPRegisterRefused', 'OnSIPRegisterRefused'],
    ['OnSIPRegisterFinalized', 'OnSIPRegisterFinalized'],
    ['OnSIPRegisterCancelled', 'OnSIPRegisterCancelled'],
    ['OnSIPRegisterCanceled', 'OnSIPRegisterCancelled'],
    ['OnSIPRegisterExpired', 'OnSIPRegisterExpired'],
    ['OnSIPRegisterError', 'OnSIPRegisterError'],
    ['OnNewCall', 'OnNewCall'],
    ['OnFinalizedCall', 'OnFinalizedCall'],
    ['OnAcceptCall', 'OnAcceptCall'],
    ['OnTransferredCall', 'OnTransferredCall'],
    // Case does not matter.
    ['onsipregister', 'OnSIPRegister'],
    ['ONSIPREGISTERCANCELED', 'OnSIPRegisterCancelled'],
    ['onSipUnRegister', 'OnSIPUnRegister'],
    ['onnewcall', 'OnNewCall'],
    ['  OnAcceptCall  ', 'OnAcceptCall'],
  ];
  for (const [wire, canonical] of every) {
    it(`"${wire}" → ${canonical}`, () => {
      expect(canonicalEventName(wire)).to.equal(canonical);
      expect(event(decodeFrame(JSON.stringify({ action: 'event', name: wire, data: { a: 1 } })))).to.deep.equal({
        kind: 'event',
        name: canonical,
        data: { a: 1 },
      });
    });
  }

  it('every canonical name is its own canonical name', () => {
    for (const name of NEON_EVENTS) expect(canonicalEventName(name)).to.equal(name);
  });

  it('an unlisted event name is kept as unknown-event (capped), not dropped', () => {
    expect(decodeFrame('{"action":"event","name":"OnVideoCall","data":{"x":1}}')).to.deep.equal({
      kind: 'unknown-event',
      name: 'OnVideoCall',
      data: { x: 1 },
    });
    const long = decodeFrame(JSON.stringify({ action: 'event', name: 'On' + 'X'.repeat(1000) }));
    expect(long.kind).to.equal('unknown-event');
    expect(long.kind === 'unknown-event' && long.name.length).to.be.at.most(80);
    expect(canonicalEventName('OnSIPRegisterd')).to.equal(undefined);
    expect(canonicalEventName('')).to.equal(undefined);
  });

  it('an event without a usable name is malformed', () => {
    for (const text of ['{"action":"event"}', '{"action":"event","name":""}', '{"action":"event","name":"   "}', '{"action":"event","name":12}']) {
      expect(decodeFrame(text).kind, text).to.equal('malformed');
    }
  });

  it('event data that is not an object becomes {}', () => {
    expect(event(decodeFrame('{"action":"event","name":"OnSIPUnRegister"}')).data).to.deep.equal({});
    expect(event(decodeFrame('{"action":"event","name":"OnSIPUnRegister","data":"x"}')).data).to.deep.equal({});
  });
});

describe('neon codec: decodeFrame never throws', () => {
  const bad: [string, string][] = [
    ['empty', ''],
    ['spaces', '   '],
    ['truncated', '{"id":1,"success":tr'],
    ['not JSON', 'hello NEON'],
    ['null', 'null'],
    ['a number', '42'],
    ['a string', '"event"'],
    ['true', 'true'],
    ['an array', '[{"id":1,"success":true}]'],
    ['an empty object', '{}'],
    ['neither response nor event', '{"action":"startcall","number":"1"}'],
    ['trailing garbage', '{"id":1,"success":true}x'],
    ['BOM', '\uFEFF{"id":1,"success":true}'],
  ];
  for (const [what, text] of bad) {
    it(`${what} → malformed with a reason`, () => {
      const f = decodeFrame(text);
      expect(f.kind).to.equal('malformed');
      expect(f.kind === 'malformed' && f.reason).to.be.a('string').and.not.equal('');
    });
  }

  it('a huge frame is refused before parsing; one just under the limit is read', () => {
    const pad = 'x'.repeat(MAX_FRAME_CHARS);
    const huge = decodeFrame(JSON.stringify({ id: 1, success: true, data: { pad } }));
    expect(huge.kind).to.equal('malformed');
    expect(huge.kind === 'malformed' && huge.reason).to.contain('too long');
    const head = '{"id":1,"success":true,"data":{"pad":"';
    const fits = `${head}${'y'.repeat(MAX_FRAME_CHARS - head.length - 3)}"}}`;
    expect(fits.length).to.equal(MAX_FRAME_CHARS);
    expect(decodeFrame(fits).kind).to.equal('response');
  });

  it('the malformed reason is a short one-line preview', () => {
    const f = decodeFrame(`not json\n\n${'z'.repeat(500)}`);
    expect(f.kind === 'malformed' && f.reason.length).to.be.below(120);
    expect(f.kind === 'malformed' && f.reason).not.to.contain('\n');
  });

  it('deeply nested JSON does not throw', () => {
    const deep = '{"id":1,"success":false,"data":' + '{"a":'.repeat(2000) + '1' + '}'.repeat(2000) + '}';
    expect(() => decodeFrame(deep)).not.to.throw();
    expect(decodeFrame('[' .repeat(100_000)).kind).to.equal('malformed');
  });

  it('__proto__ keys do not pollute anything', () => {
    const f = decodeFrame('{"action":"event","name":"OnNewCall","data":{"__proto__":{"polluted":1},"callId":1}}');
    expect(f.kind).to.equal('event');
    expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
  });
});

/* A small deterministic PRNG: failures are reproducible from the seed printed in the message. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('neon codec: fuzz', () => {
  const REAL = [
    SEED.authenticateResponse,
    SEED.startcallResponse,
    SEED.newCallEvent,
    '{"id":5,"success":false,"error":{"code":"601","message":"x"}}',
    '{"action":"event","name":"OnSIPRegister","data":{"connectionId":3,"SIPError":0}}',
    '{"action":"event","name":"OnFinalizedCall","data":{"callId":"a-1","type":"incoming","from":"\\"Ana\\" <sip:+55%2071@h;transport=udp>","duration":1200,"SIPError":486}}',
  ];
  const ALPHABET = '{}[]":,\\ 0123456789aeinstuvlrfd-+.eE\u00e9\u{1F600}\n\t\u0000';
  const KINDS = new Set(['response', 'event', 'unknown-event', 'malformed']);

  function check(text: string, seed: number): void {
    let f: NeonFrame;
    try {
      f = decodeFrame(text);
    } catch (e) {
      throw new Error(`decodeFrame threw on seed ${seed}: ${String(e)} for ${JSON.stringify(text.slice(0, 200))}`);
    }
    if (!KINDS.has(f.kind)) throw new Error(`no kind for ${JSON.stringify(text)}`);
    if (f.kind === 'response') {
      expect(f.success, text).to.be.a('boolean');
      expect(f.data, text).to.be.an('object');
      if (!f.success) expect(f.failure, text).to.be.an('object');
    }
    if (f.kind === 'event') expect(NEON_EVENTS as readonly string[], text).to.include(f.name);
    if (f.kind === 'event' || f.kind === 'unknown-event') {
      // What the adapter does with the data must not throw either.
      expect(() => callInfo(f.data), text).not.to.throw();
    }
  }

  it('3000 random strings', () => {
    const rnd = mulberry32(0xc0ffee);
    for (let i = 0; i < 3000; i++) {
      const len = Math.floor(rnd() * 80);
      let s = '';
      for (let j = 0; j < len; j++) s += [...ALPHABET][Math.floor(rnd() * [...ALPHABET].length)];
      check(s, i);
    }
  });

  it('3000 mutations of real frames (flip, delete, insert, truncate, splice)', () => {
    const rnd = mulberry32(42);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    for (let i = 0; i < 3000; i++) {
      let s = pick(REAL);
      const edits = 1 + Math.floor(rnd() * 4);
      for (let k = 0; k < edits; k++) {
        const at = Math.floor(rnd() * (s.length + 1));
        switch (Math.floor(rnd() * 5)) {
          case 0:
            s = s.slice(0, at) + pick([...ALPHABET]) + s.slice(at + 1);
            break;
          case 1:
            s = s.slice(0, at) + s.slice(at + 1 + Math.floor(rnd() * 5));
            break;
          case 2:
            s = s.slice(0, at) + pick(['null', '"', '{', '}', '[]', '1e999', '-0', '"601"', 'true']) + s.slice(at);
            break;
          case 3:
            s = s.slice(0, at);
            break;
          default:
            s = s.slice(0, at) + pick(REAL).slice(Math.floor(rnd() * 20));
        }
      }
      check(s, i);
    }
  });

  it('2000 structured JSON values with random types in every field', () => {
    const rnd = mulberry32(7);
    const values: unknown[] = [null, true, false, 0, 601, -1, 1.5, '', ' ', '601', 'OnNewCall', 'event', [], {}, [1], { code: 601 }, 'sip:1@h', 1e300];
    const pick = () => values[Math.floor(rnd() * values.length)];
    const keys = ['id', 'action', 'name', 'success', 'data', 'error', 'errorCode', 'code', 'message'];
    const dataKeys = ['callId', 'callid', 'type', 'from', 'to', 'duration', 'SIPError', 'code', 'error', 'token'];
    for (let i = 0; i < 2000; i++) {
      const obj: Record<string, unknown> = {};
      for (const k of keys) if (rnd() < 0.5) obj[k] = pick();
      if (rnd() < 0.5) obj['action'] = 'event';
      if (rnd() < 0.7) {
        const data: Record<string, unknown> = {};
        for (const k of dataKeys) if (rnd() < 0.5) data[k] = pick();
        if (rnd() < 0.5) data['type'] = pick() ?? (rnd() < 0.5 ? 'incoming' : 'outgoing');
        obj['data'] = data;
      }
      check(JSON.stringify(obj), i);
    }
  });
});

/* ---------------------------------------------------------------- errors */

describe('neon codec: neonError', () => {
  const table: [number, string][] = [
    // The seed's table: 100 data format, 102 invalid argument, 500 internal, 600 invalid credentials, 601 not
    // registered with the SIP proxy, 602 command not authorised (0, no error: a success, see decodeFrame).
    [100, 'bad-request'],
    [102, 'bad-request'],
    [500, 'command-failed'],
    [600, 'auth-failed'],
    [601, 'not-registered'],
    [602, 'command-denied'],
  ];
  for (const [code, mapped] of table) {
    it(`${code} → ${mapped}, vendorCode '${code}'`, () => {
      expect(neonError({ code }, 'dial', NOW)).to.deep.equal({ code: mapped, at: NOW, operation: 'dial', vendorCode: String(code) });
    });
  }

  it('an undocumented code is a command failure that keeps the number', () => {
    expect(neonError({ code: 777 }, 'sethold', NOW)).to.deep.equal({ code: 'command-failed', at: NOW, operation: 'sethold', vendorCode: '777' });
  });

  it('no code at all: command-failed without a vendorCode; the message becomes the detail', () => {
    expect(neonError({}, 'startcall', NOW)).to.deep.equal({ code: 'command-failed', at: NOW, operation: 'startcall' });
    expect(neonError({ code: 601, message: 'Not registered' }, 'startcall', NOW)).to.deep.equal({
      code: 'not-registered',
      at: NOW,
      operation: 'startcall',
      vendorCode: '601',
      detail: 'Not registered',
    });
  });

  it('decode then map: a 600 anywhere becomes auth-failed', () => {
    const r = response(decodeFrame('{"id":0,"success":false,"data":{"errorCode":"600"}}'));
    expect(neonError(r.failure!, 'authenticate', NOW).code).to.equal('auth-failed');
  });
});

/* ---------------------------------------------------------------- values */

describe('neon codec: partyFromUri', () => {
  const cases: [string, { number: string; name?: string }][] = [
    ['sip:20719023@208.89.104.57', { number: '20719023' }],
    ['sip:2342342@208.89.104.57', { number: '2342342' }],
    ['sips:1000@pbx.example:5061', { number: '1000' }],
    ['SIP:1000@PBX', { number: '1000' }],
    ['sip:1000@pbx;transport=udp', { number: '1000' }],
    ['sip:1000@pbx?subject=x', { number: '1000' }],
    ['sip:1000:secret@pbx', { number: '1000' }],
    ['sip:+55%2071%203333@pbx', { number: '+55 71 3333' }],
    ['"Maria" <sip:+55%2071@host;transport=udp>', { number: '+55 71', name: 'Maria' }],
    ['Maria Silva <sip:2071@h>', { number: '2071', name: 'Maria Silva' }],
    ['"Jo\\"ao" <sip:2071@h>;tag=abc', { number: '2071', name: 'Jo"ao' }],
    ['"2071" <sip:2071@h>', { number: '2071' }],
    ['<sip:2071@h>', { number: '2071' }],
    ['tel:+5571333', { number: '+5571333' }],
    ['tel:+55-71-333;phone-context=example.com', { number: '+55-71-333' }],
    ['TEL:0800', { number: '0800' }],
    ['sip:pbx.example.com', { number: 'pbx.example.com' }],
    ['sip:@pbx', { number: 'pbx' }],
    ['  7155555555  ', { number: '7155555555' }],
    ['2071', { number: '2071' }],
    ['sip:%E0%A4%A@h', { number: '%E0%A4%A' }],
  ];
  for (const [raw, party] of cases) {
    it(`${JSON.stringify(raw)} → ${JSON.stringify(party)}`, () => {
      expect(partyFromUri(raw)).to.deep.equal(party);
    });
  }

  it('a quoted display name may contain <, > and escaped quotes', () => {
    expect(partyFromUri('"Padaria \\"Pão\\" <Quente>" <sip:11955550000@sip.example.com>')).to.deep.equal({
      number: '11955550000',
      name: 'Padaria "Pão" <Quente>',
    });
    expect(partyFromUri('Maria <sip:2001@h>')).to.deep.equal({ number: '2001', name: 'Maria' });
  });

  it('never returns an empty number for a non-empty input, and never throws', () => {
    for (const raw of ['sip:', 'tel:', '<>', '""<>', '<sip:>', 'sip:;x', '%%%', '<<<', '>', '@', 'sip:@', 'sip:?']) {
      let p: ReturnType<typeof partyFromUri> | undefined;
      expect(() => (p = partyFromUri(raw)), raw).not.to.throw();
      expect(p!.number, raw).to.be.a('string').and.not.equal('');
    }
  });

  it('never shows the password part of a SIP URI', () => {
    expect(JSON.stringify(partyFromUri('"X" <sip:alice:hunter2@pbx>'))).not.to.contain('hunter2');
  });
});

describe('neon codec: callInfo', () => {
  it('reads the seed outgoing call: the remote is the "to" side', () => {
    const data = event(decodeFrame(SEED.newCallEvent)).data;
    expect(callInfo(data)).to.deep.equal({ id: '55', direction: 'outbound', remote: { number: '2342342' } });
  });

  it('an incoming call: the remote is the "from" side; duration and SIP error kept', () => {
    expect(
      callInfo({ callId: 56, type: 'incoming', from: 'sip:20719023@208.89.104.57', to: 'sip:2342342@208.89.104.57', duration: 4200, SIPError: 486 }),
    ).to.deep.equal({ id: '56', direction: 'inbound', remote: { number: '20719023' }, durationMs: 4200, sipError: 486 });
  });

  it('type is case-insensitive; an unknown type has no remote', () => {
    expect(callInfo({ callId: 1, type: 'INCOMING', from: 'sip:1@h' })?.direction).to.equal('inbound');
    expect(callInfo({ callId: 1, type: 'Outgoing', to: 'sip:2@h' })?.remote).to.deep.equal({ number: '2' });
    expect(callInfo({ callId: 1, type: 'transfer', from: 'sip:1@h', to: 'sip:2@h' })).to.deep.equal({ id: '1', direction: 'unknown' });
    expect(callInfo({ callId: 1 })).to.deep.equal({ id: '1', direction: 'unknown' });
  });

  it('SIPError 0 is no error; sipError / siperror spellings and numeric strings are read', () => {
    expect(callInfo({ callId: 1, SIPError: 0 })).not.to.have.property('sipError');
    expect(callInfo({ callId: 1, sipError: '404' })?.sipError).to.equal(404);
    expect(callInfo({ callId: 1, siperror: 603 })?.sipError).to.equal(603);
  });

  it('a negative or unreadable duration is left out', () => {
    expect(callInfo({ callId: 1, duration: -5 })).not.to.have.property('durationMs');
    expect(callInfo({ callId: 1, duration: 'long' })).not.to.have.property('durationMs');
    expect(callInfo({ callId: 1, duration: '1500' })?.durationMs).to.equal(1500);
  });

  it('no usable call id → undefined; callid / CallId tolerated; id 0 is an id', () => {
    expect(callInfo({})).to.equal(undefined);
    expect(callInfo({ callId: '' })).to.equal(undefined);
    expect(callInfo({ callId: '   ' })).to.equal(undefined);
    expect(callInfo({ callId: { x: 1 } })).to.equal(undefined);
    expect(callInfo({ callId: Number.NaN })).to.equal(undefined);
    expect(callInfo({ callid: 'abc' })?.id).to.equal('abc');
    expect(eventCallId({ CallId: 9 })).to.equal('9');
    expect(callInfo({ callId: 0 })?.id).to.equal('0');
  });

  it('a numeric from/to is read as a number', () => {
    expect(callInfo({ callId: 1, type: 'incoming', from: 20719023 })?.remote).to.deep.equal({ number: '20719023' });
  });
});

describe('neon codec: small values', () => {
  it('str / num', () => {
    expect(str(' a ')).to.equal('a');
    expect(str('  ')).to.equal(undefined);
    expect(str(55)).to.equal('55');
    expect(str(Number.POSITIVE_INFINITY)).to.equal(undefined);
    expect(str(true)).to.equal(undefined);
    expect(num('12')).to.equal(12);
    expect(num(' ')).to.equal(undefined);
    expect(num('x')).to.equal(undefined);
    expect(num(null)).to.equal(undefined);
  });

  it('sipDetail names the reason of the SIP codes a user meets', () => {
    expect(sipDetail(486)).to.equal('SIP 486 Busy Here');
    expect(sipDetail(404)).to.equal('SIP 404 Not Found');
    expect(sipDetail(403)).to.equal('SIP 403 Forbidden');
    expect(sipDetail(603)).to.equal('SIP 603 Decline');
    expect(sipDetail(487)).to.equal('SIP 487 Request Terminated');
    expect(sipDetail(499)).to.equal('SIP 499');
  });

  it('dialString strips phone formatting', () => {
    expect(dialString('(71) 3333-4444')).to.equal('7133334444');
    expect(dialString(' +55 71 3333.4444 ')).to.equal('+557133334444');
    expect(dialString('7155555555')).to.equal('7155555555');
  });

  it('dialString keeps extensions with * and #, SIP URIs and user names as typed', () => {
    expect(dialString('*72#')).to.equal('*72#');
    expect(dialString('sip:2071@pbx')).to.equal('sip:2071@pbx');
    expect(dialString('maria')).to.equal('maria');
  });

  it('dialString refuses empty, sign-only, misplaced + and anything with whitespace or markup inside', () => {
    for (const bad of ['', '   ', '+', '()', '-', '1+2', '12+', 'sip:a b@h', 'a"b', '<sip:1@h>', 'ab\tc']) {
      expect(dialString(bad), JSON.stringify(bad)).to.equal(undefined);
    }
  });

  it('DTMF_KEYS: 0-9, *, #, A-D', () => {
    for (const ok of ['0', '9', '*', '#', 'A', 'D', '123#*ABCD']) expect(DTMF_KEYS.test(ok), ok).to.equal(true);
    for (const bad of ['', 'E', 'a', '1 2', 'x', '+']) expect(DTMF_KEYS.test(bad), bad).to.equal(false);
  });
});
