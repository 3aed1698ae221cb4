/**
 * The widget's configuration from the call center definition (the administrator's XML, section
 * `ctiWidget`), as `getCallCenterSettings` returns it: a flat object whose keys are
 * `/<section>/<item>` (plus `/<section>/<item>/label`, `/sortOrder`…), values strings.
 * Only configuration: a credential never belongs there (items or option keys that look like one are
 * dropped and reported).
 */
export const SECTION = 'ctiWidget';

export interface WidgetSettings {
  readonly vendor: string;
  readonly server: string;
  readonly format?: string;
  readonly locale?: string;
  readonly ringtone?: string;
  readonly options?: Readonly<Record<string, unknown>>;
  /**
   * `Class.method` of an Apex web service method, exposed to the softphone, that returns the integration's
   * credentials as JSON `{ "user": …, "password": … }` (NEON `authenticate`, Catix integration account): read
   * with `runApex` at start, kept in memory only.
   */
  readonly credentialsApex?: string;
}

export type SettingsProblem =
  | { readonly kind: 'missing'; readonly item: 'vendor' | 'server' }
  | { readonly kind: 'bad-options' }
  | { readonly kind: 'bad-apex' }
  | { readonly kind: 'credential-dropped'; readonly item: string };

const VENDORS = new Set(['interact', 'neon', 'catix', 'dgphone', 'tactium']);
const CREDENTIAL = /pass(word)?|secret|credential|senha|pin$/i;

function item(settings: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const v = settings[`/${SECTION}/${name}`];
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

export function widgetSettings(settings: Readonly<Record<string, unknown>>): { settings?: WidgetSettings; problems: SettingsProblem[] } {
  const problems: SettingsProblem[] = [];
  for (const key of Object.keys(settings)) {
    const m = /^\/ctiWidget\/([^/]+)$/.exec(key);
    if (m && m[1] !== 'credentialsApex' && CREDENTIAL.test(m[1]!)) problems.push({ kind: 'credential-dropped', item: m[1]! });
  }
  const vendor = item(settings, 'vendor')?.toLowerCase();
  const server = item(settings, 'server');
  if (!vendor || !VENDORS.has(vendor)) problems.push({ kind: 'missing', item: 'vendor' });
  if (!server) problems.push({ kind: 'missing', item: 'server' });
  let options: Record<string, unknown> | undefined;
  const raw = item(settings, 'options');
  if (raw) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      options = {};
      for (const [k, v] of Object.entries(parsed)) {
        if (CREDENTIAL.test(k) || k === 'credentials') problems.push({ kind: 'credential-dropped', item: `options.${k}` });
        else options[k] = v;
      }
    } catch {
      problems.push({ kind: 'bad-options' });
    }
  }
  if (!vendor || !VENDORS.has(vendor) || !server) return { problems };
  const format = item(settings, 'format');
  const locale = item(settings, 'locale');
  const ringtone = item(settings, 'ringtone');
  const apex = item(settings, 'credentialsApex');
  const credentialsApex = apex && /^[A-Za-z]\w*\.[A-Za-z]\w*$/.test(apex) ? apex : undefined;
  if (apex && !credentialsApex) problems.push({ kind: 'bad-apex' });
  return {
    settings: {
      vendor,
      server,
      ...(format ? { format } : {}),
      ...(locale ? { locale } : {}),
      ...(ringtone ? { ringtone } : {}),
      ...(options ? { options } : {}),
      ...(credentialsApex ? { credentialsApex } : {}),
    },
    problems,
  };
}
