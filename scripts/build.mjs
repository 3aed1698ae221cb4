// `npm run build`: the three library builds (see vite.config.ts), then a size report and budget check.
import { build } from 'vite';
import { fileURLToPath } from 'node:url';
import { rmSync } from 'node:fs';
import { sizeReport, checkBudgets } from './sizes.mjs';

const configFile = fileURLToPath(new URL('../vite.config.ts', import.meta.url));

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
for (const mode of ['esm', 'dropin', 'hub']) {
  await build({ configFile, mode, logLevel: 'warn' });
}
const report = sizeReport();
for (const row of report) console.log(`${row.file.padEnd(34)} ${String(row.raw).padStart(8)} B  ${String(row.gzip).padStart(7)} B gzip`);
const failures = checkBudgets(report);
if (failures.length) {
  for (const f of failures) console.error(`size budget exceeded: ${f}`);
  process.exit(1);
}
