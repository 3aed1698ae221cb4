/**
 * The demo's Zendesk mode: this page plays the Zendesk Agent Workspace with the ZAF parent-frame fake
 * (test/hosts/zendesk/zaf-fake.ts) and a small simulated account; the app is the BUILT dist/zendesk/ package, its
 * top bar and background locations in iframes on the other host name (localhost vs 127.0.0.1: another site),
 * as Zendesk embeds them. The phone panel opens when the app asks for it (`popover`) or with the top-bar button.
 */
import { ZafParentFake, type FakeTicket, type FakeUser } from '../../../test/hosts/zendesk/zaf-fake.js';

type Lang = 'pt-BR' | 'en' | 'es';
const TEXT: Record<Lang, Record<string, string>> = {
  'pt-BR': {
    title: 'Agent Workspace (Zendesk simulado)',
    lang: 'Idioma',
    phone: 'Telefone CTI',
    intro: 'Esta página faz o papel do Zendesk: o app é o pacote construído (dist/zendesk/) num iframe de outro site, e o ZAF é uma simulação que registra cada chamada do app abaixo. No app: login de agente 1001, depois senha 1234 e ramal 2001, fique disponível e mande uma ligação.',
    open: 'Aberto agora',
    nothing: 'Nada aberto.',
    ticket: 'Ticket #{id} · {subject} · {status}',
    user: 'Usuário: {name} · {phone}',
    customers: 'Clientes',
    dial: 'Ligar para {name}, {phone}',
    sim: 'Contact center simulado',
    callMaria: 'Maria liga',
    callUnknown: 'Número desconhecido liga',
    hangup: 'Cliente desliga',
    sent: 'Ligação enviada ({id}).',
    noCall: 'Nenhuma ligação em andamento.',
    tickets: 'Tickets e notas internas',
    internal: 'nota interna',
    log: 'Chamadas do app ao Zendesk (ZAF)',
    back: 'Voltar à demonstração',
    noBuild: 'O pacote do Zendesk não foi construído: rode npm run build e recarregue.',
    'st.new': 'novo',
    'st.open': 'aberto',
    'st.pending': 'pendente',
    'st.solved': 'resolvido',
  },
  en: {
    title: 'Agent Workspace (simulated Zendesk)',
    lang: 'Language',
    phone: 'CTI phone',
    intro: 'This page plays Zendesk: the app is the built package (dist/zendesk/) in an iframe of another site, and ZAF is a simulation that records every call the app makes, below. In the app: agent login 1001, then password 1234 and extension 2001, go ready and send a call.',
    open: 'Open now',
    nothing: 'Nothing open.',
    ticket: 'Ticket #{id} · {subject} · {status}',
    user: 'User: {name} · {phone}',
    customers: 'Customers',
    dial: 'Call {name}, {phone}',
    sim: 'Simulated contact center',
    callMaria: 'Maria calls',
    callUnknown: 'Unknown number calls',
    hangup: 'Customer hangs up',
    sent: 'Call sent ({id}).',
    noCall: 'No call in progress.',
    tickets: 'Tickets and internal notes',
    internal: 'internal note',
    log: 'Calls from the app to Zendesk (ZAF)',
    back: 'Back to the demo',
    noBuild: 'The Zendesk package is not built: run npm run build and reload.',
    'st.new': 'new',
    'st.open': 'open',
    'st.pending': 'pending',
    'st.solved': 'solved',
  },
  es: {
    title: 'Agent Workspace (Zendesk simulado)',
    lang: 'Idioma',
    phone: 'Teléfono CTI',
    intro: 'Esta página hace de Zendesk: la aplicación es el paquete construido (dist/zendesk/) en un iframe de otro sitio, y ZAF es una simulación que registra abajo cada llamada de la aplicación. En la aplicación: login de agente 1001, luego contraseña 1234 y extensión 2001, póngase disponible y envíe una llamada.',
    open: 'Abierto ahora',
    nothing: 'Nada abierto.',
    ticket: 'Ticket #{id} · {subject} · {status}',
    user: 'Usuario: {name} · {phone}',
    customers: 'Clientes',
    dial: 'Llamar a {name}, {phone}',
    sim: 'Contact center simulado',
    callMaria: 'Maria llama',
    callUnknown: 'Llama un número desconocido',
    hangup: 'El cliente cuelga',
    sent: 'Llamada enviada ({id}).',
    noCall: 'Ninguna llamada en curso.',
    tickets: 'Tickets y notas internas',
    internal: 'nota interna',
    log: 'Llamadas de la aplicación a Zendesk (ZAF)',
    back: 'Volver a la demostración',
    noBuild: 'El paquete de Zendesk no está construido: ejecute npm run build y recargue.',
    'st.new': 'nuevo',
    'st.open': 'abierto',
    'st.pending': 'pendiente',
    'st.solved': 'resuelto',
  },
};

const params = new URLSearchParams(location.search);
const lang: Lang = params.get('lang') === 'en' ? 'en' : params.get('lang') === 'es' ? 'es' : 'pt-BR';
const t = (key: string, values: Record<string, string | number> = {}) =>
  (TEXT[lang][key] ?? key).replace(/\{(\w+)\}/g, (w, n: string) => (n in values ? String(values[n]) : w));
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

document.documentElement.lang = lang;
for (const el of document.querySelectorAll<HTMLElement>('[data-t]')) el.textContent = t(el.dataset.t!);
$<HTMLSelectElement>('lang').value = lang;
$<HTMLSelectElement>('lang').addEventListener('change', (e) => {
  params.set('lang', (e.target as HTMLSelectElement).value);
  location.search = params.toString();
});

const USERS: FakeUser[] = [
  { id: 501, name: 'Maria Souza', phone: '+55 11 95555-4444' },
  { id: 502, name: 'João Lima', phone: '+55 48 3333-1111' },
  { id: 503, name: 'Ana Pereira', phone: '+55 21 98888-2222' },
];
const TICKETS: (FakeTicket & { subject: string })[] = [
  { id: 9001, requester_id: 501, status: 'open', updated_at: '2026-12-01T10:00:00Z', subject: 'Fatura em duplicidade' },
  { id: 9000, requester_id: 501, status: 'solved', updated_at: '2026-12-02T10:00:00Z', subject: 'Troca de plano' },
  { id: 8800, requester_id: 502, status: 'pending', updated_at: '2026-11-28T10:00:00Z', subject: 'Segunda via do boleto' },
];

interface DemoConfig {
  vendors: { interact: { server: string; control: string } };
}
const config = (await (await fetch('/demo/config.json')).json()) as DemoConfig;
const other = location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
const appUrl = `${location.protocol}//${other}:${location.port}/dist/zendesk/assets/iframe.html`;

const panel = $('app-panel');
const toggle = $('app-toggle');
function showPanel(show: boolean) {
  panel.hidden = !show;
  toggle.setAttribute('aria-expanded', String(show));
}
toggle.addEventListener('click', () => showPanel(panel.hidden !== false));

const open = $('open-view');
function render() {
  const log = $('tickets');
  log.replaceChildren(
    ...fake.tickets.map((tk) => {
      const li = document.createElement('li');
      const head = document.createElement('p');
      head.className = 'zd-ticket-head';
      head.textContent = t('ticket', { id: tk.id, subject: tk.subject ?? '', status: t(`st.${tk.status}`) });
      li.append(head);
      for (const c of tk.comments ?? []) {
        const note = document.createElement('pre');
        note.className = c.public ? 'zd-comment' : 'zd-comment zd-internal';
        note.setAttribute('aria-label', t('internal'));
        note.textContent = c.body;
        li.append(note);
      }
      return li;
    }),
  );
}

const fake = new ZafParentFake({
  appUrl,
  settings: { vendor: 'interact', server: config.vendors.interact.server, options: '{"format":"json"}', callLog: 'note' },
  users: USERS,
  tickets: TICKETS,
  currentUser: { id: 7, name: 'Agente Ana', locale: lang },
  onRecord: (entry) => {
    const li = document.createElement('li');
    const code = document.createElement('code');
    if (entry.kind === 'invoke') {
      code.textContent = `client.invoke(${[entry.invocation.name, ...entry.invocation.args].map((a) => JSON.stringify(a)).join(', ')})`;
      if (entry.invocation.name === 'popover' && entry.invocation.args[0] !== 'hide') showPanel(true);
      if (entry.invocation.name === 'routeTo') {
        const [kind, id] = entry.invocation.args as [string, string];
        if (kind === 'ticket') {
          const tk = fake.tickets.find((x) => x.id === Number(id));
          open.textContent = tk ? t('ticket', { id: tk.id, subject: tk.subject ?? '', status: t(`st.${tk.status}`) }) : id;
        } else {
          const u = USERS.find((x) => x.id === Number(id));
          open.textContent = u ? t('user', { name: u.name, phone: u.phone }) : id;
        }
      }
    } else {
      code.textContent = `client.request(${entry.request.type} ${decodeURIComponent(entry.request.url)})`;
      setTimeout(render, 50);
    }
    li.append(code);
    $('zaf-log').prepend(li);
  },
});
open.textContent = t('nothing');
render();

for (const u of USERS) {
  const li = document.createElement('li');
  const name = document.createElement('span');
  name.textContent = u.name;
  const dial = document.createElement('button');
  dial.type = 'button';
  dial.className = 'zd-phone-link';
  dial.textContent = u.phone;
  dial.setAttribute('aria-label', t('dial', { name: u.name, phone: u.phone }));
  // Zendesk's click-to-call: the number goes to the app as a voice.dialout event.
  dial.addEventListener('click', () => fake.trigger('voice.dialout', { number: u.phone.replace(/[^\d+]/g, '').replace(/^\+55/, '') }));
  li.append(name, dial);
  $('customers').append(li);
}

const probe = await fetch(appUrl, { mode: 'no-cors' }).catch(() => undefined);
if (!probe) {
  $('problem').textContent = t('noBuild');
  $('problem').hidden = false;
}
// The top bar pane and the background location (which preloads the pane, as in Zendesk).
await fake.open('top_bar', null, $('app-slot'));
await fake.open('background', { width: 1, height: 1 }, $('background-slot'));

const control = config.vendors.interact.control;
async function inbound(from: string) {
  const res = await fetch(`${control}/inbound`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ agent: '1001', from, service: 'Suporte', data: 'crm=ACC-1001' }) });
  const body = (await res.json().catch(() => ({}))) as { call_id?: string };
  $('sim-status').textContent = t('sent', { id: body.call_id ?? '?' });
}
$('call-maria').addEventListener('click', () => void inbound('11955554444'));
$('call-unknown').addEventListener('click', () => void inbound('4730001234'));
$('hangup').addEventListener('click', async () => {
  const state = (await (await fetch(`${control}/state`)).json()) as { calls: { call_id: string }[] };
  const call = state.calls[0];
  if (!call) {
    $('sim-status').textContent = t('noCall');
    return;
  }
  await fetch(`${control}/hangup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ call_id: call.call_id }) });
});
