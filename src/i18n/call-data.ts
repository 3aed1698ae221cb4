/**
 * Human labels for the call-data keys each vendor documents, in pt-BR, en and es. Loaded with
 * `<cti-call-data>` (its own chunk, on the first call or notice with data), so neither the initial load nor
 * the en/es catalogs grow. A key not listed here is shown as it came.
 *
 * Keys, by source:
 * - Catix `AGENT_RECEIVED_DIALER_CALL` (digest catix.md; the seed does not list them): `contato-id`,
 *   `contato-cpfcnpj`, `contato-contrato`, `numero-contato-id`, `numero-contato`, `campanha-id`, `linked-rl`;
 *   `SCHEDULED_CALL_COMING` / `_ANSWER`: `agendamento-id`, `agendamento-data-hora`, `agendamento-destino-tipo`,
 *   `agendamento-destino-tipo-id`.
 * - Tactium 5.1 / 5.2 (seed 003): the adapter's names for the positional fields (`id`, `ddd-origem`, `origem`,
 *   `ddd-destino`, `destino`, `descricao` DS_LTA_EXT, `cod-vinculo-gravacao` CD_LTA_EXT, `id-externo`
 *   CD_LTA_ATI), the attach info keys of the seed's example (`dialer.CampaignName`, `dialer.ExternalID`,
 *   `dialer.ItemID`, `dialer.Description`, `dialer.AttachInfo`, `dialer.ExternalData`) and the recording
 *   path `gravacao` (`<G>`).
 * - Interact: `associated_data` (one text, at most 100 bytes when set through `call_associate_data`).
 */
import type { SupportedLocale } from './index.js';

type Label =
  | 'contact'
  | 'document'
  | 'contract'
  | 'numberId'
  | 'number'
  | 'campaign'
  | 'linked'
  | 'item'
  | 'originDdd'
  | 'origin'
  | 'destDdd'
  | 'dest'
  | 'description'
  | 'recordingLink'
  | 'externalId'
  | 'attach'
  | 'externalData'
  | 'recording'
  | 'associated'
  | 'scheduling'
  | 'dueAt'
  | 'targetType'
  | 'target'
  | 'reveal';

/** Vendor key → label. */
const KEYS: Readonly<Record<string, Label>> = {
  'contato-id': 'contact',
  'contato-cpfcnpj': 'document',
  'contato-contrato': 'contract',
  'numero-contato-id': 'numberId',
  'numero-contato': 'number',
  'campanha-id': 'campaign',
  'linked-rl': 'linked',
  'agendamento-id': 'scheduling',
  'agendamento-data-hora': 'dueAt',
  'agendamento-destino-tipo': 'targetType',
  'agendamento-destino-tipo-id': 'target',
  id: 'item',
  'ddd-origem': 'originDdd',
  origem: 'origin',
  'ddd-destino': 'destDdd',
  destino: 'dest',
  descricao: 'description',
  'cod-vinculo-gravacao': 'recordingLink',
  'id-externo': 'externalId',
  gravacao: 'recording',
  'dialer.CampaignName': 'campaign',
  'dialer.ExternalID': 'externalId',
  'dialer.ItemID': 'item',
  'dialer.Description': 'description',
  'dialer.AttachInfo': 'attach',
  'dialer.ExternalData': 'externalData',
  associated_data: 'associated',
};

/** Keys whose value is a telephone number (shown formatted). */
export const NUMBER_KEYS: ReadonlySet<string> = new Set(['numero-contato', 'origem', 'destino']);

const LABELS: Readonly<Record<SupportedLocale, Readonly<Record<Label, string>>>> = {
  'pt-BR': {
    contact: 'Contato',
    document: 'CPF/CNPJ',
    contract: 'Contrato',
    numberId: 'ID do número',
    number: 'Número do contato',
    campaign: 'Campanha',
    linked: 'Chamadas ligadas',
    item: 'Item do discador',
    originDdd: 'DDD de origem',
    origin: 'Origem',
    destDdd: 'DDD de destino',
    dest: 'Destino',
    description: 'Descrição',
    recordingLink: 'Vínculo da gravação',
    externalId: 'ID externo',
    attach: 'Dados anexos',
    externalData: 'Dados externos',
    recording: 'Gravação',
    associated: 'Dados associados',
    scheduling: 'Agendamento',
    dueAt: 'Data e hora',
    targetType: 'Tipo de destino',
    target: 'Destino',
    reveal: 'Mostrar CPF/CNPJ',
  },
  en: {
    contact: 'Contact',
    document: 'CPF/CNPJ',
    contract: 'Contract',
    numberId: 'Number ID',
    number: 'Contact number',
    campaign: 'Campaign',
    linked: 'Linked calls',
    item: 'Dialer item',
    originDdd: 'Origin area code',
    origin: 'Origin',
    destDdd: 'Destination area code',
    dest: 'Destination',
    description: 'Description',
    recordingLink: 'Recording link',
    externalId: 'External ID',
    attach: 'Attached data',
    externalData: 'External data',
    recording: 'Recording',
    associated: 'Associated data',
    scheduling: 'Scheduling',
    dueAt: 'Date and time',
    targetType: 'Target type',
    target: 'Target',
    reveal: 'Show CPF/CNPJ',
  },
  es: {
    contact: 'Contacto',
    document: 'CPF/CNPJ',
    contract: 'Contrato',
    numberId: 'ID del número',
    number: 'Número del contacto',
    campaign: 'Campaña',
    linked: 'Llamadas vinculadas',
    item: 'Ítem del marcador',
    originDdd: 'Código de área de origen',
    origin: 'Origen',
    destDdd: 'Código de área de destino',
    dest: 'Destino',
    description: 'Descripción',
    recordingLink: 'Vínculo de grabación',
    externalId: 'ID externo',
    attach: 'Datos adjuntos',
    externalData: 'Datos externos',
    recording: 'Grabación',
    associated: 'Datos asociados',
    scheduling: 'Programación',
    dueAt: 'Fecha y hora',
    targetType: 'Tipo de destino',
    target: 'Destino',
    reveal: 'Mostrar CPF/CNPJ',
  },
};

/** The human label of a vendor's data key, or the key as it came. */
export function dataLabel(key: string, locale: SupportedLocale): string {
  const label = Object.prototype.hasOwnProperty.call(KEYS, key) ? KEYS[key] : undefined;
  return label ? LABELS[locale][label] : key;
}

/** The label of the button that shows the masked CPF / CNPJ. */
export function revealLabel(locale: SupportedLocale): string {
  return LABELS[locale].reveal;
}
