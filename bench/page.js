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
  for (const li of root.querySelectorAll('[part~="call"]')) {
    if (li.querySelector('[part="caller"]')?.textContent?.includes(number)) return li;
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
      if (w && w.eventAt === undefined) w.eventAt = Date.now();
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
    const done = new Promise((r) => (resolve = r));
    watches.set(number, { domAt: undefined, eventAt: undefined, resolve, done });
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
};
document.documentElement.dataset.benchReady = 'true';
