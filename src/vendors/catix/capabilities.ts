/**
 * What Catix can do, imported by its adapter alone (all five: `../capabilities.ts`). A capability the
 * table does not name is off, never offered (`defineCapabilities`).
 */
import { Vendor } from '../../domain/model.js';
import { defineCapabilities } from '../../domain/capabilities/shared.js';

export const CATIX_CAPABILITIES = defineCapabilities({
  vendor: Vendor.Catix,
  signIn: 'agent',
  // AGENTE_LOGAR(agente, login-ramal); the PIN is asked on the extension itself.
  loginFields: ['agent', 'extension'],
  agentStates: true,
  pauseReasons: true,
  dial: true,
  hangup: true,
  transfer: true,
  lines: 1,
  maxCalls: 1,
  queues: true,
  redial: true,
  transferTargets: true,
  team: true,
});
