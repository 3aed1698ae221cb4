/**
 * The BUILT Salesforce softphone (dist/salesforce/: run `npm run build` first) in a cross-site iframe of a fake
 * Lightning page whose Open CTI records every call (fake-salesforce.ts, fake-opencti.js), against the Interact
 * simulator: settings from the call center definition, click-to-dial through cti-dial-request (and its veto),
 * the panel and the screen pop on ring, the Task logged with the right fields, host errors shown and not thrown,
 * a non-Salesforce origin refused.
 */
import { expect } from '@open-wc/testing';
import { control, simState, startSimulator, waitFor, type SimulatorHandle } from '../../e2e/helpers.js';
import { Softphone, widget } from './helpers.js';
import type { FakeRecord } from './fake-salesforce.js';

const MARIA: FakeRecord = { Id: '003000000000001AAA', Name: 'Maria Souza', Phone: '(11) 95555-4444', object: 'Contact' };
const ACME: FakeRecord = { Id: '001000000000002AAA', Name: 'Acme Ltda', Phone: '(48) 3333-4444', object: 'Account' };
const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

describe('Salesforce softphone (built, Open CTI fake, cross-site iframe)', function () {
  this.timeout(30000);
  let sim: SimulatorHandle | undefined;
  let phone: Softphone | undefined;
  afterEach(async () => {
    phone?.close();
    phone = undefined;
    await sim?.stop();
    sim = undefined;
  });

  async function signedIn(options: Parameters<typeof Softphone.open>[0] = {}, simOptions: Record<string, unknown> = { ringMs: 300, farEndAnswerMs: 300 }) {
    sim = await startSimulator('interact', simOptions);
    phone = await Softphone.open({ settings: widget(sim.url), records: [MARIA, ACME], ...options });
    // The agent is asked once (the call center is shared by every user), then the connection opens.
    await phone.run('agent');
    await phone.until((s) => s.status === 'connected', 'the softphone to connect');
    await phone.run('login');
    await phone.run('ready');
    await phone.until((s) => s.phase === 'ready', 'ready');
    return phone;
  }

  it('loads Open CTI from the org origin only and builds the widget from the call center settings', async () => {
    sim = await startSimulator('interact');
    phone = await Softphone.open({ settings: widget(sim.url, { locale: 'en' }) });
    await phone.run('agent');
    const s = await phone.until((x) => x.status === 'connected', 'the softphone to connect');
    expect(s.agentForm).to.equal(false);
    expect(s.agentLine).to.equal('Agent 1001 · 2001');
    expect(s.provider).to.deep.equal({ vendor: 'interact', server: sim.url, locale: 'en' });
    expect(s.elements).to.deep.equal(['cti-agent-status', 'cti-phone', 'cti-queue']);
    expect(s.lang).to.equal('en');
    const openCti = s.scripts.filter((src) => src.includes('opencti'));
    expect(openCti).to.deep.equal([`${location.origin}/support/api/62.0/lightning/opencti_min.js`]);
    expect(s.trustedTypesEnforced, 'the page enforces Trusted Types, and Open CTI still loaded through its policy').to.equal(true);
    expect(s.notices).to.deep.equal([]);
    const methods = phone.sf.calls.map((c) => c.method);
    expect(methods.filter((m) => m === 'getCallCenterSettings')).to.have.length(1);
    expect(methods).to.include.members(['enableClickToDial', 'onClickToDial', 'onNavigationChange']);
    expect(phone.sf.clickToDialEnabled).to.equal(true);
    expect(phone.of('uncaught')).to.deep.equal([]);
  });

  it('a ringing call shows the panel and pops the number with its data; answered and ended, one Task logs it', async () => {
    const p = await signedIn();
    p.sf.navigate(ACME);
    const { call_id } = await control(sim!, 'inbound', { agent: '1001', from: '11955554444', data: 'pedido=123' });
    await waitFor(() => p.sf.of('searchAndScreenPop').length === 1, 'searchAndScreenPop');
    expect(p.sf.of('setSoftphonePanelVisibility').map((c) => c.args)).to.deep.equal([{ visible: true }]);
    expect(p.sf.panelVisible).to.equal(true);
    const pop = p.sf.of('searchAndScreenPop')[0]!.args;
    expect(pop).to.include({ searchParams: '11955554444', callType: 'inbound', queryParams: 'associated_data=pedido%3D123', deferred: false });
    expect(pop['defaultFieldValues']).to.deep.equal({ Phone: '11955554444' });
    // The pop opened Maria's record (one match): the Task is hers.
    const [id, task] = await waitFor(() => [...p.sf.tasks.entries()][0], 'the Task created when answered');
    expect(task).to.include({ Subject: 'Chamada recebida 11955554444', CallType: 'Inbound', CallObject: call_id, Status: 'In Progress', TaskSubtype: 'Call', WhoId: MARIA.Id, ActivityDate: today() });
    // The call's data as the vendor gave it (Interact: associated_data).
    expect(task['Description']).to.equal('11955554444\nassociated_data: pedido=123');
    expect(task).to.not.have.property('WhatId');
    await new Promise((r) => setTimeout(r, 1100));
    await control(sim!, 'hangup', { call_id });
    await waitFor(() => p.sf.tasks.get(id)?.['Status'] === 'Completed', 'the Task completed');
    expect(p.sf.tasks.get(id)!['CallDurationInSeconds']).to.be.a('number').and.at.least(1);
    // The service demands a classification: given here, it becomes the Task's CallDisposition.
    await p.run('classify', { callId: call_id, classificationId: '2' });
    await waitFor(() => p.sf.tasks.get(id)?.['CallDisposition'] === 'Dúvida resolvida', 'CallDisposition from the classification');
    expect(p.sf.tasks.size).to.equal(1);
    expect(p.sf.of('saveLog').every((c) => typeof c.args['value'] === 'object')).to.equal(true);
    expect(p.of('uncaught')).to.deep.equal([]);
    expect((await p.state()).notices).to.deep.equal([]);
  });

  it('click-to-dial in Salesforce dials through cti-dial-request, logs on the clicked record, and a veto is respected', async () => {
    const p = await signedIn();
    p.sf.navigate(ACME);
    expect(p.sf.clickToDial({ number: '11955554444', recordId: MARIA.Id, recordName: MARIA.Name, objectType: 'Contact' })).to.equal(true);
    await waitFor(() => p.of('cti-dial-request').some((d) => d.number === '11955554444'), 'cti-dial-request');
    await waitFor(async () => (await simState(sim!)).calls.some((c: any) => c.interlocutor === '11955554444'), 'the dial at the vendor');
    const [, task] = await waitFor(() => [...p.sf.tasks.entries()][0], 'the Task of the answered outbound call');
    expect(task).to.include({ Subject: 'Chamada efetuada 11955554444', CallType: 'Outbound', WhoId: MARIA.Id, Status: 'In Progress' });
    expect(p.sf.of('searchAndScreenPop')).to.have.length(0);

    const call = (await simState(sim!)).calls.find((c: any) => c.interlocutor === '11955554444') as any;
    await control(sim!, 'hangup', { call_id: call.call_id });
    await waitFor(() => [...p.sf.tasks.values()][0]?.['Status'] === 'Completed', 'the Task completed');
    await p.until((s) => s.calls.length === 0, 'the call gone');

    await p.run('veto', true);
    const before = p.of('cti-dial-request').length;
    p.sf.clickToDial({ number: '4833334444', recordId: ACME.Id, objectType: 'Account' });
    await waitFor(() => p.of('cti-dial-request').length > before, 'the vetoed cti-dial-request');
    await new Promise((r) => setTimeout(r, 500));
    expect((await simState(sim!)).calls.some((c: any) => c.interlocutor === '4833334444')).to.equal(false);
    expect(p.sf.tasks.size).to.equal(1);
    expect(p.of('uncaught')).to.deep.equal([]);
  });

  it('a clicked number never answered: its Task, created on the clicked record as the call dials, is completed as unanswered', async () => {
    const p = await signedIn({}, { ringMs: 300, farEndAnswerMs: null });
    p.sf.navigate(ACME);
    p.sf.clickToDial({ number: '11955554444', recordId: MARIA.Id, recordName: MARIA.Name, objectType: 'Contact' });
    const [id, task] = await waitFor(() => [...p.sf.tasks.entries()][0], 'the Task of the dialled call');
    const call = (await simState(sim!)).calls.find((c: any) => c.interlocutor === '11955554444') as any;
    expect(task).to.include({ Subject: 'Chamada efetuada 11955554444', CallType: 'Outbound', CallObject: call.call_id, WhoId: MARIA.Id, Status: 'In Progress' });
    await p.until((s) => s.calls.some((c) => c.id === call.call_id && c.state === 'dialing'), 'the call dialling');
    await control(sim!, 'hangup', { call_id: call.call_id });
    await waitFor(() => p.sf.tasks.get(id)?.['Status'] === 'Completed', 'the Task completed');
    expect(p.sf.tasks.get(id)).to.include({ Subject: 'Chamada não atendida 11955554444', CallDisposition: 'Não atendida', CallDurationInSeconds: 0, WhoId: MARIA.Id, CallType: 'Outbound' });
    expect(p.sf.tasks.size).to.equal(1);
    expect(p.sf.of('saveLog')).to.have.length(2);
    expect(p.sf.of('searchAndScreenPop')).to.deep.equal([]);
    expect(p.of('uncaught')).to.deep.equal([]);
  });

  it('a softphone started during a call (the panel reloaded) does not log that call again', async () => {
    const p = await signedIn();
    const { call_id } = await control(sim!, 'inbound', { agent: '1001', from: '11955554444' });
    await waitFor(() => [...p.sf.tasks.values()].some((t) => t['CallObject'] === call_id), 'the Task of the first softphone');
    p.close(); // the only softphone goes away mid-call; the hub keeps the session for a reload
    const second = await Softphone.open({ settings: widget(sim!.url), records: [MARIA] });
    try {
      await second.run('agent'); // remembered in this browser: no form, the widget starts at once
      await second.until((s) => s.calls.some((c) => c.id === call_id && c.state === 'active'), 'the call in the new softphone');
      await new Promise((r) => setTimeout(r, 300));
      await control(sim!, 'hangup', { call_id });
      await second.until((s) => !s.calls.some((c) => c.id === call_id && c.state === 'active'), 'the call ended in the new softphone');
      await new Promise((r) => setTimeout(r, 300));
      expect(second.sf.of('saveLog')).to.deep.equal([]);
      expect(second.of('uncaught')).to.deep.equal([]);
    } finally {
      second.close();
    }
  });

  it('errors from Open CTI are shown on the page and logged, never thrown, and the call still rings', async () => {
    const p = await signedIn();
    p.sf.failNext('setSoftphonePanelVisibility');
    p.sf.throwNext('searchAndScreenPop');
    p.sf.failNext('saveLog', { code: 'SERVER_ERROR', description: 'A problem was encountered on the server.' });
    const { call_id } = await control(sim!, 'inbound', { agent: '1001', from: '11955554444' });
    await waitFor(() => p.of('cti-incoming-call').some((d) => d.callId === call_id), 'the call ringing');
    const s = await p.until((x) => x.notices.length >= 3, 'three notices');
    const texts = s.notices.map((n) => n.text);
    expect(texts).to.include('O Salesforce recusou mostrar o softphone: GENERIC_ERROR: An error occurred while calling the API method.');
    expect(texts).to.include('O Salesforce recusou abrir o registro do número: searchAndScreenPop: fake Open CTI: searchAndScreenPop threw');
    expect(texts).to.include('O Salesforce recusou registrar a chamada: SERVER_ERROR: A problem was encountered on the server.');
    expect(s.notices.every((n) => n.role === 'alert')).to.equal(true);
    expect(p.of('uncaught')).to.deep.equal([]);
    await p.until((x) => x.calls.some((c) => c.id === call_id && c.state === 'active'), 'the call answered regardless');
  });

  it('NEON: the integration credentials come from the org\'s Apex (runApex), in memory only; an Apex failure is said', async () => {
    sim = await startSimulator('neon');
    const settings = { '/ctiWidget/vendor': 'neon', '/ctiWidget/server': sim.url, '/ctiWidget/credentialsApex': 'CtiIntegration.credentials' };
    phone = await Softphone.open({ settings, apex: { 'CtiIntegration.credentials': () => JSON.stringify({ user: 'crm', password: 'secret' }) } });
    const s = await phone.until((x) => x.status === 'connected', 'NEON to authenticate');
    expect(phone.sf.of('runApex').map((c) => c.args)).to.deep.equal([{ apexClass: 'CtiIntegration', methodName: 'credentials', methodParams: '' }]);
    expect(s.agentForm).to.equal(false); // NEON signs in with its SIP account
    expect(s.notices).to.deep.equal([]);
    phone.close();

    phone = await Softphone.open({ settings });
    const failed = await phone.until((x) => x.notices.length > 0, 'the Apex failure');
    expect(failed.notices.map((n) => n.text)).to.deep.equal(['Não foi possível obter as credenciais da integração (CtiIntegration.credentials): SERVER_ERROR: Could not load Apex class: CtiIntegration']);
    expect(phone.of('uncaught')).to.deep.equal([]);
  });

  it('refuses an sfdcIframeOrigin that is not Salesforce: says so and loads nothing', async () => {
    for (const origin of ['https://evil.example.com', 'https://login.salesforce.com.evil.example', 'http://na1.salesforce.com']) {
      phone = await Softphone.open({ iframeOrigin: origin });
      const s = await phone.until((x) => x.notices.length > 0, `the refusal of ${origin}`);
      expect(s.notices.map((n) => n.text)).to.deep.equal([`Origem recusada: ${origin} não é um domínio do Salesforce nem está na lista permitida. Nada dela foi carregado.`]);
      expect(s.notices[0]!.role).to.equal('alert');
      expect(s.scripts.filter((src) => src.includes('opencti'))).to.deep.equal([]);
      expect(s.provider).to.equal(null);
      expect(phone.sf.calls).to.deep.equal([]);
      phone.close();
      phone = undefined;
    }
  });
});
