/**
 * What Intelix DGPhone can do, imported by its adapter alone (all five: `../capabilities.ts`). A capability the
 * table does not name is off, never offered (`defineCapabilities`).
 */
import { Vendor } from '../../domain/model.js';
import { defineCapabilities } from '../../domain/capabilities/shared.js';

export const DGPHONE_CAPABILITIES = defineCapabilities({
  vendor: Vendor.DGPhone,
  signIn: 'agent',
  // The connection logs in to DGPhone as User = the configured extension (RemoteMode 1); signing the
  // agent in dials a feature code and sends the agent code and PIN as DTMF.
  loginFields: ['agent', 'password'],
  dial: true,
  answer: 'always',
  // Hangup on a ringing line.
  reject: true,
  hangup: true,
  hold: true,
  dtmf: true,
  lines: 6,
  maxCalls: 6,
  queues: false,
  team: false,
});
