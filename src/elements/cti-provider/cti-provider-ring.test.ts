/**
 * <cti-provider>: the ringtone (in the tab the hub elected), the autoplay notice, desktop notifications.
 * Audio is a fake AudioContext (counts oscillators); `window.Notification` is stubbed.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../index.js';
// Loaded up front, so the provider's lazy import of it settles within a task in every test.
import '../../client/ring-controller.js';
import type { CtiProvider } from './cti-provider.js';
import type { AudioContextLike } from '../../client/ringer.js';
import type { SessionConfig } from '../../vendors/adapter.js';
import { capabilitiesFor } from '../../vendors/capabilities.js';
import { FakeSession, makeCall, makeSnapshot } from '../test-support/fake-session.js';
import { failOnLitWarnings } from '../test-support/lit-warnings.js';
import { FakeAudio } from '../test-support/fake-audio.js';

const caps = capabilitiesFor('interact');
const ringing = makeCall(caps, { id: 'r1', state: 'ringing', direction: 'inbound', mustAccept: true, remote: [{ number: '11987654321' }], service: 'SAC' });

async function provider(attrs = '') {
  const made: FakeSession[] = [];
  const audio = new FakeAudio();
  const create = (config: SessionConfig) => {
    const s = new FakeSession(makeSnapshot({ primary: true }, config.vendor), config);
    made.push(s);
    return s;
  };
  const wrapper = await fixture<HTMLDivElement>(
    html`<div>
      <cti-provider vendor="interact" server="http://a" agent="1" .sessionFactory=${create} .createAudioContext=${() => audio as unknown as AudioContextLike}>
        <cti-phone></cti-phone>
      </cti-provider>
    </div>`,
  );
  const el = wrapper.querySelector('cti-provider')!;
  for (const attr of attrs.split(' ').filter(Boolean)) {
    const [name, value = ''] = attr.split('=');
    el.setAttribute(name!, value);
  }
  await el.updateComplete;
  return { el, session: made[0]!, audio };
}

const notice = (el: CtiProvider) => el.shadowRoot!.querySelector('[part~="ring-notice"]');

describe('<cti-provider>: ringing', () => {
  failOnLitWarnings();

  it('says audio needs a click until the first gesture; the notice button unlocks it; the elected tab rings', async () => {
    const { el, session, audio } = await provider();
    expect(notice(el)?.textContent).to.contain('O toque de chamada precisa de um clique.');
    expect(notice(el)?.getAttribute('role')).to.equal('status');
    session.update({ calls: [ringing] });
    expect(el.ringing, 'locked: nothing can sound').to.equal(false);
    (el.shadowRoot!.querySelector('[part~="ring-enable"]') as HTMLButtonElement).click();
    await waitUntil(() => el.ringingEnabled, 'unlocked by the button');
    await el.updateComplete;
    expect(el.ringingEnabled).to.equal(true);
    expect(notice(el)).to.equal(null);
    expect(el.ringing).to.equal(true);
    expect(audio.oscillators).to.be.greaterThan(0);
    session.update({ calls: [{ ...ringing, state: 'active', answeredAt: Date.now() }] });
    expect(el.ringing, 'answered: silent').to.equal(false);
    expect(audio.connected, 'the master gain is disconnected').to.equal(0);
  });

  it('the first key press in the page unlocks audio too (keyboard-only agents)', async () => {
    const { el } = await provider();
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true }));
    await waitUntil(() => el.ringingEnabled, 'unlocked by a key press');
  });

  it('a tab that is not elected does not ring; it rings when the hub elects it', async () => {
    const { el, session } = await provider();
    await el.enableRinging();
    session.update({ calls: [ringing], primary: false });
    expect(el.ringing).to.equal(false);
    session.update({ primary: true });
    expect(el.ringing).to.equal(true);
    el.remove();
    expect(el.ringing, 'removed: silent').to.equal(false);
  });

  it('ringtone="off": no audio at all and no notice', async () => {
    const { el, session, audio } = await provider('ringtone=off');
    expect(notice(el)).to.equal(null);
    await el.enableRinging();
    session.update({ calls: [ringing] });
    expect(el.ringing).to.equal(false);
    expect(audio.oscillators).to.equal(0);
    el.removeAttribute('ringtone');
    await el.updateComplete;
    expect(el.ringing, 'on again while the call rings').to.equal(true);
    el.setAttribute('ringtone', 'off');
    await el.updateComplete;
    expect(el.ringing).to.equal(false);
  });

  it('ring-volume sets the volume (bounded 0–1)', async () => {
    const { el, session, audio } = await provider('ring-volume=0.25');
    const gains: number[] = [];
    const create = audio.createGain;
    audio.createGain = () => {
      const g = create();
      queueMicrotask(() => gains.push(g.gain.value));
      return g;
    };
    await el.enableRinging();
    session.update({ calls: [ringing] });
    await Promise.resolve();
    expect(gains[0]).to.equal(0.25);
  });
});

describe('<cti-provider notifications>', () => {
  failOnLitWarnings();
  const real = window.Notification;
  let shown: { title: string; options: NotificationOptions; closed: boolean; onclick: (() => void) | null }[];
  let asked: number;
  let permission: NotificationPermission;

  beforeEach(() => {
    shown = [];
    asked = 0;
    permission = 'default';
    class FakeNotification {
      static get permission() {
        return permission;
      }
      static async requestPermission() {
        asked++;
        permission = 'granted';
        return permission;
      }
      closed = false;
      onclick: (() => void) | null = null;
      constructor(
        readonly title: string,
        readonly options: NotificationOptions,
      ) {
        shown.push(this);
      }
      close() {
        this.closed = true;
      }
    }
    (window as { Notification: unknown }).Notification = FakeNotification;
  });
  afterEach(() => {
    (window as { Notification: unknown }).Notification = real;
    // The stub is an own property of the document: deleting it shows the real getter again.
    delete (document as { visibilityState?: unknown }).visibilityState;
  });
  const hide = (hidden: boolean) => Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
  const settle = () => new Promise((r) => setTimeout(r, 50));

  it('asks the permission on the first gesture, never on load; notifies a call ringing while hidden; a click focuses and shows the call', async () => {
    const { el, session } = await provider('notifications');
    await settle();
    expect(asked, 'never on load').to.equal(0);
    document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    await waitUntil(() => asked === 1, 'the permission asked on the first gesture');
    hide(true);
    session.update({ calls: [ringing] });
    await settle();
    expect(shown).to.have.length(1);
    expect(shown[0]!.title).to.equal('Chamada recebida');
    expect(shown[0]!.options.body).to.equal('11987654321 · SAC');
    // A later snapshot of the same ringing call: no second notification.
    session.update({ calls: [{ ...ringing, data: { x: '1' } }] });
    await settle();
    expect(shown).to.have.length(1);
    hide(false);
    const focused = new Promise<void>((resolve) => window.addEventListener('focus', () => resolve(), { once: true }));
    shown[0]!.onclick!();
    await Promise.race([focused, settle()]);
    const phone = el.querySelector('cti-phone')!;
    await (phone as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    expect(phone.shadowRoot!.activeElement?.getAttribute('part')).to.contain('answer-button');
    expect(shown[0]!.closed).to.equal(true);
  });

  it('no notification when the page is visible, when not elected, or without the attribute; closed when the call stops ringing', async () => {
    permission = 'granted';
    const { session } = await provider('notifications');
    session.update({ calls: [ringing] });
    await settle();
    expect(shown, 'visible: the page rings').to.have.length(0);
    hide(true);
    session.update({ calls: [{ ...ringing, id: 'r2' }], primary: false });
    await settle();
    expect(shown, 'another tab is elected').to.have.length(0);
    session.update({ calls: [{ ...ringing, id: 'r3' }], primary: true });
    await settle();
    expect(shown).to.have.length(1);
    session.update({ calls: [] });
    expect(shown[0]!.closed).to.equal(true);
    const other = await provider();
    other.session.update({ calls: [{ ...ringing, id: 'r4' }] });
    await settle();
    expect(shown, 'without the attribute').to.have.length(1);
  });
});
