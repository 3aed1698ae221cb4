/**
 * A hidden page renders nothing (issue #13 §2): `SessionController` keeps each snapshot while hidden and the
 * element renders once, with the latest, when the page is shown again.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { FakeSession, makeSnapshot } from '../elements/test-support/fake-session.js';
import type { SessionSnapshot } from '../domain/model.js';
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

/** Shows the agent's detail, never the queues. */
class QueueBlindCounter extends RenderCounter {
  override readonly sessionController = new SessionController(this, undefined, new Set(['version', 'queues']));
}
customElements.define('test-queue-blind-counter', QueueBlindCounter);

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

describe('SessionController with slices its host never shows', () => {
  it('does not update the host when only those slices changed, and its snapshot is still the latest', async () => {
    const session = new FakeSession(makeSnapshot());
    const el = await fixture<QueueBlindCounter>(html`<test-queue-blind-counter></test-queue-blind-counter>`);
    el.sessionController.setExplicit(session);
    await el.updateComplete;
    const shown = el.renders;

    const queues = session.update({ queues: [{ id: 'q1', name: 'Sales', waiting: 3, updatedAt: 1 }] as unknown as SessionSnapshot['queues'] });
    await el.updateComplete;
    expect(el.renders, 'queues only').to.equal(shown);
    expect(el.sessionController.snapshot).to.equal(queues);

    session.update({ agent: { phase: 'paused', detail: 'lunch', since: 1 } });
    await el.updateComplete;
    expect(el.renders, 'the agent changed').to.equal(shown + 1);
    expect(el.shadowRoot!.textContent).to.contain('lunch');

    // A slice that is gone (an optional one) counts as a change unless it is one of those.
    session.update({ lastError: { code: 'internal', at: 2 } });
    await el.updateComplete;
    const withError = el.renders;
    const { lastError: _gone, ...rest } = session.snapshot!;
    session.snapshot = Object.freeze({ ...rest, version: rest.version + 1 }) as SessionSnapshot;
    session.update({});
    await el.updateComplete;
    expect(el.renders, 'lastError gone').to.equal(withError + 1);
  });
});
