/** What Tactium IP can do (the table in `../../domain/capabilities.ts`): imported by its adapter alone. */
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
  classify: false,
  dial: true,
  answer: 'never',
  reject: false,
  hangup: true,
  hold: false,
  consult: false,
  transfer: false,
  conference: false,
  dtmf: false,
  associateData: false,
  lines: 1,
  maxCalls: 1,
  // No queue statistics: the ADMSOCKET feed is per agent (`team`).
  queues: false,
  softphoneWindow: false,
  redial: false,
  transferTargets: false,
  // Seed 4.9: the service or campaign "can be blank"; the adapter makes it required on request (requireService).
  dialService: 'optional',
  dialerOutcomes: ['BloquedPhone', 'OutOfArea', 'EletronicResponse', 'Fax'],
  scheduleCallback: true,
  team: true,
});
