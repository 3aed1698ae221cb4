// Bundle sizes (raw and gzip) of dist/, and the size budgets CI enforces.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../dist', import.meta.url));

/** Budgets in gzip bytes. */
export const budgets = {
  // Page side: the three elements + provider + hub client, Lit included (drop-in build).
  'cti-elements.js': 28 * 1024,
  // The hub worker's initial chunk (without the lazily loaded XML codec).
  'cti-hub.worker.js': 12 * 1024,
};

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

export function sizeReport() {
  return walk(dist)
    .filter((f) => f.endsWith('.js'))
    .map((f) => {
      const buf = readFileSync(f);
      return { file: relative(dist, f), raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
    })
    .sort((a, b) => a.file.localeCompare(b.file));
}

export function checkBudgets(report) {
  const out = [];
  for (const [file, max] of Object.entries(budgets)) {
    const row = report.find((r) => r.file === file);
    if (!row) out.push(`${file} was not built`);
    else if (row.gzip > max) out.push(`${file} is ${row.gzip} B gzip, budget ${max} B`);
  }
  return out;
}
