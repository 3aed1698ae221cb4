/**
 * Small builders the vendor state modules share: a snapshot of a vendor with a patch, a call with the
 * real action rules (FakeSession's makeCall), an agent phase. Times are relative to the gallery's load.
 */
import { capabilitiesFor, supervisorCapabilities } from '../../../src/vendors/capabilities.js';
import type { AgentState, Call, SessionSnapshot, TeamMember, VendorId } from '../../../src/domain/model.js';
import { makeCall, makeSnapshot } from '../../../src/elements/test-support/fake-session.js';

export const T0 = Date.now();
export const ago = (seconds: number): number => T0 - seconds * 1000;

export function snap(vendor: VendorId, patch: Partial<SessionSnapshot> = {}): SessionSnapshot {
  return makeSnapshot(patch, vendor);
}

export function agent(phase: AgentState['phase'], detail: string, extra: Partial<AgentState> = {}): AgentState {
  return { phase, detail, since: ago(95), agentId: '1001', extension: '2001', ...extra };
}

export function call(vendor: VendorId, overrides: Partial<Call> & { id: string; state: Call['state'] }): Call {
  return makeCall(capabilitiesFor(vendor), { startedAt: ago(80), ...(overrides.state === 'ringing' ? {} : { answeredAt: ago(72) }), ...overrides });
}

/** A supervisor session of `vendor` watching `team`. */
export function supervisor(vendor: VendorId, team: readonly TeamMember[]): SessionSnapshot {
  return makeSnapshot({ capabilities: supervisorCapabilities(capabilitiesFor(vendor)), agent: agent('unknown', 'supervisor'), team }, vendor);
}

/** A team as supervisor feeds report it (names are server text; one of them long). */
export function team(vendor: VendorId): TeamMember[] {
  const at = T0;
  return [
    { agentId: '1001', name: 'Ana Paula Ribeiro', phase: 'ready', detail: vendor === 'catix' ? 'Disponível' : 'LIVRE', since: at - 42_000, updatedAt: at },
    { agentId: '1002', name: 'Bruno Carvalho', phase: 'busy', detail: vendor === 'catix' ? 'Em ligação' : 'FALANDO', since: at - 185_000, updatedAt: at, call: { id: 'c-7', direction: 'inbound', number: '11987654321', since: at - 180_000 } },
    { agentId: '1003', name: 'Maria Aparecida dos Santos Albuquerque', phase: 'paused', detail: 'Almoço', since: at - 1_260_000, updatedAt: at },
    { agentId: '1004', name: 'João Pedro', phase: 'after-call', detail: vendor === 'catix' ? 'Pós-atendimento' : 'POS', since: at - 20_000, updatedAt: at },
    { agentId: '1005', phase: 'logged-out', detail: 'Deslogado', since: at - 3_600_000, updatedAt: at },
  ];
}
