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

/** Every agent action off: a supervisor's set, and whatever a vendor's table does not name. */
const NO_AGENT_ACTIONS = {
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
  scheduleCallback: false,
} as const satisfies Partial<Capabilities>;

/** What a vendor's table must say; every other capability it does not name is off (never offered). */
export type CapabilityTable = Pick<Capabilities, 'vendor' | 'signIn' | 'loginFields' | 'lines' | 'maxCalls' | 'queues' | 'team'> &
  Partial<Omit<Capabilities, 'role'>>;

/** A vendor's capability set (role `agent`): what its table names, everything else off; frozen with its lists. */
export const defineCapabilities = (caps: CapabilityTable): Capabilities =>
  Object.freeze({
    ...NO_AGENT_ACTIONS,
    ...caps,
    role: 'agent',
    loginFields: Object.freeze([...caps.loginFields]),
    dialerOutcomes: Object.freeze([...(caps.dialerOutcomes ?? [])]),
  });

/**
 * What a supervisor session of `caps.vendor` can do: watch (`team`, `queues`), never act as an agent —
 * no sign-in fields, agent states, dialing or call controls. The returned object is frozen.
 */
export function supervisorCapabilities(caps: Capabilities): Capabilities {
  return Object.freeze({
    ...caps,
    ...NO_AGENT_ACTIONS,
    role: 'supervisor',
    loginFields: Object.freeze([]),
    dialerOutcomes: Object.freeze([]),
    team: true,
  } satisfies Capabilities);
}
