/**
 * The hub's guard between an adapter and everything that leaves it: the secrets the session holds — its
 * credentials (`config.credentials.password`) and the password or PIN of each command it was given — are masked
 * BY VALUE in every log line the adapter writes, every error it reports and every error a command rejects with,
 * on top of the key-based masking (`redact`). So a server that echoes a password with no key next to it
 * (`Senha Zq9… incorreta`) shows nothing of it either. The secrets stay in hub memory, beside the adapter's own
 * copy; nothing here logs or stores them.
 */
import { SECRET_FIELDS } from '../domain/commands.js';
import { MIN_KNOWN_SECRET, redact, redactError } from '../domain/redact.js';
import { isCtiError } from '../vendors/adapter.js';
import type { AdapterFactory, AdapterHost, VendorAdapter } from '../vendors/adapter.js';

/** Secrets remembered per session at most (credentials, then the passwords of the first commands). */
const KNOWN_SECRETS_LIMIT = 16;

/** `factory`'s adapters, each behind the guard. */
export function guardSecrets(factory: AdapterFactory): AdapterFactory {
  return (config, host, deps) => {
    const known = new Set<string>();
    const remember = (value: unknown): void => {
      if (typeof value === 'string' && value.length >= MIN_KNOWN_SECRET && known.size < KNOWN_SECRETS_LIMIT) known.add(value);
    };
    remember(config.credentials?.password);
    const guarded: AdapterHost = {
      clock: host.clock,
      log: (level, message) => host.log(level, redact(message, known)),
      emit: (event) => host.emit(event.type === 'error' ? { ...event, error: redactError(event.error, known) } : event),
    };
    /** A thrown value with its text redacted (a CtiError's detail, an Error's message). */
    const clean = (e: unknown): unknown => (isCtiError(e) ? redactError(e, known) : e instanceof Error ? new Error(redact(e.message, known)) : e);
    let adapter: VendorAdapter;
    try {
      adapter = factory(config, guarded, deps);
    } catch (e) {
      throw clean(e);
    }
    return {
      get capabilities() {
        return adapter.capabilities;
      },
      start() {
        try {
          adapter.start();
        } catch (e) {
          throw clean(e);
        }
      },
      close: () => adapter.close(),
      async execute(command) {
        for (const field of SECRET_FIELDS) remember((command as unknown as Record<string, unknown>)[field]);
        try {
          await adapter.execute(command);
        } catch (e) {
          throw clean(e);
        }
      },
    };
  };
}
