import { expect } from '@open-wc/testing';
import { ManualClock } from '../domain/clock.js';
import type { DomainEvent } from '../domain/events.js';
import type { Command } from '../domain/commands.js';
import type { AdapterDeps, AdapterFactory, AdapterHost, SessionConfig } from '../vendors/adapter.js';
import { fakeCapabilities, FAKE_VENDOR } from '../../test/fixtures/hub/fake-vendor.js';
import { guardSecrets } from './guard-secrets.js';

const SECRET = `Zq9 "Wx,7}{'`;
const APP_SECRET = 'app-Pa55 word';

/** An adapter that repeats what it is given, bare (no key next to it), as a careless server would. */
const echoing: AdapterFactory = (config, host) => ({
  capabilities: fakeCapabilities,
  start() {
    host.log('info', `authenticating with ${config.credentials?.password ?? ''}`);
    host.emit({ type: 'error', error: { code: 'auth-failed', at: 1, operation: 'connect', detail: `Senha ${config.credentials?.password ?? ''} recusada` } });
  },
  async execute(command: Command) {
    const password = 'password' in command ? String(command.password) : '';
    host.log('warn', `server said: ${JSON.stringify({ msg: `bad ${password}` })}`);
    if (command.type === 'logout') throw new Error(`logout failed for ${password}`);
    throw { code: 'auth-failed', at: 2, operation: command.type, detail: `PIN ${password} inválido` };
  },
  close: async () => {},
});

function setup() {
  const logs: string[] = [];
  const events: DomainEvent[] = [];
  const host: AdapterHost = { clock: new ManualClock(), log: (level, message) => logs.push(`${level} ${message}`), emit: (e) => events.push(e) };
  const config: SessionConfig = { vendor: FAKE_VENDOR, server: 'http://fake.invalid', agent: 'a', credentials: { user: 'crm', password: APP_SECRET } };
  const adapter = guardSecrets(echoing)(config, host, {} as AdapterDeps);
  return { logs, events, adapter };
}

describe('guardSecrets', () => {
  it('masks the credentials by value in what the adapter logs and reports, even with no key next to them', () => {
    const { logs, events, adapter } = setup();
    adapter.start();
    expect(logs).to.deep.equal(['info authenticating with ***']);
    expect(events).to.deep.equal([{ type: 'error', error: { code: 'auth-failed', at: 1, operation: 'connect', detail: 'Senha *** recusada' } }]);
    expect(adapter.capabilities).to.equal(fakeCapabilities);
  });

  it("masks a command's password or PIN in the rejection and in later lines, JSON-escaped too", async () => {
    const { logs, adapter } = setup();
    let rejected: unknown;
    await adapter.execute({ type: 'login', agent: 'a', password: SECRET }).catch((e: unknown) => (rejected = e));
    expect(rejected).to.deep.equal({ code: 'auth-failed', at: 2, operation: 'login', detail: 'PIN *** inválido' });
    expect(logs.at(-1)).to.equal('warn server said: {"msg":"bad ***"}');
    // A bare Error is cleaned too (the hub turns it into an internal error with its message).
    await adapter.execute({ type: 'logout', password: SECRET }).catch((e: unknown) => (rejected = e));
    expect((rejected as Error).message).to.equal('logout failed for ***');
    for (const line of logs) expect(line).not.to.include('Zq9');
  });

  it('leaves short values alone (a 3-character match would eat diagnostics)', async () => {
    const { logs, adapter } = setup();
    await adapter.execute({ type: 'login', agent: 'a', password: '12' }).catch(() => {});
    expect(logs.at(-1)).to.equal('warn server said: {"msg":"bad 12"}');
  });
});
