/**
 * What Dígitro Interact CTI can do, imported by its adapter alone (all five: `../capabilities.ts`). A capability the
 * table does not name is off, never offered (`defineCapabilities`).
 */
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
  associateData: true,
  lines: 1,
  maxCalls: 3,
  queues: true,
  dialService: 'optional',
  team: false,
});
