/** The call summary the app writes to Zendesk (internal note or new ticket): plain text, never HTML. */
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
 * m:ss, or h:mm:ss from an hour: what the widget shows (src/i18n/index.ts formatDuration), whole seconds
 * TRUNCATED, so a note never says 2:06 for a call the phone showed ending at 2:05. Written again here rather than
 * imported: the i18n module brings the pt-BR catalog with it into the app's page script (its 10 KiB budget).
 */
export function formatDuration(ms: number | undefined): string {
  const total = Math.max(0, Math.floor((ms ?? 0) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
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
