// The bench's headline figures: one list, read by bench/run.mjs (the printed table) and bench/readme.mjs (the
// README's "Measured numbers" table). Each figure: how to read it from a results object (bench/results/*.json),
// its unit and its goal (issue #13), so a figure is always shown beside its goal and the previous run's value.

// kB = 1,000 bytes and MB = 1,000,000 (the issue's goals are in kB), as the build's size report prints bytes.
const kB = (b) => `${(b / 1000).toFixed(1)} kB`;
const ms = (v) => `${Math.round(v * 10) / 10} ms`;
const mb = (b) => `${(b / 1e6).toFixed(2)} MB`;
const size = (r, key, field) => r.sizes?.rows?.find((x) => x.key === key)?.[field];

const B = (b) => `${Math.round(b)} B`;
/** ' in N updates' when an event took more than one update (the formatter of a previous value gets no run). */
const count = (x) => (x && x.updates !== 1 ? ` in ${x.updates} updates` : '');
/** The build report's figure for the same files, beside a measured download. */
const besideBuild = (r, key) => (r && size(r, key, 'gzip') !== undefined ? ` (build report ${kB(size(r, key, 'gzip'))})` : '');

/** `at most` / `at least` goals; `undefined` for a figure reported without one. */
const atMost = (limit, text) => ({ text, met: (v) => v <= limit });
const atLeast = (limit, text) => ({ text, met: (v) => v >= limit });
const FRAME = atMost(16.7, '≤ 16.7 ms');

const SPECS = [
  { key: 'size.dropin.gzip', label: 'drop-in initial load (page side), gzip', get: (r) => size(r, 'dropin', 'gzip'), fmt: kB, goal: atMost(20 * 1000, '≤ 20 kB') },
  { key: 'load.secondOrigin.page', label: 'drop-in from a second origin, pt-BR, Interact: page side downloaded before interactive (gzip)', get: (r) => r.secondOrigin?.pageSideGzip, fmt: (v, r) => kB(v) + besideBuild(r, 'dropin'), goal: atMost(20 * 1000, '≤ 20 kB') },
  { key: 'load.secondOrigin.total', label: 'the same, with the hub frame, hub worker and adapter (gzip)', get: (r) => r.secondOrigin?.totalGzip, fmt: (v, r) => kB(v) + besideBuild(r, 'page+hub+interact'), goal: atMost(35 * 1000, '≤ 35 kB') },
  { key: 'size.dropin.brotli', label: 'drop-in initial load (page side), brotli', get: (r) => size(r, 'dropin', 'brotli'), fmt: kB },
  { key: 'size.hub+interact.gzip', label: 'hub worker + Interact adapter, gzip', get: (r) => size(r, 'hub+interact', 'gzip'), fmt: kB, goal: atMost(15 * 1000, '≤ 15 kB') },
  { key: 'size.hub+interact.brotli', label: 'hub worker + Interact adapter, brotli', get: (r) => size(r, 'hub+interact', 'brotli'), fmt: kB },
  ...['neon', 'catix', 'dgphone', 'tactium'].map((v) => ({ key: `size.hub+${v}.gzip`, label: `hub worker + ${{ neon: 'NEON', catix: 'Catix', dgphone: 'DGPhone', tactium: 'Tactium' }[v]} adapter, gzip (brotli)`, get: (r) => size(r, `hub+${v}`, 'gzip'), fmt: (b, r) => (r ? `${kB(b)} (${kB(size(r, `hub+${v}`, 'brotli'))})` : kB(b)), goal: atMost(15 * 1000, '≤ 15 kB') })),
  { key: 'size.page+hub.gzip', label: 'page + hub + Interact adapter, gzip', get: (r) => size(r, 'page+hub+interact', 'gzip'), fmt: kB, goal: atMost(35 * 1000, '≤ 35 kB') },
  { key: 'size.page+hub.brotli', label: 'page + hub + Interact adapter, brotli', get: (r) => size(r, 'page+hub+interact', 'brotli'), fmt: kB },
  { key: 'size.hub+all.gzip', label: 'hub worker + all five adapters, gzip', get: (r) => size(r, 'hub+all', 'gzip'), fmt: kB, goal: atMost(35 * 1000, '≤ 35 kB') },
  { key: 'size.hub+all.brotli', label: 'hub worker + all five adapters, brotli', get: (r) => size(r, 'hub+all', 'brotli'), fmt: kB },
  {
    key: 'load.oneTab.eventsPerSecond',
    label: 'events/s the simulator really sent (asked 100): 1 tab / 10 visible / 1 + 9 hidden',
    get: (r) => r.latency?.oneTab?.simEventsPerSecond,
    fmt: (v, r) => (r ? [r.latency?.oneTab, r.latency?.tenTabs, r.latency?.oneVisibleNineHidden].map((x) => x?.simEventsPerSecond ?? 'n/a').join(' / ') : String(v)),
  },
  { key: 'latency.oneTab.p95', label: 'Interact event → DOM, 1 tab, 100 events/s: p95', get: (r) => r.latency?.oneTab?.domMs?.p95, fmt: ms, goal: FRAME },
  { key: 'latency.oneTab.median', label: 'Interact event → DOM, 1 tab, 100 events/s: median', get: (r) => r.latency?.oneTab?.domMs?.median, fmt: ms },
  { key: 'latency.hidden.visibleP95', label: '1 visible + 9 hidden tabs: visible tab event → DOM p95', get: (r) => r.latency?.oneVisibleNineHidden?.domMs?.p95, fmt: ms, goal: FRAME },
  { key: 'latency.hidden.hostEventP95', label: '1 visible + 9 hidden tabs: hidden tabs\u2019 host event p95', get: (r) => r.latency?.oneVisibleNineHidden?.hiddenHostEventMs?.p95, fmt: ms, goal: atMost(50, '≤ 50 ms') },
  { key: 'hidden.messagesPerSecond', label: '1 visible + 9 hidden: hub → tab messages per second, visible / a hidden tab', get: (r) => r.latency?.oneVisibleNineHidden?.hiddenTabMessagesPerSecond, fmt: (v, r) => (r ? `${r.latency.oneVisibleNineHidden.hubToTabMessagesPerSecond} / ${v}` : `${v} (hidden)`) },
  { key: 'hidden.taskMs', label: '1 visible + 9 hidden: main-thread ms per second, visible tab / 9 hidden tabs', get: (r) => r.latency?.oneVisibleNineHidden?.pageTaskMsPerSecond?.hidden, fmt: (v, r) => (r ? `${r.latency.oneVisibleNineHidden.pageTaskMsPerSecond.visible} / ${v} ms` : `${v} ms (hidden)`) },
  { key: 'latency.tenTabs.slowestP95', label: '10 visible tabs: slowest tab event → DOM p95', get: (r) => r.latency?.tenTabs?.slowestTabPerSampleMs?.p95, fmt: ms, goal: FRAME },
  { key: 'latency.tenTabs.p95', label: '10 visible tabs: every tab × sample event → DOM p95', get: (r) => r.latency?.tenTabs?.domMs?.p95, fmt: ms },
  { key: 'board.fps', label: 'supervisor board, 1,000 agents, 100 changes/s: frames per second', get: (r) => r.board?.loaded?.fps, fmt: (v) => `${v} fps`, goal: atLeast(55, '≥ 55 fps') },
  { key: 'board.longestTask', label: 'supervisor board: longest task', get: (r) => r.board?.loaded?.longestTaskMs, fmt: ms, goal: atMost(50, '≤ 50 ms (none longer)') },
  { key: 'board.hubBusy', label: 'supervisor board: hub worker busy (CPU profile), ms per second', get: (r) => r.board?.hub?.busyMsPerSecond, fmt: (v) => `${v} ms/s` },
  { key: 'board.bytesPerUpdate', label: 'supervisor board: bytes per hub → tab message (page side)', get: (r) => r.board?.hubToTab?.bytesPerMessage, fmt: kB },
  { key: 'bytes.boardMember', label: 'bytes per hub → tab update: a board member change (1,000 agents)', get: (r) => r.board?.hubToTab?.bytesPerUpdate, fmt: B },
  { key: 'bytes.ring', label: 'bytes per hub → tab update: a ring (Interact; updates for it)', get: (r) => r.updateBytes?.ring?.bytes, fmt: (v, r) => B(v) + count(r?.updateBytes?.ring) },
  { key: 'bytes.answer', label: 'bytes per hub → tab update: the answer', get: (r) => r.updateBytes?.answer?.bytes, fmt: (v, r) => B(v) + count(r?.updateBytes?.answer) },
  { key: 'bytes.agentState', label: 'bytes per hub → tab update: an agent state change (pause)', get: (r) => r.updateBytes?.agentState?.bytes, fmt: (v, r) => B(v) + count(r?.updateBytes?.agentState) },
  { key: 'board.messagesPerSecond', label: 'supervisor board: hub → tab messages per second', get: (r) => r.board?.hubToTab?.messagesPerSecond, fmt: (v) => `${v}/s` },
  { key: 'roundTrip.p95', label: 'hub command round trip (tab → hub → Interact → tab), p95', get: (r) => r.roundTrip?.ms?.p95, fmt: ms },
  { key: 'heap.pagePerTab', label: 'JS heap per extra tab: page (elements connected)', get: (r) => r.heap?.tabs2to10?.avgDelta, fmt: mb },
  { key: 'heap.workerPerTab', label: 'JS heap per extra tab: hub worker', get: (r) => r.heap?.workerPerExtraTab, fmt: kB },
  { key: 'connections.interact', label: 'Interact agent channels with 10 tabs (one hub connection)', get: (r) => r.connections?.tenTabs?.byMonitor?.agent, fmt: String, goal: atMost(1, '1') },
  { key: 'connections.neon', label: 'NEON WebSockets with 10 tabs', get: (r) => r.neon?.sockets, fmt: String, goal: atMost(1, '1') },
  { key: 'connections.dgphone', label: 'TCP connections to the DGPhone simulator with 10 tabs', get: (r) => r.relay?.dgphone?.tcpConnections, fmt: String, goal: atMost(1, '1') },
  { key: 'neon.oneTab.p95', label: 'NEON event → DOM, 1 tab: p95', get: (r) => r.neon?.oneTab?.domMs?.p95, fmt: ms },
  { key: 'neon.tenTabs.slowestP95', label: 'NEON event → DOM, 10 tabs: slowest tab p95', get: (r) => r.neon?.tenTabs?.slowestTabPerSampleMs?.p95, fmt: ms },
  ...['catix', 'dgphone', 'tactium'].map((v) => ({ key: `relay.${v}.p95`, label: `${v === 'dgphone' ? 'DGPhone' : v[0].toUpperCase() + v.slice(1)} through websockify, 1 tab: event → DOM p95`, get: (r) => r.relay?.[v]?.oneTab?.domMs?.p95, fmt: ms })),
  { key: 'relay.dgphone.tenTabs.slowestP95', label: 'DGPhone through websockify, 10 tabs: slowest tab p95', get: (r) => r.relay?.dgphone?.tenTabs?.slowestTabPerSampleMs?.p95, fmt: ms },
];

/** Every figure's value in `r` (key → number or undefined). */
export function values(r) {
  return Object.fromEntries(SPECS.map((s) => [s.key, r ? s.get(r) : undefined]));
}

/**
 * The figures of `r` with `previous` (key → value, e.g. `values(previousRun)` or a results file's `previous.figures`):
 * `{ key, label, value, now, previous, goal, met }`, `now`/`previous` formatted ('n/a' when not measured).
 */
export function figures(r, previous) {
  return SPECS.map((s) => {
    const value = s.get(r);
    const before = previous?.[s.key];
    const show = (v, from) => (v === undefined || v === null || Number.isNaN(v) ? 'n/a' : s.fmt(v, from));
    return {
      key: s.key,
      label: s.label,
      value,
      now: show(value, r),
      // A formatter that reads other fields of the run gets none for a previous value (only its number is kept).
      previous: before === undefined || before === null ? 'n/a' : s.fmt(before),
      goal: s.goal?.text ?? '',
      met: value === undefined || value === null || !s.goal ? undefined : s.goal.met(value),
    };
  });
}

/** The parts of steps that measured but not wholly (a vendor, the 10-tab half, one event): `what: why` each. */
export function partialFailures(r) {
  const out = [];
  if (r.neon?.tenTabs?.error) out.push(`NEON 10 tabs: ${r.neon.tenTabs.error}`);
  for (const [vendor, x] of Object.entries(r.relay ?? {})) if (x?.error) out.push(`${vendor} through websockify: ${x.error}`);
  for (const [event, x] of Object.entries(r.updateBytes ?? {})) if (x?.error) out.push(`bytes per update, ${event}: ${x.error}`);
  return out;
}
