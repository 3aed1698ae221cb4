/**
 * Catix: the resync, and the events it orders. After every (re)connect, on `refresh`, after a command left
 * unanswered or a wait run out (`waits.ts`), and (status only) the status poll: the lists, the status, then an
 * authoritative snapshot (agent role: `STATUS_AGENTE` + `INFORMACAO_PAUSA`; supervisor: each followed agent's
 * `STATUS_AGENTE`). One at a time. Every event passes here: applied (the agent's to `agent.ts`, a member's to
 * `team.ts`), or held while a resync is in flight and applied after its snapshot (`held.ts`). The answers read as
 * `sync.ts` says; the adapter sends the commands and owns the link. A closure over its host, not a class: as a
 * class (private fields on the host) the move cost the hub's Catix chunk ~40 B gzip more.
 */
import type { DomainEvent } from '../../domain/events.js';
import { AgentPhase } from '../../domain/model.js';
import type { CtiError, LogLevel, PauseInfo } from '../../domain/model.js';
import type { Connection } from '../runtime/connection.js';
import type { AgentModel } from './agent.js';
import { pauseDetails, pauseReasons, queues, transferTargets, type CatixCommand, type CatixMessage, type CommandFields, type WireData } from './codec.js';
import { HeldEvents } from './held.js';
import { agentStatusOf, applyList, pauseFromNote, statusReadings, type SyncHost } from './sync.js';
import { TeamFeed } from './team.js';
import type { CommandWaits } from './waits.js';

/** Agent detail while the extension asks for the PIN (`AGENTE_LOGAR` accepted, no `AGENT_LOGIN` yet). */
export const PIN_PENDING = 'catix-pin-pending';
/** Agent detail of a supervisor session (it is not an agent). */
export const SUPERVISOR = 'catix-supervisor';

/** Events held while a resync is in flight (applied after its snapshot), at most; past it: `held.ts`. */
const HELD_LIMIT = 200;

export type CatixEvent = Extract<CatixMessage, { kind: 'event' }>;

export interface ResyncHost extends SyncHost {
  /** The link: a resync of an older one (`generation`) applies nothing. */
  readonly conn: Pick<Connection<never>, 'generation' | 'ready' | 'lose'>;
  readonly agentId: string;
  readonly supervisor: boolean;
  /** The followed agents (supervisor). */
  readonly agents: readonly string[];
  readonly agent: AgentModel;
  /** A command answered by `messageId`. */
  readonly request: (comando: CatixCommand, fields: CommandFields, operation: string) => Promise<WireData>;
  /** The PIN wait (`waits.ts`). */
  readonly waits: Pick<CommandWaits, 'pinPending'>;
  emit(event: DomainEvent): void;
  log(level: LogLevel, message: string): void;
}

/** The resync of one adapter: `run` it, `reset` it on a new link, pass it every event (`receive`). */
export interface Resync {
  /**
   * After every (re)connect, and on `refresh`: lists, status, then an authoritative snapshot. One at a time.
   * `statusOnly` (the status poll): the agent's status alone, no lists.
   */
  run(statusOnly?: boolean): Promise<void>;
  /** A new link: no resync in flight on it, nothing held. */
  reset(): void;
  /** An event: applied, or held while a resync is in flight. */
  receive(event: CatixEvent): void;
}

export function catixResync(host: ResyncHost): Resync {
  const { conn, agent, agents, supervisor, request } = host;
  let resyncing = false;
  let resyncRun: Promise<void> | undefined;
  /** The supervisor's status poll reads its agents in turn. */
  let pollTurn = 0;
  /* supervisor role */
  const team = new TeamFeed();
  const held = new HeldEvents<CatixEvent>(HELD_LIMIT, () => host.log('warn', `Catix: more than ${HELD_LIMIT} events during a resync; reading again after it`));

  /** The agent's own event, or (supervisor) a team member's. */
  const onEvent = ({ name, agent: agentId, data }: CatixEvent): void => {
    if (!supervisor) return agent.onEvent(name, agentId, data);
    if (!agentId) return host.log('debug', `Catix: ${name} without an agent (supervisor feed)`);
    const member = team.fromEvent(name, agentId, data, host.now());
    if (member) host.emit({ type: 'team', members: [member] });
  };

  /** `members`: a supervisor's follow-up that reads only these agents (their events were not held). */
  const runResync = async (members?: readonly string[], statusOnly = false): Promise<void> => {
    const generation = conn.generation;
    resyncing = true;
    held.clear();
    try {
      if (!supervisor) await resyncAgent(generation, statusOnly);
      else if (members) await readMembers(generation, members);
      else await resyncSupervisor(generation);
    } finally {
      if (generation === conn.generation) {
        resyncing = false;
        const { events, overflow, unheard } = held.take();
        for (const message of events) onEvent(message);
        // Some events were not held: read again what they were about (their own events held again).
        if (overflow && conn.ready && (!supervisor || unheard.length > 0)) {
          resyncRun = runResync(supervisor ? unheard : undefined).catch(failedResync);
        }
      }
    }
  };

  const failedResync = (e: unknown): void => {
    host.log('error', `Catix: resync failed: ${e instanceof Error ? e.message : String(e)}`);
  };

  const resyncAgent = async (generation: number, statusOnly: boolean): Promise<void> => {
    const [status, reasons, targets, filas] = await Promise.allSettled([
      request('STATUS_AGENTE', { agente: host.agentId }, 'status'),
      ...(statusOnly
        ? []
        : [request('BUSCAR_TIPOS_PAUSA', {}, 'pause-reasons'), request('BUSCAR_OPCOES_TRANSFERENCIA', {}, 'transfer-targets'), request('BUSCAR_FILAS', {}, 'queues')]),
    ]);
    if (generation !== conn.generation) return;
    if (!statusOnly) {
      lists(reasons!, filas!);
      applyList(host, targets!, transferTargets, 'transfer-targets', (items) => agent.setTargets(items));
    }
    const parsed = agentStatusOf(host, status!, host.agentId);
    if (parsed === undefined) return; // the link went
    if ('code' in parsed) return conn.lose(parsed); // no answer in time: an outage
    if (!parsed.status && agent.statusKnown) {
      // An error or an answer without a status: what we knew stands (the events keep it current).
      host.log('warn', 'Catix: STATUS_AGENTE gave no status; the known agent state and call are kept');
      return;
    }
    let pause: PauseInfo | undefined;
    if (parsed.phase === AgentPhase.Paused) {
      const info = await request('INFORMACAO_PAUSA', { agente: host.agentId }, 'pause-info').then(pauseDetails, (e: CtiError) => {
        if (e.code !== 'connection-lost' && e.code !== 'not-connected') host.log('warn', `Catix: INFORMACAO_PAUSA failed (${e.vendorCode ?? e.code})`);
        return undefined;
      });
      if (generation !== conn.generation) return;
      if (info && info.id === undefined && info.name === undefined) host.log('warn', 'Catix: INFORMACAO_PAUSA answered without a pause');
      pause = pauseFromNote(parsed, info, agent.reasons, agent.phase === AgentPhase.Paused ? agent.pause : undefined, host.now());
    }
    // The extension still asks for the PIN (AGENTE_LOGAR accepted, no AGENT_LOGIN yet): "logged out" is what a
    // status says then (it knows no pending login), so a reconnect or refresh mid-PIN keeps the prompt.
    agent.applyStatus(parsed.phase === AgentPhase.LoggedOut && host.waits.pinPending ? { ...parsed, status: PIN_PENDING } : parsed, pause);
  };

  /** The pause reasons and the queues (both roles). */
  const lists = (reasons: PromiseSettledResult<WireData>, filas: PromiseSettledResult<WireData>): void => {
    applyList(host, reasons, pauseReasons, 'pause-reasons', (items) => agent.setReasons(items));
    applyList(host, filas, queues, 'queues', (items) => host.emit({ type: 'queues', queues: items, replace: true }));
  };

  const resyncSupervisor = async (generation: number): Promise<void> => {
    const [reasons, filas, ...statuses] = await Promise.allSettled([
      request('BUSCAR_TIPOS_PAUSA', {}, 'pause-reasons'),
      request('BUSCAR_FILAS', {}, 'queues'),
      ...agents.map((agente) => request('STATUS_AGENTE', { agente }, 'status')),
    ]);
    if (generation !== conn.generation) return;
    lists(reasons, filas);
    const members = team.fromStatuses(agents, statusReadings(host, agents, statuses), host.now(), true);
    host.emit({ type: 'snapshot', agent: { phase: AgentPhase.LoggedOut, detail: SUPERVISOR }, calls: [] });
    host.emit({ type: 'team', ...members });
  };

  /**
   * Supervisor: read these members again (their events were not held, or the status poll); the rest of the team
   * stands. None (the poll of a session that follows no agent): `BUSCAR_FILAS`, which needs no agent and is
   * answered as every command (L18). Silence to a read: the server hangs, the link is lost.
   */
  const readMembers = async (generation: number, ids: readonly string[]): Promise<void> => {
    const statuses = await Promise.allSettled(
      ids.length > 0 ? ids.map((agente) => request('STATUS_AGENTE', { agente }, 'status')) : [request('BUSCAR_FILAS', {}, 'queues')],
    );
    if (generation !== conn.generation) return;
    const silent = statuses.find((r): r is PromiseRejectedResult => r.status === 'rejected' && (r.reason as CtiError).code === 'timeout');
    if (silent) return conn.lose(silent.reason as CtiError);
    if (ids.length === 0) return;
    const { members } = team.fromStatuses(ids, statusReadings(host, ids, statuses), host.now(), false);
    if (members.length > 0) host.emit({ type: 'team', members });
  };

  return {
    run(statusOnly = false) {
      if (resyncing && resyncRun) return resyncRun;
      // Supervisor's status poll: one followed agent a period, in turn; none followed: no agent (`readMembers`).
      const polled = statusOnly && supervisor ? (agents.length > 0 ? [agents[pollTurn++ % agents.length]!] : []) : undefined;
      const run = runResync(polled, statusOnly)
        // Never a rejection nobody handles (callers `void` it): a bug here is logged, the session goes on.
        .catch(failedResync)
        .finally(() => {
          if (resyncRun === run) resyncRun = undefined;
        });
      return (resyncRun = run);
    },
    reset() {
      resyncing = false;
      held.clear();
    },
    receive(event) {
      if (resyncing) held.hold(event);
      else onEvent(event);
    },
  };
}
