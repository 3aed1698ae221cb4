/*
 * Test-only: injected into the built softphone page by test/hosts/salesforce/middleware.mjs when the adapter URL
 * has `ctiTestDriver=1`. The page is on another site than the test (a cross-site iframe), so this reports what
 * the page shows and does to the parent, and runs the few commands a test needs (an agent typing its password).
 * Posts `{ ctiDriver: 1, type, detail }` to the parent (any origin: test code only).
 */
const post = (type, detail) => parent.postMessage({ ctiDriver: 1, type, detail: JSON.parse(JSON.stringify(detail ?? null)) }, '*');
addEventListener('error', (e) => post('uncaught', String(e.message)));
addEventListener('unhandledrejection', (e) => post('uncaught', String(e.reason?.message ?? e.reason)));
const warn = console.warn;
console.warn = (...args) => {
  post('warn', args.map(String).join(' '));
  warn.apply(console, args);
};
for (const type of ['cti-incoming-call', 'cti-call-answered', 'cti-call-ended', 'cti-error', 'cti-dial-request', 'cti-connection-changed']) {
  document.addEventListener(type, (e) => post(type, e.detail));
}
let veto = false;
document.addEventListener('cti-dial-request', (e) => {
  if (veto) e.preventDefault();
});

function state() {
  const provider = document.querySelector('cti-provider');
  const s = provider?.session;
  return {
    notices: [...document.querySelectorAll('#host-notices .notice')].map((n) => ({ text: n.querySelector('span')?.textContent, role: n.getAttribute('role') })),
    scripts: [...document.scripts].map((s) => s.src).filter(Boolean),
    provider: provider ? { vendor: provider.getAttribute('vendor'), server: provider.getAttribute('server'), locale: provider.getAttribute('locale') } : null,
    elements: provider ? [...provider.children].map((c) => c.localName) : [],
    hubMode: s?.hubMode,
    status: s?.snapshot?.connection.status,
    phase: s?.snapshot?.agent.phase,
    calls: s?.snapshot?.calls.map((c) => ({ id: c.id, state: c.state })) ?? [],
    lang: document.documentElement.lang,
    agentForm: !!document.getElementById('agent-form'),
    // Trusted Types enforced by the page's CSP: a plain string is refused as a script URL.
    trustedTypesEnforced: (() => {
      try {
        document.createElement('script').src = 'https://evil.example/x.js';
        return false;
      } catch {
        return true;
      }
    })(),
    agentLine: document.querySelector('.agent-line span')?.textContent ?? null,
  };
}

addEventListener('message', async (event) => {
  if (event.source !== parent || event.data?.ctiDriver !== 1 || !event.data.cmd) return;
  const { cmd, arg } = event.data;
  if (cmd === 'state') return post('state', state());
  if (cmd === 'veto') {
    veto = !!arg;
    return post('done', cmd);
  }
  if (cmd === 'crash') {
    // A crashed tab says nothing more, not even the `bye` of its pagehide: mute its BroadcastChannels.
    BroadcastChannel.prototype.postMessage = () => undefined;
    return post('done', cmd);
  }
  try {
    if (cmd === 'agent') {
      // The agent form (first time in this browser) or the provider (remembered) — whichever comes.
      for (let i = 0; i < 200 && !document.getElementById('agent-form') && !document.querySelector('cti-provider'); i++) await new Promise((r) => setTimeout(r, 25));
      const form = document.getElementById('agent-form');
      if (form) {
        form.elements.namedItem('agent-id').value = arg?.agent ?? '1001';
        form.elements.namedItem('agent-extension').value = arg?.extension ?? '2001';
        form.requestSubmit();
      }
      return post('done', cmd);
    }
    await customElements.whenDefined('cti-provider');
    const provider = document.querySelector('cti-provider');
    if (!provider) throw new Error('no provider');
    if (cmd === 'login') await provider.login({ agent: '1001', password: '1234', extension: '2001' });
    else if (cmd === 'ready') await provider.execute({ type: 'ready' });
    else if (cmd === 'classify') await provider.execute({ type: 'classify', callId: arg.callId, classificationId: arg.classificationId });
    else throw new Error(`unknown command ${cmd}`);
    post('done', cmd);
  } catch (e) {
    post('failed', { cmd, error: e });
  }
});
post('loaded');
