/** The call summary the app writes to Zendesk (internal note or new ticket): plain text, never HTML. */
import { formatDuration as widgetDuration } from '../../i18n/index.js';
import type { Translate } from './i18n.js';

export interface CallRecord {
  readonly callId: string;
  readonly direction: 'inbound' | 'outbound' | 'unknown';
  readonly number: string;
  readonly name?: string;
  readonly service?: string;
  readonly answered: boolean;
  readonly talkMs?: number;
  readonly data: Readonly<Record<string, string>>;
  readonly vendor: string;
}

/**
 * m:ss, or h:mm:ss from an hour, whole seconds truncated: the widget's own formatDuration (src/i18n/index.ts), so a
 * note never says 2:06 for a call the phone showed ending at 2:05. No time: 0:00.
 */
export function formatDuration(ms: number | undefined): string {
  return widgetDuration(ms ?? 0);
}

export function callSubject(call: CallRecord, t: Translate): string {
  return t('subject', { direction: t(`dir.${call.direction}`), number: call.number || '?' });
}

export function callBody(call: CallRecord, t: Translate): string {
  const lines = [
    `${t('number')}: ${call.number || '?'}${call.name ? ` (${call.name})` : ''}`,
    `${t('direction')}: ${t(`dir.${call.direction}`)}`,
    `${t('answered')}: ${t(call.answered ? 'yes' : 'no')}`,
    `${t('duration')}: ${formatDuration(call.talkMs)}`,
    `${t('vendor')}: ${call.vendor}`,
    `${t('callId')}: ${call.callId}`,
  ];
  if (call.service) lines.push(`${t('service')}: ${call.service}`);
  const data = Object.entries(call.data);
  if (data.length) {
    lines.push('', `${t('data')}:`);
    for (const [key, value] of data) lines.push(`- ${key}: ${value}`);
  }
  return lines.join('\n');
}
