/**
 * An agent's command → the Catix command on the wire (`comando`, its fields), or the problem that stops it
 * before anything is sent. Pure: the adapter passes what it knows (connected, the pause, the reasons, the call).
 */
import type { Command } from '../../domain/commands.js';
import type { ErrorCode, PauseInfo, PauseReason } from '../../domain/model.js';
import { defined, dialString, type CatixCommand, type CommandFields } from './codec.js';

export interface CommandContext {
  readonly ready: boolean;
  readonly agentId: string;
  /** `config.extension`: the login's extension when the command names none. */
  readonly extension: string | undefined;
  /** `options.unpauseAction`. */
  readonly unpauseAction: string;
  readonly pause: PauseInfo | undefined;
  readonly reasons: readonly PauseReason[];
  /** The agent's call, if any. */
  readonly callId: string | undefined;
}

export interface WireCommand {
  readonly comando: CatixCommand;
  readonly fields: CommandFields;
  readonly operation: string;
  /** `login`: the extension signed in on. */
  readonly extension?: string;
}

/** A refusal before anything is sent: `detail` is the offending field (a code: it may reach the screen, as a
 * title; the translated message of `problem` says what is wrong), `reason` the English sentence, for the log. */
export interface CommandProblem {
  readonly problem: ErrorCode;
  readonly operation: string;
  readonly detail?: string;
  readonly reason?: string;
  readonly vendorCode?: string;
}

export function commandWire(command: Command, ctx: CommandContext): WireCommand | CommandProblem {
  const no = (problem: ErrorCode, detail?: string, reason?: string, vendorCode?: string): CommandProblem =>
    defined({ problem, operation: command.type, detail: detail || undefined, reason, vendorCode });
  const wire = (comando: CatixCommand, fields: CommandFields = {}, extension?: string): WireCommand => defined({ comando, fields, operation: command.type, extension });
  const call = (callId: string): CommandProblem | undefined =>
    !ctx.ready ? no('not-connected') : ctx.callId === undefined || ctx.callId !== callId ? no('invalid-state', 'callId', 'no such call') : undefined;
  switch (command.type) {
    case 'login': {
      if (!ctx.ready) return no('not-connected');
      const asked = command.agent.trim();
      if (asked && asked !== ctx.agentId) return no('bad-request', 'agent', `this connection is bound to agent ${ctx.agentId}`);
      const extension = (command.extension ?? ctx.extension ?? '').trim();
      if (!extension) return no('missing-data', 'extension', 'no extension to log in on');
      return wire('AGENTE_LOGAR', { atributos: { 'login-ramal': extension } }, extension);
    }
    case 'logout':
      return wire('AGENTE_DESLOGAR');
    case 'ready': {
      const atributos: Record<string, string> = { 'pausa-acao': ctx.unpauseAction };
      if (ctx.pause?.reasonId) atributos['pausa-id'] = ctx.pause.reasonId;
      return wire('PAUSAR', { atributos });
    }
    case 'pause': {
      const id = command.reasonId.trim();
      if (!id) return no('missing-data', 'reasonId', 'no pause reason');
      const reason = ctx.reasons.find((r) => r.id === id);
      if (ctx.reasons.length > 0 && !reason) return no('bad-request', 'reasonId', `unknown pause reason ${id}`);
      const text = (command.note ?? '').trim();
      if (reason?.requiresNote && !text) return no('missing-data', 'note', `the pause “${reason.name}” requires a note`, 'note-required');
      return wire('PAUSAR', { atributos: { 'pausa-id': id, 'pausa-obs': text, 'pausa-acao': 'PAUSAR' } });
    }
    case 'dial': {
      const number = dialString(command.to);
      return number ? wire('DISCAR', { numeroDiscado: number }) : no('bad-request', 'to', 'a number to dial (digits, * and #)');
    }
    case 'redial':
      return wire('REDISCAR');
    case 'hangup':
      return call(command.callId) ?? wire('DESLIGAR_CHAMADA');
    case 'transfer': {
      const problem = call(command.callId);
      if (problem) return problem;
      const to = command.to.trim();
      if (command.toTarget) return to ? wire('TRANSFERIR', { destino: 'Ramal', idDestino: to }) : no('bad-request', 'to', 'no transfer target');
      const number = dialString(to);
      return number ? wire('TRANSFERIR', { numeroDiscado: number }) : no('bad-request', 'to', 'an extension to transfer to (digits, * and #)');
    }
    default:
      return no('unsupported', command.type, 'Catix has no such operation');
  }
}
