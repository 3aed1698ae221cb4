/**
 * The softphone page's own texts (pt-BR default, en, es). Loaded only by the Salesforce softphone page,
 * so they cost nothing to the drop-in's initial load or its en/es chunks.
 */
const ptBR = {
  'agent.legend': 'Agente do contact center',
  'agent.agent': 'Agente',
  'agent.extension': 'Ramal',
  'agent.continue': 'Continuar',
  'agent.current': 'Agente {agent}',
  'agent.change': 'Trocar agente',
  'dismiss': 'Fechar aviso',
  'origin.missing': 'Abra esta página pelo Salesforce: falta o parâmetro sfdcIframeOrigin.',
  'origin.refused': 'Origem recusada: {origin} não é um domínio do Salesforce nem está na lista permitida. Nada dela foi carregado.',
  'origin.ambiguous': 'Origem recusada: o parâmetro sfdcIframeOrigin veio duas vezes, com valores diferentes.',
  'opencti.load': 'Não foi possível carregar o Open CTI de {origin}.',
  'opencti.settings': 'O Salesforce não devolveu as configurações do call center: {error}',
  'settings.missing': 'O call center não define {item} (seção ctiWidget do arquivo XML).',
  'settings.options': 'O item options do call center não é um objeto JSON: ignorado.',
  'settings.apex': 'O item credentialsApex deve ser Classe.método (um método Apex).',
  'credentials.failed': 'Não foi possível obter as credenciais da integração ({apex}): {error}',
  'settings.credential': 'O item {item} parece uma credencial e foi ignorado: credenciais não vão no call center.',
  'host.failed': 'O Salesforce recusou {action}: {error}',
  'dial.failed': 'Não foi possível discar {number}: {error}',
  'action.panel': 'mostrar o softphone',
  'action.pop': 'abrir o registro do número',
  'action.log': 'registrar a chamada',
  'action.c2d': 'ativar o clique para discar',
  'action.listen': 'ouvir o Salesforce',
  'task.inbound': 'Chamada recebida {number}',
  'task.outbound': 'Chamada efetuada {number}',
  'task.missed': 'Chamada perdida {number}',
  'task.unanswered': 'Chamada não atendida {number}',
} as const;

export type MessageKey = keyof typeof ptBR;
type Catalog = Readonly<Record<MessageKey, string>>;

const en: Catalog = {
  'agent.legend': 'Contact center agent',
  'agent.agent': 'Agent',
  'agent.extension': 'Extension',
  'agent.continue': 'Continue',
  'agent.current': 'Agent {agent}',
  'agent.change': 'Change agent',
  'dismiss': 'Dismiss notice',
  'origin.missing': 'Open this page from Salesforce: the sfdcIframeOrigin parameter is missing.',
  'origin.refused': 'Origin refused: {origin} is not a Salesforce domain nor on the allow-list. Nothing from it was loaded.',
  'origin.ambiguous': 'Origin refused: sfdcIframeOrigin came twice, with different values.',
  'opencti.load': 'Could not load Open CTI from {origin}.',
  'opencti.settings': 'Salesforce did not return the call center settings: {error}',
  'settings.missing': 'The call center does not set {item} (ctiWidget section of the XML file).',
  'settings.options': 'The call center options item is not a JSON object: ignored.',
  'settings.apex': 'The credentialsApex item must be Class.method (an Apex method).',
  'credentials.failed': 'Could not get the integration’s credentials ({apex}): {error}',
  'settings.credential': 'The {item} item looks like a credential and was ignored: credentials do not go in the call center.',
  'host.failed': 'Salesforce refused to {action}: {error}',
  'dial.failed': 'Could not dial {number}: {error}',
  'action.panel': 'show the softphone',
  'action.pop': 'open the number’s record',
  'action.log': 'log the call',
  'action.c2d': 'enable click-to-dial',
  'action.listen': 'listen to Salesforce',
  'task.inbound': 'Inbound call {number}',
  'task.outbound': 'Outbound call {number}',
  'task.missed': 'Missed call {number}',
  'task.unanswered': 'Unanswered call {number}',
};

const es: Catalog = {
  'agent.legend': 'Agente del contact center',
  'agent.agent': 'Agente',
  'agent.extension': 'Extensión',
  'agent.continue': 'Continuar',
  'agent.current': 'Agente {agent}',
  'agent.change': 'Cambiar agente',
  'dismiss': 'Cerrar aviso',
  'origin.missing': 'Abra esta página desde Salesforce: falta el parámetro sfdcIframeOrigin.',
  'origin.refused': 'Origen rechazado: {origin} no es un dominio de Salesforce ni está en la lista permitida. No se cargó nada de ella.',
  'origin.ambiguous': 'Origen rechazado: sfdcIframeOrigin vino dos veces, con valores distintos.',
  'opencti.load': 'No se pudo cargar Open CTI de {origin}.',
  'opencti.settings': 'Salesforce no devolvió la configuración del call center: {error}',
  'settings.missing': 'El call center no define {item} (sección ctiWidget del archivo XML).',
  'settings.options': 'El ítem options del call center no es un objeto JSON: ignorado.',
  'settings.apex': 'El ítem credentialsApex debe ser Clase.método (un método Apex).',
  'credentials.failed': 'No se pudieron obtener las credenciales de la integración ({apex}): {error}',
  'settings.credential': 'El ítem {item} parece una credencial y se ignoró: las credenciales no van en el call center.',
  'host.failed': 'Salesforce rechazó {action}: {error}',
  'dial.failed': 'No se pudo marcar {number}: {error}',
  'action.panel': 'mostrar el softphone',
  'action.pop': 'abrir el registro del número',
  'action.log': 'registrar la llamada',
  'action.c2d': 'activar el clic para marcar',
  'action.listen': 'escuchar a Salesforce',
  'task.inbound': 'Llamada recibida {number}',
  'task.outbound': 'Llamada realizada {number}',
  'task.missed': 'Llamada perdida {number}',
  'task.unanswered': 'Llamada no contestada {number}',
};

const catalogs: Readonly<Record<string, Catalog>> = { 'pt-BR': ptBR, en, es };

/** `pt-BR`, `en` or `es` for a BCP 47 tag (pt-BR by default). */
export function hostLocale(tag: string | undefined): 'pt-BR' | 'en' | 'es' {
  const base = (tag ?? '').toLowerCase().split('-')[0];
  return base === 'en' ? 'en' : base === 'es' ? 'es' : 'pt-BR';
}

export function message(locale: string | undefined, key: MessageKey, params: Readonly<Record<string, string>> = {}): string {
  const text = (catalogs[hostLocale(locale)] ?? ptBR)[key];
  return text.replace(/\{(\w+)\}/g, (m, name: string) => params[name] ?? m);
}
