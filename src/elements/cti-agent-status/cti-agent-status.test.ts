import { expect, fixture, html } from '@open-wc/testing';
import './cti-agent-status.js';
import type { CtiAgentStatus } from './cti-agent-status.js';
import { FakeSession, makeSnapshot } from '../test-support/fake-session.js';
import { failOnLitWarnings } from '../test-support/lit-warnings.js';

describe('<cti-agent-status>', () => {
  failOnLitWarnings();

  it('renders the sign-in form when logged out', async () => {
    const session = new FakeSession(makeSnapshot());
    const el = await fixture<CtiAgentStatus>(html`<cti-agent-status .session=${session}></cti-agent-status>`);
    expect(el.shadowRoot!.querySelector('[part="sign-in-form"]')).to.exist;
    await expect(el).to.be.accessible();
  });
});
