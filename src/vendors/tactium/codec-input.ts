/**
 * Tactium input rules: what the agent typed or the integrator configured → wire values. Pure: no DOM, no clock.
 *
 * - `splitDialNumber`: a typed Brazilian number → `<ddd><phone>` (seed 4.9).
 * - `callbackWhen`: `YYYY-MM-DDTHH:mm` (what `<input type=datetime-local>` gives) → `dd/mm/yyyy hh:mm` (seed 4.7).
 * - `parsePauseReasons`: `options.pauseReasons` (`'1=Lanche;2=Banheiro'`) → the reason list (the wire has none).
 * - `parseAgentList`: `options.agents` (`'a,b,c'`) → logins a supervisor session asks the status of.
 */
import type { PauseReason } from '../../domain/model.js';
import { fieldProblem } from './codec.js';

export type DialTarget = { readonly ddd: string; readonly phone: string };
export type DialProblem = { readonly problem: string };

/** Non-geographic prefixes (0800, 0300, 0500, 0900): dialled whole, without a DDD. */
const NON_GEOGRAPHIC = /^0[3589]00\d{6,7}$/;
/** A Brazilian DDD: two digits, neither of them 0 (11–99). */
const DDD = /^[1-9][1-9]$/;

/**
 * Split a typed number into DDD and phone. Formatting (spaces, `()`, `-`, `.`, `/`) is stripped.
 *
 * ```
 *   +55 11 98765-4321   → 11 / 987654321     (country code dropped)
 *   5511987654321       → 11 / 987654321
 *   0 21 11 98765-4321  → 11 / 987654321     (trunk 0 and carrier code dropped)
 *   011 98765-4321      → 11 / 987654321     (trunk 0 dropped)
 *   (85) 4005-0500      → 85 / 40050500
 *   4005-0500           → defaultDdd / 40050500   (local: 8 or 9 digits; blank DDD when none is configured)
 *   0800 123 4567       → '' / 08001234567   (non-geographic: whole, no DDD)
 *   7017                → '' / 7017          (3–7 digits: an extension or short number, no DDD)
 * ```
 * Anything else (letters, `*`, `#`, `+` with another country, a DDD with a 0, too long / short) is a problem.
 */
export function splitDialNumber(typed: string, defaultDdd = ''): DialTarget | DialProblem {
  const compact = typed.trim().replace(/[\s().\-/]/g, '');
  if (!compact) return { problem: 'no number to dial' };
  let digits = compact;
  if (digits.startsWith('+')) {
    if (!digits.startsWith('+55')) return { problem: 'only Brazilian numbers can be dialled (+55)' };
    digits = digits.slice(3);
  }
  if (!/^\d+$/.test(digits)) return { problem: 'a number has digits only' };
  if (NON_GEOGRAPHIC.test(digits)) return { ddd: '', phone: digits };
  if (digits.startsWith('0')) {
    digits = digits.slice(1);
    // 0 + carrier (2 digits) + DDD + 8/9 digits.
    if (digits.length === 12 || digits.length === 13) digits = digits.slice(2);
    if (digits.length !== 10 && digits.length !== 11) return { problem: 'a number with a trunk 0 needs a DDD and 8 or 9 digits' };
  } else if ((digits.length === 12 || digits.length === 13) && digits.startsWith('55') && compact.length === digits.length) {
    digits = digits.slice(2);
  }
  if (digits.length === 10 || digits.length === 11) {
    const ddd = digits.slice(0, 2);
    if (!DDD.test(ddd)) return { problem: `${ddd} is not a DDD` };
    return { ddd, phone: digits.slice(2) };
  }
  if (digits.length === 8 || digits.length === 9) {
    const ddd = defaultDdd.trim();
    if (ddd && !DDD.test(ddd)) return { problem: `the configured defaultDdd ${ddd} is not a DDD` };
    return { ddd, phone: digits };
  }
  if (digits.length >= 3 && digits.length <= 7) return { ddd: '', phone: digits };
  return { problem: digits.length < 3 ? 'too short to dial' : 'too long for a Brazilian number' };
}

export function isDialProblem(value: DialTarget | DialProblem): value is DialProblem {
  return 'problem' in value;
}

/**
 * `YYYY-MM-DDTHH:mm` (seconds allowed and dropped) → `dd/mm/yyyy hh:mm`, or `undefined` when it is not a real
 * local date and time. No time zone: Tactium takes the server's local time, which is the agent's in practice.
 */
export function callbackWhen(at: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d{1,3})?)?$/.exec(at.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59) {
    return undefined;
  }
  return `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]}`;
}

/**
 * `'1=Lanche;2=Banheiro'` → reasons `{ id: '1', name: 'Lanche' }, …` (the id is the reason's "Código Externo"
 * in the TactiumIP Monitor). `;` or line breaks separate entries; an entry without `=` is its own name; an id
 * that would break the framing, or a repeated one, is skipped.
 */
export function parsePauseReasons(text: string): PauseReason[] {
  const out: PauseReason[] = [];
  for (const entry of text.split(/[;\n]/)) {
    const eq = entry.indexOf('=');
    const id = (eq < 0 ? entry : entry.slice(0, eq)).trim();
    const name = (eq < 0 ? entry : entry.slice(eq + 1)).trim() || id;
    if (!id || fieldProblem(id) || out.some((r) => r.id === id)) continue;
    out.push({ id, name });
  }
  return out;
}

/** `'a, b;c'` → `['a', 'b', 'c']`: trimmed, deduplicated (without case), framing-safe, at most `limit`. */
export function parseAgentList(text: string, limit = 200): string[] {
  const out: string[] = [];
  for (const part of text.split(/[,;\s]+/)) {
    const login = part.trim();
    if (!login || fieldProblem(login) || out.some((l) => l.toLowerCase() === login.toLowerCase())) continue;
    out.push(login);
    if (out.length >= limit) break;
  }
  return out;
}

/**
 * What the agent typed cannot go on the wire: the error code; its detail, the offending field of the command
 * (`reasonId`, `to`, `service`, `at`, `number`, `agent`: a code, shown as the control's title, never words on
 * screen — the translated message of the code says it); `reason`, the sentence for the log; a vendor code when a
 * translated message names it.
 */
export type InputProblem = { readonly code: 'bad-request' | 'missing-data'; readonly detail: string; readonly reason: string; readonly vendorCode?: string };
const problem = (code: InputProblem['code'], detail: string, reason: string, vendorCode?: string): InputProblem => ({ code, detail, reason, ...(vendorCode ? { vendorCode } : {}) });
export const isInputProblem = (value: object): value is InputProblem => 'code' in value;

/** A pause reason code → the reason (its configured name, or the code itself when none are configured). */
export function pauseInput(reasonId: string, reasons: readonly PauseReason[]): PauseReason | InputProblem {
  const id = reasonId.trim();
  if (!id) return problem('missing-data', 'reasonId', 'a pause reason');
  const reason = reasons.find((r) => r.id === id);
  if (reasons.length > 0 && !reason) return problem('bad-request', 'reasonId', `no pause reason ${id} (options.pauseReasons)`);
  const bad = fieldProblem(id);
  return bad ? problem('bad-request', 'reasonId', `the reason code ${bad}`) : { id, name: reason?.name ?? id };
}

/**
 * A dial → DDD, phone and service (seed 4.9: the service "can be blank"; `requireService` with no
 * `defaultService` makes it required).
 */
export function dialInput(
  to: string,
  serviceGiven: string | undefined,
  opts: { readonly defaultDdd: string; readonly defaultService: string; readonly requireService: boolean },
): (DialTarget & { readonly service: string }) | InputProblem {
  const target = splitDialNumber(to, opts.defaultDdd);
  if (isDialProblem(target)) return problem('bad-request', 'to', target.problem);
  const service = serviceGiven?.trim() || opts.defaultService;
  if (!service && opts.requireService) return problem('missing-data', 'service', 'a service or campaign (the command, or options.defaultService)', 'no-service');
  const bad = service ? fieldProblem(service) : undefined;
  return bad ? problem('bad-request', 'service', `the service ${bad}`) : { ...target, service };
}

/** A callback (seed 4.7) → its wire time, digits and agent (this agent by default, `''` for nobody). */
export function callbackInput(at: string, number: string, agentGiven: string | undefined, login: string): { readonly when: string; readonly phone: string; readonly agent: string } | InputProblem {
  const when = callbackWhen(at);
  if (!when) return problem('bad-request', 'at', 'the time is YYYY-MM-DDTHH:mm, a real date');
  const phone = number.trim().replace(/[\s().\-/]/g, '').replace(/^\+55/, '');
  if (!/^\d*$/.test(phone)) return problem('bad-request', 'number', 'the callback number has digits only');
  const agent = agentGiven === undefined ? login : agentGiven.trim();
  const bad = fieldProblem(agent);
  return bad ? problem('bad-request', 'agent', `the agent ${bad}`) : { when, phone, agent };
}
