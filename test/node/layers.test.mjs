// Layering: the hub (worker, hub frame, fallback cores) runs without the page client or the elements, so
// nothing under src/hub/ imports from src/client/ or src/elements/ (shared helpers live in src/shared/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** `file:line specifier` for every import of one of `layers` (default src/client/, src/elements/) from a non-test file under `dir`. */
function upwardImports(dir, layers = /(^|\/)\.\.\/(client|elements)\//) {
  const out = [];
  for (const file of walk(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const m = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/.exec(line);
        if (m && layers.test(m[1])) out.push(`${relative(root, file)}:${i + 1} ${m[1]}`);
      });
  }
  return out;
}

test('src/hub/ imports nothing from src/client/ or src/elements/', () => {
  assert.deepEqual(upwardImports(join(root, 'src/hub')), []);
});

test('src/domain/ imports nothing from the vendors, the hub, the client or the elements', () => {
  // e.g. every vendor's capability table gathered in one module: that module lives in src/vendors/.
  assert.deepEqual(upwardImports(join(root, 'src/domain'), /(^|\/)\.\.\/(\.\.\/)?(vendors|hub|client|elements)\//), []);
});

test('the check sees an upward import (a fixture tree)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'layers-'));
  try {
    writeFileSync(join(dir, 'bad.ts'), "import { x } from '../client/x.js';\nconst y = await import('../elements/y.js');\n");
    writeFileSync(join(dir, 'ok.ts'), "import { z } from '../shared/z.js';\n");
    writeFileSync(join(dir, 'bad.test.ts'), "import { t } from '../client/t.js';\n");
    const found = upwardImports(dir).map((f) => f.replace(/^.*layers-[^/]+\//, ''));
    assert.deepEqual(found, ['bad.ts:1 ../client/x.js', 'bad.ts:2 ../elements/y.js']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
