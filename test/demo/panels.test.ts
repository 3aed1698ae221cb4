/**
 * The demo's simulator panels stand on their own (demo/panels/): one vendor's panel, driven through the shared
 * panel code, against a fake simulator control API — what it lists, what its buttons and form send, how it
 * says a refusal. The page's markup is reduced to the ids the Interact panel uses.
 */
import { expect } from '@open-wc/testing';
import type { SimPanel } from '../../demo/panels/sim.js';

interface Sent {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

const CONTROL = 'http://sim.test/_sim';
const sent: Sent[] = [];
let state: unknown = { connected: true, calls: [] };
/** The next POST's answer: status and JSON. */
let answer: { status: number; json: unknown } = { status: 200, json: {} };

const realFetch = globalThis.fetch;

function fakeFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const url = String(input);
  if (!url.startsWith(CONTROL)) return realFetch(input, init);
  const path = url.slice(CONTROL.length);
  const method = init?.method ?? 'GET';
  sent.push({ method, path, body: init?.body ? (JSON.parse(String(init.body)) as unknown) : undefined });
  const reply = method === 'GET' ? { status: 200, json: state } : answer;
  return Promise.resolve(new Response(JSON.stringify(reply.json), { status: reply.status, headers: { 'content-type': 'application/json' } }));
}

const until = async (check: () => boolean, what: string): Promise<void> => {
  const end = Date.now() + 2000;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('demo simulator panels (Interact, fake control API)', () => {
  let panel: SimPanel;
  let sim: typeof import('../../demo/panels/sim.js');

  before(async () => {
    document.body.insertAdjacentHTML(
      'beforeend',
      `<div id="demo-fixture">
        <form id="sim-inbound">
          <select id="sim-from-select"></select><input id="sim-from">
          <select id="sim-service"><option value="Atendimento">Atendimento</option></select>
          <input id="sim-data"><input id="sim-must-accept" type="checkbox">
        </form>
        <form id="sim-queue"><select id="sim-queue-service"><option value="Vendas">Vendas</option></select></form>
        <span id="sim-server-state"></span><button id="sim-server-toggle" type="button"></button>
        <ul id="sim-calls"></ul><p id="sim-calls-empty"></p>
        <p id="sim-status"></p>
      </div>`,
    );
    globalThis.fetch = fakeFetch as typeof fetch;
    sim = await import('../../demo/panels/sim.js');
    panel = (await import('../../demo/panels/interact.js')).interactPanel;
    sim.renderSimFromOptions();
  });

  after(() => {
    globalThis.fetch = realFetch;
    document.getElementById('demo-fixture')?.remove();
  });

  beforeEach(() => {
    sent.length = 0;
    answer = { status: 200, json: {} };
  });

  it('lists the simulator calls the far end still has, with Answer only while it rings', async () => {
    state = {
      connected: true,
      calls: [
        { call_id: 'c1', agent: '1001', service: 'Atendimento', interlocutor: '11987654321', call_state: 'dialing', call_type: 'inbound' },
        { call_id: 'c2', agent: '1001', interlocutor: '5133334444', call_state: 'talking', call_type: 'outbound' },
        { call_id: 'c3', agent: '1001', interlocutor: '21998765432', call_state: 'classifying', call_type: 'inbound' },
      ],
    };
    sim.showPanel(panel, CONTROL);
    await until(() => document.querySelectorAll('#sim-calls li').length === 2, 'two calls listed');
    expect(sent[0]).to.deep.equal({ method: 'GET', path: '/state', body: undefined });
    const [ringing, talking] = [...document.querySelectorAll<HTMLLIElement>('#sim-calls li')];
    expect(ringing!.querySelector('strong')!.textContent).to.equal('Maria Silva ((11) 98765-4321)');
    expect([...ringing!.querySelectorAll('button')].map((b) => b.textContent)).to.deep.equal(['Atender (remoto)', 'Desligar']);
    expect([...talking!.querySelectorAll('button')].map((b) => b.textContent)).to.deep.equal(['Desligar']);
    expect(document.getElementById('sim-calls-empty')!.hidden).to.equal(true);
    expect(document.getElementById('sim-server-state')!.textContent).to.equal('no ar');
  });

  it('a call button sends its request with the call id, then reads the state again', async () => {
    const hangup = [...document.querySelectorAll<HTMLButtonElement>('#sim-calls li')[1]!.querySelectorAll('button')].pop()!;
    expect(hangup.getAttribute('aria-label')).to.equal('Desligar a chamada de Beatriz Santos ((51) 3333-4444) do lado remoto');
    hangup.click();
    await until(() => sent.length >= 2, 'the hang-up and a new state');
    expect(sent.slice(0, 2)).to.deep.equal([
      { method: 'POST', path: '/hangup', body: { call_id: 'c2' } },
      { method: 'GET', path: '/state', body: undefined },
    ]);
    expect(document.getElementById('sim-status')!.textContent).to.equal('Feito.');
  });

  it('the inbound form sends the picked customer to agent 1001 and says where the call went', async () => {
    expect((document.getElementById('sim-from') as HTMLInputElement).value).to.equal('11987654321');
    expect((document.getElementById('sim-data') as HTMLInputElement).value).to.equal('crm=ACC-1001');
    answer = { status: 200, json: { call_id: 'c9', agent: '1001', queued: false } };
    (document.getElementById('sim-inbound') as HTMLFormElement).requestSubmit();
    await until(() => sent.length >= 2, 'the inbound call and a new state');
    expect(sent[0]).to.deep.equal({
      method: 'POST',
      path: '/inbound',
      body: { from: '11987654321', service: 'Atendimento', data: 'crm=ACC-1001', mustAccept: false, agent: '1001' },
    });
    expect(document.getElementById('sim-status')!.textContent).to.equal('Chamada c9 enviada ao agente 1001.');
  });

  it("a refusal is shown as the simulator's words, marked as an error", async () => {
    answer = { status: 409, json: { error: 'no such call' } };
    document.getElementById('sim-server-toggle')!.click();
    await until(() => document.getElementById('sim-status')!.classList.contains('error'), 'the refusal');
    expect(sent[0]).to.deep.equal({ method: 'POST', path: '/server-state', body: { connected: false } });
    expect(document.getElementById('sim-status')!.textContent).to.equal('O simulador recusou: no such call');
  });
});
