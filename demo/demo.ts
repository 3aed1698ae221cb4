/**
 * The demo page: "Acme CRM" with the cti-elements softphone in a side column, and a control panel
 * for the simulated contact center. `npm start` runs two simulators: Dígitro Interact (a CTI server)
 * and InWise NEON (a softphone on the agent's computer). The vendor switch reconfigures the one
 * `<cti-provider>`; the choice is kept in the URL (`?vendor=neon`), never with credentials.
 *
 * Everything the server or the simulator sends is written with `textContent` (never innerHTML):
 * caller ids, names and associated data are untrusted text.
 */
import { errorMessage } from '../src/index.js';
import type {
  CtiAgentStateChangedEvent,
  CtiCallAnsweredEvent,
  CtiCallEndedEvent,
  CtiConnectionChangedEvent,
  CtiDialRequestEvent,
  CtiError,
  CtiErrorEvent,
  CtiIncomingCallEvent,
  CtiProvider,
  Party,
  VendorId,
} from '../src/index.js';

/* ------------------------------------------------------------------ page text */

type Lang = 'pt-BR' | 'en' | 'es';
const LANGS: readonly Lang[] = ['pt-BR', 'en', 'es'];

const ptBR = {
  skip: 'Pular para o conteúdo',
  'nav.label': 'Navegação do CRM',
  'nav.customers': 'Clientes',
  'nav.activity': 'Atividade',
  'nav.simulator': 'Simulador',
  'toolbar.language': 'Idioma',
  'toolbar.dark': 'Tema escuro',
  'toolbar.light': 'Tema claro',
  'pop.dismiss': 'Fechar aviso',
  'pop.incoming': 'Chamada recebida de {name} — {ticket}',
  'pop.incomingUnknown': 'Chamada recebida de número desconhecido: {number}',
  'pop.incomingUnknownNamed': 'Chamada recebida de {name}, número não cadastrado: {number}',
  'pop.unknownSub': 'Nenhum cliente com este número. Crie o contato para registrar o atendimento.',
  'pop.createContact': 'Criar contato',
  'pop.active': 'Em chamada com {name}',
  'pop.ended': 'Chamada com {name} encerrada',
  'pop.dialing': 'Ligando para {name}…',
  'pop.sub': 'Conta {account} · {service}',
  'pop.subNoService': 'Conta {account}',
  'pop.ticket': 'ticket #{id}',
  'pop.noTicket': 'sem tickets abertos',
  'customers.title': 'Clientes',
  'customers.caption': 'Clientes e telefones (clique no número para ligar)',
  'customers.name': 'Nome',
  'customers.account': 'Conta',
  'customers.phone': 'Telefone',
  'customers.tickets': 'Tickets',
  'customers.count': '{n} clientes',
  'customers.call': 'Ligar para {name}, {phone}',
  'customers.open': 'Abrir ficha de {name}',
  'record.title': 'Ficha do cliente',
  'record.none': 'Selecione um cliente, ou aguarde uma chamada: a ficha abre sozinha.',
  'record.account': 'Conta',
  'record.phone': 'Telefone',
  'record.email': 'E-mail',
  'record.city': 'Cidade',
  'record.plan': 'Plano',
  'record.since': 'Cliente desde',
  'record.tickets': 'Tickets abertos',
  'record.noTickets': 'Nenhum ticket aberto.',
  'record.call': 'Ligar',
  'record.onCall': 'Em chamada',
  'record.ringing': 'Chamando',
  'contact.intro': 'Número desconhecido. Crie o contato para esta chamada:',
  'contact.name': 'Nome',
  'contact.phone': 'Telefone',
  'contact.create': 'Criar contato',
  'contact.cancel': 'Cancelar',
  'log.title': 'Eventos cti-*',
  'log.clear': 'Limpar',
  'log.intro': 'Eventos que o <cti-provider> entrega à página (mais recentes primeiro).',
  'log.empty': 'Nenhum evento ainda.',
  'phone.title': 'Telefone',
  'phone.format': 'Formato',
  'phone.vendor': 'Telefonia',
  'phone.queues': 'Filas',
  hint: 'Entre como agente 1001, senha 1234, ramal 2001',
  'hint.neon': 'Registre a conta SIP 2001, senha 1234',
  'sim.badge': 'Simulador',
  'sim.title': 'Central de atendimento simulada',
  'sim.intro': 'Não faz parte do produto: estes controles falam com o simulador do Interact para gerar chamadas e situações.',
  'sim.intro.neon':
    'Não faz parte do produto: estes controles falam com o simulador do NEON (o softphone no computador do agente) para gerar chamadas e situações.',
  'sim.inbound': 'Chamada de cliente',
  'sim.from': 'Quem liga',
  'sim.other': 'Outro número…',
  'sim.number': 'Número',
  'sim.service': 'Serviço',
  'sim.data': 'Dados associados',
  'sim.mustAccept': 'O agente atende manualmente',
  'sim.send': 'Enviar chamada',
  'sim.calls': 'Chamadas no simulador',
  'sim.callsIntro': 'Do lado remoto: desligar, ou atender uma chamada que o agente fez.',
  'sim.noCalls': 'Nenhuma chamada.',
  'sim.hangup': 'Desligar',
  'sim.answer': 'Atender (remoto)',
  'sim.hangupLabel': 'Desligar a chamada de {number} do lado remoto',
  'sim.answerLabel': 'O número {number} atende a chamada',
  'sim.queue': 'Fila',
  'sim.queueCall': 'Pôr uma chamada em espera',
  'sim.server': 'Servidor CTI',
  'sim.serverState': 'Estado:',
  'sim.serverUp': 'no ar',
  'sim.serverDownState': 'fora do ar (HTTP 503)',
  'sim.serverDown': 'Derrubar o servidor',
  'sim.serverUpAction': 'Restaurar o servidor',
  'sim.sent': 'Chamada {id} enviada ao agente {agent}.',
  'sim.sentQueued': 'Chamada {id} na fila (nenhum agente livre: entre e fique disponível).',
  'sim.queued': 'Chamada {id} em espera na fila {service}.',
  'sim.done': 'Feito.',
  'sim.failed': 'O simulador recusou: {error}',
  'sim.unreachable': 'Simulador inacessível ({error}).',
  'neon.name': 'Nome exibido (opcional)',
  'neon.uriNote': 'Chega ao NEON como SIP: "Nome" <sip:número@sip.example.com>.',
  'neon.sent': 'Chamada {id} enviada ao NEON (conta SIP {account}).',
  'neon.needsRegistration': 'O NEON não tem conta SIP registrada: registre 2001, senha 1234, no telefone.',
  'neon.needsRunning': 'O NEON está fechado: abra-o em “NEON neste computador”.',
  'neon.incoming': 'recebida',
  'neon.outgoing': 'feita',
  'neon.busyNext': 'A próxima ligação do agente dá ocupado (SIP 486)',
  'neon.registration': 'Registro SIP',
  'neon.reg.registered': 'conta {number} registrada',
  'neon.reg.registering': 'registrando a conta {number}…',
  'neon.reg.unregistered': 'nenhuma conta registrada',
  'neon.expire': 'Expirar o registro',
  'neon.cancel': 'Cancelar o registro',
  'neon.refuseNext': 'Recusar o próximo registro (SIP 403)',
  'neon.app': 'NEON neste computador',
  'neon.running': 'aberto',
  'neon.stopped': 'fechado (conexão recusada)',
  'neon.window': 'Janela:',
  'neon.shown': 'visível',
  'neon.hidden': 'oculta',
  'neon.quitIntro': 'Feche o NEON: o telefone avisa que ele não está rodando e reconecta sozinho quando ele volta.',
  'neon.quit': 'Fechar o NEON',
  'neon.start': 'Abrir o NEON',
  'state.queued': 'na fila',
  'state.ringing': 'tocando',
  'state.busy': 'em conversa',
  'state.active': 'em conversa',
  'state.dialing': 'discando',
  'state.calling': 'chamando',
  'state.held': 'retida',
  'state.conference': 'em conferência',
  'dial.failed': 'Não foi possível ligar para {number}: {code}',
  'config.failed': 'Não foi possível ler /demo/config.json ({error}). Rode o demo com npm start.',
  footer: 'Demonstração do cti-elements. Dados fictícios.',
};
type Key = keyof typeof ptBR;

const en: Record<Key, string> = {
  skip: 'Skip to content',
  'nav.label': 'CRM navigation',
  'nav.customers': 'Customers',
  'nav.activity': 'Activity',
  'nav.simulator': 'Simulator',
  'toolbar.language': 'Language',
  'toolbar.dark': 'Dark theme',
  'toolbar.light': 'Light theme',
  'pop.dismiss': 'Dismiss',
  'pop.incoming': 'Incoming call from {name} — {ticket}',
  'pop.incomingUnknown': 'Incoming call from an unknown number: {number}',
  'pop.incomingUnknownNamed': 'Incoming call from {name}, a number not on file: {number}',
  'pop.unknownSub': 'No customer has this number. Create the contact to log the call.',
  'pop.createContact': 'Create contact',
  'pop.active': 'On a call with {name}',
  'pop.ended': 'Call with {name} ended',
  'pop.dialing': 'Calling {name}…',
  'pop.sub': 'Account {account} · {service}',
  'pop.subNoService': 'Account {account}',
  'pop.ticket': 'ticket #{id}',
  'pop.noTicket': 'no open tickets',
  'customers.title': 'Customers',
  'customers.caption': 'Customers and phone numbers (click a number to call)',
  'customers.name': 'Name',
  'customers.account': 'Account',
  'customers.phone': 'Phone',
  'customers.tickets': 'Tickets',
  'customers.count': '{n} customers',
  'customers.call': 'Call {name}, {phone}',
  'customers.open': 'Open the record of {name}',
  'record.title': 'Customer record',
  'record.none': 'Pick a customer, or wait for a call: the record opens by itself.',
  'record.account': 'Account',
  'record.phone': 'Phone',
  'record.email': 'E-mail',
  'record.city': 'City',
  'record.plan': 'Plan',
  'record.since': 'Customer since',
  'record.tickets': 'Open tickets',
  'record.noTickets': 'No open tickets.',
  'record.call': 'Call',
  'record.onCall': 'On a call',
  'record.ringing': 'Ringing',
  'contact.intro': 'Unknown number. Create the contact for this call:',
  'contact.name': 'Name',
  'contact.phone': 'Phone',
  'contact.create': 'Create contact',
  'contact.cancel': 'Cancel',
  'log.title': 'cti-* events',
  'log.clear': 'Clear',
  'log.intro': 'Events <cti-provider> hands to the page (newest first).',
  'log.empty': 'No events yet.',
  'phone.title': 'Phone',
  'phone.format': 'Format',
  'phone.vendor': 'Telephony',
  'phone.queues': 'Queues',
  hint: 'Sign in as agent 1001, password 1234, extension 2001',
  'hint.neon': 'Register SIP account 2001, password 1234',
  'sim.badge': 'Simulator',
  'sim.title': 'Simulated contact center',
  'sim.intro': 'Not part of the product: these controls drive the Interact simulator to create calls and situations.',
  'sim.intro.neon':
    "Not part of the product: these controls drive the NEON simulator (the softphone on the agent's computer) to create calls and situations.",
  'sim.inbound': 'Customer call',
  'sim.from': 'Caller',
  'sim.other': 'Other number…',
  'sim.number': 'Number',
  'sim.service': 'Service',
  'sim.data': 'Associated data',
  'sim.mustAccept': 'The agent answers manually',
  'sim.send': 'Send call',
  'sim.calls': 'Calls in the simulator',
  'sim.callsIntro': 'From the far end: hang up, or answer a call the agent made.',
  'sim.noCalls': 'No calls.',
  'sim.hangup': 'Hang up',
  'sim.answer': 'Answer (far end)',
  'sim.hangupLabel': 'Hang up the call with {number} from the far end',
  'sim.answerLabel': '{number} answers the call',
  'sim.queue': 'Queue',
  'sim.queueCall': 'Put a call on hold in the queue',
  'sim.server': 'CTI server',
  'sim.serverState': 'State:',
  'sim.serverUp': 'up',
  'sim.serverDownState': 'down (HTTP 503)',
  'sim.serverDown': 'Take the server down',
  'sim.serverUpAction': 'Bring the server back',
  'sim.sent': 'Call {id} sent to agent {agent}.',
  'sim.sentQueued': 'Call {id} queued (no free agent: sign in and go ready).',
  'sim.queued': 'Call {id} waiting in the {service} queue.',
  'sim.done': 'Done.',
  'sim.failed': 'The simulator refused: {error}',
  'sim.unreachable': 'Simulator unreachable ({error}).',
  'neon.name': 'Display name (optional)',
  'neon.uriNote': 'Reaches NEON as SIP: "Name" <sip:number@sip.example.com>.',
  'neon.sent': 'Call {id} sent to NEON (SIP account {account}).',
  'neon.needsRegistration': 'NEON has no registered SIP account: register 2001, password 1234, in the phone.',
  'neon.needsRunning': 'NEON is not running: start it under “NEON on this computer”.',
  'neon.incoming': 'incoming',
  'neon.outgoing': 'outgoing',
  'neon.busyNext': "The agent's next call gets a busy signal (SIP 486)",
  'neon.registration': 'SIP registration',
  'neon.reg.registered': 'account {number} registered',
  'neon.reg.registering': 'registering account {number}…',
  'neon.reg.unregistered': 'no account registered',
  'neon.expire': 'Expire the registration',
  'neon.cancel': 'Cancel the registration',
  'neon.refuseNext': 'Refuse the next registration (SIP 403)',
  'neon.app': 'NEON on this computer',
  'neon.running': 'running',
  'neon.stopped': 'not running (connection refused)',
  'neon.window': 'Window:',
  'neon.shown': 'shown',
  'neon.hidden': 'hidden',
  'neon.quitIntro': 'Quit NEON: the phone says it is not running and reconnects by itself when it is back.',
  'neon.quit': 'Quit NEON',
  'neon.start': 'Start NEON',
  'state.queued': 'queued',
  'state.ringing': 'ringing',
  'state.busy': 'talking',
  'state.active': 'talking',
  'state.dialing': 'dialing',
  'state.calling': 'calling',
  'state.held': 'on hold',
  'state.conference': 'in conference',
  'dial.failed': 'Could not call {number}: {code}',
  'config.failed': 'Could not read /demo/config.json ({error}). Run the demo with npm start.',
  footer: 'cti-elements demo. Fictitious data.',
};

const es: Record<Key, string> = {
  skip: 'Saltar al contenido',
  'nav.label': 'Navegación del CRM',
  'nav.customers': 'Clientes',
  'nav.activity': 'Actividad',
  'nav.simulator': 'Simulador',
  'toolbar.language': 'Idioma',
  'toolbar.dark': 'Tema oscuro',
  'toolbar.light': 'Tema claro',
  'pop.dismiss': 'Cerrar aviso',
  'pop.incoming': 'Llamada entrante de {name} — {ticket}',
  'pop.incomingUnknown': 'Llamada entrante de un número desconocido: {number}',
  'pop.incomingUnknownNamed': 'Llamada entrante de {name}, número no registrado: {number}',
  'pop.unknownSub': 'Ningún cliente tiene este número. Cree el contacto para registrar la atención.',
  'pop.createContact': 'Crear contacto',
  'pop.active': 'En llamada con {name}',
  'pop.ended': 'Llamada con {name} finalizada',
  'pop.dialing': 'Llamando a {name}…',
  'pop.sub': 'Cuenta {account} · {service}',
  'pop.subNoService': 'Cuenta {account}',
  'pop.ticket': 'ticket #{id}',
  'pop.noTicket': 'sin tickets abiertos',
  'customers.title': 'Clientes',
  'customers.caption': 'Clientes y teléfonos (haga clic en el número para llamar)',
  'customers.name': 'Nombre',
  'customers.account': 'Cuenta',
  'customers.phone': 'Teléfono',
  'customers.tickets': 'Tickets',
  'customers.count': '{n} clientes',
  'customers.call': 'Llamar a {name}, {phone}',
  'customers.open': 'Abrir la ficha de {name}',
  'record.title': 'Ficha del cliente',
  'record.none': 'Elija un cliente, o espere una llamada: la ficha se abre sola.',
  'record.account': 'Cuenta',
  'record.phone': 'Teléfono',
  'record.email': 'Correo',
  'record.city': 'Ciudad',
  'record.plan': 'Plan',
  'record.since': 'Cliente desde',
  'record.tickets': 'Tickets abiertos',
  'record.noTickets': 'Ningún ticket abierto.',
  'record.call': 'Llamar',
  'record.onCall': 'En llamada',
  'record.ringing': 'Sonando',
  'contact.intro': 'Número desconocido. Cree el contacto para esta llamada:',
  'contact.name': 'Nombre',
  'contact.phone': 'Teléfono',
  'contact.create': 'Crear contacto',
  'contact.cancel': 'Cancelar',
  'log.title': 'Eventos cti-*',
  'log.clear': 'Limpiar',
  'log.intro': 'Eventos que <cti-provider> entrega a la página (los más recientes primero).',
  'log.empty': 'Ningún evento todavía.',
  'phone.title': 'Teléfono',
  'phone.format': 'Formato',
  'phone.vendor': 'Telefonía',
  'phone.queues': 'Colas',
  hint: 'Inicie sesión como agente 1001, contraseña 1234, extensión 2001',
  'hint.neon': 'Registre la cuenta SIP 2001, contraseña 1234',
  'sim.badge': 'Simulador',
  'sim.title': 'Centro de contacto simulado',
  'sim.intro': 'No forma parte del producto: estos controles usan el simulador de Interact para generar llamadas y situaciones.',
  'sim.intro.neon':
    'No forma parte del producto: estos controles usan el simulador de NEON (el softphone en la computadora del agente) para generar llamadas y situaciones.',
  'sim.inbound': 'Llamada de cliente',
  'sim.from': 'Quién llama',
  'sim.other': 'Otro número…',
  'sim.number': 'Número',
  'sim.service': 'Servicio',
  'sim.data': 'Datos asociados',
  'sim.mustAccept': 'El agente contesta manualmente',
  'sim.send': 'Enviar llamada',
  'sim.calls': 'Llamadas en el simulador',
  'sim.callsIntro': 'Desde el extremo remoto: colgar, o contestar una llamada que hizo el agente.',
  'sim.noCalls': 'Ninguna llamada.',
  'sim.hangup': 'Colgar',
  'sim.answer': 'Contestar (remoto)',
  'sim.hangupLabel': 'Colgar la llamada con {number} desde el extremo remoto',
  'sim.answerLabel': '{number} contesta la llamada',
  'sim.queue': 'Cola',
  'sim.queueCall': 'Poner una llamada en espera',
  'sim.server': 'Servidor CTI',
  'sim.serverState': 'Estado:',
  'sim.serverUp': 'activo',
  'sim.serverDownState': 'caído (HTTP 503)',
  'sim.serverDown': 'Tirar el servidor',
  'sim.serverUpAction': 'Restablecer el servidor',
  'sim.sent': 'Llamada {id} enviada al agente {agent}.',
  'sim.sentQueued': 'Llamada {id} en cola (ningún agente libre: inicie sesión y póngase disponible).',
  'sim.queued': 'Llamada {id} en espera en la cola {service}.',
  'sim.done': 'Hecho.',
  'sim.failed': 'El simulador rechazó: {error}',
  'sim.unreachable': 'Simulador inaccesible ({error}).',
  'neon.name': 'Nombre mostrado (opcional)',
  'neon.uriNote': 'Llega a NEON como SIP: "Nombre" <sip:número@sip.example.com>.',
  'neon.sent': 'Llamada {id} enviada a NEON (cuenta SIP {account}).',
  'neon.needsRegistration': 'NEON no tiene una cuenta SIP registrada: registre 2001, contraseña 1234, en el teléfono.',
  'neon.needsRunning': 'NEON está cerrado: ábralo en “NEON en esta computadora”.',
  'neon.incoming': 'entrante',
  'neon.outgoing': 'saliente',
  'neon.busyNext': 'La próxima llamada del agente da ocupado (SIP 486)',
  'neon.registration': 'Registro SIP',
  'neon.reg.registered': 'cuenta {number} registrada',
  'neon.reg.registering': 'registrando la cuenta {number}…',
  'neon.reg.unregistered': 'ninguna cuenta registrada',
  'neon.expire': 'Hacer expirar el registro',
  'neon.cancel': 'Cancelar el registro',
  'neon.refuseNext': 'Rechazar el próximo registro (SIP 403)',
  'neon.app': 'NEON en esta computadora',
  'neon.running': 'abierto',
  'neon.stopped': 'cerrado (conexión rechazada)',
  'neon.window': 'Ventana:',
  'neon.shown': 'visible',
  'neon.hidden': 'oculta',
  'neon.quitIntro': 'Cierre NEON: el teléfono avisa que no está en ejecución y se reconecta solo cuando vuelve.',
  'neon.quit': 'Cerrar NEON',
  'neon.start': 'Abrir NEON',
  'state.queued': 'en cola',
  'state.ringing': 'sonando',
  'state.busy': 'en conversación',
  'state.active': 'en conversación',
  'state.dialing': 'marcando',
  'state.calling': 'llamando',
  'state.held': 'retenida',
  'state.conference': 'en conferencia',
  'dial.failed': 'No se pudo llamar a {number}: {code}',
  'config.failed': 'No se pudo leer /demo/config.json ({error}). Ejecute la demo con npm start.',
  footer: 'Demostración de cti-elements. Datos ficticios.',
};

const STRINGS: Record<Lang, Record<Key, string>> = { 'pt-BR': ptBR, en, es };

let lang: Lang = 'pt-BR';

function tr(key: Key, params: Record<string, string | number> = {}): string {
  const template = STRINGS[lang][key] ?? ptBR[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

function isKey(value: string | undefined): value is Key {
  return value !== undefined && value in ptBR;
}

function applyPageText(): void {
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = el.dataset['i18n'];
    if (isKey(key)) el.textContent = tr(key);
  }
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n-attr]')) {
    const [attr, key] = (el.dataset['i18nAttr'] ?? '').split(':');
    if (attr && isKey(key)) el.setAttribute(attr, tr(key));
  }
}

/* ------------------------------------------------------------------ the CRM */

interface Ticket {
  readonly id: number;
  readonly subject: string;
  readonly priority: 'alta' | 'média' | 'baixa';
}

interface Customer {
  readonly id: string;
  readonly name: string;
  readonly account: string;
  /** Digits only (area code + number). */
  readonly phone: string;
  readonly email: string;
  readonly city: string;
  readonly plan: string;
  readonly since: string;
  readonly tickets: readonly Ticket[];
}

const customers: Customer[] = [
  {
    id: 'c1',
    name: 'Maria Silva',
    account: 'ACC-1001',
    phone: '11987654321',
    email: 'maria.silva@exemplo.com.br',
    city: 'São Paulo, SP',
    plan: 'Empresarial',
    since: '2019',
    tickets: [{ id: 123, subject: 'Cobrança em duplicidade na fatura de março', priority: 'alta' }],
  },
  {
    id: 'c2',
    name: 'João Pereira',
    account: 'ACC-1002',
    phone: '21998765432',
    email: 'joao.pereira@exemplo.com.br',
    city: 'Rio de Janeiro, RJ',
    plan: 'Residencial',
    since: '2021',
    tickets: [{ id: 128, subject: 'Troca do modem', priority: 'média' }],
  },
  {
    id: 'c3',
    name: 'Ana Costa',
    account: 'ACC-1003',
    phone: '31991234567',
    email: 'ana.costa@exemplo.com.br',
    city: 'Belo Horizonte, MG',
    plan: 'Residencial',
    since: '2023',
    tickets: [],
  },
  {
    id: 'c4',
    name: 'Carlos Oliveira',
    account: 'ACC-1004',
    phone: '41988887777',
    email: 'carlos@oliveira-transportes.com.br',
    city: 'Curitiba, PR',
    plan: 'Empresarial Plus',
    since: '2017',
    tickets: [
      { id: 131, subject: 'Portabilidade de 12 linhas', priority: 'alta' },
      { id: 134, subject: 'Segunda via de nota fiscal', priority: 'baixa' },
    ],
  },
  {
    id: 'c5',
    name: 'Beatriz Santos',
    account: 'ACC-1005',
    phone: '5133334444',
    email: 'beatriz.santos@exemplo.com.br',
    city: 'Porto Alegre, RS',
    plan: 'Residencial',
    since: '2020',
    tickets: [{ id: 140, subject: 'Instabilidade na conexão à noite', priority: 'média' }],
  },
];

function digits(value: string): string {
  return value.replace(/\D/g, '');
}

/** Brazilian display format: (11) 98765-4321, (51) 3333-4444; anything else as given. */
function formatPhone(value: string): string {
  const d = digits(value);
  if (d.length === 11) return `(${d.slice(0, 2)}) ${d.slice(2, 7)}-${d.slice(7)}`;
  if (d.length === 10) return `(${d.slice(0, 2)}) ${d.slice(2, 6)}-${d.slice(6)}`;
  return value;
}

/** Strip the country code (55) and trunk prefix (0) so the numbers compare. */
function comparable(value: string): string {
  let d = digits(value);
  if (d.length > 11 && d.startsWith('55')) d = d.slice(2);
  while (d.length > 10 && d.startsWith('0')) d = d.slice(1);
  return d;
}

/** The customer for a caller: by number, else by a `crm=ACC-…` key in the associated data. */
function lookUp(number: string, data: Readonly<Record<string, string>> = {}): Customer | undefined {
  const wanted = comparable(number);
  if (wanted.length >= 8) {
    const byPhone = customers.find((c) => comparable(c.phone) === wanted);
    if (byPhone) return byPhone;
  }
  for (const value of Object.values(data)) {
    const match = /(?:^|[;&,\s])crm=([\w-]+)/i.exec(value);
    const account = match?.[1]?.toUpperCase();
    const byAccount = account ? customers.find((c) => c.account === account) : undefined;
    if (byAccount) return byAccount;
  }
  return undefined;
}

/* ------------------------------------------------------------------ DOM helpers */

function $<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing`);
  return el as T;
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; text?: string; attrs?: Record<string, string> } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

const provider = $<CtiProvider>('provider');
const ctiElements = () => [...provider.querySelectorAll<HTMLElement>('cti-agent-status, cti-phone, cti-queue')];

/* ------------------------------------------------------------------ page state */

let selectedId: string | undefined;
/** The call the screen pop is about. */
let pop:
  | {
      callId: string;
      customer: Customer | undefined;
      number: string;
      /** The caller's own name when the vendor gives one (NEON: the SIP display name). */
      name?: string | undefined;
      service: string | undefined;
      phase: 'ringing' | 'active' | 'ended' | 'dialing';
    }
  | undefined;
let activeCallCustomerId: string | undefined;

/* ------------------------------------------------------------------ customers table + record */

function renderCustomers(): void {
  const rows = $<HTMLTableSectionElement>('customer-rows');
  rows.replaceChildren(
    ...customers.map((c) => {
      const open = el('button', {
        className: 'link-button',
        text: c.name,
        attrs: { type: 'button', 'aria-label': tr('customers.open', { name: c.name }) },
      });
      open.addEventListener('click', () => select(c.id));
      const dial = dialButton(c, 'dial-link');
      const tickets = el('td', { className: 'num' });
      if (c.tickets.length > 0) tickets.append(el('span', { className: 'pill', text: String(c.tickets.length) }));
      else tickets.textContent = '–';
      const row = el(
        'tr',
        { attrs: { 'data-customer': c.id } },
        el('th', { attrs: { scope: 'row' } }, open),
        el('td', { className: 'mono', text: c.account }),
        el('td', {}, dial),
        tickets,
      );
      if (c.id === selectedId) row.classList.add('selected');
      if (c.id === activeCallCustomerId) row.classList.add('on-call');
      return row;
    }),
  );
  $('customers-count').textContent = tr('customers.count', { n: customers.length });
}

function dialButton(c: Customer, className: string, label?: string): HTMLButtonElement {
  const button = el('button', {
    className,
    attrs: { type: 'button', 'aria-label': tr('customers.call', { name: c.name, phone: formatPhone(c.phone) }) },
  });
  button.append(el('span', { className: 'dial-icon', text: '☎', attrs: { 'aria-hidden': 'true' } }), ' ', label ?? formatPhone(c.phone));
  button.addEventListener('click', () => void dial(c));
  return button;
}

function renderRecord(): void {
  const body = $('record-body');
  const record = $('record');
  const c = customers.find((x) => x.id === selectedId);
  record.classList.toggle('on-call', c !== undefined && c.id === activeCallCustomerId);
  if (!c) {
    body.replaceChildren(el('p', { className: 'muted', text: tr('record.none') }));
    return;
  }
  const initials = c.name
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .slice(0, 2)
    .join('');
  const field = (label: Key, value: string, mono = false) =>
    el('div', { className: 'field' }, el('dt', { text: tr(label) }), el('dd', { className: mono ? 'mono' : '', text: value }));
  const head = el(
    'div',
    { className: 'record-head' },
    el('div', { className: 'avatar', text: initials, attrs: { 'aria-hidden': 'true' } }),
    el('div', { className: 'record-name' }, el('h3', { text: c.name }), el('span', { className: 'muted', text: `${c.plan} · ${c.city}` })),
  );
  if (c.id === activeCallCustomerId) {
    const ringing = pop?.phase === 'ringing';
    head.append(el('span', { className: `badge ${ringing ? 'badge-ringing' : 'badge-live'}`, text: tr(ringing ? 'record.ringing' : 'record.onCall') }));
  }
  else head.append(dialButton(c, 'btn btn-primary btn-small', tr('record.call')));
  const facts = el(
    'dl',
    { className: 'facts' },
    field('record.account', c.account, true),
    field('record.phone', formatPhone(c.phone), true),
    field('record.plan', c.plan),
    field('record.since', c.since),
  );
  const email = field('record.email', c.email);
  email.classList.add('wide');
  facts.append(email);
  const tickets = el('div', { className: 'tickets' }, el('h4', { text: tr('record.tickets') }));
  if (c.tickets.length === 0) tickets.append(el('p', { className: 'muted small', text: tr('record.noTickets') }));
  else
    tickets.append(
      el(
        'ul',
        { className: 'ticket-list' },
        ...c.tickets.map((t) =>
          el(
            'li',
            {},
            el('span', { className: 'mono ticket-id', text: `#${t.id}` }),
            el('span', { className: 'ticket-subject', text: t.subject }),
            el('span', { className: `priority priority-${t.priority === 'média' ? 'media' : t.priority}`, text: t.priority }),
          ),
        ),
      ),
    );
  body.replaceChildren(head, facts, tickets);
}

function select(id: string | undefined, flash = false): void {
  selectedId = id;
  $('new-contact').hidden = true;
  renderCustomers();
  renderRecord();
  if (flash) {
    const record = $('record');
    record.classList.remove('flash');
    void record.offsetWidth; // restart the animation
    record.classList.add('flash');
  }
}

/* ------------------------------------------------------------------ screen pop */

function renderPop(): void {
  const box = $('screen-pop');
  const action = $<HTMLButtonElement>('screen-pop-action');
  if (!pop) {
    box.hidden = true;
    return;
  }
  const c = pop.customer;
  const name = c?.name ?? pop.name ?? formatPhone(pop.number);
  let title: string;
  let sub = '';
  if (pop.phase === 'ringing') {
    if (c) {
      const first = c.tickets[0];
      title = tr('pop.incoming', { name: c.name, ticket: first ? tr('pop.ticket', { id: first.id }) : tr('pop.noTicket') });
    } else if (pop.name) {
      title = tr('pop.incomingUnknownNamed', { name: pop.name, number: formatPhone(pop.number) });
    } else {
      title = tr('pop.incomingUnknown', { number: formatPhone(pop.number) });
    }
  } else if (pop.phase === 'dialing') title = tr('pop.dialing', { name });
  else if (pop.phase === 'active') title = tr('pop.active', { name });
  else title = tr('pop.ended', { name });
  if (c) sub = pop.service ? tr('pop.sub', { account: c.account, service: pop.service }) : tr('pop.subNoService', { account: c.account });
  else sub = tr('pop.unknownSub');
  $('screen-pop-title').textContent = title;
  $('screen-pop-sub').textContent = sub;
  box.dataset['phase'] = pop.phase;
  box.classList.toggle('unknown', !c);
  action.hidden = c !== undefined || pop.phase === 'dialing';
  action.textContent = tr('pop.createContact');
  box.hidden = false;
}

function openNewContact(number: string, callerName = ''): void {
  select(undefined);
  const form = $<HTMLFormElement>('new-contact');
  form.hidden = false;
  $<HTMLInputElement>('new-contact-phone').value = formatPhone(number);
  const name = $<HTMLInputElement>('new-contact-name');
  name.value = callerName;
  name.focus();
}

function createContact(event: SubmitEvent): void {
  event.preventDefault();
  const name = $<HTMLInputElement>('new-contact-name').value.trim();
  const phone = digits($<HTMLInputElement>('new-contact-phone').value);
  if (!name || !phone) return;
  const n = customers.length + 1;
  const customer: Customer = {
    id: `c${Date.now()}`,
    name,
    account: `ACC-${1000 + n}`,
    phone,
    email: '–',
    city: '–',
    plan: 'Novo',
    since: String(new Date().getFullYear()),
    tickets: [],
  };
  customers.push(customer);
  if (pop && !pop.customer && comparable(pop.number) === comparable(phone)) {
    pop = { ...pop, customer };
    if (pop.phase !== 'ended') activeCallCustomerId = customer.id;
  }
  select(customer.id, true);
  renderPop();
  renderSimFromOptions();
}

/* ------------------------------------------------------------------ event log */

const MAX_LOG = 200;

function logEvent(name: string, detail: unknown, message?: string): void {
  const list = $<HTMLOListElement>('event-log');
  const time = new Date().toLocaleTimeString(lang, { hour12: false });
  let text: string;
  try {
    text = JSON.stringify(detail, (_k, v: unknown) => (v === undefined ? null : v));
  } catch {
    text = String(detail);
  }
  const item = el(
    'li',
    { className: `log-${name.replace(/^cti-/, '')}` },
    el('time', { className: 'log-time mono', text: time }),
    el('span', { className: 'log-name mono', text: name }),
    el('code', { className: 'log-detail', text }),
  );
  if (message) item.append(el('span', { className: 'log-message small', text: message }));
  list.prepend(item);
  while (list.children.length > MAX_LOG) list.lastElementChild?.remove();
  $('event-log-empty').hidden = true;
}

/* ------------------------------------------------------------------ provider events */

function partyNumber(remote: readonly Party[]): string {
  return remote[0]?.number ?? '';
}

provider.addEventListener('cti-incoming-call', (e: CtiIncomingCallEvent) => {
  logEvent(e.type, e.detail);
  const { callId, from, service, data } = e.detail;
  const customer = lookUp(from.number, data);
  pop = { callId, customer, number: from.number, name: from.name, service, phase: 'ringing' };
  activeCallCustomerId = customer?.id;
  if (customer) select(customer.id, true);
  else openNewContact(from.number, from.name);
  renderPop();
});

provider.addEventListener('cti-call-answered', (e: CtiCallAnsweredEvent) => {
  logEvent(e.type, e.detail);
  const { callId, remote, service, data, direction } = e.detail;
  if (pop?.callId === callId) {
    pop = { ...pop, phase: 'active' };
  } else {
    const number = partyNumber(remote);
    const customer = lookUp(number, data);
    pop = { callId, customer, number, name: remote[0]?.name, service, phase: 'active' };
    activeCallCustomerId = customer?.id;
    if (customer && direction === 'inbound') select(customer.id, true);
  }
  renderCustomers();
  renderRecord();
  renderPop();
});

provider.addEventListener('cti-call-ended', (e: CtiCallEndedEvent) => {
  logEvent(e.type, e.detail);
  if (pop?.callId === e.detail.callId || (pop?.phase === 'dialing' && partyNumber(e.detail.remote) === pop.number)) {
    pop = { ...pop, callId: e.detail.callId, phase: 'ended' };
    activeCallCustomerId = undefined;
    renderCustomers();
    renderRecord();
    renderPop();
  }
});

provider.addEventListener('cti-agent-state-changed', (e: CtiAgentStateChangedEvent) => logEvent(e.type, e.detail));
provider.addEventListener('cti-connection-changed', (e: CtiConnectionChangedEvent) => logEvent(e.type, e.detail));
provider.addEventListener('cti-error', (e: CtiErrorEvent) => logEvent(e.type, e.detail, errorText(e.detail)));
provider.addEventListener('cti-dial-request', (e: CtiDialRequestEvent) => logEvent(e.type, e.detail));

$('screen-pop-close').addEventListener('click', () => {
  pop = undefined;
  renderPop();
});
$('screen-pop-action').addEventListener('click', () => {
  if (pop) openNewContact(pop.number, pop.name);
});
$<HTMLFormElement>('new-contact').addEventListener('submit', createContact);
$('new-contact-cancel').addEventListener('click', () => {
  $('new-contact').hidden = true;
  renderRecord();
});
$('log-clear').addEventListener('click', () => {
  $('event-log').replaceChildren();
  $('event-log-empty').hidden = false;
});

/* ------------------------------------------------------------------ click-to-dial */

function showNotice(text: string): void {
  const notice = $('page-notice');
  notice.textContent = text;
  notice.hidden = text === '';
}

async function dial(c: Customer): Promise<void> {
  showNotice('');
  select(c.id);
  try {
    const placed = await provider.dial(c.phone);
    if (placed) {
      pop = { callId: '', customer: c, number: c.phone, service: undefined, phase: 'dialing' };
      activeCallCustomerId = c.id;
      renderCustomers();
      renderRecord();
      renderPop();
    }
  } catch (reason) {
    showNotice(tr('dial.failed', { number: formatPhone(c.phone), code: errorText(reason) }));
  }
}

function isCtiError(value: unknown): value is CtiError {
  return typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string';
}

/** The widget's own words for an error, vendor-specific when it has them (NEON 601: not registered). */
function errorText(reason: unknown): string {
  if (!isCtiError(reason)) return errorMessage('internal', lang);
  const message = errorMessage(reason, lang, provider.vendor);
  return reason.detail ? `${message} (${reason.detail})` : message;
}

/* ------------------------------------------------------------------ theme, language, format */

const store = {
  get(key: string): string | null {
    try {
      return localStorage.getItem(`cti-demo:${key}`);
    } catch {
      return null;
    }
  },
  set(key: string, value: string): void {
    try {
      localStorage.setItem(`cti-demo:${key}`, value);
    } catch {
      /* private mode: not remembered */
    }
  },
};

let theme: 'light' | 'dark' =
  (store.get('theme') as 'light' | 'dark' | null) ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light');

function applyTheme(): void {
  document.documentElement.dataset['theme'] = theme;
  for (const element of ctiElements()) element.setAttribute('theme', theme);
  const toggle = $('theme-toggle');
  toggle.setAttribute('aria-pressed', String(theme === 'dark'));
  const label = $('theme-label');
  label.dataset['i18n'] = theme === 'dark' ? 'toolbar.light' : 'toolbar.dark';
  label.textContent = tr(theme === 'dark' ? 'toolbar.light' : 'toolbar.dark');
}

$('theme-toggle').addEventListener('click', () => {
  theme = theme === 'dark' ? 'light' : 'dark';
  store.set('theme', theme);
  applyTheme();
});

function setLang(next: Lang): void {
  lang = next;
  document.documentElement.lang = next;
  provider.setAttribute('lang', next);
  provider.locale = next;
  $<HTMLSelectElement>('lang-select').value = next;
  applyPageText();
  renderCustomers();
  renderRecord();
  renderPop();
  renderSimFromOptions();
  renderSimPanel();
  void refreshSimState();
}

$<HTMLSelectElement>('lang-select').addEventListener('change', (e) => {
  const value = (e.target as HTMLSelectElement).value as Lang;
  store.set('lang', value);
  setLang(value);
});

const formatSelect = $<HTMLSelectElement>('format-select');
formatSelect.addEventListener('change', () => {
  const format = formatSelect.value === 'xml' ? 'xml' : 'json';
  store.set('format', format);
  provider.format = format;
});

/* ------------------------------------------------------------------ vendor */

type DemoVendor = Extract<VendorId, 'interact' | 'neon'>;
const DEMO_VENDORS: readonly DemoVendor[] = ['interact', 'neon'];

/**
 * NEON as this demo's integration configures it: the application credentials NEON's simulator
 * accepts (a JS property of the provider, never an attribute, the URL or storage) and its SIP proxy.
 */
const NEON_APP = { user: 'crm', password: 'secret' } as const;
const NEON_SIP_DOMAIN = 'sip.example.com:5060';

interface DemoConfig {
  readonly vendors?: Partial<Record<DemoVendor, { readonly server?: string; readonly control?: string }>>;
}

let vendor: DemoVendor = 'interact';
let demoConfig: DemoConfig | undefined;
const vendorSelect = $<HTMLSelectElement>('vendor-select');

/** The vendor named in the page's URL (`?vendor=neon`); Interact otherwise. */
function vendorFromUrl(): DemoVendor {
  const wanted = new URLSearchParams(location.search).get('vendor');
  return DEMO_VENDORS.find((v) => v === wanted) ?? 'interact';
}

/** Keep the choice across reloads in the URL: the vendor name only. */
function rememberVendor(): void {
  const url = new URL(location.href);
  if (vendor === 'interact') url.searchParams.delete('vendor');
  else url.searchParams.set('vendor', vendor);
  if (url.href !== location.href) history.replaceState(history.state, '', url);
}

function showConfigError(error: string): void {
  const box = $('config-error');
  box.textContent = error ? tr('config.failed', { error }) : '';
  box.hidden = error === '';
}

/** Point the one `<cti-provider>` at the vendor's simulator (the old session is disposed). */
function configureProvider(): void {
  const target = demoConfig?.vendors?.[vendor];
  control = target?.control ?? '';
  if (!demoConfig) return;
  if (!target?.server) {
    showConfigError(`vendors.${vendor}.server missing`);
    return;
  }
  showConfigError('');
  if (vendor === 'neon') {
    provider.credentials = { ...NEON_APP };
    provider.configure({
      vendor: 'neon',
      server: target.server,
      agent: '2001',
      extension: undefined,
      format: undefined,
      options: { sipDomain: NEON_SIP_DOMAIN },
      locale: lang,
    });
  } else {
    provider.credentials = undefined;
    provider.configure({
      vendor: 'interact',
      server: target.server,
      agent: '1001',
      extension: '2001',
      format: formatSelect.value === 'xml' ? 'xml' : 'json',
      options: undefined,
      locale: lang,
    });
  }
}

function applyVendor(next: DemoVendor): void {
  const changed = next !== vendor;
  vendor = next;
  vendorSelect.value = next;
  $('format-field').hidden = next !== 'interact';
  for (const hint of document.querySelectorAll<HTMLElement>('.vendor-hint')) {
    hint.dataset['i18n'] = next === 'neon' ? 'hint.neon' : 'hint';
  }
  $('sim-intro').dataset['i18n'] = next === 'neon' ? 'sim.intro.neon' : 'sim.intro';
  $('sim-interact').hidden = next !== 'interact';
  $('sim-neon').hidden = next !== 'neon';
  applyPageText();
  if (changed) {
    // The other vendor's calls went with its session.
    pop = undefined;
    activeCallCustomerId = undefined;
    renderCustomers();
    renderRecord();
    renderPop();
    showNotice('');
    simStatus('');
  }
  configureProvider();
  simGeneration++;
  renderSimPanel();
  void refreshSimState();
}

vendorSelect.addEventListener('change', () => {
  applyVendor(DEMO_VENDORS.find((v) => v === vendorSelect.value) ?? 'interact');
  rememberVendor();
});

/* ------------------------------------------------------------------ the simulator panel */

let control = '';
/** Bumped by every action and vendor switch: a state poll that started before is stale. */
let simGeneration = 0;

async function sim<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${control}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const json = (await response.json().catch(() => ({}))) as T & { error?: string };
  if (!response.ok) throw new Error(json.error ?? `HTTP ${response.status}`);
  return json;
}

function simStatus(text: string, error = false): void {
  const status = $('sim-status');
  status.textContent = text;
  status.classList.toggle('error', error);
  status.classList.remove('unreachable');
}

function reasonText(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}

/**
 * Send a control request and say how it went. `refused` may put a simulator refusal in better words
 * (from the state just fetched); by default the simulator's own message is shown.
 */
async function simAction<T>(
  path: string,
  body: unknown,
  done: (result: T) => string,
  refused?: () => string | undefined,
): Promise<void> {
  simGeneration++;
  let failure: string | undefined;
  try {
    const result = await sim<T>(path, body);
    simStatus(done(result));
  } catch (reason) {
    failure = tr('sim.failed', { error: reasonText(reason) });
  }
  lastCallsKey = '';
  await refreshSimState();
  if (failure !== undefined) simStatus(refused?.() ?? failure, true);
}

/* The caller pickers of both inbound forms: a customer (number read-only) or another number. */

interface CallerPicker {
  readonly select: HTMLSelectElement;
  readonly number: HTMLInputElement;
  /** Fill the form's other fields for the customer picked (or none). */
  readonly picked: (customer: Customer | undefined) => void;
}

const dataInput = $<HTMLInputElement>('sim-data');
const neonNameInput = $<HTMLInputElement>('neon-name');
const pickers: readonly CallerPicker[] = [
  {
    select: $<HTMLSelectElement>('sim-from-select'),
    number: $<HTMLInputElement>('sim-from'),
    picked: (c) => {
      dataInput.value = c ? `crm=${c.account}` : '';
    },
  },
  {
    select: $<HTMLSelectElement>('neon-from-select'),
    number: $<HTMLInputElement>('neon-from'),
    picked: (c) => {
      neonNameInput.value = c?.name ?? '';
    },
  },
];

function renderSimFromOptions(): void {
  for (const picker of pickers) {
    const { select } = picker;
    const current = select.value;
    select.replaceChildren(
      ...customers.map((c) => el('option', { text: `${c.name} · ${formatPhone(c.phone)}`, attrs: { value: c.id } })),
      el('option', { text: tr('sim.other'), attrs: { value: 'other' } }),
    );
    select.value = current && [...select.options].some((o) => o.value === current) ? current : (customers[0]?.id ?? 'other');
    if (!current) syncFrom(picker, false);
  }
}

function syncFrom(picker: CallerPicker, focus: boolean): void {
  const c = customers.find((x) => x.id === picker.select.value);
  const input = picker.number;
  if (c) {
    input.value = c.phone;
    input.readOnly = true;
  } else {
    input.readOnly = false;
    if (customers.some((x) => x.phone === input.value)) input.value = '11955550000';
    if (focus) {
      input.focus();
      input.select();
    }
  }
  picker.picked(c);
}

for (const picker of pickers) picker.select.addEventListener('change', () => syncFrom(picker, true));

const [interactPicker, neonPicker] = pickers as [CallerPicker, CallerPicker];

function renderSimPanel(): void {
  lastCallsKey = '';
  if (vendor === 'neon') {
    if (neonState) renderNeonState(neonState);
  } else renderServerState();
}

async function refreshSimState(): Promise<void> {
  if (!control) return;
  const generation = simGeneration;
  const polled = vendor;
  try {
    const state = await sim<unknown>('/state');
    if (generation !== simGeneration || polled !== vendor) return;
    if (polled === 'neon') renderNeonState(state as NeonSimState);
    else renderInteractState(state as InteractSimState);
    if ($('sim-status').classList.contains('unreachable')) simStatus('');
  } catch (reason) {
    if (generation !== simGeneration || polled !== vendor) return;
    simStatus(tr('sim.unreachable', { error: reasonText(reason) }), true);
    $('sim-status').classList.add('unreachable');
  }
}

let polling: ReturnType<typeof setTimeout> | undefined;

function poll(): void {
  if (polling !== undefined) clearTimeout(polling);
  polling = setTimeout(() => {
    void refreshSimState().finally(poll);
  }, 1500);
}

/** A call in a simulator's list, with its actions. */
function simCallItem(
  id: string,
  state: string,
  who: string,
  meta: string,
  actions: readonly { text: Key; label: Key; className: string; run: () => void }[],
): HTMLLIElement {
  const buttons = el('div', { className: 'sim-call-actions' });
  for (const action of actions) {
    const button = el('button', {
      className: `btn btn-small ${action.className}`,
      text: tr(action.text),
      attrs: { type: 'button', 'aria-label': tr(action.label, { number: who }) },
    });
    button.addEventListener('click', action.run);
    buttons.append(button);
  }
  return el(
    'li',
    { className: 'sim-call', attrs: { 'data-state': state } },
    el(
      'div',
      { className: 'sim-call-info' },
      el('strong', { text: who }),
      el('span', { className: `state-chip state-${state}`, text: stateLabel(state) }),
      el('span', { className: 'muted small', text: meta }),
      el('span', { className: 'muted small mono', text: id }),
    ),
    buttons,
  );
}

function stateLabel(state: string): string {
  const key = `state.${state}`;
  return isKey(key) ? tr(key) : state;
}

/** "Maria Silva ((11) 98765-4321)" for a customer, else the number (and the caller's own name). */
function describeParty(number: string, name?: string): string {
  const known = customers.find((c) => comparable(c.phone) === comparable(number));
  if (known) return `${known.name} (${formatPhone(number)})`;
  return name ? `${name} (${formatPhone(number)})` : formatPhone(number);
}

let lastCallsKey = '';

/* ---- Interact */

let serverConnected = true;
let serverStateKnown = false;

interface SimCall {
  readonly call_id: string;
  readonly agent: string | null;
  readonly service?: string;
  readonly interlocutor: string;
  readonly call_state: string;
  readonly call_type?: string;
}

interface InteractSimState {
  readonly connected: boolean;
  readonly calls: readonly SimCall[];
}

const FAR_END_OVER: ReadonlySet<string> = new Set(['ended', 'classifying', 'after_call']);

function renderInteractState(state: InteractSimState): void {
  const changed = state.connected !== serverConnected || !serverStateKnown;
  serverConnected = state.connected;
  serverStateKnown = true;
  if (changed) renderServerState();
  // Calls in the agent's wrap-up (classifying / after_call) are over for the far end: nothing to do here.
  renderSimCalls(state.calls.filter((c) => !FAR_END_OVER.has(c.call_state)));
}

$<HTMLFormElement>('sim-inbound').addEventListener('submit', (e) => {
  e.preventDefault();
  const from = digits(interactPicker.number.value) || interactPicker.number.value.trim();
  const data = dataInput.value.trim();
  void simAction<{ call_id: string; agent?: string; queued: boolean }>(
    '/inbound',
    {
      from,
      service: $<HTMLSelectElement>('sim-service').value,
      ...(data ? { data } : {}),
      mustAccept: $<HTMLInputElement>('sim-must-accept').checked,
      agent: '1001',
    },
    (r) => (r.queued ? tr('sim.sentQueued', { id: r.call_id }) : tr('sim.sent', { id: r.call_id, agent: r.agent ?? '?' })),
  );
});

$<HTMLFormElement>('sim-queue').addEventListener('submit', (e) => {
  e.preventDefault();
  const service = $<HTMLSelectElement>('sim-queue-service').value;
  void simAction<{ call_id: string; service: string }>('/queue-call', { service }, (r) =>
    tr('sim.queued', { id: r.call_id, service: r.service }),
  );
});

$('sim-server-toggle').addEventListener('click', () => {
  void simAction('/server-state', { connected: !serverConnected }, () => tr('sim.done'));
});

function renderServerState(): void {
  const state = $('sim-server-state');
  state.textContent = serverStateKnown ? tr(serverConnected ? 'sim.serverUp' : 'sim.serverDownState') : '–';
  state.classList.toggle('down', !serverConnected);
  const toggle = $('sim-server-toggle');
  toggle.dataset['i18n'] = serverConnected ? 'sim.serverDown' : 'sim.serverUpAction';
  toggle.textContent = tr(serverConnected ? 'sim.serverDown' : 'sim.serverUpAction');
  toggle.classList.toggle('btn-danger', serverConnected);
  toggle.classList.toggle('btn-primary', !serverConnected);
}

function renderSimCalls(calls: readonly SimCall[]): void {
  const key = JSON.stringify(['interact', calls.map((c) => [c.call_id, c.call_state, c.agent])]);
  if (key === lastCallsKey) return;
  lastCallsKey = key;
  $('sim-calls').replaceChildren(
    ...calls.map((call) => {
      const meta = [call.call_type, call.service, call.agent ? `→ ${call.agent}` : undefined].filter(Boolean).join(' · ');
      const actions = [];
      if (call.call_state === 'dialing' || call.call_state === 'calling') {
        actions.push({
          text: 'sim.answer' as const,
          label: 'sim.answerLabel' as const,
          className: 'btn-success',
          run: () => void simAction('/answer', { call_id: call.call_id }, () => tr('sim.done')),
        });
      }
      actions.push({
        text: 'sim.hangup' as const,
        label: 'sim.hangupLabel' as const,
        className: 'btn-danger',
        run: () => void simAction('/hangup', { call_id: call.call_id }, () => tr('sim.done')),
      });
      return simCallItem(call.call_id, call.call_state, describeParty(call.interlocutor), meta, actions);
    }),
  );
  $('sim-calls-empty').hidden = calls.length > 0;
}

/* ---- NEON */

interface NeonSimCall {
  readonly callId: string | number;
  readonly type: 'incoming' | 'outgoing';
  /** SIP URIs: `sip:11987654321@sip.example.com`, or `"Name" <sip:…>`. */
  readonly from: string;
  readonly to: string;
  readonly state: 'ringing' | 'active';
  readonly held: boolean;
}

interface NeonSimState {
  readonly running: boolean;
  readonly registration: {
    readonly state: 'unregistered' | 'registering' | 'registered';
    readonly number: string | null;
    readonly domain: string | null;
  };
  readonly calls: readonly NeonSimCall[];
  readonly ui: { readonly shown: boolean };
  readonly nextOutcome: string | null;
  readonly nextOutgoing: { readonly sipError: number } | null;
}

let neonState: NeonSimState | undefined;

/** The number and display name in a SIP URI, for the simulator's list (the widget parses its own). */
function sipParty(uri: string): { number: string; name?: string } {
  const angle = /^\s*(?:"((?:[^"\\]|\\.)*)"|([^<]*?))\s*<([^>]*)>/.exec(uri);
  const name = (angle?.[1] ?? angle?.[2] ?? '').replace(/\\(.)/g, '$1').trim();
  const address = angle?.[3] ?? uri;
  const user = /^\s*(?:sips?|tel):([^@;?>]+)/i.exec(address)?.[1];
  return { number: user ?? address.trim(), ...(name ? { name } : {}) };
}

function renderNeonState(state: NeonSimState): void {
  neonState = state;
  const reg = state.registration;
  const regState = $('neon-reg-state');
  regState.textContent =
    reg.state === 'registered'
      ? tr('neon.reg.registered', { number: reg.number ?? '?' })
      : reg.state === 'registering'
        ? tr('neon.reg.registering', { number: reg.number ?? '?' })
        : tr('neon.reg.unregistered');
  const noAccount = !state.running || reg.state === 'unregistered';
  $<HTMLButtonElement>('neon-expire').disabled = noAccount;
  $<HTMLButtonElement>('neon-cancel').disabled = noAccount;
  $<HTMLInputElement>('neon-refuse-next').checked = state.nextOutcome === 'refused';
  $<HTMLInputElement>('neon-busy-next').checked = state.nextOutgoing !== null;

  const app = $('neon-app-state');
  app.textContent = tr(state.running ? 'neon.running' : 'neon.stopped');
  app.classList.toggle('down', !state.running);
  $('neon-window-state').textContent = state.running ? tr(state.ui.shown ? 'neon.shown' : 'neon.hidden') : '–';
  const toggle = $('neon-app-toggle');
  toggle.dataset['i18n'] = state.running ? 'neon.quit' : 'neon.start';
  toggle.textContent = tr(state.running ? 'neon.quit' : 'neon.start');
  toggle.classList.toggle('btn-danger', state.running);
  toggle.classList.toggle('btn-primary', !state.running);

  renderNeonCalls(state.calls);
}

function renderNeonCalls(calls: readonly NeonSimCall[]): void {
  const key = JSON.stringify(['neon', calls.map((c) => [c.callId, c.state, c.held])]);
  if (key === lastCallsKey) return;
  lastCallsKey = key;
  $('neon-calls').replaceChildren(
    ...calls.map((call) => {
      const callId = String(call.callId);
      const remote = sipParty(call.type === 'incoming' ? call.from : call.to);
      const local = sipParty(call.type === 'incoming' ? call.to : call.from);
      const state = call.held ? 'held' : call.state;
      const meta = `${tr(call.type === 'incoming' ? 'neon.incoming' : 'neon.outgoing')} · ${call.type === 'incoming' ? '→' : '←'} ${local.number}`;
      const actions = [];
      if (call.type === 'outgoing' && call.state === 'ringing') {
        actions.push({
          text: 'sim.answer' as const,
          label: 'sim.answerLabel' as const,
          className: 'btn-success',
          run: () => void simAction('/answer', { callId }, () => tr('sim.done')),
        });
      }
      actions.push({
        text: 'sim.hangup' as const,
        label: 'sim.hangupLabel' as const,
        className: 'btn-danger',
        run: () => void simAction('/hangup', { callId }, () => tr('sim.done')),
      });
      return simCallItem(`callId ${callId}`, state, describeParty(remote.number, remote.name), meta, actions);
    }),
  );
  $('neon-calls-empty').hidden = calls.length > 0;
}

/** Why NEON refused, in the page's words, when the state shows it (stopped, no SIP account). */
function neonRefusal(): string | undefined {
  if (neonState && !neonState.running) return tr('neon.needsRunning');
  if (neonState && neonState.registration.state !== 'registered') return tr('neon.needsRegistration');
  return undefined;
}

$<HTMLFormElement>('neon-inbound').addEventListener('submit', (e) => {
  e.preventDefault();
  const from = digits(neonPicker.number.value) || neonPicker.number.value.trim();
  const name = neonNameInput.value.trim();
  void simAction<{ callId: string | number }>(
    '/inbound',
    { from, ...(name ? { name } : {}) },
    (r) => tr('neon.sent', { id: String(r.callId), account: neonState?.registration.number ?? '?' }),
    neonRefusal,
  );
});

$<HTMLInputElement>('neon-busy-next').addEventListener('change', (e) => {
  const next = (e.target as HTMLInputElement).checked;
  void simAction('/busy', { next }, () => tr('sim.done'));
});

$<HTMLInputElement>('neon-refuse-next').addEventListener('change', (e) => {
  const refuse = (e.target as HTMLInputElement).checked;
  void simAction('/registration', { nextOutcome: refuse ? 'refused' : null }, () => tr('sim.done'));
});

for (const [id, event] of [
  ['neon-expire', 'expired'],
  ['neon-cancel', 'cancelled'],
] as const) {
  $(id).addEventListener('click', () => void simAction('/registration', { event }, () => tr('sim.done'), neonRefusal));
}

$('neon-app-toggle').addEventListener('click', () => {
  const running = neonState?.running ?? true;
  void simAction(running ? '/stop' : '/start', {}, () => tr('sim.done'));
});

/* ------------------------------------------------------------------ start */

async function start(): Promise<void> {
  const storedLang = store.get('lang');
  const initialLang: Lang = LANGS.includes(storedLang as Lang) ? (storedLang as Lang) : 'pt-BR';
  formatSelect.value = store.get('format') === 'xml' ? 'xml' : 'json';
  setLang(initialLang);
  applyTheme();
  select(undefined);
  renderSimFromOptions();
  applyVendor(vendorFromUrl());

  try {
    const response = await fetch(new URL('./config.json', location.href));
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    demoConfig = (await response.json()) as DemoConfig;
  } catch (reason) {
    showConfigError(reasonText(reason));
    return;
  }
  applyVendor(vendor);
  poll();
}

void start();
