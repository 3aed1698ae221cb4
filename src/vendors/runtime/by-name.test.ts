/**
 * Correlation by the command's name (`by: 'name'`, DGPhone's answers name a command, never a request), against
 * a `ManualClock`: first in first out per name, its confirming event, a late answer that stays its own, the
 * unambiguous answer without a name, every wait bounded, and nothing past its link.
 */
import { expect } from '@open-wc/testing';
import { ManualClock } from '../../domain/clock.js';
import type { CtiError } from '../../domain/model.js';
import { LineFramer, type LineItem } from '../relay/framing-lines.js';
import { ByName } from './by-name.js';
import { Connection } from './connection.js';
import { openRelayLink } from './relay-link.js';
import type { RequestSpec } from './requests.js';
import { FakeRelaySocket } from './testing/fake-relay-socket.js';
import { scriptedRequests } from './testing/requests.js';
import { flush, rejection } from './testing/wait.js';

/** A test request that remembers which one it is (`tag`). */
interface Cmd extends RequestSpec<string> {
  readonly tag: string;
}

function setup(opts: { open?: () => boolean } = {}) {
  const { clock, sent, timedOut, r } = scriptedRequests<Cmd>({ ...opts, label: (request) => request.tag });
  r.correlateByName((host) => new ByName(host));
  /** A command named `name` (its tag also names it in `sent`), confirmed by the event `confirm` if given. */
  const cmd = (tag: string, name: string, more: Partial<Cmd> & { confirm?: string } = {}): Promise<string | undefined> => {
    const { confirm, ...rest } = more;
    return r.request({ tag, op: name, payload: tag, by: 'name', name, ...(confirm ? { accepts: (m: string) => m === confirm, awaits: confirm } : {}), ...rest });
  };
  const refusal = (detail: string) => (request: Cmd): CtiError => ({ code: 'command-failed', at: clock.now(), operation: request.op, detail });
  /** Whether `p` has settled (after a flush). */
  const settled = async (p: Promise<unknown>): Promise<boolean> => {
    let done = false;
    p.then(
      () => (done = true),
      () => (done = true),
    );
    await flush(2);
    return done;
  };
  return { clock, sent, timedOut, r, cmd, refusal, settled };
}

describe('runtime: correlation by name (an answer names its command, not its request)', () => {
  it('answers settle the oldest request of their name, first in first out, names compared without case; another name is not touched', async () => {
    const { clock, r, cmd } = setup();
    const hang1 = cmd('h1', 'Hangup');
    const dial = cmd('d', 'Dial');
    const hang2 = cmd('h2', 'Hangup');
    expect(r.size).to.equal(3);
    expect(r.answerByName({ name: 'hangup' }, 'ok-1')).to.deep.include({ outcome: 'reply' });
    expect(await hang1).to.equal('ok-1');
    const second = r.answerByName({ name: 'Hangup' }, 'ok-2');
    expect(second?.request.tag).to.equal('h2');
    expect(await hang2).to.equal('ok-2');
    expect(r.answerByName({ name: 'Hangup' }, 'stray')).to.equal(undefined);
    expect(r.answerByName({ name: 'Dial' }, 'dialled')?.request.tag).to.equal('d');
    expect(await dial).to.equal('dialled');
    expect(r.size).to.equal(0);
    expect(clock.pending).to.equal(0);
  });

  it('a scope the answer names narrows between requests of that name (DGPhone Line); an unknown scope falls back to the oldest', async () => {
    const { r, cmd, refusal } = setup();
    const line2 = cmd('l2', 'Hangup', { scope: 2 });
    const line3 = cmd('l3', 'Hangup', { scope: 3 });
    line2.catch(() => undefined);
    expect(r.answerByName({ name: 'Hangup', scope: 3, refusal: refusal('Linha 3 presa') }, 'err')).to.deep.include({ outcome: 'failed' });
    expect(await rejection(line3)).to.include({ code: 'command-failed', operation: 'Hangup', detail: 'Linha 3 presa' });
    expect(r.answerByName({ name: 'Hangup', scope: 9 }, 'ok')?.request.tag).to.equal('l2');
    expect(await line2).to.equal('ok');
  });

  it('its confirming event settles the oldest unsettled request it confirms; that request still takes its own later answer (late), never the next one of its name', async () => {
    const { r, cmd, settled, refusal } = setup();
    const sel3 = cmd('s3', 'LineSelect', { confirm: 'selected 3' });
    expect(r.match('selected 3')).to.deep.include({ outcome: 'reply' });
    expect(await sel3).to.equal('selected 3');
    const sel5 = cmd('s5', 'LineSelect', { confirm: 'selected 5' });
    // The answer of the first LineSelect comes after its event: its own, late; the second still waits.
    const late = r.answerByName({ name: 'LineSelect' }, 'ok');
    expect(late).to.deep.include({ outcome: 'late' });
    expect(late?.request.tag).to.equal('s3');
    expect(late?.error).to.equal(undefined);
    expect(await settled(sel5)).to.equal(false);
    // An event nobody waits for settles nothing; the second's event settles it.
    expect(r.match('selected 3')).to.equal(undefined);
    expect(r.match('selected 5')?.request.tag).to.equal('s5');
    await sel5;
    // Its late refusal is handed back with its error (for the owner to show), revives nothing.
    const lateError = r.answerByName({ name: 'LineSelect', refusal: refusal('tarde') }, 'err');
    expect(lateError).to.deep.include({ outcome: 'late' });
    expect(lateError?.error).to.include({ code: 'command-failed', operation: 'LineSelect', detail: 'tarde' });
    expect(r.answerByName({ name: 'LineSelect' }, 'again')).to.equal(undefined);
  });

  it('a failing event fails the request it names; an answer that comes first settles it, and its event then settles nothing', async () => {
    const { r, cmd } = setup();
    const dial = cmd('d', 'Dial', { confirm: 'dialing', fails: (m) => (m === 'busy' ? 'busy' : undefined) });
    expect(r.match('busy')).to.deep.include({ outcome: 'failed' });
    expect(await rejection(dial)).to.include({ code: 'command-failed', operation: 'Dial', detail: 'busy' });
    const again = cmd('d2', 'Dial', { confirm: 'dialing' });
    // The first Dial answer is the failed one's own (first in first out), the second the newer one's.
    expect(r.answerByName({ name: 'Dial' }, 'Error')).to.deep.include({ outcome: 'late' });
    expect(r.answerByName({ name: 'Dial' }, 'Success')?.outcome).to.equal('reply');
    expect(await again).to.equal('Success');
    expect(r.match('dialing')).to.equal(undefined);
  });

  it('an answer that names no command is taken only when unambiguous: the one request, or for a refusal the one its event has not confirmed', async () => {
    const { r, cmd, settled, refusal } = setup();
    const one = cmd('one', 'Dial');
    expect(r.answerByName({}, 'ok')?.request.tag).to.equal('one');
    await one;
    const dial = cmd('dial', 'Dial', { confirm: 'dialing' });
    const hangup = cmd('hang', 'Hangup', { confirm: 'hungup' });
    expect(r.answerByName({}, 'ok'), 'a success without a name among two: nobody').to.equal(undefined);
    expect(await settled(dial)).to.equal(false);
    expect(await settled(hangup)).to.equal(false);
    expect(r.answerByName({ refusal: refusal('Falha') }, 'err'), 'a refusal without a name, two unconfirmed: nobody').to.equal(undefined);
    r.match('hungup');
    await hangup;
    // The Hangup its event confirmed is still in the window; the refusal can only be the Dial's.
    expect(r.answerByName({ refusal: refusal('Linha ocupada') }, 'err')?.request.tag).to.equal('dial');
    expect(await rejection(dial)).to.include({ detail: 'Linha ocupada' });
  });

  it('every wait is bounded: silence is timeout not-confirmed, detail no-answer (plain timeout when promised); its late answer is its own for one bound more', async () => {
    const { clock, r, cmd, refusal, timedOut, settled } = setup();
    const dial = cmd('d1', 'Dial', { confirm: 'Dialing', timeoutMs: 2000 });
    dial.catch(() => undefined);
    clock.advance(1999);
    expect(await settled(dial)).to.equal(false);
    clock.advance(1);
    expect(await rejection(dial)).to.include({ code: 'timeout', vendorCode: 'not-confirmed', operation: 'Dial', detail: 'no-answer' });
    expect(timedOut).to.deep.equal(['d1:fail']);
    const next = cmd('d2', 'Dial', { confirm: 'Dialing', timeoutMs: 2000 });
    // The timed-out one's late refusal: its own, handed back, the newer one untouched.
    const late = r.answerByName({ name: 'Dial', refusal: refusal('tarde') }, 'err');
    expect(late?.request.tag).to.equal('d1');
    expect(late?.outcome).to.equal('late');
    expect(await settled(next)).to.equal(false);
    expect(r.answerByName({ name: 'Dial' }, 'ok')?.request.tag).to.equal('d2');
    await next;

    const login = cmd('login', 'Login', { promised: true, awaits: 'DGPhoneResponse' });
    clock.advance(1000);
    const e = await rejection(login);
    expect(e).to.include({ code: 'timeout', detail: 'no-answer' });
    expect(e.vendorCode).to.equal(undefined);
    // After one more bound the timed-out request is forgotten: a later answer finds nobody.
    clock.advance(1000);
    expect(r.answerByName({ name: 'Login' }, 'ok')).to.equal(undefined);
    expect(clock.pending).to.equal(0);
  });

  it('silence that means yes resolves; a watchdog request (drop) tells the owner', async () => {
    const { clock, cmd, timedOut } = setup();
    const yes = cmd('yes', 'Hold', { silence: 'resolve' });
    const probe = cmd('probe', 'Status', { silence: 'drop' });
    clock.advance(1000);
    expect(await yes).to.equal(undefined);
    expect(await rejection(probe)).to.include({ code: 'timeout' });
    expect(timedOut).to.deep.equal(['yes:resolve', 'probe:drop']);
  });

  it('written: done once sent; an answer within the bound is its own (a late refusal handed back), after it nobody\'s', async () => {
    const { clock, r, cmd, refusal, sent } = setup();
    expect(await cmd('keys', 'SendDtmf', { written: true })).to.equal(undefined);
    expect(sent).to.deep.equal(['keys']);
    expect(r.size).to.equal(0);
    const late = r.answerByName({ name: 'SendDtmf', refusal: refusal('Linha 1 não está em chamada') }, 'err');
    expect(late).to.deep.include({ outcome: 'late' });
    expect(late?.error).to.include({ operation: 'SendDtmf', detail: 'Linha 1 não está em chamada' });
    await cmd('keys2', 'SendDtmf', { written: true });
    clock.advance(1000);
    expect(r.answerByName({ name: 'SendDtmf' }, 'ok')).to.equal(undefined);
    expect(clock.pending).to.equal(0);
  });

  it('the window keeps 32 requests: past that the oldest settled one leaves first, never one that waits', async () => {
    const { r, cmd } = setup();
    const waiting = cmd('waits', 'Hangup');
    for (let i = 0; i < 32; i++) await cmd(`w${i}`, 'SendDtmf', { written: true });
    // w0 left (the oldest settled); the waiting Hangup stayed.
    expect(r.answerByName({ name: 'SendDtmf' }, 'ok')?.request.tag).to.equal('w1');
    expect(r.answerByName({ name: 'Hangup' }, 'ok')?.request.tag).to.equal('waits');
    await waiting;
  });

  it('nothing sent while the link is down (not-connected); failAll fails what waits and forgets what settled', async () => {
    let open = false;
    const { clock, r, cmd } = setup({ open: () => open });
    expect(await rejection(cmd('x', 'Dial'))).to.include({ code: 'not-connected', operation: 'Dial' });
    expect(r.size).to.equal(0);
    open = true;
    const dial = cmd('d', 'Dial', { confirm: 'dialing' });
    await cmd('keys', 'SendDtmf', { written: true });
    r.failAll('softphone-unavailable', 'UserLogoff');
    expect(await rejection(dial)).to.include({ code: 'softphone-unavailable', operation: 'Dial', detail: 'UserLogoff' });
    expect(r.answerByName({ name: 'SendDtmf' }, 'late')).to.equal(undefined);
    expect(r.match('dialing')).to.equal(undefined);
    expect(r.size).to.equal(0);
    expect(clock.pending).to.equal(0);
  });
});

/* ------------------------------------------------------ through a connection */

describe('runtime: correlation by name on a connection', () => {
  it('a dropped link fails what waits by name (connection-lost); its answer on the next link is nobody\'s', async () => {
    FakeRelaySocket.reset();
    const clock = new ManualClock();
    const answers: (string | undefined)[] = [];
    const conn: Connection<string> = new Connection<string>({
      name: 'ByName',
      host: { emit: () => undefined, log: () => undefined, clock },
      random: () => 0.5,
      backoff: { baseMs: 1000, maxMs: 8000 },
      requestTimeoutMs: 5000,
      // One message a line, through the shared fake relay socket.
      open: (events) => openRelayLink({ WebSocket: FakeRelaySocket as unknown as typeof WebSocket, url: 'ws://relay/?token=t', encoding: 'utf-8', framer: () => new LineFramer(), decode: (item: LineItem) => (item.kind === 'line' ? item.line : '') }, events),
      authenticate: async () => undefined,
      synchronise: async () => undefined,
      closeError: (code) => conn.error('connection-lost', 'connect', `close ${code}`),
      receive: (m) => {
        const [word, name] = m.split(' ');
        if (word === 'answer') answers.push(conn.requests.answerByName({ ...(name ? { name } : {}) }, m)?.request.op);
        else conn.requests.match(m);
      },
    });
    // Not installed: a request by name is refused (internal), nothing sent.
    expect(await rejection(conn.requests.request({ op: 'Hold', payload: 'Hold\n', by: 'name', name: 'Hold' }))).to.include({ code: 'internal' });
    conn.requests.correlateByName((host) => new ByName(host));
    conn.start();
    FakeRelaySocket.last().open();
    await flush(2);
    expect(conn.state).to.equal('connected');
    const hold = conn.request({ op: 'Hold', payload: 'Hold\n', by: 'name', name: 'Hold', accepts: (m) => m === 'held' });
    expect(FakeRelaySocket.last().texts()).to.deep.equal(['Hold\n']);
    FakeRelaySocket.last().drop();
    expect(await rejection(hold)).to.include({ code: 'connection-lost', operation: 'Hold' });
    expect(conn.requests.size).to.equal(0);
    clock.advance(1000);
    const second = FakeRelaySocket.last();
    expect(FakeRelaySocket.instances).to.have.length(2);
    second.open();
    await flush(2);
    second.serve('answer Hold\nheld\n');
    expect(answers).to.deep.equal([undefined]);
    conn.close();
    expect(clock.pending).to.equal(0);
  });
});

