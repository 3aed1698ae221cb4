/**
 * The demo page: "Acme CRM" with the cti-elements softphone in a side column, and a control panel
 * for the simulated contact center. `npm start` runs a simulator per vendor: Dígitro Interact (a CTI
 * server), InWise NEON (a softphone on the agent's computer), and Catix, Intelix DGPhone and Tactium IP
 * (raw TCP servers, reached through one websockify relay). The vendor switch reconfigures the one
 * `<cti-provider>`; the choice is kept in the URL (`?vendor=catix`, `&role=supervisor` for the Catix and
 * Tactium supervisor view), never with credentials (the integration accounts are JS properties).
 *
 * Everything the server or the simulator sends is written with `textContent` (never innerHTML):
 * caller ids, names and associated data are untrusted text.
 */
import { errorMessage } from '../src/index.js';
import type {
  CtiAgentStateChangedEvent,
  CtiCallAnsweredEvent,
  CtiCallDataEvent,
  CtiCallEndedEvent,
  CtiConnectionChangedEvent,
  CtiDialRequestEvent,
  CtiError,
  CtiErrorEvent,
  CtiIncomingCallEvent,
  CtiNoticeEvent,
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
  'phone.supervisor': 'Visão de supervisor (equipe em Filas)',
  'hint.catix': 'Entre como agente 1001, ramal 2001 (o PIN é confirmado no ramal)',
  'hint.catix.supervisor': 'Supervisor: a equipe 1001, 1002 e 1003 aparece em Filas; as chamadas do simulador vão para o agente 1001',
  'hint.dgphone': 'O ramal 2001 conecta sozinho; entre como agente 1001, PIN 1234',
  'hint.tactium': 'Agente jose: ele entra pelo IP Client (no simulador) e o painel acompanha sozinho',
  'hint.tactium.supervisor': 'Supervisor (ADMSOCKET): jose, maria e ana aparecem em Filas',
  'sim.intro.catix': 'Não faz parte do produto: estes controles falam com o simulador do Catix (atrás do websockify) para gerar chamadas e situações.',
  'sim.intro.dgphone': 'Não faz parte do produto: estes controles falam com o simulador do DGPhone (atrás do websockify) para gerar chamadas e situações.',
  'sim.intro.tactium': 'Não faz parte do produto: estes controles falam com o simulador do Tactium IP (atrás do websockify) para gerar chamadas e situações.',
  'sim.running': 'no ar',
  'sim.stopped': 'fora do ar (conexão recusada)',
  'sim.sentPlain': 'Chamada {id} enviada.',
  'sim.dtmf': 'Teclar',
  'sim.dtmfLabel': 'O número {number} digita as teclas',
  'sim.problem': 'Este sistema de telefonia não está disponível neste demo: {problem}',
  'config.problem': 'Sem conexão: {problem}',
  'catix.kind': 'Origem da chamada',
  'catix.queue': 'Fila {name} ({id})',
  'catix.kind.dialer': 'Discador (campanha, com os dados do contato)',
  'catix.cpf': 'CPF/CNPJ do contato',
  'catix.contract': 'Contrato',
  'catix.queueNote': 'O ramal do agente atende sozinho: a chamada chega já em conversa.',
  'catix.dialerNote': 'O discador liga para o contato e passa a chamada ao agente, com os dados da campanha.',
  'catix.scheduled': 'Chamada agendada',
  'catix.scheduledNotice': 'Avisar um agendamento (daqui a 5 min)',
  'catix.scheduledAnswer': 'O agendamento chega ao agente',
  'catix.scheduledSent': 'Agendamento {id} avisado ao agente 1001 ({when}).',
  'catix.agent': 'Agente 1001 no Catix',
  'catix.manualPin': 'O agente digita o PIN no ramal (senão o simulador confirma sozinho)',
  'catix.pin': 'Confirmar o PIN no ramal',
  'catix.pinWrong': 'PIN errado',
  'catix.server': 'Servidor de integração Catix',
  'catix.pendingPin': 'aguardando o PIN no ramal {extension}',
  'catix.status': '{status} · ramal {extension}',
  'catix.noAgent': 'Entre como agente 1001 no telefone primeiro.',
  'catix.kindLabel.dialer': 'discador',
  'catix.kindLabel.queue': 'fila',
  'catix.kindLabel.agent': 'feita pelo agente',
  'catix.kindLabel.scheduled': 'agendada',
  'dg.line': 'Linha do DGPhone',
  'dg.lineFree': 'A primeira livre',
  'dg.fill': 'Uma chamada em cada linha livre',
  'dg.filled': '{n} chamadas enviadas ao ramal 2001.',
  'dg.lines': 'Linhas do ramal 2001',
  'dg.lineN': 'linha {n}',
  'dg.sent': 'Chamada {id} na linha {line} do ramal 2001.',
  'dg.digits': 'Teclas que o cliente digita (DTMF)',
  'dg.app': 'DGPhone do ramal 2001',
  'dg.open': 'aberto',
  'dg.closed': 'fechado (UserLogoff)',
  'dg.agentLabel': 'Agente:',
  'dg.noAgent': 'nenhum',
  'dg.closeIntro': 'Feche o DGPhone: o servidor avisa (UserLogoff), as chamadas somem e o telefone entra de novo quando ele volta.',
  'dg.close': 'Fechar o DGPhone',
  'dg.reopen': 'Abrir o DGPhone',
  'dg.server': 'Servidor DGPhone (porta 5038)',
  'dg.noFree': 'Nenhuma linha livre no ramal 2001.',
  'tac.kind': 'Tipo',
  'tac.kind.inbound': 'Receptiva (o cliente liga)',
  'tac.kind.dialer': 'Discador (campanha)',
  'tac.description': 'Descrição',
  'tac.recordingCode': 'Código de vínculo da gravação (CPF)',
  'tac.note': 'No Tactium as chamadas chegam já em conversa (sem tocar).',
  'tac.callsIntro': 'Do lado remoto: desligar, ou anunciar a gravação da chamada.',
  'tac.recording': 'Gravação',
  'tac.recordingLabel': 'Anunciar a gravação da chamada com {number}',
  'tac.ipClient': 'IP Client do agente jose',
  'tac.ipIntro': 'No Tactium o agente entra e sai pelo IP Client; o painel acompanha sozinho.',
  'tac.ipLogin': 'Entrar no IP Client',
  'tac.ipLogout': 'Sair do IP Client',
  'tac.server': 'Servidor Tactium IP (INTEGRADOR)',
  'tac.status.0': 'fora do Tactium (0)',
  'tac.status.1': 'disponível (1)',
  'tac.status.2': 'em pausa (2)',
  'tac.status.3': 'em atendimento (3)',
  'tac.status.4': 'pós-atendimento (4)',
  'tac.needsAvailable': 'O agente jose precisa estar disponível (entre no IP Client e fique pronto).',
  'tac.inbound': 'receptiva',
  'tac.dialer': 'discador',
  'tac.outgoing': 'feita pelo agente',
  'pop.scheduled': 'Chamada agendada #{id} para {when}',
  'pop.scheduledSub': 'O Catix avisou: o contato será ligado para este agente na hora marcada.',
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
  'phone.supervisor': 'Supervisor view (team under Queues)',
  'hint.catix': 'Sign in as agent 1001, extension 2001 (the PIN is confirmed on the extension)',
  'hint.catix.supervisor': 'Supervisor: the team 1001, 1002 and 1003 is under Queues; the simulator calls go to agent 1001',
  'hint.dgphone': 'Extension 2001 connects by itself; sign in as agent 1001, PIN 1234',
  'hint.tactium': 'Agent jose: signs in through the IP Client (in the simulator) and the panel follows by itself',
  'hint.tactium.supervisor': 'Supervisor (ADMSOCKET): jose, maria and ana are under Queues',
  'sim.intro.catix': 'Not part of the product: these controls drive the Catix simulator (behind websockify) to create calls and situations.',
  'sim.intro.dgphone': 'Not part of the product: these controls drive the DGPhone simulator (behind websockify) to create calls and situations.',
  'sim.intro.tactium': 'Not part of the product: these controls drive the Tactium IP simulator (behind websockify) to create calls and situations.',
  'sim.running': 'up',
  'sim.stopped': 'down (connection refused)',
  'sim.sentPlain': 'Call {id} sent.',
  'sim.dtmf': 'Press keys',
  'sim.dtmfLabel': '{number} presses the keys',
  'sim.problem': 'This telephony system is not available in this demo: {problem}',
  'config.problem': 'Not connecting: {problem}',
  'catix.kind': 'Where the call comes from',
  'catix.queue': 'Queue {name} ({id})',
  'catix.kind.dialer': 'Dialer (campaign, with the contact data)',
  'catix.cpf': 'Contact\'s CPF/CNPJ',
  'catix.contract': 'Contract',
  'catix.queueNote': 'The agent\'s extension picks up by itself: the call arrives already connected.',
  'catix.dialerNote': 'The dialer calls the contact and hands the call to the agent, with the campaign data.',
  'catix.scheduled': 'Scheduled call',
  'catix.scheduledNotice': 'Announce a scheduled call (in 5 min)',
  'catix.scheduledAnswer': 'The scheduled call reaches the agent',
  'catix.scheduledSent': 'Scheduled call {id} announced to agent 1001 ({when}).',
  'catix.agent': 'Agent 1001 on Catix',
  'catix.manualPin': 'The agent types the PIN on the extension (otherwise the simulator confirms it)',
  'catix.pin': 'Confirm the PIN on the extension',
  'catix.pinWrong': 'Wrong PIN',
  'catix.server': 'Catix integration server',
  'catix.pendingPin': 'waiting for the PIN on extension {extension}',
  'catix.status': '{status} · extension {extension}',
  'catix.noAgent': 'Sign in as agent 1001 in the phone first.',
  'catix.kindLabel.dialer': 'dialer',
  'catix.kindLabel.queue': 'queue',
  'catix.kindLabel.agent': 'made by the agent',
  'catix.kindLabel.scheduled': 'scheduled',
  'dg.line': 'DGPhone line',
  'dg.lineFree': 'The first free one',
  'dg.fill': 'A call on every free line',
  'dg.filled': '{n} calls sent to extension 2001.',
  'dg.lines': 'Lines of extension 2001',
  'dg.lineN': 'line {n}',
  'dg.sent': 'Call {id} on line {line} of extension 2001.',
  'dg.digits': 'Keys the customer presses (DTMF)',
  'dg.app': 'DGPhone of extension 2001',
  'dg.open': 'running',
  'dg.closed': 'closed (UserLogoff)',
  'dg.agentLabel': 'Agent:',
  'dg.noAgent': 'none',
  'dg.closeIntro': 'Close DGPhone: the server says so (UserLogoff), the calls vanish and the phone logs in again when it is back.',
  'dg.close': 'Close DGPhone',
  'dg.reopen': 'Start DGPhone',
  'dg.server': 'DGPhone server (port 5038)',
  'dg.noFree': 'No free line on extension 2001.',
  'tac.kind': 'Kind',
  'tac.kind.inbound': 'Inbound (the customer calls)',
  'tac.kind.dialer': 'Dialer (campaign)',
  'tac.description': 'Description',
  'tac.recordingCode': 'Recording link code (CPF)',
  'tac.note': 'On Tactium calls arrive already connected (no ringing).',
  'tac.callsIntro': 'From the far end: hang up, or announce the call recording.',
  'tac.recording': 'Recording',
  'tac.recordingLabel': 'Announce the recording of the call with {number}',
  'tac.ipClient': 'Agent jose\'s IP Client',
  'tac.ipIntro': 'On Tactium the agent signs in and out in the IP Client; the panel follows by itself.',
  'tac.ipLogin': 'Sign in to the IP Client',
  'tac.ipLogout': 'Sign out of the IP Client',
  'tac.server': 'Tactium IP server (INTEGRADOR)',
  'tac.status.0': 'logged out (0)',
  'tac.status.1': 'available (1)',
  'tac.status.2': 'paused (2)',
  'tac.status.3': 'on a call (3)',
  'tac.status.4': 'after-call work (4)',
  'tac.needsAvailable': 'Agent jose must be available (sign in to the IP Client and go ready).',
  'tac.inbound': 'inbound',
  'tac.dialer': 'dialer',
  'tac.outgoing': 'made by the agent',
  'pop.scheduled': 'Scheduled call #{id} at {when}',
  'pop.scheduledSub': 'Catix announced it: the contact will be called for this agent at that time.',
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
  'phone.supervisor': 'Vista de supervisor (equipo en Colas)',
  'hint.catix': 'Inicie sesión como agente 1001, extensión 2001 (el PIN se confirma en la extensión)',
  'hint.catix.supervisor': 'Supervisor: el equipo 1001, 1002 y 1003 aparece en Colas; las llamadas del simulador van al agente 1001',
  'hint.dgphone': 'La extensión 2001 se conecta sola; inicie sesión como agente 1001, PIN 1234',
  'hint.tactium': 'Agente jose: entra por el IP Client (en el simulador) y el panel lo sigue solo',
  'hint.tactium.supervisor': 'Supervisor (ADMSOCKET): jose, maria y ana aparecen en Colas',
  'sim.intro.catix': 'No forma parte del producto: estos controles usan el simulador de Catix (detrás de websockify) para generar llamadas y situaciones.',
  'sim.intro.dgphone': 'No forma parte del producto: estos controles usan el simulador de DGPhone (detrás de websockify) para generar llamadas y situaciones.',
  'sim.intro.tactium': 'No forma parte del producto: estos controles usan el simulador de Tactium IP (detrás de websockify) para generar llamadas y situaciones.',
  'sim.running': 'activo',
  'sim.stopped': 'caído (conexión rechazada)',
  'sim.sentPlain': 'Llamada {id} enviada.',
  'sim.dtmf': 'Marcar',
  'sim.dtmfLabel': 'El número {number} marca las teclas',
  'sim.problem': 'Este sistema de telefonía no está disponible en esta demo: {problem}',
  'config.problem': 'Sin conexión: {problem}',
  'catix.kind': 'Origen de la llamada',
  'catix.queue': 'Cola {name} ({id})',
  'catix.kind.dialer': 'Marcador (campaña, con los datos del contacto)',
  'catix.cpf': 'CPF/CNPJ del contacto',
  'catix.contract': 'Contrato',
  'catix.queueNote': 'La extensión del agente contesta sola: la llamada llega ya en conversación.',
  'catix.dialerNote': 'El marcador llama al contacto y pasa la llamada al agente, con los datos de la campaña.',
  'catix.scheduled': 'Llamada programada',
  'catix.scheduledNotice': 'Avisar una llamada programada (en 5 min)',
  'catix.scheduledAnswer': 'La llamada programada llega al agente',
  'catix.scheduledSent': 'Llamada programada {id} avisada al agente 1001 ({when}).',
  'catix.agent': 'Agente 1001 en Catix',
  'catix.manualPin': 'El agente marca el PIN en la extensión (si no, el simulador lo confirma solo)',
  'catix.pin': 'Confirmar el PIN en la extensión',
  'catix.pinWrong': 'PIN incorrecto',
  'catix.server': 'Servidor de integración Catix',
  'catix.pendingPin': 'esperando el PIN en la extensión {extension}',
  'catix.status': '{status} · extensión {extension}',
  'catix.noAgent': 'Inicie sesión como agente 1001 en el teléfono primero.',
  'catix.kindLabel.dialer': 'marcador',
  'catix.kindLabel.queue': 'cola',
  'catix.kindLabel.agent': 'hecha por el agente',
  'catix.kindLabel.scheduled': 'programada',
  'dg.line': 'Línea del DGPhone',
  'dg.lineFree': 'La primera libre',
  'dg.fill': 'Una llamada en cada línea libre',
  'dg.filled': '{n} llamadas enviadas a la extensión 2001.',
  'dg.lines': 'Líneas de la extensión 2001',
  'dg.lineN': 'línea {n}',
  'dg.sent': 'Llamada {id} en la línea {line} de la extensión 2001.',
  'dg.digits': 'Teclas que marca el cliente (DTMF)',
  'dg.app': 'DGPhone de la extensión 2001',
  'dg.open': 'abierto',
  'dg.closed': 'cerrado (UserLogoff)',
  'dg.agentLabel': 'Agente:',
  'dg.noAgent': 'ninguno',
  'dg.closeIntro': 'Cierre DGPhone: el servidor lo avisa (UserLogoff), las llamadas desaparecen y el teléfono entra de nuevo cuando vuelve.',
  'dg.close': 'Cerrar DGPhone',
  'dg.reopen': 'Abrir DGPhone',
  'dg.server': 'Servidor DGPhone (puerto 5038)',
  'dg.noFree': 'Ninguna línea libre en la extensión 2001.',
  'tac.kind': 'Tipo',
  'tac.kind.inbound': 'Entrante (el cliente llama)',
  'tac.kind.dialer': 'Marcador (campaña)',
  'tac.description': 'Descripción',
  'tac.recordingCode': 'Código de vínculo de la grabación (CPF)',
  'tac.note': 'En Tactium las llamadas llegan ya en conversación (sin sonar).',
  'tac.callsIntro': 'Desde el extremo remoto: colgar, o anunciar la grabación de la llamada.',
  'tac.recording': 'Grabación',
  'tac.recordingLabel': 'Anunciar la grabación de la llamada con {number}',
  'tac.ipClient': 'IP Client del agente jose',
  'tac.ipIntro': 'En Tactium el agente entra y sale por el IP Client; el panel lo sigue solo.',
  'tac.ipLogin': 'Entrar en el IP Client',
  'tac.ipLogout': 'Salir del IP Client',
  'tac.server': 'Servidor Tactium IP (INTEGRADOR)',
  'tac.status.0': 'fuera de Tactium (0)',
  'tac.status.1': 'disponible (1)',
  'tac.status.2': 'en pausa (2)',
  'tac.status.3': 'en atención (3)',
  'tac.status.4': 'post-atención (4)',
  'tac.needsAvailable': 'El agente jose debe estar disponible (entre en el IP Client y póngase listo).',
  'tac.inbound': 'entrante',
  'tac.dialer': 'marcador',
  'tac.outgoing': 'hecha por el agente',
  'pop.scheduled': 'Llamada programada #{id} para {when}',
  'pop.scheduledSub': 'Catix lo avisó: el contacto será llamado para este agente a esa hora.',
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
    // `crm=ACC-1001` inside a value (Interact's associated data), or the account as a whole value (a Catix
    // contract, a Tactium attach-info `crm` key).
    const match = /(?:^|[;&,\s])crm=([\w-]+)/i.exec(value) ?? /^\s*(ACC-\d+)\s*$/i.exec(value);
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
      /** The call's data (dialer contact, recording…) or the scheduled call's fields: server text. */
      data?: Readonly<Record<string, string>> | undefined;
      /** When a scheduled call is due (`phase: 'scheduled'`: a Catix notice, not a call). */
      dueAt?: number | undefined;
      phase: 'ringing' | 'active' | 'ended' | 'dialing' | 'scheduled';
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
  } else if (pop.phase === 'scheduled') {
    const when = pop.dueAt !== undefined ? new Date(pop.dueAt).toLocaleString(lang, { timeStyle: 'short', dateStyle: 'short' }) : '?';
    title = tr('pop.scheduled', { id: pop.data?.['agendamento-id'] ?? pop.callId, when });
  } else if (pop.phase === 'dialing') title = tr('pop.dialing', { name });
  else if (pop.phase === 'active') title = tr('pop.active', { name });
  else title = tr('pop.ended', { name });
  if (pop.phase === 'scheduled') sub = tr('pop.scheduledSub');
  else if (c) sub = pop.service ? tr('pop.sub', { account: c.account, service: pop.service }) : tr('pop.subNoService', { account: c.account });
  else sub = tr('pop.unknownSub');
  const shown = popData(pop.data);
  const dataBox = $('screen-pop-data');
  dataBox.replaceChildren(
    ...shown.map(([k, v]) => el('span', { className: 'pop-field' }, el('span', { className: 'pop-key', text: k }), ' ', el('span', { className: 'pop-value', text: v }))),
  );
  dataBox.hidden = shown.length === 0;
  $('screen-pop-title').textContent = title;
  $('screen-pop-sub').textContent = sub;
  box.dataset['phase'] = pop.phase;
  box.classList.toggle('unknown', !c);
  action.hidden = c !== undefined || pop.phase === 'dialing' || pop.phase === 'scheduled';
  action.textContent = tr('pop.createContact');
  box.hidden = false;
}

/**
 * The call data worth showing in the screen pop (dialer contact, recording), in this order; the vendors' own
 * key names, values as server text. The campaign is the call's service, already in the line above.
 */
const POP_DATA_KEYS = [
  'descricao',
  'contato-cpfcnpj',
  'cod-vinculo-gravacao',
  'contato-contrato',
  'agendamento-cod-referencia',
  'gravacao',
] as const;

function popData(data: Readonly<Record<string, string>> | undefined): [string, string][] {
  if (!data) return [];
  return POP_DATA_KEYS.flatMap((k) => {
    const v = data[k]?.trim();
    return v ? [[k, v.length > 80 ? `${v.slice(0, 79)}…` : v] as [string, string]] : [];
  });
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
  pop = { callId, customer, number: from.number, name: from.name, service, data, phase: 'ringing' };
  activeCallCustomerId = customer?.id;
  if (customer) select(customer.id, true);
  else openNewContact(from.number, from.name);
  renderPop();
});

provider.addEventListener('cti-call-answered', (e: CtiCallAnsweredEvent) => {
  logEvent(e.type, e.detail);
  const { callId, remote, service, data, direction } = e.detail;
  if (pop?.callId === callId) {
    pop = { ...pop, data, phase: 'active' };
  } else {
    const number = partyNumber(remote);
    const customer = lookUp(number, data);
    // The agent's own dial (click-to-dial or the keypad) vs a call that came to the agent (Catix queue and
    // dialer calls, Tactium calls arrive already connected, without ringing).
    const ownDial = pop?.phase === 'dialing' && comparable(pop.number) === comparable(number);
    pop = { callId, customer, number, name: remote[0]?.name, service, data, phase: 'active' };
    activeCallCustomerId = customer?.id;
    if (customer && (direction === 'inbound' || !ownDial)) select(customer.id, true);
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

/* A call's data grew (the dialer's contact data, a recording path): the screen pop shows it, and may now
   know the customer (a contract or CRM key in the data). */
provider.addEventListener('cti-call-data', (e: CtiCallDataEvent) => {
  logEvent(e.type, e.detail);
  const { callId, data } = e.detail;
  if (pop?.callId !== callId) return;
  const customer = pop.customer ?? lookUp(pop.number, data);
  const found = customer !== undefined && pop.customer === undefined;
  pop = { ...pop, data, customer };
  if (found && pop.phase !== 'ended') {
    activeCallCustomerId = customer.id;
    select(customer.id, true);
  }
  renderPop();
});

/* A scheduled call announced (Catix): shown in the screen pop unless a call is being handled. */
provider.addEventListener('cti-notice', (e: CtiNoticeEvent) => {
  logEvent(e.type, e.detail);
  if (pop && pop.phase !== 'ended' && pop.phase !== 'scheduled') return;
  const notice = e.detail;
  const number = notice.data['numero-contato'] ?? '';
  pop = { callId: notice.id, customer: lookUp(number, notice.data), number, service: undefined, data: notice.data, dueAt: notice.dueAt, phase: 'scheduled' };
  renderPop();
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

type DemoVendor = VendorId;
const DEMO_VENDORS: readonly DemoVendor[] = ['interact', 'neon', 'catix', 'dgphone', 'tactium'];
/** The vendors whose session can be a supervisor's (`options.role: 'supervisor'`: the team in `<cti-queue>`). */
const SUPERVISOR_VENDORS: ReadonlySet<DemoVendor> = new Set(['catix', 'tactium']);

/**
 * NEON as this demo's integration configures it: the application credentials NEON's simulator
 * accepts (a JS property of the provider, never an attribute, the URL or storage) and its SIP proxy.
 */
const NEON_APP = { user: 'crm', password: 'secret' } as const;
const NEON_SIP_DOMAIN = 'sip.example.com:5060';
/** The Catix simulator's integration account (`LOGAR_*` `usuario` / `senha`): a JS property too. */
const CATIX_ACCOUNT = { user: 'crm', password: 'secret' } as const;
/** Tactium's pause reasons ("Código Externo" = name): the wire cannot list them, the integration says them. */
const TACTIUM_PAUSES = '1=Lanche;2=Banheiro;3=Treinamento';

interface DemoTarget {
  readonly server?: string;
  readonly control?: string;
  /** Set by `npm start` when this vendor cannot run here (websockify missing): shown, nothing connects. */
  readonly problem?: string;
}

interface DemoConfig {
  readonly vendors?: Partial<Record<DemoVendor, DemoTarget>>;
}

let vendor: DemoVendor = 'interact';
let supervisor = false;
let demoConfig: DemoConfig | undefined;
const vendorSelect = $<HTMLSelectElement>('vendor-select');
const supervisorToggle = $<HTMLInputElement>('supervisor-toggle');

/** The vendor named in the page's URL (`?vendor=neon`); Interact otherwise. */
function vendorFromUrl(): DemoVendor {
  const wanted = new URLSearchParams(location.search).get('vendor');
  return DEMO_VENDORS.find((v) => v === wanted) ?? 'interact';
}

/** `?role=supervisor` (Catix and Tactium only). */
function supervisorFromUrl(): boolean {
  return new URLSearchParams(location.search).get('role') === 'supervisor';
}

/** Keep the choice across reloads in the URL: the vendor name (and the supervisor view) only. */
function rememberVendor(): void {
  const url = new URL(location.href);
  if (vendor === 'interact') url.searchParams.delete('vendor');
  else url.searchParams.set('vendor', vendor);
  if (supervisor && SUPERVISOR_VENDORS.has(vendor)) url.searchParams.set('role', 'supervisor');
  else url.searchParams.delete('role');
  if (url.href !== location.href) history.replaceState(history.state, '', url);
}

function showConfigError(error: string, key: Key = 'config.failed'): void {
  const box = $('config-error');
  box.textContent = error ? tr(key, { error, problem: error }) : '';
  box.hidden = error === '';
}

/** Point the one `<cti-provider>` at the vendor's simulator (the old session is disposed). */
function configureProvider(): void {
  const target = demoConfig?.vendors?.[vendor];
  control = target?.control ?? '';
  const problem = $('sim-problem');
  problem.textContent = target?.problem ? tr('sim.problem', { problem: target.problem }) : '';
  problem.hidden = !target?.problem;
  if (!demoConfig) return;
  if (target?.problem) {
    // Nothing to connect to: no session (the elements show "not configured"), and the page says why.
    provider.credentials = undefined;
    provider.configure({ vendor, server: undefined, options: undefined });
    showConfigError(target.problem, 'config.problem');
    return;
  }
  if (!target?.server) {
    showConfigError(`vendors.${vendor}.server missing`);
    return;
  }
  showConfigError('');
  const boss = supervisor && SUPERVISOR_VENDORS.has(vendor);
  const common = { server: target.server, format: undefined, locale: lang } as const;
  switch (vendor) {
    case 'neon':
      provider.credentials = { ...NEON_APP };
      provider.configure({ ...common, vendor, agent: '2001', extension: undefined, options: { sipDomain: NEON_SIP_DOMAIN } });
      break;
    case 'catix':
      // Agent: one agent's session (`LOGAR_SINGLE_USER`), the agent logs in on an extension and confirms the
      // PIN there. Supervisor: `LOGAR_MULTI_USER`, the listed agents' states in the team table.
      provider.credentials = { ...CATIX_ACCOUNT };
      provider.configure({
        ...common,
        vendor,
        agent: boss ? 'supervisor' : '1001',
        extension: boss ? undefined : '2001',
        options: boss ? { role: 'supervisor', agents: '1001,1002,1003' } : undefined,
      });
      break;
    case 'dgphone':
      // The DGPhone `User` is the extension; the agent signs in with a feature code + PIN on a helper line.
      provider.credentials = undefined;
      provider.configure({ ...common, vendor, agent: '1001', extension: '2001', options: { agentLoginCode: '*9800' } });
      break;
    case 'tactium':
      // No credentials: the agent logs in through the IP Client; the socket binds to that login.
      provider.credentials = undefined;
      provider.configure({
        ...common,
        vendor,
        agent: boss ? '' : 'jose',
        extension: undefined,
        options: {
          pauseReasons: TACTIUM_PAUSES,
          defaultDdd: '11',
          defaultService: 'Vendas',
          ...(boss ? { role: 'supervisor', agents: 'jose,maria,ana' } : {}),
        },
      });
      break;
    default:
      provider.credentials = undefined;
      provider.configure({
        ...common,
        vendor: 'interact',
        agent: '1001',
        extension: '2001',
        format: formatSelect.value === 'xml' ? 'xml' : 'json',
        options: undefined,
      });
  }
}

const HINTS: Record<DemoVendor, Key> = {
  interact: 'hint',
  neon: 'hint.neon',
  catix: 'hint.catix',
  dgphone: 'hint.dgphone',
  tactium: 'hint.tactium',
};
const SUPERVISOR_HINTS: Partial<Record<DemoVendor, Key>> = { catix: 'hint.catix.supervisor', tactium: 'hint.tactium.supervisor' };
const INTROS: Record<DemoVendor, Key> = {
  interact: 'sim.intro',
  neon: 'sim.intro.neon',
  catix: 'sim.intro.catix',
  dgphone: 'sim.intro.dgphone',
  tactium: 'sim.intro.tactium',
};

function applyVendor(next: DemoVendor, nextSupervisor = supervisor): void {
  const changed = next !== vendor || nextSupervisor !== supervisor;
  vendor = next;
  supervisor = nextSupervisor;
  vendorSelect.value = next;
  const canSupervise = SUPERVISOR_VENDORS.has(next);
  $('format-field').hidden = next !== 'interact';
  $('supervisor-field').hidden = !canSupervise;
  supervisorToggle.checked = supervisor && canSupervise;
  // A supervisor's session never acts as an agent: the page shows the team (in <cti-queue>), not a sign-in.
  const agentStatus = provider.querySelector<HTMLElement>('cti-agent-status');
  if (agentStatus) agentStatus.hidden = supervisor && canSupervise;
  const hint = (supervisor && canSupervise ? SUPERVISOR_HINTS[next] : undefined) ?? HINTS[next];
  for (const element of document.querySelectorAll<HTMLElement>('.vendor-hint')) element.dataset['i18n'] = hint;
  $('sim-intro').dataset['i18n'] = INTROS[next];
  for (const v of DEMO_VENDORS) $(`sim-${v}`).hidden = v !== next;
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

supervisorToggle.addEventListener('change', () => {
  applyVendor(vendor, supervisorToggle.checked);
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
  {
    select: $<HTMLSelectElement>('catix-from-select'),
    number: $<HTMLInputElement>('catix-from'),
    picked: (c) => {
      // The campaign's contact data, as a dialer would have it (fictitious CPF; the contract is the CRM account).
      $<HTMLInputElement>('catix-cpf').value = c ? fakeCpf(c) : '';
      $<HTMLInputElement>('catix-contract').value = c?.account ?? '';
    },
  },
  {
    select: $<HTMLSelectElement>('dg-from-select'),
    number: $<HTMLInputElement>('dg-from'),
    picked: () => undefined,
  },
  {
    select: $<HTMLSelectElement>('tac-from-select'),
    number: $<HTMLInputElement>('tac-from'),
    picked: (c) => {
      $<HTMLInputElement>('tac-description').value = c ? `${c.plan} · ${c.tickets[0]?.subject ?? c.city}` : '';
      $<HTMLInputElement>('tac-recording-code').value = c ? fakeCpf(c) : '';
      $<HTMLInputElement>('tac-attach').value = c ? `crm=${c.account}` : '';
    },
  },
];

/** A fictitious, well-formed CPF for a customer (the same every time). */
function fakeCpf(c: Customer): string {
  const base = [...digits(c.phone).padEnd(9, '7').slice(-9)].map(Number);
  const check = (ds: number[]): number => {
    const sum = ds.reduce((acc, d, i) => acc + d * (ds.length + 1 - i), 0);
    const r = (sum * 10) % 11;
    return r === 10 ? 0 : r;
  };
  const d1 = check(base);
  const d2 = check([...base, d1]);
  return [...base, d1, d2].join('');
}

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

const [interactPicker, neonPicker, catixPicker, dgPicker, tacPicker] = pickers as [
  CallerPicker,
  CallerPicker,
  CallerPicker,
  CallerPicker,
  CallerPicker,
];

function renderSimPanel(): void {
  lastCallsKey = '';
  switch (vendor) {
    case 'neon':
      if (neonState) renderNeonState(neonState);
      break;
    case 'catix':
      renderCatixKinds();
      if (catixState) renderCatixState(catixState);
      break;
    case 'dgphone':
      if (dgState) renderDGState(dgState);
      break;
    case 'tactium':
      if (tacState) renderTactiumState(tacState);
      break;
    default:
      renderServerState();
  }
}

async function refreshSimState(): Promise<void> {
  if (!control) return;
  const generation = simGeneration;
  const polled = vendor;
  try {
    const state = await sim<unknown>('/state');
    if (generation !== simGeneration || polled !== vendor) return;
    switch (polled) {
      case 'neon':
        renderNeonState(state as NeonSimState);
        break;
      case 'catix':
        renderCatixState(state as CatixSimState);
        break;
      case 'dgphone':
        renderDGState(state as DGSimState);
        break;
      case 'tactium':
        renderTactiumState(state as TactiumSimState);
        break;
      default:
        renderInteractState(state as InteractSimState);
    }
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

/* ---- shared by the relay vendors */

/** A state readout and its stop/start button for a simulator that can stop listening. */
function renderRunning(stateId: string, toggleId: string, running: boolean): void {
  const state = $(stateId);
  state.textContent = tr(running ? 'sim.running' : 'sim.stopped');
  state.classList.toggle('down', !running);
  renderToggle(toggleId, running, 'sim.serverDown', 'sim.serverUpAction');
}

/** A two-way button: danger while the thing is on (`on` key), primary to bring it back (`off` key). */
function renderToggle(id: string, on: boolean, onKey: Key, offKey: Key): void {
  const toggle = $(id);
  toggle.dataset['i18n'] = on ? onKey : offKey;
  toggle.textContent = tr(on ? onKey : offKey);
  toggle.classList.toggle('btn-danger', on);
  toggle.classList.toggle('btn-primary', !on);
}

/** The number typed in a caller picker: digits, else as typed. */
function pickedNumber(picker: CallerPicker): string {
  return digits(picker.number.value) || picker.number.value.trim();
}

/* ---- Catix */

const CATIX_AGENT = '1001';
/** The simulator's PIN delay when the agent does not type the PIN himself (its default, as `npm start` runs it). */
const CATIX_AUTO_PIN_MS = 300;

interface CatixSimCall {
  readonly rl: string;
  readonly number: string;
  readonly kind: 'agent' | 'queue' | 'dialer' | 'scheduled' | string;
  readonly state: 'dialing' | 'active' | string;
}

interface CatixSimAgent {
  readonly id: string;
  readonly name: string;
  readonly extension: string | null;
  readonly status: string;
  readonly pendingLogin: { readonly extension: string } | null;
  readonly call: CatixSimCall | null;
}

interface CatixSimState {
  readonly running: boolean;
  readonly agents: readonly CatixSimAgent[];
  readonly timing: { readonly pinDelayMs: number | null };
}

let catixState: CatixSimState | undefined;
let catixScheduledId: string | undefined;
const catixKind = $<HTMLSelectElement>('catix-kind');
/** The simulator's queues (its defaults): the ids are what `/_sim/inbound` takes. */
const CATIX_QUEUES = [
  { id: '154', name: 'RECEPCAO' },
  { id: '155', name: 'COBRANCA_GERAL' },
] as const;

function renderCatixKinds(): void {
  const current = catixKind.value || `queue:${CATIX_QUEUES[0].id}`;
  catixKind.replaceChildren(
    ...CATIX_QUEUES.map((q) => el('option', { text: tr('catix.queue', { name: q.name, id: q.id }), attrs: { value: `queue:${q.id}` } })),
    el('option', { text: tr('catix.kind.dialer'), attrs: { value: 'dialer' } }),
  );
  catixKind.value = current;
  syncCatixKind();
}

function syncCatixKind(): void {
  const dialer = catixKind.value === 'dialer';
  $('catix-dialer-fields').hidden = !dialer;
  const note = $('catix-kind-note');
  note.dataset['i18n'] = dialer ? 'catix.dialerNote' : 'catix.queueNote';
  note.textContent = tr(dialer ? 'catix.dialerNote' : 'catix.queueNote');
}

catixKind.addEventListener('change', syncCatixKind);

function catixAgent(state = catixState): CatixSimAgent | undefined {
  return state?.agents.find((a) => a.id === CATIX_AGENT);
}

function renderCatixState(state: CatixSimState): void {
  catixState = state;
  const agent = catixAgent(state);
  const readout = $('catix-agent-state');
  readout.textContent = !agent
    ? '–'
    : agent.pendingLogin
      ? tr('catix.pendingPin', { extension: agent.pendingLogin.extension })
      : agent.extension
        ? tr('catix.status', { status: agent.status, extension: agent.extension })
        : agent.status;
  readout.classList.toggle('down', agent !== undefined && !agent.extension && !agent.pendingLogin);
  $<HTMLButtonElement>('catix-pin').disabled = !agent?.pendingLogin;
  $<HTMLButtonElement>('catix-pin-wrong').disabled = !agent?.pendingLogin;
  $<HTMLInputElement>('catix-manual-pin').checked = state.timing.pinDelayMs === null;
  renderRunning('catix-server-state', 'catix-server-toggle', state.running);
  renderCatixCalls(state.agents.filter((a) => a.call !== null));
}

function catixKindLabel(kind: string): string {
  const key = `catix.kindLabel.${kind}`;
  return isKey(key) ? tr(key) : kind;
}

function renderCatixCalls(agents: readonly CatixSimAgent[]): void {
  const key = JSON.stringify(['catix', agents.map((a) => [a.id, a.call?.rl, a.call?.state])]);
  if (key === lastCallsKey) return;
  lastCallsKey = key;
  $('catix-calls').replaceChildren(
    ...agents.map((agent) => {
      const call = agent.call as CatixSimCall;
      const actions = [];
      if (call.state === 'dialing') {
        actions.push({
          text: 'sim.answer' as const,
          label: 'sim.answerLabel' as const,
          className: 'btn-success',
          run: () => void simAction('/answer', { agent: agent.id }, () => tr('sim.done')),
        });
      }
      actions.push({
        text: 'sim.hangup' as const,
        label: 'sim.hangupLabel' as const,
        className: 'btn-danger',
        run: () => void simAction('/hangup', { agent: agent.id }, () => tr('sim.done')),
      });
      const meta = `${catixKindLabel(call.kind)} · → ${agent.id}`;
      return simCallItem(`rl ${call.rl}`, call.state, describeParty(call.number), meta, actions);
    }),
  );
  $('catix-calls-empty').hidden = agents.length > 0;
}

/** Why Catix refused, in the page's words, when the state shows it (the agent is not logged in). */
function catixRefusal(): string | undefined {
  const agent = catixAgent();
  return agent && !agent.extension ? tr('catix.noAgent') : undefined;
}

$<HTMLFormElement>('catix-inbound').addEventListener('submit', (e) => {
  e.preventDefault();
  const from = pickedNumber(catixPicker);
  const customer = customers.find((c) => c.id === catixPicker.select.value);
  if (catixKind.value === 'dialer') {
    const cpf = digits($<HTMLInputElement>('catix-cpf').value);
    const contract = $<HTMLInputElement>('catix-contract').value.trim();
    void simAction<{ rl: string }>(
      '/dialer',
      {
        agent: CATIX_AGENT,
        'numero-contato': from,
        'campanha-id': '7',
        ...(customer ? { 'contato-id': customer.account.replace(/\D/g, '') } : {}),
        ...(cpf ? { 'contato-cpfcnpj': cpf } : {}),
        ...(contract ? { 'contato-contrato': contract } : {}),
      },
      (r) => tr('sim.sentPlain', { id: `rl ${r.rl}` }),
      catixRefusal,
    );
  } else {
    const queue = catixKind.value.replace(/^queue:/, '');
    void simAction<{ rl: string }>(
      '/inbound',
      { agent: CATIX_AGENT, from, queue },
      (r) => tr('sim.sentPlain', { id: `rl ${r.rl}` }),
      catixRefusal,
    );
  }
});

$('catix-scheduled').addEventListener('click', () => {
  const dueAt = new Date(Date.now() + 5 * 60_000).toISOString();
  void simAction<{ id: string; atributos: Record<string, string> }>(
    '/scheduled',
    { agent: CATIX_AGENT, dueAt },
    (r) => {
      catixScheduledId = r.id;
      return tr('catix.scheduledSent', { id: r.id, when: r.atributos['agendamento-data-hora'] ?? dueAt });
    },
  );
});

$('catix-scheduled-answer').addEventListener('click', () => {
  const customer = customers.find((c) => c.id === catixPicker.select.value);
  void simAction<{ rl: string }>(
    '/scheduled-answer',
    {
      agent: CATIX_AGENT,
      ...(catixScheduledId ? { id: catixScheduledId } : {}),
      'numero-contato': pickedNumber(catixPicker),
      ...(customer ? { 'contato-contrato': customer.account, 'contato-cpfcnpj': fakeCpf(customer) } : {}),
    },
    (r) => tr('sim.sentPlain', { id: `rl ${r.rl}` }),
    catixRefusal,
  );
});

$('catix-pin').addEventListener('click', () => void simAction('/pin', { agent: CATIX_AGENT }, () => tr('sim.done')));
$('catix-pin-wrong').addEventListener('click', () => void simAction('/pin', { agent: CATIX_AGENT, accept: false }, () => tr('sim.done')));
$<HTMLInputElement>('catix-manual-pin').addEventListener('change', (e) => {
  const manual = (e.target as HTMLInputElement).checked;
  void simAction('/config', { pinDelayMs: manual ? null : CATIX_AUTO_PIN_MS }, () => tr('sim.done'));
});
$('catix-server-toggle').addEventListener('click', () => {
  void simAction(catixState?.running === false ? '/start' : '/stop', {}, () => tr('sim.done'));
});

/* ---- DGPhone */

const DG_USER = '2001';

interface DGSimLine {
  readonly line: number;
  readonly state: 'idle' | 'dialing' | 'ringing' | 'active' | 'held';
  readonly callId?: string;
  readonly number?: string;
  readonly direction?: string;
  readonly feature?: boolean | string | null;
}

interface DGSimPhone {
  readonly available: boolean;
  readonly selected: number;
  readonly agent: string | null;
  readonly lines: readonly DGSimLine[];
}

interface DGSimState {
  readonly running: boolean;
  readonly phones: Readonly<Record<string, DGSimPhone>>;
}

let dgState: DGSimState | undefined;

function dgPhone(state = dgState): DGSimPhone | undefined {
  return state?.phones[DG_USER];
}

function renderDGState(state: DGSimState): void {
  dgState = state;
  const phone = dgPhone(state);
  const app = $('dg-app-state');
  const available = phone?.available ?? false;
  app.textContent = phone ? tr(available ? 'dg.open' : 'dg.closed') : '–';
  app.classList.toggle('down', phone !== undefined && !available);
  $('dg-agent-state').textContent = phone ? (phone.agent ?? tr('dg.noAgent')) : '–';
  renderToggle('dg-app-toggle', available || !phone, 'dg.close', 'dg.reopen');
  $<HTMLButtonElement>('dg-app-toggle').disabled = !state.running || !phone;
  renderRunning('dg-server-state', 'dg-server-toggle', state.running);
  renderDGCalls(phone);
}

function renderDGCalls(phone: DGSimPhone | undefined): void {
  // The agent-login feature-code call on a helper line is the phone's business, not a customer's call.
  const lines = (phone?.lines ?? []).filter((l) => l.state !== 'idle' && !l.feature);
  const key = JSON.stringify(['dgphone', phone?.selected, lines.map((l) => [l.line, l.state, l.callId])]);
  if (key === lastCallsKey) return;
  lastCallsKey = key;
  $('dg-calls').replaceChildren(
    ...lines.map((l) => {
      const actions = [];
      if (l.state === 'dialing') {
        actions.push({
          text: 'sim.answer' as const,
          label: 'sim.answerLabel' as const,
          className: 'btn-success',
          run: () => void simAction('/answer', { user: DG_USER, line: l.line }, () => tr('sim.done')),
        });
      }
      if (l.state === 'active') {
        actions.push({
          text: 'sim.dtmf' as const,
          label: 'sim.dtmfLabel' as const,
          className: '',
          run: () => {
            const keys = $<HTMLInputElement>('dg-digits').value.replace(/[^0-9*#A-D]/gi, '').toUpperCase() || '1';
            void simAction('/dtmf', { user: DG_USER, line: l.line, digits: keys }, () => tr('sim.done'));
          },
        });
      }
      actions.push({
        text: 'sim.hangup' as const,
        label: 'sim.hangupLabel' as const,
        className: 'btn-danger',
        run: () => void simAction('/hangup', { user: DG_USER, line: l.line }, () => tr('sim.done')),
      });
      const selected = phone?.selected === l.line ? ' ◂' : '';
      const meta = [tr('dg.lineN', { n: l.line }) + selected, l.direction].filter(Boolean).join(' · ');
      return simCallItem(l.callId ? `callId ${l.callId}` : '', l.state, describeParty(l.number ?? ''), meta, actions);
    }),
  );
  $('dg-calls-empty').hidden = lines.length > 0;
}

$<HTMLFormElement>('dg-inbound').addEventListener('submit', (e) => {
  e.preventDefault();
  const line = $<HTMLSelectElement>('dg-line').value;
  void simAction<{ line: number; callId: string }>(
    '/inbound',
    { user: DG_USER, from: pickedNumber(dgPicker), ...(line ? { line: Number(line) } : {}) },
    (r) => tr('dg.sent', { id: r.callId, line: r.line }),
  );
});

$('dg-fill').addEventListener('click', () => {
  void (async () => {
    // The lines as they are now (the last poll may be a second old).
    let fresh: DGSimState;
    try {
      fresh = await sim<DGSimState>('/state');
    } catch (reason) {
      simStatus(tr('sim.unreachable', { error: reasonText(reason) }), true);
      return;
    }
    const free = (dgPhone(fresh)?.lines ?? []).filter((l) => l.state === 'idle').map((l) => l.line);
    if (free.length === 0) {
      simStatus(tr('dg.noFree'), true);
      return;
    }
    // Every customer calls (then made-up numbers): one call per free line, in line order.
    const numbers = free.map((_, i) => customers[i]?.phone ?? `1195555${String(1000 + i)}`);
    let sent = 0;
    for (const [i, line] of free.entries()) {
      try {
        await sim('/inbound', { user: DG_USER, from: numbers[i], line });
        sent++;
      } catch (reason) {
        simStatus(tr('sim.failed', { error: reasonText(reason) }), true);
        break;
      }
    }
    if (sent === free.length) simStatus(tr('dg.filled', { n: sent }));
    simGeneration++;
    lastCallsKey = '';
    await refreshSimState();
  })();
});

$('dg-app-toggle').addEventListener('click', () => {
  const available = dgPhone()?.available ?? true;
  void simAction(available ? '/user-logoff' : '/user-logon', { user: DG_USER }, () => tr('sim.done'));
});
$('dg-server-toggle').addEventListener('click', () => {
  void simAction(dgState?.running === false ? '/start' : '/stop', {}, () => tr('sim.done'));
});

/* ---- Tactium */

const TAC_AGENT = 'jose';

interface TacSimCall {
  readonly key: number;
  readonly kind: 'A' | 'R';
  readonly dialer: boolean;
  readonly id: string;
  readonly dddOrigin: string;
  readonly origin: string;
  readonly dddDest: string;
  readonly dest: string;
  readonly description?: string;
  readonly service?: string;
  readonly recording?: string;
}

interface TacSimAgent {
  readonly login: string;
  readonly status: number;
  readonly extension: string;
  readonly call: TacSimCall | null;
}

interface TactiumSimState {
  readonly running: boolean;
  readonly agents: readonly TacSimAgent[];
}

let tacState: TactiumSimState | undefined;
const tacKind = $<HTMLSelectElement>('tac-kind');

function tacAgent(state = tacState): TacSimAgent | undefined {
  return state?.agents.find((a) => a.login === TAC_AGENT);
}

function tacStatusLabel(status: number | undefined): string {
  const key = `tac.status.${status ?? ''}`;
  return isKey(key) ? tr(key) : String(status ?? '–');
}

function renderTactiumState(state: TactiumSimState): void {
  tacState = state;
  const agent = tacAgent(state);
  const readout = $('tac-agent-state');
  readout.textContent = agent ? tacStatusLabel(agent.status) : '–';
  readout.classList.toggle('down', agent?.status === 0);
  const loggedIn = agent !== undefined && agent.status !== 0;
  renderToggle('tac-ip-toggle', loggedIn, 'tac.ipLogout', 'tac.ipLogin');
  renderRunning('tac-server-state', 'tac-server-toggle', state.running);
  renderTactiumCalls(state.agents.filter((a) => a.call !== null));
}

function renderTactiumCalls(agents: readonly TacSimAgent[]): void {
  const key = JSON.stringify(['tactium', agents.map((a) => [a.login, a.call?.key, a.call?.recording])]);
  if (key === lastCallsKey) return;
  lastCallsKey = key;
  $('tac-calls').replaceChildren(
    ...agents.map((agent) => {
      const call = agent.call as TacSimCall;
      const inbound = call.kind === 'R';
      const number = inbound ? `${call.dddOrigin}${call.origin}` : `${call.dddDest}${call.dest}`;
      const kind = tr(inbound ? 'tac.inbound' : call.dialer ? 'tac.dialer' : 'tac.outgoing');
      const meta = [kind, call.service, call.description, `→ ${agent.login}`].filter(Boolean).join(' · ');
      const actions = [
        {
          text: 'tac.recording' as const,
          label: 'tac.recordingLabel' as const,
          className: '',
          run: () => void simAction('/recording', { agent: agent.login }, () => tr('sim.done')),
        },
        {
          text: 'sim.hangup' as const,
          label: 'sim.hangupLabel' as const,
          className: 'btn-danger',
          run: () => void simAction('/hangup', { agent: agent.login }, () => tr('sim.done')),
        },
      ];
      const id = [call.id ? `id ${call.id}` : `#${call.key}`, call.recording].filter(Boolean).join(' · ');
      return simCallItem(id, 'active', describeParty(number), meta, actions);
    }),
  );
  $('tac-calls-empty').hidden = agents.length > 0;
}

function syncTacKind(): void {
  $('tac-dialer-fields').hidden = tacKind.value !== 'dialer';
}
tacKind.addEventListener('change', syncTacKind);

/** A Brazilian number as Tactium's DDD + phone (a short number gets São Paulo's 11). */
function splitDdd(number: string): { ddd: string; number: string } {
  const d = comparable(number);
  return d.length >= 10 ? { ddd: d.slice(0, 2), number: d.slice(2) } : { ddd: '11', number: d };
}

/** `crm=ACC-1001;x=y` → `{ crm: 'ACC-1001', x: 'y' }` (the dialer's attach info). */
function attachInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(';')) {
    const [k, ...v] = part.split('=');
    const name = k?.trim().replace(/[<>$;=]/g, '');
    if (name) out[name] = v.join('=').trim().replace(/[<>$;]/g, '');
  }
  return out;
}

function tacRefusal(): string | undefined {
  const agent = tacAgent();
  return agent && agent.status !== 1 ? tr('tac.needsAvailable') : undefined;
}

$<HTMLFormElement>('tac-inbound').addEventListener('submit', (e) => {
  e.preventDefault();
  const { ddd, number } = splitDdd(pickedNumber(tacPicker));
  if (tacKind.value === 'dialer') {
    const description = $<HTMLInputElement>('tac-description').value.trim().replace(/[<>$]/g, '');
    const recordingCode = digits($<HTMLInputElement>('tac-recording-code').value);
    const attach = attachInfo($<HTMLInputElement>('tac-attach').value);
    void simAction<{ id: string }>(
      '/dialer',
      { agent: TAC_AGENT, ddd, number, campaign: 'Campanha_Cobrança', description, recordingCode, attach },
      (r) => tr('sim.sentPlain', { id: r.id }),
      tacRefusal,
    );
  } else {
    void simAction<{ key: number }>(
      '/inbound',
      { agent: TAC_AGENT, ddd, number, to: '4000' },
      (r) => tr('sim.sentPlain', { id: `#${r.key}` }),
      tacRefusal,
    );
  }
});

$('tac-ip-toggle').addEventListener('click', () => {
  const loggedIn = (tacAgent()?.status ?? 0) !== 0;
  void simAction(loggedIn ? '/ip-logout' : '/ip-login', { agent: TAC_AGENT }, () => tr('sim.done'));
});
$('tac-server-toggle').addEventListener('click', () => {
  void simAction(tacState?.running === false ? '/start' : '/stop', {}, () => tr('sim.done'));
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
  syncTacKind();
  applyVendor(vendorFromUrl(), supervisorFromUrl());

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
