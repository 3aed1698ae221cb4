// Linear time of the field parsers that read a caller's or server's text, in Node's V8 (issue #10), as the
// browser suite (src/vendors/linear-time.test.ts) checks them and the framers in Chromium. Each check: 8× the
// input may cost at most 24× the time (linear ≈ 8, quadratic ≈ 64). `CODECS_ROOT=<another checkout>` runs the
// same checks against other code (the code before the fix fails all of them: ratios 61–64).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCodecs } from '../../scripts/codecs.mjs';

const codecs = await loadCodecs();
const { growth, LINEAR_FACTOR } = codecs.support;

function assertLinear(make, n) {
  const ratio = growth(make, n);
  assert.ok(ratio < LINEAR_FACTOR, `8N/N = ${ratio.toFixed(1)} (limit ${LINEAR_FACTOR})`);
}

test('NEON partyFromUri: a from of n `<`', () => {
  assertLinear((n) => {
    const text = '<'.repeat(n);
    return () => codecs.neon.partyFromUri(text);
  }, 2048);
});

test('NEON OnNewCall: a from of n `<` after a display name, through decodeFrame and callInfo', () => {
  assertLinear((n) => {
    const frame = JSON.stringify({ action: 'event', name: 'OnNewCall', data: { callId: '1', type: 'incoming', from: `Maria ${'<'.repeat(n)}` } });
    return () => {
      const decoded = codecs.neon.decodeFrame(frame);
      assert.equal(decoded.kind, 'event');
      assert.ok(codecs.neon.callInfo(decoded.data)?.remote);
    };
  }, 2048);
});

test('Interact num: n digits and a letter', () => {
  assertLinear((n) => {
    const text = `${'1'.repeat(n)}x`;
    return () => assert.equal(codecs.interact.num(text), undefined);
  }, 2048);
});

test('Tactium: a bare refusal with n blanks, one character at a time, through the framer, decodeItem and replyWords', () => {
  assertLinear((n) => {
    const text = `ERRO: Agente em atendimento${' \t'.repeat(n / 2)}$`;
    return () => {
      const framer = new codecs.dollar.DollarFramer();
      const items = [];
      for (const ch of text) items.push(...framer.push(ch));
      assert.equal(items.length, 1);
      // The server's words first; the text is cut at RAW_PREVIEW_CHARS (bounded, whatever the blanks).
      const words = codecs.tactium.replyWords(codecs.tactium.decodeItem(items[0]));
      assert.ok(words.startsWith('Agente em atendimento') && words.length <= codecs.tactium.RAW_PREVIEW_CHARS + 1, words);
    };
  }, 2048);
});

test('the fixed parsers still read what the seeds send', () => {
  assert.deepEqual(codecs.neon.partyFromUri('"Maria" <sip:+55%2071@host;transport=udp>'), { number: '+55 71', name: 'Maria' });
  assert.deepEqual(codecs.neon.partyFromUri('Joao <sip:2001@pbx>'), { number: '2001', name: 'Joao' });
  assert.deepEqual(codecs.neon.partyFromUri('a\n<sip:1@h>'), { number: 'a\n<sip:1@h>' });
  assert.equal(codecs.interact.num(' 38 '), 38);
  assert.equal(codecs.interact.num('1700000000000'), 1700000000000);
  assert.equal(codecs.interact.num('-1.5e3'), -1500);
  assert.equal(codecs.interact.num('.5'), 0.5);
  assert.equal(codecs.interact.num('5.'), 5);
  assert.equal(codecs.interact.num('1'.repeat(33)), undefined);
});
