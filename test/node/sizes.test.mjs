// scripts/sizes.mjs: the build's shape checks and the brotli column, on small fake dist/ folders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkShape, sizeReport } from '../../scripts/sizes.mjs';

/** A folder with these files, removed after the test. */
function fakeDist(t, files) {
  const root = mkdtempSync(join(tmpdir(), 'cti-sizes-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  for (const [name, code] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), code);
  }
  return root;
}

test('the hub as built now (a stub entry, the hub and the adapters in chunks) passes', (t) => {
  const root = fakeDist(t, {
    'cti-hub.worker.js': 'import"./chunks/hub-shared-A.js";',
    'chunks/hub-shared-A.js': 'export const a=1;import(`./neon-adapter-B.js`);',
    'chunks/neon-adapter-B.js': 'import{a as e}from"./hub-shared-A.js";export{e};',
    'hub-frame.js': 'export{};',
  });
  assert.deepEqual(checkShape(sizeReport(root), root), []);
});

test('an adapter chunk importing the worker entry, and a script under assets/, are reported', (t) => {
  const root = fakeDist(t, {
    'cti-hub.worker.js': 'export const a=1;import(`./chunks/neon-adapter-B.js`);',
    'chunks/neon-adapter-B.js': 'import{a as e}from"../cti-hub.worker.js";export{e};',
    'assets/hub.worker-C.js': 'export{};',
    'zendesk/assets/cti-hub.worker.js': 'export{};',
    'zendesk/assets/chunks/tactium-adapter-D.js': 'import{t}from"../cti-hub.worker.js";',
  });
  assert.deepEqual(checkShape(sizeReport(root), root), [
    'assets/hub.worker-C.js: no script belongs in dist/assets/',
    'chunks/neon-adapter-B.js imports the hub worker entry (cti-hub.worker.js)',
    'zendesk/assets/chunks/tactium-adapter-D.js imports the hub worker entry (zendesk/assets/cti-hub.worker.js)',
  ]);
});

test("vite's preload helper in a script is reported (the hub build leaves it out: vite.config.ts)", (t) => {
  const root = fakeDist(t, {
    'cti-hub.worker.js': 'import"./chunks/hub-shared-A.js";',
    'chunks/hub-shared-A.js': 'const h=(e)=>{let t=new Event(`vite:preloadError`,{cancelable:!0});window.dispatchEvent(t)};export{h};',
  });
  assert.deepEqual(checkShape(sizeReport(root), root), [`chunks/hub-shared-A.js carries vite's preload helper`]);
});

test('each file is measured raw, gzip and brotli (brotli smaller than gzip on text)', (t) => {
  const code = `export const m=${JSON.stringify('agente disponível '.repeat(200))};`;
  const root = fakeDist(t, { 'a.js': code });
  const [row] = sizeReport(root);
  assert.equal(row.file, 'a.js');
  assert.equal(row.raw, Buffer.byteLength(code));
  assert.ok(row.gzip > 0 && row.gzip < row.raw);
  assert.ok(row.brotli > 0 && row.brotli < row.gzip, `brotli ${row.brotli} < gzip ${row.gzip}`);
});
