/** What InWise NEON can do (the table in `../../domain/capabilities.ts`): imported by its adapter alone. */
import { Vendor } from '../../domain/model.js';
import { defineCapabilities } from '../../domain/capabilities/shared.js';

export const NEON_CAPABILITIES = defineCapabilities({
  vendor: Vendor.Neon,
  // Signing in registers a SIP account: sipregister(domain, number = agent, password). The
  // application's own `authenticate` credentials are connection configuration, not a login field.
  signIn: 'sip',
  loginFields: ['agent', 'password', 'domain'],
  agentStates: false,
  pauseReasons: false,
  afterCallEnd: false,
  classify: false,
  dial: true,
  answer: 'always',
  // finalizecall on a ringing call.
  reject: true,
  hangup: true,
  hold: true,
  consult: false,
  transfer: true,
  conference: false,
  dtmf: true,
  associateData: false,
  lines: 1,
  maxCalls: 2,
  queues: false,
  softphoneWindow: true,
  redial: false,
  transferTargets: false,
  dialService: 'none',
  dialerOutcomes: [],
  scheduleCallback: false,
  team: false,
});
