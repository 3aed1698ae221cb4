/**
 * What InWise NEON can do, imported by its adapter alone (all five: `../capabilities.ts`). A capability the
 * table does not name is off, never offered (`defineCapabilities`).
 */
import { Vendor } from '../../domain/model.js';
import { defineCapabilities } from '../../domain/capabilities/shared.js';

export const NEON_CAPABILITIES = defineCapabilities({
  vendor: Vendor.Neon,
  // Signing in registers a SIP account: sipregister(domain, number = agent, password). The
  // application's own `authenticate` credentials are connection configuration, not a login field.
  signIn: 'sip',
  loginFields: ['agent', 'password', 'domain'],
  dial: true,
  answer: 'always',
  // finalizecall on a ringing call.
  reject: true,
  hangup: true,
  hold: true,
  transfer: true,
  dtmf: true,
  lines: 1,
  maxCalls: 2,
  queues: false,
  softphoneWindow: true,
  team: false,
});
