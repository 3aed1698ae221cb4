/**
 * The Zendesk app's own texts (pt-BR default, en, es), bundled with the app script: the widget's catalogs
 * (src/i18n) stay as they are. `{name}` placeholders are filled as text.
 */
const ptBR = {
  title: 'Telefone CTI',
  refused: 'Este aplicativo só abre dentro do Zendesk (https://*.zendesk.com) ou de uma origem da lista permitida. Origem recusada: {origin}',
  noOrigin: 'Abra este aplicativo pelo Zendesk: o endereço não tem os parâmetros origin e app_guid.',
  badSetting: 'Configuração do aplicativo inválida: {what}. Corrija em Admin Center › Aplicativos.',
  hostError: 'O Zendesk recusou {action}: {detail}',
  'action.popover': 'mostrar o painel',
  'action.search': 'buscar o cliente',
  'action.display': 'abrir o cliente',
  'action.log': 'registrar a chamada',
  'action.settings': 'ler as configurações',
  found: 'Cliente: {name}',
  ticketOpened: 'Ticket #{id} aberto',
  notFound: 'Nenhum cliente com o número {number}',
  noted: 'Chamada registrada como nota interna no ticket #{id}',
  created: 'Ticket #{id} criado para a chamada',
  vetoed: 'Discagem para {number} bloqueada nesta página',
  dialFailed: 'Não foi possível discar {number}: {detail}',
  dismiss: 'Fechar',
  agentLabel: 'Seu login de agente no Interact',
  agentSubmit: 'Conectar',
  subject: 'Chamada {direction}: {number}',
  'dir.inbound': 'recebida',
  'dir.outbound': 'efetuada',
  'dir.unknown': 'telefônica',
  number: 'Número',
  direction: 'Direção',
  duration: 'Duração',
  answered: 'Atendida',
  yes: 'sim',
  no: 'não',
  vendor: 'Sistema',
  callId: 'ID da chamada',
  service: 'Serviço',
  data: 'Dados da chamada',
};
type Catalog = typeof ptBR;

const en: Catalog = {
  title: 'CTI phone',
  refused: 'This app only opens inside Zendesk (https://*.zendesk.com) or an allow-listed origin. Refused origin: {origin}',
  noOrigin: 'Open this app from Zendesk: the address has no origin and app_guid parameters.',
  badSetting: 'Invalid app setting: {what}. Fix it in Admin Center › Apps.',
  hostError: 'Zendesk refused to {action}: {detail}',
  'action.popover': 'show the panel',
  'action.search': 'look up the customer',
  'action.display': 'open the customer',
  'action.log': 'log the call',
  'action.settings': 'read the settings',
  found: 'Customer: {name}',
  ticketOpened: 'Ticket #{id} opened',
  notFound: 'No customer with number {number}',
  noted: 'Call logged as an internal note on ticket #{id}',
  created: 'Ticket #{id} created for the call',
  vetoed: 'Dialing {number} is blocked on this page',
  dialFailed: 'Could not dial {number}: {detail}',
  dismiss: 'Dismiss',
  agentLabel: 'Your Interact agent login',
  agentSubmit: 'Connect',
  subject: '{direction} call: {number}',
  'dir.inbound': 'Inbound',
  'dir.outbound': 'Outbound',
  'dir.unknown': 'Phone',
  number: 'Number',
  direction: 'Direction',
  duration: 'Duration',
  answered: 'Answered',
  yes: 'yes',
  no: 'no',
  vendor: 'Phone system',
  callId: 'Call ID',
  service: 'Service',
  data: 'Call data',
};

const es: Catalog = {
  title: 'Teléfono CTI',
  refused: 'Esta aplicación solo se abre dentro de Zendesk (https://*.zendesk.com) o de un origen de la lista permitida. Origen rechazado: {origin}',
  noOrigin: 'Abra esta aplicación desde Zendesk: la dirección no tiene los parámetros origin y app_guid.',
  badSetting: 'Configuración de la aplicación no válida: {what}. Corríjala en Admin Center › Aplicaciones.',
  hostError: 'Zendesk rechazó {action}: {detail}',
  'action.popover': 'mostrar el panel',
  'action.search': 'buscar al cliente',
  'action.display': 'abrir al cliente',
  'action.log': 'registrar la llamada',
  'action.settings': 'leer la configuración',
  found: 'Cliente: {name}',
  ticketOpened: 'Ticket #{id} abierto',
  notFound: 'Ningún cliente con el número {number}',
  noted: 'Llamada registrada como nota interna en el ticket #{id}',
  created: 'Ticket #{id} creado para la llamada',
  vetoed: 'La marcación a {number} está bloqueada en esta página',
  dialFailed: 'No se pudo marcar {number}: {detail}',
  dismiss: 'Cerrar',
  agentLabel: 'Su login de agente en Interact',
  agentSubmit: 'Conectar',
  subject: 'Llamada {direction}: {number}',
  'dir.inbound': 'entrante',
  'dir.outbound': 'saliente',
  'dir.unknown': 'telefónica',
  number: 'Número',
  direction: 'Dirección',
  duration: 'Duración',
  answered: 'Atendida',
  yes: 'sí',
  no: 'no',
  vendor: 'Sistema',
  callId: 'ID de la llamada',
  service: 'Servicio',
  data: 'Datos de la llamada',
};

export type ZendeskText = keyof Catalog;
export type ZendeskLocale = 'pt-BR' | 'en' | 'es';

/** pt-BR, en or es for a Zendesk user locale (`pt-BR`, `en-US`, `es-419`…); pt-BR otherwise. */
export function zendeskLocale(locale: string | undefined | null): ZendeskLocale {
  const l = (locale ?? '').toLowerCase();
  if (l.startsWith('en')) return 'en';
  if (l.startsWith('es')) return 'es';
  return 'pt-BR';
}

const catalogs: Record<ZendeskLocale, Catalog> = { 'pt-BR': ptBR, en, es };

export function translator(locale: ZendeskLocale) {
  const catalog = catalogs[locale];
  return (key: ZendeskText, values: Record<string, string | number> = {}): string =>
    catalog[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
export type Translate = ReturnType<typeof translator>;

/** Every catalog has every key (tests). */
export const zendeskCatalogs = catalogs;
