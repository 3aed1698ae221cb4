// The bench's report (bench/figures.mjs, bench/readme.mjs): each figure beside its previous value and its goal, the
// steps that could not measure said in the README table, and the table rewritten between its markers only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { figures, partialFailures, values } from '../../bench/figures.mjs';

const readmeScript = fileURLToPath(new URL('../../bench/readme.mjs', import.meta.url));

/** A results file as bench/run.mjs writes it, with only the parts these tests read. */
function run(overrides = {}) {
  return {
    startedAt: '2026-12-03T17:00:00.000Z',
    machine: { cpus: 2, cpu: 'Test CPU', loadAverageAtStart: [0.5, 0.4, 0.3] },
    source: { commit: 'abc1234', uncommittedUnderSrc: 0 },
    latency: { oneTab: { domMs: { p95: 6, median: 4 } }, oneVisibleNineHidden: { domMs: { p95: 22 }, hiddenHostEventMs: { p95: 25 } } },
    updateBytes: { ring: { updates: 3, bytes: 1722 }, answer: { updates: 1, bytes: 657 }, agentState: { error: 'pause refused: unsupported' } },
    secondOrigin: { pageSideGzip: 19 * 1000, totalGzip: 40 * 1000 },
    sizes: { rows: [{ key: 'dropin', gzip: 18 * 1000 }, { key: 'page+hub+interact', gzip: 39 * 1000 }] },
    relay: { catix: { error: 'catix tab 1 did not open' }, dgphone: { oneTab: { domMs: { p95: 10 } } } },
    steps: [
      { name: 'build', ok: true },
      { name: 'supervisor board', ok: false, error: 'did not finish in 120 s' },
      { name: 'NEON event → DOM', ok: false, skipped: 'not selected (BENCH_ONLY=1 tab)' },
    ],
    ...overrides,
  };
}

const byKey = (r, previous) => Object.fromEntries(figures(r, previous).map((f) => [f.key, f]));

test('each figure: now, previous, goal and whether it is met; n/a when not measured', () => {
  const r = run();
  const f = byKey(r, { 'latency.oneTab.p95': 27, 'latency.hidden.visibleP95': 23 });
  assert.deepEqual([f['latency.oneTab.p95'].now, f['latency.oneTab.p95'].previous, f['latency.oneTab.p95'].goal, f['latency.oneTab.p95'].met], ['6 ms', '27 ms', '≤ 16.7 ms', true]);
  assert.equal(f['latency.hidden.visibleP95'].met, false);
  assert.equal(f['latency.hidden.hostEventP95'].met, true);
  assert.deepEqual([f['board.fps'].now, f['board.fps'].met], ['n/a', undefined]);
  // Bytes per update: how many updates the event took; a download beside the build report's figure.
  assert.equal(f['bytes.ring'].now, '1722 B in 3 updates');
  assert.equal(f['bytes.answer'].now, '657 B');
  assert.equal(f['bytes.agentState'].now, 'n/a');
  assert.equal(f['load.secondOrigin.page'].now, '19.0 kB (build report 18.0 kB)');
  assert.equal(f['load.secondOrigin.page'].met, true);
  assert.equal(f['load.secondOrigin.total'].met, false);
  // The previous run's values are kept as numbers (results.previous.figures).
  assert.equal(values(r)['bytes.ring'], 1722);
});

test('parts of steps that could not measure are named with why', () => {
  assert.deepEqual(partialFailures(run()), ['catix through websockify: catix tab 1 did not open', 'bytes per update, agentState: pause refused: unsupported']);
  assert.deepEqual(partialFailures({}), []);
});

test('readme.mjs rewrites only the table between its markers, says what did not measure, and --check compares', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-readme-'));
  const results = join(dir, 'results.json');
  const readme = join(dir, 'README.md');
  writeFileSync(results, JSON.stringify(run({ previous: { startedAt: '2026-12-03T15:00:00.000Z', figures: { 'latency.oneTab.p95': 27 } } })));
  writeFileSync(readme, '# Title\n\nbefore\n<!-- bench:begin -->\nold table\n<!-- bench:end -->\nafter\n');
  const node = (...args) => spawnSync(process.execPath, [readmeScript, results, `--readme=${readme}`, ...args], { encoding: 'utf8' });
  assert.equal(node('--check').status, 1, 'the old table differs');
  assert.equal(node().status, 0);
  const text = readFileSync(readme, 'utf8');
  assert.ok(text.startsWith('# Title\n\nbefore\n<!-- bench:begin -->\n'));
  assert.ok(text.endsWith('<!-- bench:end -->\nafter\n'));
  assert.ok(!text.includes('old table'));
  assert.match(text, /\| Interact event → DOM, 1 tab, 100 events\/s: p95 \| 6 ms \| 27 ms \| ≤ 16\.7 ms \| met \|/);
  assert.match(text, /\| 1 visible \+ 9 hidden tabs: visible tab event → DOM p95 \| 22 ms \| n\/a \| ≤ 16\.7 ms \| not met \|/);
  assert.match(text, /Previous run: 2026-12-03T15:00:00\.000Z/);
  assert.match(text, /Not measured in that run: supervisor board \(did not finish in 120 s\); NEON event → DOM \(not selected \(BENCH_ONLY=1 tab\)\)\./);
  assert.match(text, /Measured in part: catix through websockify: catix tab 1 did not open; bytes per update, agentState: pause refused: unsupported\./);
  assert.equal(node('--check').status, 0, 'up to date now');
});
