/**
 * A hidden page renders nothing (issue #13 §2): `SessionController` keeps each snapshot while hidden and the
 * element renders once, with the latest, when the page is shown again.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { FakeSession, makeSnapshot } from '../elements/test-support/fake-session.js';
import { SessionController } from './context.js';

class RenderCounter extends LitElement {
  readonly sessionController = new SessionController(this);
  renders = 0;
  override render() {
    this.renders++;
    return html`${this.sessionController.snapshot?.agent.detail ?? ''}`;
  }
}
customElements.define('test-render-counter', RenderCounter);

function setVisibility(state: 'hidden' | 'visible'): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('SessionController while the page is hidden', () => {
  afterEach(() => {
    delete (document as { visibilityState?: unknown }).visibilityState; // back to the prototype's getter
  });

  it('keeps the snapshots but renders only once the page is visible, with the latest', async () => {
    const session = new FakeSession(makeSnapshot());
    const el = await fixture<RenderCounter>(html`<test-render-counter></test-render-counter>`);
    el.sessionController.setExplicit(session);
    await el.updateComplete;
    const shown = el.renders;

    setVisibility('hidden');
    for (const detail of ['one', 'two', 'three']) session.update({ agent: { phase: 'paused', detail, since: 1 } });
    await el.updateComplete;
    expect(el.renders).to.equal(shown);
    expect(el.sessionController.snapshot!.agent.detail).to.equal('three'); // the model is current

    setVisibility('visible');
    await el.updateComplete;
    expect(el.renders).to.equal(shown + 1);
    expect(el.shadowRoot!.textContent).to.contain('three');

    session.update({ agent: { phase: 'ready', detail: 'four', since: 2 } });
    await el.updateComplete;
    expect(el.renders).to.equal(shown + 2);
  });
});
