import { expect } from '@open-wc/testing';
import { capabilitiesFor, NO_ACTIONS, supervisorCapabilities } from './capabilities.js';
import { defineCapabilities } from '../domain/capabilities/shared.js';
import { computeActions } from '../domain/call-machine.js';
import { Vendor } from '../domain/model.js';
import type { CallState, VendorId } from '../domain/model.js';

const ALL: VendorId[] = Object.values(Vendor);

describe('capabilitiesFor', () => {
  it('describes every vendor, frozen', () => {
    for (const v of ALL) {
      const caps = capabilitiesFor(v);
      expect(caps.vendor).to.equal(v);
      expect(Object.isFrozen(caps)).to.equal(true);
      expect(Object.isFrozen(caps.loginFields)).to.equal(true);
    }
  });

  it('Interact: full agent model, answer when required, consult/transfer/conference, no dtmf', () => {
    const c = capabilitiesFor('interact');
    expect(c.loginFields).to.deep.equal(['agent', 'password', 'extension']);
    expect([c.agentStates, c.pauseReasons, c.afterCallEnd, c.classify, c.dial]).to.deep.equal([true, true, true, true, true]);
    expect(c.answer).to.equal('when-required');
    expect([c.reject, c.hangup, c.hold, c.consult, c.transfer, c.conference]).to.deep.equal([true, true, true, true, true, true]);
    expect(c.dtmf).to.equal(false);
    expect(c.associateData).to.equal(true);
    expect([c.lines, c.maxCalls, c.queues]).to.deep.equal([1, 3, true]);
  });

  it('NEON: a softphone, no agent states, pause or queues', () => {
    const c = capabilitiesFor('neon');
    expect(c.signIn).to.equal('sip');
    expect(c.loginFields).to.deep.equal(['agent', 'password', 'domain']);
    expect([c.agentStates, c.pauseReasons, c.queues]).to.deep.equal([false, false, false]);
    expect(c.answer).to.equal('always');
    expect([c.hold, c.transfer, c.dtmf]).to.deep.equal([true, true, true]);
    expect([c.consult, c.conference]).to.deep.equal([false, false]);
  });

  it('Catix: no hold, no answer, transfer, pause reasons, queues, no dtmf', () => {
    const c = capabilitiesFor('catix');
    expect(c.hold).to.equal(false);
    expect(c.answer).to.equal('never');
    expect([c.transfer, c.pauseReasons, c.queues]).to.deep.equal([true, true, true]);
    expect(c.dtmf).to.equal(false);
  });

  it('DGPhone: six lines, answer always, hold, dtmf, no transfer, no pause', () => {
    const c = capabilitiesFor('dgphone');
    expect(c.lines).to.equal(6);
    expect(c.answer).to.equal('always');
    expect([c.hold, c.dtmf]).to.deep.equal([true, true]);
    expect([c.transfer, c.pauseReasons, c.agentStates]).to.deep.equal([false, false, false]);
  });

  it('Tactium: no hold, no answer, pause, after-call end, a team feed instead of queues, no transfer', () => {
    const c = capabilitiesFor('tactium');
    expect(c.hold).to.equal(false);
    expect(c.answer).to.equal('never');
    expect([c.pauseReasons, c.afterCallEnd, c.queues, c.team]).to.deep.equal([true, true, false, true]);
    expect(c.transfer).to.equal(false);
    expect(c.dialService, 'seed 4.9: the service can be blank').to.equal('optional');
    expect(c.dialerOutcomes).to.deep.equal(['BloquedPhone', 'OutOfArea', 'EletronicResponse', 'Fax']);
    expect(Object.isFrozen(c.dialerOutcomes)).to.equal(true);
    expect(c.scheduleCallback).to.equal(true);
  });

  it('Catix: redial, a transfer list, queues, a team feed; DGPhone: six lines, sign-in by agent code and PIN', () => {
    const catix = capabilitiesFor('catix');
    expect([catix.redial, catix.transferTargets, catix.queues, catix.team, catix.hold]).to.deep.equal([true, true, true, true, false]);
    const dg = capabilitiesFor('dgphone');
    expect([dg.lines, dg.hold, dg.dtmf, dg.redial, dg.team]).to.deep.equal([6, true, true, false, false]);
    expect(dg.loginFields).to.deep.equal(['agent', 'password']);
  });

  it('a supervisor session watches and acts as no agent', () => {
    const agent = capabilitiesFor('tactium');
    const sup = supervisorCapabilities(agent);
    expect(agent.role).to.equal('agent');
    expect(sup).to.include({ vendor: 'tactium', role: 'supervisor', team: true, agentStates: false, dial: false, hangup: false, answer: 'never', dialService: 'none', scheduleCallback: false });
    expect(sup.loginFields).to.deep.equal([]);
    expect(sup.dialerOutcomes).to.deep.equal([]);
    expect(Object.isFrozen(sup)).to.equal(true);
    expect(supervisorCapabilities(capabilitiesFor('catix')).queues).to.equal(true);
  });

  it('throws for an unknown vendor', () => {
    expect(() => capabilitiesFor('acme' as VendorId)).to.throw(/Unknown vendor/);
  });

  it('NO_ACTIONS allows nothing', () => {
    expect(Object.values(NO_ACTIONS).every((v) => v === false)).to.equal(true);
    expect(Object.isFrozen(NO_ACTIONS)).to.equal(true);
  });
});

describe('defineCapabilities', () => {
  it('a capability the table does not name is off, never offered; what it names stands; frozen', () => {
    const bare = defineCapabilities({ vendor: 'tactium', signIn: 'agent', loginFields: ['agent'], lines: 1, maxCalls: 1, queues: true, team: false });
    const { vendor, role, signIn, loginFields, lines, maxCalls, queues, team, answer, dialService, dialerOutcomes, ...flags } = bare;
    expect([vendor, role, signIn, loginFields, lines, maxCalls, queues, team]).to.deep.equal(['tactium', 'agent', 'agent', ['agent'], 1, 1, true, false]);
    expect([answer, dialService, dialerOutcomes]).to.deep.equal(['never', 'none', []]);
    expect(Object.keys(flags)).to.have.length(17);
    expect(Object.values(flags).every((f) => f === false), JSON.stringify(flags)).to.equal(true);
    expect([Object.isFrozen(bare), Object.isFrozen(bare.loginFields), Object.isFrozen(bare.dialerOutcomes)]).to.deep.equal([true, true, true]);
    const named = defineCapabilities({ ...bare, hold: true, answer: 'always', dialerOutcomes: ['Fax'] });
    expect([named.hold, named.answer, named.dialerOutcomes, named.reject]).to.deep.equal([true, 'always', ['Fax'], false]);
  });
});

describe('computeActions per vendor', () => {
  const call = (state: CallState, mustAccept = false, permissions?: ('consult' | 'transfer' | 'conference')[]) => ({
    state,
    mustAccept,
    ...(permissions ? { permissions } : {}),
  });

  it('answer: ringing and (always, or when-required with mustAccept); never for never', () => {
    expect(computeActions(call('ringing'), capabilitiesFor('interact')).answer).to.equal(false);
    expect(computeActions(call('ringing', true), capabilitiesFor('interact')).answer).to.equal(true);
    expect(computeActions(call('ringing'), capabilitiesFor('neon')).answer).to.equal(true);
    expect(computeActions(call('ringing'), capabilitiesFor('dgphone')).answer).to.equal(true);
    expect(computeActions(call('ringing', true), capabilitiesFor('catix')).answer).to.equal(false);
    expect(computeActions(call('ringing', true), capabilitiesFor('tactium')).answer).to.equal(false);
    expect(computeActions(call('active'), capabilitiesFor('neon')).answer).to.equal(false);
  });

  it('reject only while ringing, where the vendor can', () => {
    expect(computeActions(call('ringing'), capabilitiesFor('interact')).reject).to.equal(true);
    expect(computeActions(call('active'), capabilitiesFor('interact')).reject).to.equal(false);
    expect(computeActions(call('ringing'), capabilitiesFor('catix')).reject).to.equal(false);
  });

  it('hold only when active and capable; retrieve only when held', () => {
    for (const v of ALL) {
      const caps = capabilitiesFor(v);
      expect(computeActions(call('active'), caps).hold, v).to.equal(caps.hold);
      expect(computeActions(call('ringing'), caps).hold, v).to.equal(false);
      expect(computeActions(call('held'), caps).retrieve, v).to.equal(caps.hold);
      expect(computeActions(call('active'), caps).retrieve, v).to.equal(false);
    }
  });

  it('consult/transfer/conference need the capability and, when listed, the server permission', () => {
    const interact = capabilitiesFor('interact');
    const a = computeActions(call('active'), interact);
    expect([a.consult, a.transfer, a.conference]).to.deep.equal([true, true, true]);
    const b = computeActions(call('active', false, ['transfer']), interact);
    expect([b.consult, b.transfer, b.conference]).to.deep.equal([false, true, false]);
    const c = computeActions(call('active', false, []), interact);
    expect([c.consult, c.transfer, c.conference]).to.deep.equal([false, false, false]);
    const neon = computeActions(call('active', false, ['consult', 'transfer', 'conference']), capabilitiesFor('neon'));
    expect([neon.consult, neon.transfer, neon.conference]).to.deep.equal([false, true, false]);
    expect(computeActions(call('active'), capabilitiesFor('tactium')).transfer).to.equal(false);
  });

  it('dtmf only when active and capable', () => {
    expect(computeActions(call('active'), capabilitiesFor('dgphone')).dtmf).to.equal(true);
    expect(computeActions(call('held'), capabilitiesFor('dgphone')).dtmf).to.equal(false);
    expect(computeActions(call('active'), capabilitiesFor('interact')).dtmf).to.equal(false);
  });

  it('hangup on live calls only; an ended call allows nothing', () => {
    const caps = capabilitiesFor('interact');
    expect(computeActions(call('dialing'), caps).hangup).to.equal(true);
    expect(computeActions(call('conference'), caps).hangup).to.equal(true);
    expect(computeActions(call('wrap-up'), caps).hangup).to.equal(false);
    expect(computeActions(call('wrap-up'), caps).associateData).to.equal(true);
    expect(computeActions(call('ended'), caps)).to.equal(NO_ACTIONS);
  });
});
