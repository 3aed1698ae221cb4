// The ES module build's TypeScript declarations, as a consumer sees them: a small consumer project in a temp
// dir whose node_modules/cti-elements is a symlink to this repo resolves `cti-elements` through package.json
// (`exports` → `types`) to the BUILT dist/types/, and tsc (no skipLibCheck, DOM lib only, no WebWorker) must
// accept the positive file and reject the negative one with exactly the expected errors.
// Needs `npm run build` first (dist/types/ and dist/esm/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const tsc = join(repo, 'node_modules/typescript/bin/tsc');
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));

const POSITIVE = `import 'cti-elements';
import {
  CtiProvider,
  type CtiError,
  type CtiEventMap,
  type CtiIncomingCallEvent,
  type CtiProviderConfig,
  type SessionSnapshot,
  type CtiDialRequestDetail,
} from 'cti-elements';

const provider = document.querySelector('cti-provider');
if (provider) {
  const p: CtiProvider = provider;
  p.addEventListener('cti-incoming-call', (e) => {
    const primary: boolean = e.detail.primary;
    const number: string = e.detail.from.number;
    const data: Readonly<Record<string, string>> = e.detail.data;
    void [primary, number, data];
  });
  p.addEventListener('cti-call-ended', (e) => void (e.detail.talkMs ?? 0).toFixed());
  p.addEventListener('cti-agent-state-changed', (e) => void e.detail.next.phase.toUpperCase());
  p.addEventListener('cti-connection-changed', (e) => void e.detail.connection.status);
  p.addEventListener('cti-notice', (e) => void e.detail.kind);
  const config: CtiProviderConfig = { vendor: 'interact', server: 'https://crm.example.com/interact_cti/v1.0', locale: 'en' };
  p.configure(config);
  p.scanTelLinks = true;
  const dialled: Promise<boolean> = p.dial('4833334444');
  void dialled;
  const snapshot: SessionSnapshot | undefined = p.session?.snapshot;
  void snapshot?.calls.map((c) => c.remote[0]?.number);
}
document.addEventListener('cti-dial-request', (e) => {
  const detail: CtiDialRequestDetail = e.detail;
  if (detail.source === 'link' && e.element?.closest('[data-blocked]')) e.preventDefault();
});
window.addEventListener('cti-error', (e) => {
  const error: CtiError = e.detail;
  const command: string | undefined = e.command;
  void [error.code, command];
});
const phone = document.createElement('cti-phone');
void phone.dial('4833334444');
const status = document.createElement('cti-agent-status');
const queue = document.createElement('cti-queue');
void [status.session, queue.session];
type Incoming = CtiEventMap['cti-incoming-call'];
const same: Incoming extends CtiIncomingCallEvent ? true : false = true;
void same;
`;

// Each line that must fail, with the error code and the words tsc uses.
const NEGATIVE = [
  `import 'cti-elements';`,
  `const provider = document.createElement('cti-provider');`,
  `provider.addEventListener('cti-incoming-call', (e) => {`,
  `  const n: number = e.detail.from.number;`,
  `  void e.detail.primery;`,
  `});`,
  `document.addEventListener('cti-dial-request', (e) => { const s: 'phone' | 'api' = e.detail.source; void s; });`,
  `provider.configure({ vendor: 'avaya' });`,
  ``,
].join('\n');
const EXPECTED = [
  { line: 4, code: 'TS2322', words: "Type 'string' is not assignable to type 'number'" },
  { line: 5, code: 'TS2551', words: "Property 'primery' does not exist" },
  { line: 7, code: 'TS2322', words: `Type '"api" | "link" | "phone"' is not assignable` },
  { line: 8, code: 'TS2322', words: `Type '"avaya"' is not assignable to type` },
];

const COMPILER = {
  target: 'ES2022',
  lib: ['ES2022', 'DOM', 'DOM.Iterable'],
  strict: true,
  noEmit: true,
  skipLibCheck: false,
  types: [],
};
const RESOLUTIONS = {
  bundler: { module: 'ESNext', moduleResolution: 'Bundler' },
  nodenext: { module: 'NodeNext', moduleResolution: 'NodeNext' },
};

let dir;
before(() => {
  for (const built of ['dist/types/index.d.ts', 'dist/esm/cti-elements.js']) {
    assert.ok(existsSync(join(repo, built)), `${built} is missing: run \`npm run build\` first`);
  }
  dir = mkdtempSync(join(tmpdir(), 'cti-types-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(repo, join(dir, 'node_modules/cti-elements'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  writeFileSync(join(dir, 'positive.ts'), POSITIVE);
  writeFileSync(join(dir, 'negative.ts'), NEGATIVE);
  for (const [name, resolution] of Object.entries(RESOLUTIONS)) {
    for (const file of ['positive', 'negative']) {
      const config = { compilerOptions: { ...COMPILER, ...resolution }, files: [`${file}.ts`] };
      writeFileSync(join(dir, `tsconfig.${name}.${file}.json`), JSON.stringify(config));
    }
  }
});
after(() => dir && rmSync(dir, { recursive: true, force: true }));

function compile(name, file) {
  const run = spawnSync(process.execPath, [tsc, '-p', `tsconfig.${name}.${file}.json`, '--pretty', 'false'], { cwd: dir, encoding: 'utf8' });
  const errors = `${run.stdout}${run.stderr}`
    .split('\n')
    .map((l) => /^(.+?)\((\d+),\d+\): error (TS\d+): (.*)$/.exec(l))
    .filter(Boolean)
    .map(([, path, line, code, text]) => ({ path, line: Number(line), code, text }));
  return { status: run.status, errors, output: `${run.stdout}${run.stderr}` };
}

test('package.json points `types` (top level and the exports condition) at the built declarations', () => {
  assert.equal(pkg.types, './dist/types/index.d.ts');
  assert.deepEqual(Object.keys(pkg.exports['.']), ['types', 'default'], '`types` must come first in the condition list');
  assert.equal(pkg.exports['.'].types, pkg.types);
  assert.equal(pkg.exports['.'].default, './dist/esm/cti-elements.js');
  assert.ok(pkg.files.includes('dist'));
});

for (const name of Object.keys(RESOLUTIONS)) {
  test(`${name}: a consumer's typed listeners, tag names and public types compile against the built package`, () => {
    const { status, output } = compile(name, 'positive');
    assert.equal(status, 0, output);
  });

  test(`${name}: a wrong event detail type, a misspelled field and a wrong vendor fail with the expected errors`, () => {
    const { status, errors, output } = compile(name, 'negative');
    assert.notEqual(status, 0);
    assert.deepEqual(
      errors.map((e) => ({ path: e.path, line: e.line, code: e.code })),
      EXPECTED.map((e) => ({ path: 'negative.ts', line: e.line, code: e.code })),
      output,
    );
    EXPECTED.forEach((e, i) => assert.ok(errors[i].text.includes(e.words), `${errors[i].text} should say ${e.words}`));
  });
}
