// The relay encoder's windows-1252 table (src/vendors/relay/encoder.ts) does not depend on the platform's
// TextDecoder: Node 20 decodes 'windows-1252' as Latin-1 (0x80 → U+0080), so a table read from it sent C1
// controls for '€' or '“'. Here the module runs in Node with TextDecoder removed while it loads and is used.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../../src/vendors/relay/encoder.ts', import.meta.url));

async function loadEncoder() {
  const { outputFiles } = buildSync({ entryPoints: [entry], bundle: true, format: 'esm', write: false, logLevel: 'silent' });
  const code = outputFiles[0].text;
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

// The 27 characters windows-1252 puts at 0x80–0x9F (0x81, 0x8D, 0x8F, 0x90, 0x9D are undefined).
const SPECIAL = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
const BYTES = [
  0x80, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8e,
  0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9e, 0x9f,
];

test('windows-1252: the 27 special characters encode to 0x80–0x9F without TextDecoder', async () => {
  const saved = globalThis.TextDecoder;
  globalThis.TextDecoder = class {
    constructor() {
      throw new Error('TextDecoder must not be used by the encoder');
    }
  };
  try {
    const { encodeText } = await loadEncoder();
    assert.equal([...SPECIAL].length, 27);
    assert.deepEqual([...encodeText(SPECIAL, 'windows-1252')], BYTES);
    // Around them: ASCII and U+00A0–U+00FF are themselves, C1 controls of the five undefined bytes map back,
    // anything else is '?'.
    assert.deepEqual([...encodeText('aé\u00a0ÿ\u0081\u009d', 'windows-1252')], [0x61, 0xe9, 0xa0, 0xff, 0x81, 0x9d]);
    assert.deepEqual([...encodeText('\u0080\u0093Ā😀', 'windows-1252')], [0x3f, 0x3f, 0x3f, 0x3f]);
    // Latin-1 stays Latin-1: '€' is not representable there.
    assert.deepEqual([...encodeText('€é', 'iso-8859-1')], [0x3f, 0xe9]);
  } finally {
    globalThis.TextDecoder = saved;
  }
});
