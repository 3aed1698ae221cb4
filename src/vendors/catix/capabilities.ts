/** What Catix can do (the table in `../../domain/capabilities.ts`): imported by its adapter alone. */
import { Vendor } from '../../domain/model.js';
import { defineCapabilities } from '../../domain/capabilities/shared.js';

export const CATIX_CAPABILITIES = defineCapabilities({
  vendor: Vendor.Catix,
  signIn: 'agent',
  // AGENTE_LOGAR(agente, login-ramal); the PIN is asked on the extension itself.
  loginFields: ['agent', 'extension'],
  agentStates: true,
  pauseReasons: true,
  afterCallEnd: false,
  classify: false,
  dial: true,
  answer: 'never',
  reject: false,
  hangup: true,
  hold: false,
  consult: false,
  transfer: true,
  conference: false,
  dtmf: false,
  associateData: false,
  lines: 1,
  maxCalls: 1,
  queues: true,
  softphoneWindow: false,
  redial: true,
  transferTargets: true,
  dialService: 'none',
  dialerOutcomes: [],
  scheduleCallback: false,
  team: true,
});
