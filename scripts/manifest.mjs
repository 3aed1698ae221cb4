// Generates custom-elements.json from the elements' JSDoc, or checks that the committed one is current.
//   node scripts/manifest.mjs          write custom-elements.json
//   node scripts/manifest.mjs --check  exit 1 when custom-elements.json is stale
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const check = process.argv.includes('--check');
// The analyzer joins --outdir onto the working directory, so the scratch folder is inside the repo (ignored).
const out = mkdtempSync(join(root, '.cem-'));
try {
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/@custom-elements-manifest/analyzer/cem.js'), 'analyze', '--config', join(root, 'custom-elements-manifest.config.mjs'), '--outdir', relative(root, out), '--quiet'],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const manifest = JSON.parse(readFileSync(join(out, 'custom-elements.json'), 'utf8'));
  // The analyzer's module order follows file-system walk order, which is not stable: sort by path.
  manifest.modules?.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const fresh = JSON.stringify(manifest, null, 2) + '\n';
  const target = join(root, 'custom-elements.json');
  if (check) {
    const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
    if (current !== fresh) {
      console.error('custom-elements.json is stale: run `npm run manifest` and commit the result.');
      process.exit(1);
    }
    console.log('custom-elements.json is up to date.');
  } else {
    writeFileSync(target, fresh);
    console.log('wrote custom-elements.json');
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
