// The pure-core lint rule (scripts/check-pure.mjs): passes on the real tree, fails on a fixture tree
// with violations, listing file:line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../scripts/check-pure.mjs', import.meta.url));

function run(...args) {
  return spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });
}

function fixture(files) {
  const root = mkdtempSync(join(tmpdir(), 'check-pure-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

test('the real tree keeps the core pure', () => {
  const result = run();
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /clean/);
});

test('a fixture with violations fails and lists file:line', (t) => {
  const root = fixture({
    'src/domain/bad.ts': [
      "import { LitElement } from 'lit';",
      "import { wrap } from 'comlink';",
      "import type { HubApi } from '../hub/contract.js';",
      'export const el = document.createElement("div");',
      'export const w = globalThis.window;',
      '',
    ].join('\n'),
    'src/domain/ok.ts': [
      '// document and window in a comment are fine',
      "export const text = 'window.document in a string is fine';",
      'export const o = { x: 1 };',
      'export const y = o.x; // customElements',
      "import type { Call } from './model.js';",
      'export type C = Call;',
      '',
    ].join('\n'),
    'src/domain/bad.test.ts': "import { fixture } from '@open-wc/testing';\nexport const d = document;\n",
    'src/vendors/acme/codec.ts': "import { html } from 'lit/static-html.js';\n",
    'src/vendors/acme/framing-lines.ts': "export function f() {\n  return window.innerWidth;\n}\n",
    'src/vendors/acme/adapter.ts': 'export const d = document;\n',
    'src/elements/cti-x/cti-x.ts': "import { LitElement } from 'lit';\nexport class X extends HTMLElement {}\n",
  });
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const result = run('--root', root);
  assert.equal(result.status, 1);
  const lines = result.stderr.split('\n').filter((l) => /:\d+:/.test(l));
  assert.deepEqual(
    lines.map((l) => l.split(': ')[0]),
    [
      'src/domain/bad.ts:1',
      'src/domain/bad.ts:2',
      'src/domain/bad.ts:3',
      'src/domain/bad.ts:4',
      'src/domain/bad.ts:5',
      'src/vendors/acme/codec.ts:1',
      'src/vendors/acme/framing-lines.ts:2',
    ],
  );
  assert.match(result.stderr, /'lit'/);
  assert.match(result.stderr, /'document'/);
});

test('a clean fixture passes', (t) => {
  const root = fixture({ 'src/domain/model.ts': 'export const x = 1;\n' });
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const result = run(`--root=${root}`);
  assert.equal(result.status, 0, result.stderr);
});
