/**
 * The capability helpers every vendor shares (in the hub's shared chunk): no actions, a vendor's table
 * frozen, a supervisor's view of one. The five tables are per vendor, next to each adapter
 * (`vendors/<vendor>/capabilities.ts`); `../capabilities.ts` gathers them (`capabilitiesFor`) for the page's lazy
 * paths and tests.
 */
import type { CallActions, Capabilities } from '../model.js';

/** No action possible (an ended call, an unknown vendor...). */
export const NO_ACTIONS: CallActions = Object.freeze({
  answer: false,
  reject: false,
  hangup: false,
  hold: false,
  retrieve: false,
  consult: false,
  transfer: false,
  conference: false,
  dtmf: false,
  associateData: false,
});

/** A vendor's capability set (role `agent`), frozen with its lists. */
export const defineCapabilities = (caps: Omit<Capabilities, 'role'>): Capabilities =>
  Object.freeze({
    ...caps,
    role: 'agent',
    loginFields: Object.freeze([...caps.loginFields]),
    dialerOutcomes: Object.freeze([...caps.dialerOutcomes]),
  });

/**
 * What a supervisor session of `caps.vendor` can do: watch (`team`, `queues`), never act as an agent —
 * no sign-in fields, agent states, dialing or call controls. The returned object is frozen.
 */
export function supervisorCapabilities(caps: Capabilities): Capabilities {
  return Object.freeze({
    ...caps,
    role: 'supervisor',
    loginFields: Object.freeze([]),
    agentStates: false,
    pauseReasons: false,
    afterCallEnd: false,
    classify: false,
    dial: false,
    answer: 'never',
    reject: false,
    hangup: false,
    hold: false,
    consult: false,
    transfer: false,
    conference: false,
    dtmf: false,
    associateData: false,
    softphoneWindow: false,
    redial: false,
    transferTargets: false,
    dialService: 'none',
    dialerOutcomes: Object.freeze([]),
    scheduleCallback: false,
    team: true,
  } satisfies Capabilities);
}
