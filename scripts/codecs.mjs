// The pure vendor codecs and relay framers (src/vendors/**), bundled with esbuild for Node: what
// scripts/fuzz.mjs and test/node/linear-time.test.mjs drive. `root` may name another checkout (to run
// the same checks against older code).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const here = fileURLToPath(new URL('..', import.meta.url));

const MODULES = {
  lines: 'src/vendors/relay/framing-lines.ts',
  packets: 'src/vendors/relay/framing-packets.ts',
  dollar: 'src/vendors/relay/framing-dollar.ts',
  interact: 'src/vendors/interact/codec.ts',
  interactJson: 'src/vendors/interact/codec-json.ts',
  interactXml: 'src/vendors/interact/codec-xml.ts',
  neon: 'src/vendors/neon/codec.ts',
  catix: 'src/vendors/catix/codec.ts',
  dgphone: 'src/vendors/dgphone/codec.ts',
  tactium: 'src/vendors/tactium/codec.ts',
  /** The tests' seeded PRNG and timing helpers (`prng`, `perCall`, `growth`). */
  support: 'src/vendors/relay/test-support.ts',
};

/** `{ lines, packets, dollar, interact, interactJson, interactXml, neon, catix, dgphone, tactium, support }` namespaces. */
export async function loadCodecs(root = process.env.CODECS_ROOT ?? here) {
  const base = resolve(root);
  const contents = Object.entries(MODULES)
    .map(([name, path]) => `export * as ${name} from ${JSON.stringify(join(base, path))};`)
    .join('\n');
  const dir = mkdtempSync(join(tmpdir(), 'cti-codecs-'));
  const outfile = join(dir, 'codecs.mjs');
  try {
    await build({
      stdin: { contents, resolveDir: base, loader: 'js' },
      bundle: true,
      format: 'esm',
      platform: 'node',
      outfile,
      logLevel: 'error',
      nodePaths: [join(here, 'node_modules')],
    });
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
