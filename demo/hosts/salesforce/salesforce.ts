/**
 * The demo's Salesforce mode: this page plays Salesforce Lightning with the faithful Open CTI fake
 * (test/hosts/salesforce/fake-salesforce.ts); the softphone is the BUILT dist/salesforce/softphone.html in an
 * iframe on the other host name (localhost vs 127.0.0.1: another site), exactly as Salesforce embeds it.
 */
import { FakeSalesforce, type FakeRecord, type OpenCtiCall } from '../../../test/hosts/salesforce/fake-salesforce.js';

type Lang = 'pt-BR' | 'en' | 'es';
const TEXT: Record<Lang, Record<string, string>> = {
  'pt-BR': {
    title: 'Service Console (Salesforce simulado)',
    lang: 'Idioma',
    intro: 'Esta página faz o papel do Salesforce Lightning: o softphone é o pacote construído (dist/salesforce/) num iframe de outro site, e o Open CTI é uma simulação fiel que registra cada chamada abaixo. Entre como agente 1001, senha 1234, ramal 2001, fique disponível e mande uma ligação.',
    records: 'Contatos e contas',
    open: 'Registro aberto:',
    sim: 'Contact center simulado',
    callMaria: 'Maria liga',
    callUnknown: 'Número desconhecido liga',
    hangup: 'Cliente desliga',
    phone: 'Telefone',
    log: 'Chamadas do Open CTI',
    tasks: 'Tarefas registradas (saveLog)',
    tSubject: 'Assunto',
    tType: 'Tipo',
    tStatus: 'Status',
    tDuration: 'Duração (s)',
    tWho: 'Relacionado a',
    tDisposition: 'Resultado',
    back: 'Voltar à demonstração',
    openBtn: 'Abrir',
    dial: 'Ligar para {name}, {phone}',
    docked: 'aberto',
    minimized: 'minimizado',
    noBuild: 'O pacote do Salesforce não foi construído: rode npm run build e recarregue.',
    sent: 'Ligação enviada ({id}).',
    noCall: 'Nenhuma ligação em andamento.',
    c2dOff: 'clique para discar desativado',
  },
  en: {
    title: 'Service Console (simulated Salesforce)',
    lang: 'Language',
    intro: 'This page plays Salesforce Lightning: the softphone is the built package (dist/salesforce/) in an iframe of another site, and Open CTI is a faithful simulation that records every call below. Sign in as agent 1001, password 1234, extension 2001, go ready and send a call.',
    records: 'Contacts and accounts',
    open: 'Open record:',
    sim: 'Simulated contact center',
    callMaria: 'Maria calls',
    callUnknown: 'Unknown number calls',
    hangup: 'Caller hangs up',
    phone: 'Phone',
    log: 'Open CTI calls',
    tasks: 'Logged tasks (saveLog)',
    tSubject: 'Subject',
    tType: 'Type',
    tStatus: 'Status',
    tDuration: 'Duration (s)',
    tWho: 'Related to',
    tDisposition: 'Result',
    back: 'Back to the demo',
    openBtn: 'Open',
    dial: 'Call {name}, {phone}',
    docked: 'open',
    minimized: 'minimized',
    noBuild: 'The Salesforce package is not built: run npm run build and reload.',
    sent: 'Call sent ({id}).',
    noCall: 'No call in progress.',
    c2dOff: 'click-to-dial disabled',
  },
  es: {
    title: 'Service Console (Salesforce simulado)',
    lang: 'Idioma',
    intro: 'Esta página hace de Salesforce Lightning: el softphone es el paquete construido (dist/salesforce/) en un iframe de otro sitio, y Open CTI es una simulación fiel que registra cada llamada abajo. Entre como agente 1001, contraseña 1234, extensión 2001, quede disponible y envíe una llamada.',
    records: 'Contactos y cuentas',
    open: 'Registro abierto:',
    sim: 'Contact center simulado',
    callMaria: 'Llama Maria',
    callUnknown: 'Llama un número desconocido',
    hangup: 'El cliente cuelga',
    phone: 'Teléfono',
    log: 'Llamadas de Open CTI',
    tasks: 'Tareas registradas (saveLog)',
    tSubject: 'Asunto',
    tType: 'Tipo',
    tStatus: 'Estado',
    tDuration: 'Duración (s)',
    tWho: 'Relacionado con',
    tDisposition: 'Resultado',
    back: 'Volver a la demostración',
    openBtn: 'Abrir',
    dial: 'Llamar a {name}, {phone}',
    docked: 'abierto',
    minimized: 'minimizado',
    noBuild: 'El paquete de Salesforce no está construido: ejecute npm run build y recargue.',
    sent: 'Llamada enviada ({id}).',
    noCall: 'Ninguna llamada en curso.',
    c2dOff: 'clic para marcar desactivado',
  },
};

const RECORDS: FakeRecord[] = [
  { Id: '0035e00000MARIA1', Name: 'Maria Souza', Phone: '(11) 95555-4444', object: 'Contact' },
  { Id: '00Q5e00000JOAO01', Name: 'João Ribeiro', Phone: '(21) 98888-7777', object: 'Lead' },
  { Id: '0015e00000ACME01', Name: 'Acme Ltda', Phone: '(48) 3333-4444', object: 'Account' },
];

const params = new URLSearchParams(location.search);
let lang: Lang = (['pt-BR', 'en', 'es'] as const).find((l) => l === params.get('lang')) ?? 'pt-BR';
const t = (key: string, vars: Record<string, string> = {}) => (TEXT[lang][key] ?? key).replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
let sf: FakeSalesforce | undefined;
let control = '';

function applyText(): void {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll<HTMLElement>('[data-t]')) el.textContent = t(el.dataset['t']!);
  ($('lang') as HTMLSelectElement).value = lang;
  renderRecords();
  renderState();
}

function renderRecords(): void {
  const list = $('records');
  list.replaceChildren(
    ...RECORDS.map((r) => {
      const li = document.createElement('li');
      li.className = 'sf-record';
      const name = document.createElement('span');
      name.className = 'sf-record-name';
      name.textContent = r.Name;
      const type = document.createElement('span');
      type.className = 'sf-record-type';
      type.textContent = r.object;
      const open = document.createElement('button');
      open.type = 'button';
      open.textContent = t('openBtn');
      open.setAttribute('aria-label', `${t('openBtn')} ${r.Name}`);
      open.addEventListener('click', () => {
        sf?.navigate(r);
        renderState();
      });
      const dial = document.createElement('button');
      dial.type = 'button';
      dial.className = 'sf-phone';
      dial.textContent = r.Phone;
      dial.setAttribute('aria-label', t('dial', { name: r.Name, phone: r.Phone }));
      // A Lightning phone field is a click-to-dial link only while the softphone enabled it.
      dial.disabled = !sf?.clickToDialEnabled;
      if (dial.disabled) dial.title = t('c2dOff');
      dial.addEventListener('click', () => sf?.clickToDial({ number: r.Phone.replace(/\D/g, ''), recordId: r.Id, recordName: r.Name, objectType: r.object }));
      li.append(name, type, dial, open);
      return li;
    }),
  );
}

function renderState(): void {
  if (!sf) return;
  $('open-record').textContent = sf.current ? `${sf.current.Name} (${sf.current.object})` : '—';
  $('panel-state').textContent = sf.panelVisible ? t('docked') : t('minimized');
  for (const b of document.querySelectorAll<HTMLButtonElement>('.sf-phone')) b.disabled = !sf.clickToDialEnabled;
  const body = ($('tasks') as HTMLTableElement).tBodies[0]!;
  body.replaceChildren(
    ...[...sf.tasks.values()].map((task) => {
      const tr = document.createElement('tr');
      const related = [task['WhoId'], task['WhatId']].filter(Boolean).map((id) => RECORDS.find((r) => r.Id === id)?.Name ?? String(id));
      for (const v of [task['Subject'], task['CallType'], task['Status'], task['CallDurationInSeconds'], related.join(', '), task['CallDisposition']]) {
        const td = document.createElement('td');
        td.textContent = v === undefined ? '' : String(v);
        tr.append(td);
      }
      return tr;
    }),
  );
}

function logCall(call: OpenCtiCall): HTMLLIElement {
  const li = document.createElement('li');
  const r = call.response as { success?: boolean; errors?: { code: string }[] | null } | undefined;
  const method = document.createElement('code');
  method.textContent = call.method;
  const args = document.createElement('span');
  args.className = 'sf-args';
  args.textContent = Object.keys(call.args).length ? JSON.stringify(call.args) : '';
  const result = document.createElement('span');
  result.className = r?.success ? 'ok' : 'err';
  result.textContent = r?.success ? '✓' : `✗ ${r?.errors?.map((e) => e.code).join(', ') ?? ''}`;
  li.append(method, ' ', result, ' ', args);
  return li;
}

/** The newest 30 Open CTI calls, newest first. */
function renderLog(): void {
  $('opencti-log').replaceChildren(...(sf?.calls.slice(-30).reverse().map(logCall) ?? []));
  renderState();
}

async function simulate(path: string, body: unknown): Promise<any> {
  const res = await fetch(`${control}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(await res.text());
  return res.json();
}

async function main(): Promise<void> {
  applyText();
  $('lang').addEventListener('change', (e) => {
    lang = (e.target as HTMLSelectElement).value as Lang;
    const url = new URL(location.href);
    url.searchParams.set('lang', lang);
    history.replaceState(null, '', url);
    applyText();
  });
  const config = (await (await fetch('/demo/config.json')).json()) as { vendors: { interact: { server: string; control: string } } };
  control = config.vendors.interact.control;
  const other = `${location.protocol}//${location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1'}:${location.port}`;
  const built = await fetch(`${other}/dist/salesforce/callcenter.xml`).then((r) => r.ok, () => false);
  if (!built) {
    $('problem').textContent = t('noBuild');
    $('problem').hidden = false;
    return;
  }
  sf = await FakeSalesforce.open({
    widgetOrigin: other,
    settings: { '/ctiWidget/vendor': 'interact', '/ctiWidget/server': config.vendors.interact.server, '/ctiWidget/locale': lang },
    records: RECORDS,
    parent: $('softphone-slot'),
    width: 360,
    height: 600,
  });
  sf.onCall = renderLog;
  renderLog();
  $('call-maria').addEventListener('click', () => void send('11955554444'));
  $('call-unknown').addEventListener('click', () => void send('4730301234'));
  $('hangup').addEventListener('click', async () => {
    const state = await (await fetch(`${control}/state`)).json();
    const call = state.calls.find((c: any) => c.agent === '1001' && ['talking', 'dialing', 'calling', 'connected'].includes(c.call_state)) ?? state.calls.find((c: any) => c.agent === '1001');
    if (!call) return void ($('sim-status').textContent = t('noCall'));
    await simulate('hangup', { call_id: call.call_id }).catch((e: Error) => ($('sim-status').textContent = e.message));
  });
}

async function send(from: string): Promise<void> {
  try {
    const r = await simulate('inbound', { agent: '1001', from, data: 'pedido=48213' });
    $('sim-status').textContent = t('sent', { id: r.call_id });
  } catch (e) {
    $('sim-status').textContent = (e as Error).message;
  }
}

void main();
