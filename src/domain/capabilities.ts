/**
 * What each vendor can do, as data. Pure: no DOM, no Lit, no comlink.
 *
 * A capability a vendor lacks is absent from the UI, never faked. The sets follow the capability table
 * in the protocol digests (`shared/protocols/README.md`):
 *
 * ```
 *              Interact        NEON      Catix     DGPhone   Tactium
 * agent states    yes           -         yes        -         yes
 * pause reasons   yes           -         yes        -         yes
 * after-call end  yes           -          -         -         yes  (<POS><OFF>)
 * classify        yes           -          -         -          -
 * answer      when-required   always     never     always     never
 * reject          yes          yes         -        yes         -
 * hold            yes          yes         -        yes         -
 * consult         yes           -          -         -          -
 * transfer        yes          yes        yes        -          -
 * conference      yes           -          -         -          -
 * dtmf             -           yes         -        yes         -
 * associate data  yes           -          -         -          -
 * lines            1            1          1         6          1
 * max calls        3            2          1         6          1
 * queues          yes           -         yes        -          -
 * redial           -            -         yes        -          -   (REDISCAR)
 * transfer list    -            -         yes        -          -   (BUSCAR_OPCOES_TRANSFERENCIA)
 * dial service  optional        -          -         -       required (<A><ddd><phone><service>)
 * dialer outcome   -            -          -         -         yes  (<C><S>…, <TR> callback)
 * team (superv.)   -            -         yes        -         yes  (multi-user / ADMSOCKET)
 * ```
 */
import { Vendor } from './model.js';
import type { CallActions, Capabilities, VendorId } from './model.js';

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

const define = (caps: Omit<Capabilities, 'role'>): Capabilities =>
  Object.freeze({
    ...caps,
    role: 'agent',
    loginFields: Object.freeze([...caps.loginFields]),
    dialerOutcomes: Object.freeze([...caps.dialerOutcomes]),
  });

const CAPABILITIES: Readonly<Record<VendorId, Capabilities>> = {
  [Vendor.Interact]: define({
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
  }),
  [Vendor.Neon]: define({
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
  }),
  [Vendor.Catix]: define({
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
  }),
  [Vendor.DGPhone]: define({
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
  }),
  [Vendor.Tactium]: define({
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
  }),
};

/** The capability set of a vendor. The returned object is shared and frozen: do not mutate. */
export function capabilitiesFor(vendor: VendorId): Capabilities {
  const caps = CAPABILITIES[vendor];
  if (!caps) throw new Error(`Unknown vendor: ${String(vendor)}`);
  return caps;
}

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
