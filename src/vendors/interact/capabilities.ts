/** What Dígitro Interact CTI can do (the table in `../../domain/capabilities.ts`): imported by its adapter alone. */
import { Vendor } from '../../domain/model.js';
import { defineCapabilities } from '../../domain/capabilities/shared.js';

export const INTERACT_CAPABILITIES = defineCapabilities({
  vendor: Vendor.Interact,
  signIn: 'agent',
  loginFields: ['agent', 'password', 'extension'],
  agentStates: true,
  pauseReasons: true,
  afterCallEnd: true,
  classify: true,
  dial: true,
  answer: 'when-required',
  // call_terminate on a ringing call.
  reject: true,
  hangup: true,
  hold: true,
  consult: true,
  transfer: true,
  conference: true,
  dtmf: false,
  associateData: true,
  lines: 1,
  maxCalls: 3,
  queues: true,
  softphoneWindow: false,
  redial: false,
  transferTargets: false,
  dialService: 'optional',
  dialerOutcomes: [],
  scheduleCallback: false,
  team: false,
});
