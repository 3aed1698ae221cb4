#!/usr/bin/env node
// npm run fuzz [-- --count N] [--seed S] [--only name[,name]] [--slow-ms M]
//
// Fuzzes every relay framer and vendor codec (issue #10): random bytes, mutations of the seed examples, long
// repeated runs (to catch backtracking), hostile XML and JSON, and — for the framers — byte-split streams.
// For each target it reports the inputs tried, exceptions (every codec entry point promises never to throw),
// invariant failures (framers: split-invariance and the buffer bound; codecs: a typed result, short
// details) and slow inputs (over --slow-ms, default 50 ms, plus 1 µs per character — 4 µs for a framer, fed
// four ways: linear work on a long input is not slow), with the slowest one; and for every long input (a run
// of one piece repeated, in a field or anywhere), a growth check: 4× the run must cost under 10× the time. The same --seed reruns
// the same inputs; a failure prints its target, index and input. Not part of `npm test` (it takes minutes).
import { readFileSync, readdirSync } from 'node:fs';
import { loadCodecs } from './codecs.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const COUNT = Number(opt('count', 1_000_000));
const SEED = Number(opt('seed', Date.now() % 1_000_000));
const ONLY = opt('only', '').split(',').filter(Boolean);
const SLOW_MS = Number(opt('slow-ms', 50));

const c = await loadCodecs();
const { prng } = c.support;

/* ------------------------------------------------------------- seed examples */

const fixtures = new URL('../src/vendors/interact/fixtures/', import.meta.url);
const interactFixture = (ext) =>
  readdirSync(fixtures)
    .filter((f) => f.endsWith(`.${ext}`))
    .map((f) => readFileSync(new URL(f, fixtures), 'utf8'));

const SEEDS = {
  catix: [
    '{"evento":"LOGADO","ramal":"2001"}',
    '{"tipo":"EVENT","agente":"7","informacao":"AGENT_RINGING"}',
    '{"informacao":"HANGUP","agente":12,"atributos":{"rl":5}}',
    '{"informacao":"SCHEDULED_CALL_COMMING","messageId":"1","atributos":{"agendamento-id":"15"}}',
    '{"tipo":"RESPOSTA","comando":"LOGIN","codigo":"0","mensagem":"<b>OK</b> &amp; João"}',
  ],
  dgphone: [
    'Asterisk Call Manager/1.1\r\n',
    'Event: DGPhoneResponse\r\nResponse: Success\r\nCommand: Login\r\nMessage: Logado: ramal 2001 — João\r\n\r\n',
    'Event: DGPhoneEvent\nUser: 2001\nVariable: a=1\nVariable: b=2\nCallerIDName: Conceição 😀 €\n\n',
    'Event: LineStatus\r\nLine: 3\r\nStatus: Ringing\r\nCallerID: 11987654321\r\n\r\n',
  ],
  tactium: [
    '<jose><OK>$\r\n',
    '<jose><S><1>$ ',
    '<jose><A><123><11><33334444><21><99998888><Campanha Conceição><rec01><ext=1;ddd=21>$\n',
    '<ADMSOCKET><R><42><11><5555><><><---><x>$',
    '<jose><G><\\\\srv\\gravações\\2024/01/02 10:00.wav>$',
    'ERRO$',
  ],
  neon: [
    '{"id":1,"success":true,"data":{"callId":55}}',
    '{"id":0,"success":true,"data":{"token":"24b806ff"}}',
    '{"action":"event","name":"OnNewCall","data":{"callId":55,"type":"outgoing","from":"sip:20719023@208.89.104.57","to":"sip:2342342@208.89.104.57"}}',
    '{"action":"event","name":"OnNewCall","data":{"callId":"7","type":"incoming","from":"\\"Maria \\\\\\"M\\\\\\"\\" <sip:+55%2071@host;transport=udp>"}}',
    '{"id":3,"success":false,"error":{"code":601,"message":"Ramal ocupado"}}',
  ],
  interactJson: interactFixture('json'),
  interactXml: interactFixture('xml'),
};

const STRUCTURE = {
  catix: '{}[]":,\\\n\r 0123456789aeu&<>;',
  dgphone: ':\r\n \t-=aZ0',
  tactium: '<>$\r\n =;/:\\',
  neon: '{}[]":,\\<>@;"sip:tel:% 0123456789',
  interactJson: '{}[]":,\\/ 0123456789.eE-+',
  interactXml: '<>/&;#x="\' ?!-[]amp lt member data response',
};

/* ---------------------------------------------------------------- generators */

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const pick = (rand, list) => list[Math.floor(rand() * list.length)];
const int = (rand, n) => Math.floor(rand() * n);

function randomText(rand, alphabet) {
  const n = int(rand, 200);
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) bytes[i] = rand() < 0.5 ? alphabet.charCodeAt(int(rand, alphabet.length)) & 0xff : int(rand, 256);
  return decoder.decode(bytes);
}

function mutate(rand, text, alphabet) {
  let t = text;
  for (let m = 1 + int(rand, 4); m > 0; m--) {
    const at = int(rand, t.length + 1);
    switch (int(rand, 6)) {
      case 0: // insert structure
        t = t.slice(0, at) + alphabet[int(rand, alphabet.length)].repeat(1 + int(rand, 3)) + t.slice(at);
        break;
      case 1: // delete a range
        t = t.slice(0, at) + t.slice(at + 1 + int(rand, 8));
        break;
      case 2: {
        // duplicate a short range a few times
        const len = 1 + int(rand, 12);
        t = t.slice(0, at) + t.slice(at, at + len).repeat(1 + int(rand, 8)) + t.slice(at);
        break;
      }
      case 3: // replace one character with any code point (lone surrogates and NUL included)
        t = t.slice(0, at) + String.fromCharCode(int(rand, 0x10000)) + t.slice(at + 1);
        break;
      case 4: // truncate
        t = t.slice(0, at);
        break;
      default: // splice in another example
        t = t.slice(0, at) + pick(rand, SEEDS[pickKey]).slice(int(rand, 20)) + t.slice(at);
    }
  }
  return t;
}
let pickKey = 'catix';

/** The same long input with its run 4× as long, for the growth check (set by the long generators). */
let grown;

/** A long run of one piece repeated (backtracking patterns show up here), inside a seed example. */
function longRun(rand, text, alphabet) {
  const from = int(rand, text.length);
  const piece = rand() < 0.5 ? alphabet[int(rand, alphabet.length)] : text.slice(from, from + 1 + int(rand, 6)) || 'a';
  const at = int(rand, text.length + 1);
  const make = (k) => text.slice(0, at) + piece.repeat(k) + text.slice(at);
  const k = 2_000 + int(rand, 30_000);
  grown = () => make(4 * k);
  return make(k);
}

/** A long hostile value in the field a vendor's parser reads: numbers, SIP URIs, keys, field contents. */
const LONG_FIELDS = {
  interactJson: [(r) => `{"channel_id":"${r('1')}x"}`, (r) => `{"agent":"a","duration":"${r('9')}.${r('9')}e"}`, (r) => `{"call_id":"1","parties":["${r('\\')}"]}`],
  interactXml: [(r) => `<data><channel_id>${r('1')}x</channel_id></data>`, (r) => `<data>${r('<a>')}</data>`, (r) => `<data><x>${r('&amp;')}</x></data>`],
  neon: [
    (r) => `{"action":"event","name":"OnNewCall","data":{"callId":"1","type":"incoming","from":"${r('<')}"}}`,
    (r) => `{"action":"event","name":"OnNewCall","data":{"callId":"1","type":"incoming","from":"\\"${r('\\\\\\"')} <sip:1@h>"}}`,
    (r) => `{"id":1,"success":false,"error":{"code":"${r('6')}","message":"${r('x')}"}}`,
  ],
  catix: [(r) => `{"informacao":"STATUS","atributos":{"obs":"Motivo: ${r(' ')}x","tempo":"${r('1')}:00"}}`, (r) => `{"x":"${r('<b')}"}`, (r) => `{"x":"${r('&#1')}"}`],
  dgphone: [(r) => `Event: DGPhoneEvent\r\nStatus: Hold\r\nLine: ${r('1')}\r\nHold: ${r(' ')}x\r\n\r\n`, (r) => `${r('Key: ')}\r\n\r\n`],
  tactium: [(r) => `<jose><A><1><11><${r('2')}><21><3><d><r><${r('k=v;')}>$`, (r) => `<${r('<')}$`, (r) => `${r('>$')}`],
};

function longField(rand, key) {
  const template = pick(rand, LONG_FIELDS[key]);
  const k = 2_000 + int(rand, 30_000);
  grown = () => template((piece) => piece.repeat(4 * k));
  return template((piece) => piece.repeat(k));
}

function hostileXml(rand) {
  const depth = 1 + int(rand, 400);
  const name = pick(rand, ['data', 'member', 'a', 'response', 'agents', 'x:y', '_']);
  const body = pick(rand, ['&amp;&lt;&#x41;&#65;', '&#x110000;&#0;&#xD800;', '&unknown;', '<![CDATA[<a>]]>', '<!-- c -->', '<?pi x?>', '&', '<', '', '1'.repeat(int(rand, 50))]);
  const open = `<${name}>`.repeat(depth);
  const close = rand() < 0.8 ? `</${name}>`.repeat(depth - int(rand, 2)) : '';
  const prefix = pick(rand, ['', '<?xml version="1.0" encoding="UTF-8">', '<!DOCTYPE x [<!ENTITY a "b">]>', '\uFEFF', '<data attr="1" b=\'2\'>']);
  return `${prefix}${open}${body}${close}`;
}

function hostileJson(rand) {
  const depth = 1 + int(rand, 3000);
  const open = pick(rand, ['[', '{"a":', '{"response":', '{"data":']);
  return open.repeat(depth) + pick(rand, ['1', '"x"', 'null', '"\\u0000"', '']) + (rand() < 0.5 ? ']'.repeat(depth) : '');
}

function input(rand, key, hostile) {
  pickKey = key;
  grown = undefined;
  const alphabet = STRUCTURE[key];
  const r = rand();
  if (r < 0.25) return randomText(rand, alphabet);
  if (r < 0.996 - 0.1) return mutate(rand, pick(rand, SEEDS[key]), alphabet);
  if (r < 0.996) return hostile ? hostile(rand) : mutate(rand, pick(rand, SEEDS[key]), alphabet);
  if (r < 0.998) return longField(rand, key);
  return longRun(rand, pick(rand, SEEDS[key]), alphabet);
}

/* ---------------------------------------------------------------- invariants */

class Invariant extends Error {}
const check = (ok, what) => {
  if (!ok) throw new Invariant(what);
};

/** A codec result: an object with a `kind` (or `ok`), JSON-serialisable, every detail/reason short. */
function typed(result, kinds) {
  check(result !== null && typeof result === 'object', 'result is not an object');
  if (kinds) check(kinds.includes(result.kind), `unexpected kind ${String(result.kind)}`);
  const json = JSON.stringify(result);
  for (const m of json.matchAll(/"(detail|reason)":"((?:[^"\\]|\\.)*)"/g)) check(m[2].length <= 2000, `${m[1]} of ${m[2].length} characters`);
}

function splits(rand, text) {
  const pieces = [];
  for (let i = 0; i < text.length; ) {
    const n = rand() < 0.3 ? 1 : 1 + int(rand, 16);
    pieces.push(text.slice(i, i + n));
    i += n;
  }
  return pieces;
}

/** Byte-split stream: UTF-8 bytes cut anywhere, decoded in stream mode as a relay connection does. */
function byteSplits(rand, text) {
  const bytes = encoder.encode(text);
  const d = new TextDecoder();
  const pieces = [];
  for (let i = 0; i < bytes.length; ) {
    const n = 1 + int(rand, 9);
    pieces.push(d.decode(bytes.subarray(i, i + n), { stream: true }));
    i += n;
  }
  pieces.push(d.decode());
  return pieces;
}

function framerTarget(name, key, make, decodeItem) {
  return {
    name,
    key,
    usPerChar: 4, // four feeds of the input and a decode of each item
    run(text, rand) {
      const maxChars = rand() < 0.5 ? 1 + int(rand, 64) : undefined;
      const feed = (pieces) => {
        const f = make(maxChars === undefined ? {} : { maxChars });
        const out = [];
        for (const p of pieces) {
          out.push(...f.push(p));
          check(f.buffered <= f.maxChars, `buffered ${f.buffered} > ${f.maxChars}`);
        }
        return JSON.stringify(out);
      };
      // A stream of two or three examples, so messages follow one another.
      const whole = feed([text]);
      check(feed(splits(rand, text)) === whole, 'split stream differs from the whole');
      const normalised = decoder.decode(encoder.encode(text)); // lone surrogates become U+FFFD over bytes
      check(feed(byteSplits(rand, normalised)) === feed([normalised]), 'byte-split stream differs from the whole');
      if (decodeItem) for (const item of JSON.parse(whole)) typed(decodeItem(item));
    },
  };
}

const CTX = { agent: 'agente', now: 0 };
const EVENT_NAMES = [...c.interact.ALL_EVENT_NAMES, 'message', '', 'on_unknown'];

function interactTarget(name, key, fmt) {
  return {
    name,
    key,
    hostile: key === 'interactXml' ? hostileXml : hostileJson,
    run(text, rand) {
      typed(c.interact.decodeEvent(fmt, pick(rand, EVENT_NAMES), text, CTX));
      typed(c.interact.interpretResponse(fmt, 'get_status', rand() < 0.9 ? 200 : pick(rand, [400, 403, 404, 503]), text, 0));
    },
  };
}

const TARGETS = [
  framerTarget('framer-lines', 'catix', (o) => new c.lines.LineFramer(o)),
  framerTarget('framer-packets', 'dgphone', (o) => new c.packets.PacketFramer(o), c.dgphone.decodeItem),
  framerTarget('framer-dollar', 'tactium', (o) => new c.dollar.DollarFramer(o), c.tactium.decodeItem),
  {
    name: 'codec-catix',
    key: 'catix',
    hostile: hostileJson,
    run(text) {
      typed(c.catix.decodeLine(text));
      c.catix.htmlToText(text);
    },
  },
  {
    name: 'codec-dgphone',
    key: 'dgphone',
    run(text) {
      for (const item of new c.packets.PacketFramer().push(`${text}\r\n\r\n`)) typed(c.dgphone.decodeItem(item));
    },
  },
  {
    name: 'codec-tactium',
    key: 'tactium',
    run(text) {
      for (const item of new c.dollar.DollarFramer().push(`${text}$`)) typed(c.tactium.decodeItem(item));
      c.tactium.parseAttachInfo(text);
    },
  },
  {
    name: 'codec-neon',
    key: 'neon',
    hostile: hostileJson,
    run(text) {
      const frame = c.neon.decodeFrame(text);
      typed(frame);
      if (frame.kind === 'event') c.neon.callInfo(frame.data);
      const party = c.neon.partyFromUri(text);
      check(typeof party.number === 'string', 'party without a number');
    },
  },
  interactTarget('codec-interact-json', 'interactJson', c.interactJson.jsonFormat),
  interactTarget('codec-interact-xml', 'interactXml', c.interactXml.xmlFormat),
];

/* ---------------------------------------------------------------------- run */

const preview = (t) => JSON.stringify(t.length > 160 ? `${t.slice(0, 160)}… (${t.length} chars)` : t);
console.log(`fuzz: seed ${SEED}, ${COUNT} inputs per target, slow > ${SLOW_MS} ms (rerun: npm run fuzz -- --seed ${SEED})`);
let failures = 0;
for (const [index, target] of TARGETS.entries()) {
  if (ONLY.length > 0 && !ONLY.includes(target.name)) continue;
  const rand = prng(SEED * 31 + index);
  const found = { exceptions: 0, invariants: 0, slow: 0, growth: 0, superlinear: 0 };
  let slowest = { ms: 0, i: -1, length: 0 };
  const started = performance.now();
  for (let i = 0; i < COUNT; i++) {
    const text = input(rand, target.key, target.hostile);
    const t0 = performance.now();
    try {
      target.run(text, rand);
    } catch (e) {
      const kind = e instanceof Invariant ? 'invariants' : 'exceptions';
      found[kind]++;
      if (found[kind] <= 3) console.log(`  ${target.name} #${i} ${kind === 'invariants' ? 'invariant' : 'exception'}: ${e?.message ?? e} — input ${preview(text)}`);
    }
    let ms = performance.now() - t0;
    const budget = SLOW_MS + (text.length * (target.usPerChar ?? 1)) / 1000;
    if (ms > budget) {
      // Once more before calling it slow: a garbage collection or a busy machine is not the input's fault.
      const t1 = performance.now();
      try {
        target.run(text, prng(i));
      } catch {
        /* counted above */
      }
      ms = Math.min(ms, performance.now() - t1);
    }
    if (ms > budget) {
      found.slow++;
      if (found.slow <= 3) console.log(`  ${target.name} #${i} slow: ${ms.toFixed(1)} ms — input ${preview(text)}`);
    }
    if (ms > slowest.ms) slowest = { ms, i, length: text.length };
    if (grown) {
      // Growth: the same input with its long run 4× as long must cost less than 10× (linear 4×, quadratic 16×).
      const bigger = grown();
      const timed = (t) => {
        const t2 = performance.now();
        try {
          target.run(t, prng(i));
        } catch {
          /* an exception here is the same input's, counted above */
        }
        return performance.now() - t2;
      };
      let small = Math.max(timed(text), 0.5);
      let big = timed(bigger);
      if (big > 10 * small && big > 20) {
        small = Math.max(small, timed(text), 0.5); // a slower small run only makes the check kinder
        big = Math.min(big, timed(bigger));
      }
      found.growth++;
      if (big > 10 * small && big > 20) {
        found.superlinear++;
        if (found.superlinear <= 3) console.log(`  ${target.name} #${i} superlinear: ${small.toFixed(1)} ms → ${big.toFixed(1)} ms for 4× the run — input ${preview(text)}`);
      }
    }
  }
  failures += found.exceptions + found.invariants + found.slow + found.superlinear;
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `${target.name.padEnd(20)} ${COUNT} inputs in ${secs} s: ${found.exceptions} exceptions, ${found.invariants} invariant failures, ` +
      `${found.slow} slow, ${found.superlinear} superlinear of ${found.growth} growth checks; slowest #${slowest.i} ${slowest.ms.toFixed(2)} ms (${slowest.length} chars)`,
  );
}
process.exitCode = failures > 0 ? 1 : 0;
