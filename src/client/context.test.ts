/**
 * A hidden page renders nothing (issue #13 §2): `SessionController` keeps each snapshot while hidden and the
 * element renders once, with the latest, when the page is shown again.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { FakeSession, makeSnapshot } from '../elements/test-support/fake-session.js';
import { ContextConsumer, ContextProvider } from '@lit/context';
import { ConsumedValue, ctiLocaleContext, ProvidedValue, SessionController } from './context.js';

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

/** Elements with one end of the context protocol each: ours, or @lit/context's (what an integrator may use). */
class OurProvider extends LitElement {
  readonly provided = new ProvidedValue<string | undefined>(this, ctiLocaleContext);
  override render() {
    return html`<slot></slot>`;
  }
}
class OurConsumer extends LitElement {
  readonly consumed = new ConsumedValue<string | undefined>(this, ctiLocaleContext);
}
class LitProvider extends LitElement {
  readonly provided = new ContextProvider(this, { context: ctiLocaleContext });
  override render() {
    return html`<slot></slot>`;
  }
}
class LitConsumer extends LitElement {
  readonly consumed = new ContextConsumer(this, { context: ctiLocaleContext, subscribe: true });
}
customElements.define('test-our-provider', OurProvider);
customElements.define('test-our-consumer', OurConsumer);
customElements.define('test-lit-provider', LitProvider);
customElements.define('test-lit-consumer', LitConsumer);

describe('the context protocol (ProvidedValue / ConsumedValue), as @lit/context speaks it', () => {
  it('a consumer gets the closest provider value on connect, every change after, and nothing once disconnected', async () => {
    const root = await fixture<OurProvider>(html`<test-our-provider><test-our-consumer></test-our-consumer></test-our-provider>`);
    const consumer = root.querySelector<OurConsumer>('test-our-consumer')!;
    root.provided.setValue('en');
    expect(consumer.consumed.value).to.equal('en');
    consumer.remove();
    root.provided.setValue('es');
    expect(consumer.consumed.value, 'unsubscribed on disconnect').to.equal('en');
    root.append(consumer);
    expect(consumer.consumed.value, 'asks again on connect').to.equal('es');
  });

  it("works with @lit/context's consumer and provider either way round", async () => {
    const ours = await fixture<OurProvider>(html`<test-our-provider><test-lit-consumer></test-lit-consumer></test-our-provider>`);
    ours.provided.setValue('es');
    expect(ours.querySelector<LitConsumer>('test-lit-consumer')!.consumed.value).to.equal('es');
    const lit = await fixture<LitProvider>(html`<test-lit-provider><test-our-consumer></test-our-consumer></test-lit-provider>`);
    lit.provided.setValue('en');
    expect(lit.querySelector<OurConsumer>('test-our-consumer')!.consumed.value).to.equal('en');
  });

  it('a provider upgraded between a provider and its consumers takes them over; the outer one no longer reaches them', async () => {
    const outer = await fixture<OurProvider>(html`<test-our-provider><test-late-provider><test-our-consumer></test-our-consumer></test-late-provider></test-our-provider>`);
    outer.provided.setValue('pt-BR');
    const consumer = outer.querySelector<OurConsumer>('test-our-consumer')!;
    expect(consumer.consumed.value, 'the late provider is not defined yet').to.equal('pt-BR');
    class LateProvider extends OurProvider {}
    customElements.define('test-late-provider', LateProvider); // upgrades in place: connects, says so
    const inner = outer.querySelector<OurProvider>('test-late-provider')!;
    inner.provided.setValue('en');
    expect(consumer.consumed.value).to.equal('en');
    outer.provided.setValue('es');
    expect(consumer.consumed.value).to.equal('en');
  });
});
