/**
 * Pure helpers of the Catix adapter's resync and answers: how a list query's outcome, the supervisor's
 * `STATUS_AGENTE` answers, a refused sign-in and an answer without `messageId` read. No socket, no clock.
 */
import { AgentPhase } from '../../domain/model.js';
import type { CtiError, PauseInfo, PauseReason, Timestamp, TransferTarget } from '../../domain/model.js';
import { AGENT_NOT_FOUND, INVALID_CREDENTIALS, USER_NOT_FOUND, agentStatus, defined, type AgentStatus, type CatixCommand, type ListReading, type PauseDetails, type WireData } from './codec.js';

export interface SyncHost {
  report(error: CtiError): void;
  log(level: 'info' | 'warn', message: string): void;
  now(): Timestamp;
}

const lost = (e: CtiError): boolean => e.code === 'connection-lost' || e.code === 'not-connected';

/**
 * A list query's outcome. A list (array or JSON text) replaces the known one; an answer without the list
 * (nothing to report) keeps it; a list that cannot be read is a visible `malformed-frame` (`bad-list`) and
 * keeps it; an error answer is shown and keeps it. The session goes on in every case.
 */
export function applyList<T>(host: SyncHost, result: PromiseSettledResult<WireData | undefined>, read: (data: WireData) => ListReading<T>, operation: string, apply: (items: T[]) => void): void {
  if (result.status === 'rejected') {
    const error = result.reason as CtiError;
    if (!lost(error)) host.report(error);
    return;
  }
  const reading = read(result.value ?? {});
  if (reading.kind === 'list') {
    if (reading.skipped > 0) host.log('warn', `Catix: ${operation}: ${reading.skipped} entries without an id left out`);
    apply(reading.items);
  } else if (reading.kind === 'absent') {
    host.log('info', `Catix: ${operation} answered without its list; the known one is kept`);
  } else {
    host.log('warn', `Catix: ${operation}: unreadable list (${reading.detail}); the known one is kept`);
    host.report({ code: 'malformed-frame', at: host.now(), operation, vendorCode: 'bad-list', detail: reading.key });
  }
}

/**
 * The agent's `STATUS_AGENTE` outcome: its status; 1004 "Agente não encontrado": logged out; another error
 * answer: shown, the status unknown; a timeout: returned (an outage); the link went: `undefined`.
 */
export function agentStatusOf(host: SyncHost, result: PromiseSettledResult<WireData>, agentId: string): AgentStatus | CtiError | undefined {
  if (result.status === 'fulfilled') return agentStatus(result.value);
  const error = result.reason as CtiError;
  if (lost(error)) return undefined;
  if (error.code === 'timeout') return error;
  if (error.vendorCode === AGENT_NOT_FOUND) {
    host.log('info', `Catix: STATUS_AGENTE says agent ${agentId} is not online (${error.detail ?? error.vendorCode})`);
    return { status: 'Deslogado', phase: AgentPhase.LoggedOut };
  }
  host.report(error);
  return { status: '', phase: AgentPhase.Unknown };
}

/** `STATUS_AGENTE` answers (supervisor) → each agent's status (1004 "Agente não encontrado": not online), `undefined` where unreadable. */
export function statusReadings(host: SyncHost, agents: readonly string[], statuses: readonly PromiseSettledResult<WireData | undefined>[]): (AgentStatus | undefined)[] {
  return statuses.map((result, i): AgentStatus | undefined => {
    const agentId = agents[i]!;
    if (result.status === 'fulfilled') {
      const status = agentStatus(result.value ?? {});
      if (status.status) return status;
      host.log('warn', `Catix: STATUS_AGENTE ${agentId} gave no status`);
      return undefined;
    }
    const error = result.reason as CtiError;
    if (error.vendorCode === AGENT_NOT_FOUND) return { status: 'Deslogado', phase: AgentPhase.LoggedOut };
    if (!lost(error)) host.log('warn', `Catix: STATUS_AGENTE ${agentId} failed (${error.vendorCode ?? error.code})`);
    return undefined;
  });
}

/**
 * A paused agent's pause: `INFORMACAO_PAUSA` (`info`, undefined when it failed); when it names no pause, the
 * reason in the status `obs` ("Motivo: …"), else the pause we already knew (`known`). A side query never erases
 * what we know.
 */
export function pauseFromNote(status: AgentStatus, info: PauseDetails | undefined, reasons: readonly PauseReason[], known: PauseInfo | undefined, now: Timestamp): PauseInfo {
  const fromNote = /Motivo:\s*(.*?)(?:\s+-\s+Obs:|$)/i.exec(status.note ?? '')?.[1]?.trim() || undefined;
  if (info && (info.id !== undefined || info.name !== undefined)) {
    const reasonId = info.id ?? reasons.find((r) => r.name === info.name)?.id ?? '';
    const endsAt =
      info.limitMinutes && info.limitMinutes > 0 && info.elapsedSeconds !== undefined ? now - info.elapsedSeconds * 1000 + info.limitMinutes * 60_000 : undefined;
    return defined({ reasonId, reasonName: info.name ?? fromNote ?? reasonId, trigger: 'manual', endsAt });
  }
  if (known && (fromNote === undefined || fromNote === known.reasonName)) return known;
  const name = fromNote ?? '';
  return { reasonId: reasons.find((r) => r.name === name)?.id ?? '', reasonName: name };
}

/** The attribute that only this query's answer carries (matching an answer that comes without `messageId`). */
const ANSWER_SHAPE: Partial<Record<CatixCommand, string>> = {
  STATUS_AGENTE: 'status',
  INFORMACAO_PAUSA: 'tempo-decorrido',
  BUSCAR_TIPOS_PAUSA: 'pausas',
  BUSCAR_OPCOES_TRANSFERENCIA: 'ramal',
  BUSCAR_FILAS: 'filas',
};

/**
 * The waiting command an answer without `messageId` belongs to (the seed promises the id back, but the public
 * examples of `STATUS_AGENTE` show none). By its data: the attribute only that query answers with (oldest
 * first); an answer without any of them goes to the oldest command that answers with no data. None fits:
 * undefined (logged by the caller, and the command's own timeout decides). Errors without an id are never
 * matched: they answer lines the server could not read.
 */
export function unnumberedAnswer(waiting: ReadonlyMap<string, { readonly comando: CatixCommand }>, data: WireData): string | undefined {
  const entries = [...waiting.entries()];
  const keyed = entries.find(([, w]) => {
    const key = ANSWER_SHAPE[w.comando];
    return key !== undefined && key in data;
  });
  if (keyed) return keyed[0];
  if (Object.values(ANSWER_SHAPE).some((key) => key in data)) return undefined;
  return entries.find(([, w]) => ANSWER_SHAPE[w.comando] === undefined)?.[0];
}

/** An error answer to `LOGAR_SINGLE_USER` / `LOGAR_MULTI_USER`: a refused sign-in, whatever the `erroCod`
 * (2000 and 2001 keep their code: their messages name the integration account). */
export function loginRefused(error: CtiError): CtiError {
  const code = error.vendorCode;
  const specific = code === INVALID_CREDENTIALS || code === USER_NOT_FOUND;
  // The server's words stay (rendered as text); without them, the erroCod (a code) where the vendorCode hides it.
  const detail = error.detail ?? (specific ? undefined : code);
  return defined({ code: 'auth-failed', at: error.at, operation: 'connect', vendorCode: specific ? code : 'login-refused', detail: detail || undefined });
}

/** The transfer destinations without the agent's own extension (its number as a whole word of the name). */
export function ownExtensionFilter(targets: readonly TransferTarget[], own: string | undefined): TransferTarget[] {
  const word = own !== undefined && /^\d+$/.test(own) ? new RegExp(`(?:^|\\D)${own}(?:\\D|$)`) : undefined;
  return targets.filter((t) => !(t.name.trim() === own || (word?.test(t.name) ?? false)));
}
