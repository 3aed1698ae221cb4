/**
 * The BUILT Zendesk app (dist/zendesk/assets/iframe.html, run `npm run build` first) in a cross-site iframe under
 * a fake Zendesk parent frame (zaf-fake.ts, this page: another site than the app), with the Interact simulator:
 * popover on ring, the caller looked up by number and their newest open ticket (or the user) opened, the call
 * logged as an internal note or a new ticket with the call's fields, a number clicked in Zendesk dialled (a veto
 * respected), ZAF errors shown and not thrown, a parent origin that is not Zendesk refused before any handshake,
 * and the background location preloading the top bar pane.
 */
import { expect } from '@open-wc/testing';
import { control, startSimulator, waitFor, type SimulatorHandle } from '../../e2e/helpers.js';
import { appUrl, MARIA, mariaTickets, readyApp } from './helpers.js';
import { ZafParentFake } from './zaf-fake.js';

describe('Zendesk app (built) under a fake Zendesk parent frame', function () {
  this.timeout(40000);
  let sim: SimulatorHandle | undefined;
  let fake: ZafParentFake | undefined;
  const panes: HTMLElement[] = [];
  afterEach(async () => {
    for (const pane of panes.splice(0)) pane.remove();
    fake?.close();
    fake = undefined;
    await sim?.stop();
    sim = undefined;
  });

  async function open(settings: Record<string, unknown>, extra: Partial<ConstructorParameters<typeof ZafParentFake>[0]> = {}, container?: HTMLElement) {
    sim = await startSimulator('interact', { ringMs: 100 });
    fake = new ZafParentFake({
      appUrl: appUrl(),
      settings: { vendor: 'interact', server: sim.url, options: '{"format":"json"}', ...settings },
      users: [MARIA, { id: 502, name: 'João Lima', phone: '+55 48 3333-1111' }],
      tickets: mariaTickets(),
      extraParams: { zreport: '1' },
      ...extra,
    });
    const guid = await fake.open('top_bar', undefined, container);
    await readyApp(fake, guid);
    return { fake, guid, sim };
  }

  it('ring: popover, caller found by number, newest open ticket routed to; hang-up: internal note with the call fields', async () => {
    const { fake, guid, sim } = await open({ callLog: 'note' });
    expect(fake.subscriptions.has('voice.dialout'), 'the app listens for numbers clicked in Zendesk').to.equal(true);
    const { call_id } = await control(sim, 'inbound', { agent: '1001', from: '11955554444', service: 'Suporte', data: 'crm=ACC-1001' });
    await waitFor(() => fake.invocations.find((i) => i.name === 'popover'), 'popover on ring');
    expect(fake.invocations.find((i) => i.name === 'popover')).to.deep.include({ args: ['show'], instanceGuid: guid });
    const search = await waitFor(() => fake.requests.find((r) => r.url.startsWith('/api/v2/search.json')), 'the user search');
    expect(decodeURIComponent(search.url)).to.contain('type:user phone:11955554444');
    // No Talk Partner Edition on this account: the display endpoint is refused, the ticket is routed in this browser.
    const route = await waitFor(() => fake.invocations.find((i) => i.name === 'routeTo'), 'routeTo');
    expect(route.args).to.deep.equal(['ticket', '9001']);
    expect(fake.requests.some((r) => r.url.includes('/channels/voice/agents/7/tickets/9001/display'))).to.equal(true);
    await waitFor(async () => (await fake.ask(guid, 'state')).status.includes('#9001'), 'the status line to name the ticket');
    expect((await fake.ask(guid, 'state')).status).to.contain('Maria Souza');

    await waitFor(async () => (await fake.ask(guid, 'state')).calls.some((c: any) => c.id === call_id && c.state === 'active'), 'the call to be active');
    await new Promise((r) => setTimeout(r, 1100));
    await control(sim, 'hangup', { call_id });
    const ticket = fake.tickets.find((tk) => tk.id === 9001)!;
    await waitFor(() => ticket.comments?.length, 'the internal note on ticket 9001');
    const note = ticket.comments![0]!;
    expect(note.public).to.equal(false);
    expect(note.body).to.contain('Número: 11955554444');
    expect(note.body).to.contain('Direção: recebida');
    expect(note.body).to.contain('Atendida: sim');
    expect(note.body).to.match(/Duração: 0:0[1-9]/);
    expect(note.body).to.contain(`ID da chamada: ${call_id}`);
    expect(note.body).to.contain('Sistema: interact');
    expect(note.body).to.contain('Serviço: Suporte');
    expect(note.body).to.contain('crm=ACC-1001');
    expect(fake.tickets.filter((tk) => tk.comments?.length).map((tk) => tk.id), 'no other ticket written').to.deep.equal([9001]);
    await waitFor(async () => (await fake.ask(guid, 'state')).status.includes('#9001'), 'the status line to say where the call was logged');
    const state = await fake.ask(guid, 'state');
    expect(state.alerts).to.deep.equal([]);
    expect(state.errors).to.deep.equal([]);
  });

  it('with Talk Partner Edition the display endpoint opens the user (no open ticket), the pane not shown; callLog "ticket" creates a ticket for the caller', async () => {
    // The pane preloaded but not shown (display: none, no animation frames in it): the call still pops.
    const pane = document.createElement('div');
    pane.hidden = true;
    document.body.append(pane);
    panes.push(pane);
    const { fake, guid, sim } = await open({ callLog: 'ticket' }, { tpe: true, tickets: [] }, pane);
    const { call_id } = await control(sim, 'inbound', { agent: '1001', from: '11955554444' });
    await waitFor(() => fake.requests.find((r) => r.url === '/api/v2/channels/voice/agents/7/users/501/display.json' && r.type === 'POST'), 'the TPE user display');
    await waitFor(async () => (await fake.ask(guid, 'state')).calls.some((c: any) => c.id === call_id && c.state === 'active'), 'the call to be active');
    await control(sim, 'hangup', { call_id });
    const created = await waitFor(() => fake.tickets.find((tk) => tk.requester_id === 501), 'a new ticket for Maria');
    expect(fake.invocations.filter((i) => i.name === 'routeTo'), 'TPE opened it: no routing in the browser').to.deep.equal([]);
    expect(created.subject).to.equal('Chamada recebida: 11955554444');
    expect(created.comments![0]).to.deep.include({ public: false });
    expect(created.comments![0]!.body).to.contain(`ID da chamada: ${call_id}`);
    expect(created.tags).to.include('cti_inbound');
    await waitFor(async () => (await fake.ask(guid, 'state')).status.includes(`#${created.id}`), 'the status line to name the new ticket');
  });

  it('a number clicked in Zendesk (voice.dialout) dials; a vetoed number is not dialled and the app says so', async () => {
    const { fake, guid, sim } = await open({ callLog: 'off' });
    expect(await fake.ask(guid, 'veto', { number: '4830009999' })).to.deep.equal({ ok: true });
    fake.trigger('voice.dialout', { number: '4830009999' });
    await waitFor(async () => (await fake.ask(guid, 'state')).status.includes('4830009999'), 'the veto said');
    expect((await fake.ask(guid, 'state')).calls).to.deep.equal([]);
    expect((await control(sim, 'state')).calls).to.deep.equal([]);

    // As Zendesk shows a number: separators dropped before dialling.
    fake.trigger('voice.dialout', { number: '(48) 3000-1234' });
    await waitFor(async () => (await fake.ask(guid, 'state')).calls.some((c: any) => c.number === '4830001234'), 'the dialled call in the phone');
    const simCalls = (await control(sim, 'state')).calls as { call_id: string }[];
    expect(simCalls).to.have.length(1);
    // callLog off: the call ends without a write to Zendesk.
    await control(sim, 'hangup', { call_id: simCalls[0]!.call_id });
    await waitFor(async () => (await fake.ask(guid, 'state')).calls.length === 0, 'the call to end');
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.requests.filter((r) => r.type !== 'GET')).to.deep.equal([]);
  });

  it('a call dialled from Zendesk is logged as outbound: a new ticket for the user found by the number when none is open', async () => {
    const { fake, guid, sim } = await open({ callLog: 'note' });
    fake.trigger('voice.dialout', { number: '4833331111' });
    await waitFor(async () => (await fake.ask(guid, 'state')).calls.some((c: any) => c.number === '4833331111'), 'the dialled call');
    expect(fake.invocations.filter((i) => i.name === 'popover' || i.name === 'routeTo'), 'no screen pop for an outbound call').to.deep.equal([]);
    const [{ call_id }] = (await control(sim, 'state')).calls as { call_id: string }[];
    await control(sim, 'hangup', { call_id });
    const created = await waitFor(() => fake.tickets.find((tk) => tk.requester_id === 502), 'a ticket for João');
    expect(created.subject).to.equal('Chamada efetuada: 4833331111');
    expect(created.comments![0]!.body).to.contain('Direção: efetuada');
    expect(created.tags).to.include('cti_outbound');
  });

  it('two Zendesk tabs: the call pops and is logged once, by the tab the hub elected', async () => {
    const { fake, guid, sim } = await open({ callLog: 'note' });
    // A second tab of Zendesk: the same app, the agent's login remembered, the same session (one connection).
    const second = await fake.open('top_bar');
    await waitFor(async () => {
      const s = await fake.ask(second, 'state');
      return s.connection === 'connected' && s.phase === 'ready';
    }, 'the second tab on the same session', 15000, 100);
    const { call_id } = await control(sim, 'inbound', { agent: '1001', from: '11955554444' });
    await waitFor(() => fake.invocations.find((i) => i.name === 'routeTo'), 'the screen pop');
    await waitFor(async () => (await fake.ask(guid, 'state')).calls.some((c: any) => c.id === call_id && c.state === 'active'), 'the call to be active');
    await control(sim, 'hangup', { call_id });
    await waitFor(() => fake.tickets.find((tk) => tk.id === 9001)?.comments?.length, 'the note');
    await new Promise((r) => setTimeout(r, 500));
    expect(fake.invocations.filter((i) => i.name === 'popover')).to.have.length(1);
    expect(fake.invocations.filter((i) => i.name === 'routeTo')).to.have.length(1);
    expect(fake.requests.filter((r) => r.url.startsWith('/api/v2/search.json'))).to.have.length(1);
    expect(fake.tickets.find((tk) => tk.id === 9001)!.comments).to.have.length(1);
  });

  it('ZAF errors (popover refused, search failing, note refused) are shown in the app and logged, never thrown', async () => {
    const { fake, guid, sim } = await open({ callLog: 'note' });
    fake.failActions.set('popover', { message: 'Pane is busy' });
    fake.failRequests.push({ match: /^\/api\/v2\/search\.json/, failure: { status: 500, message: 'Search is down' } });
    const { call_id } = await control(sim, 'inbound', { agent: '1001', from: '11955554444' });
    const state = await waitFor(async () => {
      const s = await fake.ask(guid, 'state');
      return s.alerts.length >= 2 ? s : undefined;
    }, 'two errors shown');
    expect(state.alerts.join('\n')).to.contain('O Zendesk recusou mostrar o painel: Pane is busy');
    expect(state.alerts.join('\n')).to.contain('O Zendesk recusou buscar o cliente: 500 Failure: Search is down');
    // Nothing thrown in the app page, and the phone still works: the call is there.
    expect(state.errors).to.deep.equal([]);
    expect(state.calls.map((c: any) => c.id)).to.include(call_id);
    // No caller found (the search failed): the ended call becomes a new ticket; that fails too, and is shown.
    fake.failRequests.push({ match: /^\/api\/v2\/tickets\.json/, failure: { status: 422, message: 'Requester blocked' } });
    await waitFor(async () => (await fake.ask(guid, 'state')).calls.some((c: any) => c.id === call_id && c.state === 'active'), 'the call to be active');
    await control(sim, 'hangup', { call_id });
    await waitFor(async () => (await fake.ask(guid, 'state')).alerts.some((a: string) => a.includes('registrar a chamada: 422')), 'the log failure shown');
    expect((await fake.ask(guid, 'state')).errors).to.deep.equal([]);
  });

  it('axe finds no violation in the app: the agent-login form, the phone with a call and an error shown', async () => {
    sim = await startSimulator('interact', { ringMs: 100 });
    // A Zendesk user this browser has no remembered login for: the app asks it first.
    fake = new ZafParentFake({ appUrl: appUrl(), settings: { vendor: 'interact', server: sim.url, callLog: 'note' }, users: [MARIA], tickets: mariaTickets(), currentUser: { id: 900 + Math.floor(Math.random() * 1e6), name: 'Ana', locale: 'pt-BR' }, extraParams: { zreport: '1' } });
    const f = fake;
    const guid = await f.open('top_bar');
    await waitFor(async () => (await f.ask(guid, 'state')).agentForm, 'the agent-login form');
    expect((await f.ask(guid, 'axe', {}, 20000)).violations, 'agent-login form').to.deep.equal([]);
    await f.ask(guid, 'agent', { agent: '1001' });
    // The form is gone: the keyboard focus goes to the phone's sign-in, not to the page body.
    await waitFor(async () => (await f.ask(guid, 'state')).focus.startsWith('cti-agent-status input'), 'the focus in the sign-in form');
    await readyApp(f, guid);
    f.failActions.set('popover', { message: 'Pane is busy' });
    const { call_id } = await control(sim, 'inbound', { agent: '1001', from: '11955554444', data: 'crm=ACC-1001' });
    await waitFor(async () => (await f.ask(guid, 'state')).alerts.length > 0, 'the error shown');
    await waitFor(async () => (await f.ask(guid, 'state')).calls.some((c: any) => c.id === call_id), 'the call shown');
    expect((await f.ask(guid, 'axe', {}, 20000)).violations, 'phone with a call and an error').to.deep.equal([]);
  });

  it('axe finds no violation in the refusal page', async () => {
    const f = new ZafParentFake({ appUrl: appUrl(), settings: {}, claimedOrigin: 'https://evil.example', extraParams: { zreport: '1' } });
    fake = f;
    const guid = await f.open('top_bar');
    await waitFor(async () => (await f.ask(guid, 'state')).fatal, 'the refusal');
    expect((await f.ask(guid, 'axe', {}, 20000)).violations).to.deep.equal([]);
  });

  it('a wrong setting is named in the app and nothing connects', async () => {
    const f = new ZafParentFake({ appUrl: appUrl(), settings: { vendor: 'avaya', server: 'https://pbx.example.com' }, extraParams: { zreport: '1' } });
    fake = f;
    const guid = await f.open('top_bar');
    const state = await waitFor(async () => {
      const s = await f.ask(guid, 'state');
      return s.alerts.length ? s : undefined;
    }, 'the settings error');
    expect(state.alerts[0]).to.contain('Configuração do aplicativo inválida: vendor "avaya"');
    expect(state.provider).to.equal(false);
    expect(state.widgetLoaded, 'the widget is not even loaded').to.equal(false);
  });

  it('a parent that is not Zendesk (nor allow-listed) is refused before the ZAF handshake; the widget is not loaded', async () => {
    for (const claimed of ['https://acme.zendesk.com.evil.example', 'http://acme.zendesk.com', 'https://evil.example']) {
      const f = new ZafParentFake({ appUrl: appUrl(), settings: {}, claimedOrigin: claimed, extraParams: { zreport: '1' } });
      fake = f;
      const guid = await f.open('top_bar');
      const state = await waitFor(async () => {
        const s = await f.ask(guid, 'state');
        return s.fatal ? s : undefined;
      }, `the refusal of ${claimed}`);
      expect(state.fatal).to.contain(claimed).and.to.contain('https://*.zendesk.com');
      expect(state.provider).to.equal(false);
      expect(state.widgetLoaded).to.equal(false);
      expect(f.received, 'no ZAF message from a refused page').to.deep.equal([]);
      f.close();
      fake = undefined;
    }
  });

  it('the background location preloads the top bar pane and runs no phone of its own', async () => {
    sim = await startSimulator('interact', { ringMs: 100 });
    fake = new ZafParentFake({ appUrl: appUrl(), settings: { vendor: 'interact', server: sim.url }, extraParams: { zreport: '1' } });
    const top = await fake.open('top_bar');
    const background = await fake.open('background', { width: 1, height: 1 });
    const f = fake;
    await waitFor(() => f.invocations.find((i) => i.name === 'preloadPane'), 'preloadPane');
    expect(f.invocations.filter((i) => i.name === 'preloadPane')).to.deep.equal([{ name: 'preloadPane', args: [], instanceGuid: top }]);
    const bg = await f.ask(background, 'state');
    expect(bg.provider).to.equal(false);
    expect(bg.errors).to.deep.equal([]);
  });
});
