/** The app's settings (manifest `parameters`), read from `client.metadata().settings` and checked. Never credentials. */
export type CallLogMode = 'off' | 'note' | 'ticket';
const VENDORS = ['interact', 'neon', 'catix', 'dgphone', 'tactium'] as const;
export type ZendeskVendor = (typeof VENDORS)[number];

export interface ZendeskAppSettings {
  readonly vendor: ZendeskVendor;
  readonly server: string;
  readonly options: Readonly<Record<string, string | number | boolean>>;
  readonly callLog: CallLogMode;
}

/** What is wrong with a setting, named as the administrator sees it in the app's settings page. */
export class SettingError extends Error {
  constructor(readonly setting: string, message: string) {
    super(message);
  }
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

export function parseSettings(raw: Readonly<Record<string, unknown>>): ZendeskAppSettings {
  const vendor = text(raw.vendor).toLowerCase();
  if (!(VENDORS as readonly string[]).includes(vendor)) throw new SettingError('vendor', `vendor "${vendor}" (${VENDORS.join(', ')})`);
  const server = text(raw.server);
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new SettingError('server', `server "${server}"`);
  }
  if (!['https:', 'http:', 'wss:', 'ws:'].includes(url.protocol)) throw new SettingError('server', `server "${server}"`);
  const optionsText = text(raw.options) || '{}';
  let options: unknown;
  try {
    options = JSON.parse(optionsText);
  } catch {
    throw new SettingError('options', 'options (JSON)');
  }
  if (!options || typeof options !== 'object' || Array.isArray(options)) throw new SettingError('options', 'options (a JSON object)');
  const flat: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(options)) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') throw new SettingError('options', `options.${key}`);
    // Credentials never travel in settings (the agent types them into the widget).
    if (/pass|secret|token|pin/i.test(key)) throw new SettingError('options', `options.${key} (no credentials in settings)`);
    flat[key] = value;
  }
  const callLog = (text(raw.callLog) || 'note').toLowerCase();
  if (callLog !== 'off' && callLog !== 'note' && callLog !== 'ticket') throw new SettingError('callLog', `callLog "${callLog}" (off, note, ticket)`);
  return { vendor: vendor as ZendeskVendor, server, options: flat, callLog };
}
