// Bench page helper: driven by bench/run.mjs through page.evaluate(); records Date.now() (epoch ms,
// same machine clock as the simulator) when a call shows up in <cti-phone>'s shadow DOM.
const server = new URL(location.href).searchParams.get('server') ?? '';

/** numbers being watched → { domAt, eventAt, resolve } */
const watches = new Map();
let observer;
let provider;
let phone;

function callFor(number) {
  const root = phone?.shadowRoot;
  if (!root) return undefined;
  // The phone formats numbers for people ('(11) 91932-4500'): compare digits.
  const digits = number.replace(/\D/g, '');
  for (const li of root.querySelectorAll('[part~="call"]')) {
    if (li.querySelector('[part="caller"]')?.textContent?.replace(/\D/g, '').includes(digits)) return li;
  }
  return undefined;
}

function check() {
  for (const [number, w] of watches) {
    if (w.domAt === undefined && callFor(number)) {
      w.domAt = Date.now();
      w.state = callFor(number)?.getAttribute('data-state') ?? undefined;
      w.resolve();
    }
  }
}

function until(predicate, what, ms = 15000) {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const tick = () => {
      let v;
      try {
        v = predicate();
      } catch {
        v = undefined;
      }
      if (v) return resolve(v);
      if (Date.now() - t0 > ms) return reject(new Error(`timed out waiting for ${what}: ${JSON.stringify(snapshotSummary())}`));
      setTimeout(tick, 10);
    };
    tick();
  });
}

function snapshotSummary() {
  const s = provider?.session?.snapshot;
  return s
    ? { connection: s.connection.status, phase: s.agent.phase, detail: s.agent.detail, calls: s.calls.map((c) => `${c.id}:${c.state}`), hubMode: provider.session.hubMode, lastError: s.lastError }
    : { session: Boolean(provider?.session) };
}

window.bench = {
  /** Put the elements in the document (pointed at the simulator) and wait for the hub's snapshot. */
  async connect(vendor) {
    const tpl = document.getElementById('elements');
    const frag = tpl.content.cloneNode(true);
    provider = frag.querySelector('cti-provider');
    phone = frag.querySelector('cti-phone');
    if (vendor) {
      // Another vendor than the template's Interact (NEON): its URL and credentials come from run.mjs,
      // never from this page's URL.
      provider.setAttribute('vendor', vendor.vendor);
      if (vendor.extension) provider.setAttribute('extension', vendor.extension);
      else provider.removeAttribute('extension');
      provider.setAttribute('agent', vendor.agent ?? '');
      if (vendor.credentials) provider.credentials = vendor.credentials;
      if (vendor.options) provider.options = vendor.options;
      provider.setAttribute('server', vendor.server);
    } else {
      provider.setAttribute('server', server);
    }
    provider.addEventListener('cti-incoming-call', (e) => {
      const number = e.detail?.from?.number;
      const w = number && watches.get(number);
      if (w && w.eventAt === undefined) {
        w.eventAt = Date.now();
        w.eventResolve();
      }
    });
    document.body.append(frag);
    await until(() => provider.session?.snapshot?.connection.status === 'connected', 'the connection');
    await until(() => phone.shadowRoot?.querySelector('[part="base"]'), 'cti-phone to render');
    observer = new MutationObserver(check);
    observer.observe(phone.shadowRoot, { subtree: true, childList: true, attributes: true, characterData: true });
    return snapshotSummary();
  },
  /** Sign in and go ready (one tab does this; the others see it through the shared session). */
  async signIn(agent, password, extension) {
    await provider.login({ agent, password, extension });
    await until(() => provider.session.snapshot.agent.phase !== 'logged-out', 'the login');
    await provider.execute({ type: 'ready' });
    await until(() => provider.session.snapshot.agent.phase === 'ready', 'ready');
    return snapshotSummary();
  },
  /** Sign in only (vendors whose agent is ready once signed in, or that have no ready command). */
  async login(agent, password, extension) {
    if (provider.session.snapshot.agent.phase === 'logged-out') await provider.login({ agent, password, extension });
    await until(() => !['logged-out', 'unknown'].includes(provider.session.snapshot.agent.phase), 'the login');
    return snapshotSummary();
  },
  /** Register a SIP account (softphone vendors: no ready state, registered is ready). */
  async register(number, password) {
    await provider.login({ agent: number, password });
    await until(() => provider.session.snapshot.agent.phase === 'ready', 'the SIP registration');
    return snapshotSummary();
  },
  waitReady() {
    return until(() => provider.session?.snapshot?.agent.phase === 'ready', 'ready').then(snapshotSummary);
  },
  /** Start watching for a call from `number`. */
  arm(number) {
    let resolve;
    let eventResolve;
    const done = new Promise((r) => (resolve = r));
    const eventDone = new Promise((r) => (eventResolve = r));
    watches.set(number, { domAt: undefined, eventAt: undefined, resolve, done, eventResolve, eventDone });
    check();
  },
  /** Resolves with the time the call from `number` appeared in the DOM (and the host event time). */
  async seen(number, ms = 10000) {
    const w = watches.get(number);
    if (!w) throw new Error(`not armed for ${number}`);
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error(`call from ${number} never appeared: ${JSON.stringify(snapshotSummary())}`)), ms));
    await Promise.race([w.done, timeout]);
    watches.delete(number);
    return { domAt: w.domAt, eventAt: w.eventAt, state: w.state };
  },
  /** Resolves with the time the host page got `cti-incoming-call` for `number` (and the DOM time, if it rendered by then). */
  async seenEvent(number, ms = 10000) {
    const w = watches.get(number);
    if (!w) throw new Error(`not armed for ${number}`);
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error(`no cti-incoming-call for ${number}: ${JSON.stringify(snapshotSummary())}`)), ms));
    await Promise.race([w.eventDone, timeout]);
    watches.delete(number);
    return { domAt: w.domAt, eventAt: w.eventAt, state: w.state };
  },
  /** Resolves when no live (non-ended) call from `number` is shown. */
  gone(number) {
    return until(() => {
      const li = callFor(number);
      return !li || li.getAttribute('data-state') === 'ended';
    }, `the call from ${number} to clear`).then(() => true);
  },
  /** Page visibility and a rough rAF rate over 250 ms. */
  async visibility() {
    let frames = 0;
    const t0 = performance.now();
    await new Promise((resolve) => {
      const f = () => {
        frames++;
        if (performance.now() - t0 < 250) requestAnimationFrame(f);
        else resolve();
      };
      requestAnimationFrame(f);
      setTimeout(resolve, 1000); // rAF may not run at all in a hidden page
    });
    return { visibilityState: document.visibilityState, hidden: document.hidden, hasFocus: document.hasFocus(), rafPerSecond: Math.round((frames * 1000) / (performance.now() - t0)) };
  },
  /** Where a watched call is: in the session's latest snapshot? in the DOM? host event fired? */
  peek(number) {
    const w = watches.get(number);
    const inSnapshot = Boolean(provider?.session?.snapshot?.calls.some((c) => c.remote.some((p) => p.number === number)));
    return { inSnapshot, inDom: Boolean(callFor(number)), domAt: w?.domAt, eventAt: w?.eventAt, visibilityState: document.visibilityState };
  },
  summary: snapshotSummary,
  /** The first call's id in the session (the bench answers it through the simulator). */
  callId(number) {
    return provider?.session?.snapshot?.calls.find((c) => c.remote.some((p) => p.number === number))?.id;
  },
  /** A command through the session (the bench's agent state change). */
  execute(command) {
    return provider.execute(command).then(
      () => true,
      (e) => {
        throw new Error(`${command.type} refused: ${e?.code ?? ''} ${e?.detail ?? e?.message ?? ''}`.trim());
      },
    );
  },
  /** The session's first pause reason. */
  pauseReason() {
    return provider?.session?.snapshot?.pauseReasons[0]?.id;
  },

  /** A supervisor board (`vendor` as in connect(): Catix, role supervisor) in place of the phone. */
  async board(vendor) {
    const frag = document.getElementById('board').content.cloneNode(true);
    provider = frag.querySelector('cti-provider');
    provider.setAttribute('agent', vendor.agent ?? '');
    if (vendor.credentials) provider.credentials = vendor.credentials;
    if (vendor.options) provider.options = vendor.options;
    provider.setAttribute('server', vendor.server);
    document.body.append(frag);
    await until(() => provider.session?.snapshot?.connection.status === 'connected', 'the connection');
    // 'connected' can come before the session's first resync ends; events that arrive meanwhile are held, a bounded
    // number of them (Catix: 200; the rest are dropped). The board waits for the resync's snapshot (`readyDetail`).
    if (vendor.readyDetail) await until(() => provider.session.snapshot.agent.detail === vendor.readyDetail, `agent detail ${vendor.readyDetail}`);
    return snapshotSummary();
  },
  /** Members in the session's team, and rows in <cti-queue>'s team table. */
  team() {
    const queue = document.querySelector('cti-queue');
    const table = queue?.shadowRoot?.querySelector('cti-team');
    const rows = table?.shadowRoot?.querySelectorAll('[part~="team-member"]').length ?? 0;
    return { members: provider?.session?.snapshot?.team.length ?? 0, rows };
  },
  /** Frames (rAF) over `ms`: frames per second, the longest gap between frames, the long tasks (> 50 ms) meanwhile. */
  async frames(ms) {
    const from = performance.now();
    const tasksBefore = window.__benchLongTasks.length;
    let frames = 0;
    let last = from;
    let maxGap = 0;
    await new Promise((resolve) => {
      const f = (t) => {
        frames++;
        maxGap = Math.max(maxGap, t - last);
        last = t;
        if (t - from < ms) requestAnimationFrame(f);
        else resolve();
      };
      requestAnimationFrame(f);
    });
    const elapsed = performance.now() - from;
    const tasks = window.__benchLongTasks.slice(tasksBefore).filter((x) => x.start >= from);
    return {
      elapsedMs: Math.round(elapsed),
      frames,
      fps: +((frames * 1000) / elapsed).toFixed(1),
      maxFrameGapMs: +maxGap.toFixed(1),
      longTasks: tasks.length,
      longestTaskMs: tasks.length ? +Math.max(...tasks.map((x) => x.duration)).toFixed(1) : 0,
    };
  },
  /** The MessagePort meter (page.html): `on` true resets and starts it, false stops it; returns its counts. */
  portMeter(on) {
    const m = window.__benchPortMeter;
    if (on === true) Object.assign(m, { on: true, messages: 0, bytes: 0, max: 0, unsized: 0, sizes: [] });
    if (on === false) m.on = false;
    return { messages: m.messages, bytes: m.bytes, max: m.max, unsized: m.unsized, sizes: m.sizes.slice() };
  },
  /** `n` commands through the hub, one after the other: each one's time from execute() to its settled promise. */
  async roundTrips(n, command) {
    const times = [];
    let refused = 0;
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      try {
        await provider.execute(command);
      } catch {
        refused++;
      }
      times.push(performance.now() - t0);
    }
    return { times, refused };
  },
};
document.documentElement.dataset.benchReady = 'true';
