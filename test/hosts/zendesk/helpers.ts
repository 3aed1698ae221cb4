/** Helpers of the Zendesk app tests (default and blocked-storage runs). */
import { expect } from '@open-wc/testing';
import { waitFor } from '../../e2e/helpers.js';
import type { FakeTicket, FakeUser, ZafParentFake } from './zaf-fake.js';

/** The same test server on the other host name: another site than this page. */
export function appUrl(): string {
  const host = location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1';
  return `${location.protocol}//${host}:${location.port}/dist/zendesk/assets/iframe.html`;
}

export const MARIA: FakeUser = { id: 501, name: 'Maria Souza', phone: '+55 11 95555-4444' };
export function mariaTickets(): FakeTicket[] {
  return [
    { id: 9000, requester_id: 501, status: 'solved', updated_at: '2026-12-02T10:00:00Z' },
    { id: 9001, requester_id: 501, status: 'open', updated_at: '2026-12-01T10:00:00Z' },
    { id: 8999, requester_id: 501, status: 'pending', updated_at: '2026-11-20T10:00:00Z' },
    { id: 7000, requester_id: 999, status: 'open', updated_at: '2026-12-03T10:00:00Z' },
  ];
}

/** The app signed in and ready (the agent's part, done through the test reporter). */
export async function readyApp(fake: ZafParentFake, guid: string): Promise<any> {
  await waitFor(() => fake.registered(guid), 'the ZAF handshake', 10000);
  let last: unknown;
  await waitFor(async () => {
    last = await fake.ask(guid, 'state');
    const l = last as { provider?: boolean; agentForm?: boolean };
    return l.provider === true || l.agentForm === true;
  }, 'the app to show the phone or ask the agent login', 15000, 100).catch((e: Error) => {
    throw new Error(`${e.message}: ${JSON.stringify(last)}`);
  });
  const asked = last as { provider?: boolean; agentForm?: boolean };
  if (asked.agentForm) expect(asked.provider, 'no phone before the Interact login is known').to.equal(false);
  await fake.ask(guid, 'agent', { agent: '1001' });
  await waitFor(async () => (await fake.ask(guid, 'state')).connection === 'connected', 'the app to connect', 15000, 100);
  const login = await fake.ask(guid, 'login', {}, 15000);
  expect(login, JSON.stringify([login, await fake.ask(guid, 'state')])).to.deep.equal({ ok: true });
  return waitFor(async () => {
    const s = await fake.ask(guid, 'state');
    return s.phase === 'ready' && s.connection === 'connected' ? s : undefined;
  }, 'the agent to be ready', 10000, 100);
}

