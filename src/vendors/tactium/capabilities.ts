/**
 * What Tactium IP can do, imported by its adapter alone (all five: `../capabilities.ts`). A capability the
 * table does not name is off, never offered (`defineCapabilities`).
 */
import { Vendor } from '../../domain/model.js';
import { defineCapabilities } from '../../domain/capabilities/shared.js';

export const TACTIUM_CAPABILITIES = defineCapabilities({
  vendor: Vendor.Tactium,
  signIn: 'agent',
  // <login><L><ON>$ binds the connection to an agent, no password.
  loginFields: ['agent'],
  agentStates: true,
  pauseReasons: true,
  afterCallEnd: true,
  dial: true,
  hangup: true,
  lines: 1,
  maxCalls: 1,
  // No queue statistics: the ADMSOCKET feed is per agent (`team`).
  queues: false,
  // Seed 4.9: the service or campaign "can be blank"; the adapter makes it required on request (requireService).
  dialService: 'optional',
  dialerOutcomes: ['BloquedPhone', 'OutOfArea', 'EletronicResponse', 'Fax'],
  scheduleCallback: true,
  team: true,
});
