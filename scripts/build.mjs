// `npm run build`: the four library builds (see vite.config.ts), then a size report and budget check.
import { build } from 'vite';
import { fileURLToPath } from 'node:url';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { sizeReport, checkBudgets, checkShape, dropinInitialLoad, dropinLazyChunks, hubWithAllAdapters, hubWithEachAdapter } from './sizes.mjs';

const configFile = fileURLToPath(new URL('../vite.config.ts', import.meta.url));

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
for (const mode of ['esm', 'dropin', 'loader', 'hub']) {
  await build({ configFile, mode, logLevel: 'warn' });
}
// The ES module build's declarations, dist/types/ (package.json `types`): scripts/types.mjs.
(await import('./types.mjs')).emitTypes();
// CRM host packages (dist/<host>/): each scripts/hosts/<host>.mjs exports `buildHost()`, run after the library
// builds because a host package ships the built widget.
const hostsDir = new URL('./hosts/', import.meta.url);
if (existsSync(hostsDir)) {
  for (const name of readdirSync(hostsDir).filter((f) => f.endsWith('.mjs')).sort()) {
    const { buildHost } = await import(new URL(name, hostsDir).href);
    await buildHost();
  }
}
const report = sizeReport();
const line = (name, row) =>
  console.log(`${name.padEnd(34)} ${String(row.raw).padStart(8)} B  ${String(row.gzip).padStart(7)} B gzip  ${String(row.brotli).padStart(7)} B brotli`);
for (const row of report) line(row.file, row);
const initial = dropinInitialLoad(report);
console.log(`\ndrop-in initial load: ${initial.files.join(' + ')}`);
line('  total', initial);
console.log('drop-in lazy chunks (loaded on first use):');
for (const row of dropinLazyChunks(report)) line(`  ${row.file}`, row);
const { worker, each } = hubWithEachAdapter(report);
console.log(`\nhub worker initial load: ${worker.files.join(' + ')}`);
line('  total', worker);
console.log('hub worker with one adapter (and the chunks it imports):');
for (const row of each) line(`  ${row.adapter}`, row);
const hub = hubWithAllAdapters(report);
console.log(`\nhub worker with all ${hub.adapters.length} adapters: ${hub.files.join(' + ')}`);
line('  total', hub);
const failures = [...checkShape(report), ...checkBudgets(report)];
if (failures.length) {
  for (const f of failures) console.error(`build check failed: ${f}`);
  process.exit(1);
}
