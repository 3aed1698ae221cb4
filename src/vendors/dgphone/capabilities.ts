/** What Intelix DGPhone can do (the table in `../../domain/capabilities.ts`): imported by its adapter alone. */
import { Vendor } from '../../domain/model.js';
import { defineCapabilities } from '../../domain/capabilities/shared.js';

export const DGPHONE_CAPABILITIES = defineCapabilities({
  vendor: Vendor.DGPhone,
  signIn: 'agent',
  // The connection logs in to DGPhone as User = the configured extension (RemoteMode 1); signing the
  // agent in dials a feature code and sends the agent code and PIN as DTMF.
  loginFields: ['agent', 'password'],
  agentStates: false,
  pauseReasons: false,
  afterCallEnd: false,
  classify: false,
  dial: true,
  answer: 'always',
  // Hangup on a ringing line.
  reject: true,
  hangup: true,
  hold: true,
  consult: false,
  transfer: false,
  conference: false,
  dtmf: true,
  associateData: false,
  lines: 6,
  maxCalls: 6,
  queues: false,
  softphoneWindow: false,
  redial: false,
  transferTargets: false,
  dialService: 'none',
  dialerOutcomes: [],
  scheduleCallback: false,
  team: false,
});
