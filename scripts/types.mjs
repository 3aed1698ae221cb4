// The TypeScript declarations of the ES module build: dist/types/ (package.json `types` and the `types`
// condition of `exports`), emitted by tsc from src/index.ts and what it imports (tsconfig.types.json).
// `npm run build` runs it after the library builds; `node scripts/types.mjs` alone works too.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));

/**
 * Emit dist/types/. Type errors in src/ do not stop the build (tsc still writes the declarations, and `npm run
 * typecheck`, the first step of `npm test`, fails on them): they are printed. No declarations at all is an error.
 */
export function emitTypes() {
  const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.types.json'], { cwd: root, encoding: 'utf8' });
  const written = existsSync(new URL('../dist/types/index.d.ts', import.meta.url));
  if (run.status !== 0 || !written) {
    const message = `tsc -p tsconfig.types.json exited ${run.status}:\n${run.stdout}${run.stderr}`;
    if (!written) throw new Error(`declaration build failed, no dist/types/index.d.ts: ${message}`);
    console.warn(`declarations written with type errors (npm run typecheck fails on them): ${message}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) emitTypes();
