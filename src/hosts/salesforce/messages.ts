/**
 * The softphone page's own texts (pt-BR default, here; en and es in messages-intl.ts, loaded once the call center
 * settings name that locale: `loadMessages`). Loaded only by the Salesforce softphone page, so they cost nothing to
 * the drop-in's initial load or its en/es chunks.
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
  'task.noAnswer': 'Não atendida',
} as const;

export type MessageKey = keyof typeof ptBR;
export type Catalog = Readonly<Record<MessageKey, string>>;

const catalogs: Record<string, Catalog> = { 'pt-BR': ptBR };

/** Load the catalog of `locale` (en and es are a chunk of their own, messages-intl.ts). Never rejects: pt-BR then. */
export async function loadMessages(locale: string | undefined): Promise<void> {
  if (catalogs[hostLocale(locale)]) return;
  try {
    Object.assign(catalogs, await import('./messages-intl.js'));
  } catch (e) {
    console.warn(`[cti-salesforce] ${String(e)}`);
  }
}

/** `pt-BR`, `en` or `es` for a BCP 47 tag (pt-BR by default). */
export function hostLocale(tag: string | undefined): 'pt-BR' | 'en' | 'es' {
  const base = (tag ?? '').toLowerCase().split('-')[0];
  return base === 'en' ? 'en' : base === 'es' ? 'es' : 'pt-BR';
}

export function message(locale: string | undefined, key: MessageKey, params: Readonly<Record<string, string>> = {}): string {
  const text = (catalogs[hostLocale(locale)] ?? ptBR)[key];
  return text.replace(/\{(\w+)\}/g, (m, name: string) => params[name] ?? m);
}
