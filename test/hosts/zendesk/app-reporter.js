// Test code only (added to the built app page by zendesk-middleware.mjs with `zreport=1`): answers the test
// page's `{ zreporter: 'cmd', cmd, ... }` with `{ zreporter: 'reply', seq, ... }`. It posts to any parent.
const reply = (seq, body) => parent.postMessage({ zreporter: 'reply', seq, ...JSON.parse(JSON.stringify(body ?? {})) }, '*');
const errors = [];
addEventListener('error', (e) => errors.push(String(e.message)));
addEventListener('unhandledrejection', (e) => errors.push(String(e.reason?.message ?? e.reason)));
// What the app warned about (a malformed message from another tab is logged with console.warn).
const warnings = [];
const warn = console.warn.bind(console);
console.warn = (...args) => (warnings.push(args.map(String).join(' ')), warn(...args));
// What the app's frames in the other tabs said on their channel (`own`, `done` …), as this frame heard it.
const heard = [];
new BroadcastChannel('cti-zendesk-calls').onmessage = ({ data: m }) => {
  if (m?.k === 'own' || m?.k === 'done') heard.push({ k: m.k, call: m.call, u: m.u, t: m.t });
};
const text = (el) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

function state() {
  const provider = document.querySelector('cti-provider');
  const snapshot = provider?.session?.snapshot;
  return {
    fatal: text(document.querySelector('.zd-fatal')),
    status: text(document.querySelector('.zd-status')),
    alerts: [...document.querySelectorAll('.zd-alert [role="alert"]')].map(text),
    provider: !!provider,
    agentForm: !!document.querySelector('form.zd-agent'),
    focus: [document.activeElement?.tagName.toLowerCase(), document.activeElement?.shadowRoot?.activeElement?.tagName.toLowerCase(), document.activeElement?.shadowRoot?.activeElement?.getAttribute('autocomplete')].filter(Boolean).join(' '),
    hubMode: provider?.session?.hubMode,
    connection: snapshot?.connection.status,
    connectionDetail: snapshot?.connection,
    lastError: snapshot?.lastError,
    phase: snapshot?.agent.phase,
    calls: snapshot?.calls.map((c) => ({ id: c.id, state: c.state, number: c.remote[0]?.number })) ?? [],
    widgetLoaded: !!customElements.get('cti-provider'),
    errors,
    warnings,
    heard,
  };
}

addEventListener('message', async (event) => {
  const data = event.data;
  if (event.source !== parent || data?.zreporter !== 'cmd') return;
  const { seq, cmd } = data;
  try {
    if (cmd === 'state') return reply(seq, state());
    if (cmd === 'crash') {
      // A crashed tab says nothing more, not even the `bye` of its pagehide: mute its BroadcastChannels.
      BroadcastChannel.prototype.postMessage = () => undefined;
      return reply(seq, { ok: true });
    }
    if (cmd === 'noise') {
      // Any frame of the app's origin can post on the tabs' channel: malformed messages, none of them ours.
      const channel = new BroadcastChannel('cti-zendesk-calls');
      const cyclic = { cti: 'cti-zd1', k: 'own' };
      cyclic.self = cyclic;
      const bad = [null, 'done', 42, cyclic, { cti: 'cti-sf1', tab: 't1', k: 'hello' }, { cti: 'cti-zd1', tab: 't1', k: 'shout' },
        { cti: 'cti-zd1', tab: 'not a tab id!', k: 'bye' }, { cti: 'cti-zd1', tab: 't1', k: 'own', call: data.callId, t: '<b>9001</b>' },
        { cti: 'cti-zd1', tab: 't1', k: 'own', call: data.callId, u: -1 }, { cti: 'cti-zd1', tab: 't1', k: 'own', call: 'x'.repeat(300) },
        { cti: 'cti-zd1', tab: 't1', k: 'done', call: 7 }, { cti: 'cti-zd1', tab: 't1', k: 'claim', key: 'k', rank: { toString: 1 } }, new ArrayBuffer(8)];
      for (const m of bad) channel.postMessage(m);
      channel.close();
      return reply(seq, { ok: true, count: bad.length });
    }
    if (cmd === 'axe') {
      if (!window.axe) {
        const script = document.createElement('script');
        script.src = '/node_modules/axe-core/axe.min.js';
        await new Promise((resolve, reject) => {
          script.onload = resolve;
          script.onerror = reject;
          document.head.append(script);
        });
      }
      // heading-order (best practice, not WCAG): <cti-queue> titles its queues with <h3> wherever it is placed, so
      // under this page's <h1> a level is skipped — the element's finding, reported to its owner, not this page's.
      const result = await window.axe.run(document, { resultTypes: ['violations'], rules: { 'heading-order': { enabled: false } } });
      return reply(seq, { violations: result.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) })) });
    }
    if (cmd === 'agent') {
      // What the agent does once: types the Interact login into the app's form.
      const form = document.querySelector('form.zd-agent');
      if (form) {
        form.querySelector('input').value = data.agent;
        form.requestSubmit();
      } else if (document.querySelector('cti-provider')?.getAttribute('agent') !== data.agent) throw new Error('no agent form and no remembered agent');
      return reply(seq, { ok: true });
    }
    const provider = document.querySelector('cti-provider');
    if (!provider) throw new Error('no provider');
    if (cmd === 'login') {
      await provider.login({ agent: '1001', password: '1234', extension: '2001' });
      await provider.execute({ type: 'ready' });
    } else if (cmd === 'veto') {
      // What an integrator's do-not-call rule in the app page would do.
      provider.addEventListener('cti-dial-request', (e) => {
        if (e.detail.number === data.number) e.preventDefault();
      });
    } else if (cmd === 'hangup') {
      await provider.execute({ type: 'hangup', callId: data.callId });
    } else if (cmd === 'classify') {
      await provider.execute({ type: 'classify', callId: data.callId, classificationId: '1' });
      await provider.execute({ type: 'end-after-call', callId: data.callId });
    } else throw new Error(`unknown command ${cmd}`);
    reply(seq, { ok: true });
  } catch (e) {
    reply(seq, { ok: false, error: String(e?.message ?? e?.code ?? e) });
  }
});
