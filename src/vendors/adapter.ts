/**
 * The contract between the hub's session and a vendor adapter.
 *
 * An adapter owns one vendor connection. It maps wire ↔ model: commands in, `DomainEvent`s out.
 * It is plain TypeScript that runs in the hub (a SharedWorker, or a leader tab in the fallback):
 * no DOM, no Lit, no comlink. Transports (fetch, EventSource, WebSocket) are injected so
 * adapters are tested against fakes and end to end against the simulators.
 */
import type { Clock } from '../domain/clock.js';
import type { Command } from '../domain/commands.js';
import type { DomainEvent } from '../domain/events.js';
import type { Capabilities, CtiError, LogLevel, VendorId } from '../domain/model.js';

/** Session configuration: everything but credentials. Safe to log. */
export interface SessionConfig {
  readonly vendor: VendorId;
  /** Base URL of the vendor server (Interact: `http://host:8582/interact_cti/v1.0`), or the relay URL. */
  readonly server: string;
  /** Agent login name. Part of the session key. */
  readonly agent: string;
  /** Extension / branch. */
  readonly extension?: string;
  /** Interact: body and event format. Default `json`. */
  readonly format?: 'json' | 'xml';
  /** Vendor-specific options (channel id range, timeouts...). Plain data, no secrets. */
  readonly options?: Readonly<Record<string, string | number | boolean>>;
  /**
   * Credentials of the connection itself, not of the agent (NEON: the integration's `authenticate`
   * user and password, registered in NEON by its administrator). Memory only: set through the
   * provider's `credentials` property, never an attribute; not part of the session key; never logged.
   */
  readonly credentials?: { readonly user: string; readonly password: string };
}

/** The key the hub shares one connection under. */
export function sessionKey(config: Pick<SessionConfig, 'vendor' | 'server' | 'agent'>): string {
  return `${config.vendor}|${config.server.replace(/\/+$/, '')}|${config.agent}`;
}

export interface AdapterHost {
  /** Report a domain event. */
  emit(event: DomainEvent): void;
  /** Log through the hub's logger. Never pass credentials. */
  log(level: LogLevel, message: string): void;
  readonly clock: Clock;
}

/** What the hub injects so adapters can be tested with fakes. */
export interface AdapterDeps {
  readonly fetch: typeof fetch;
  readonly EventSource: typeof EventSource;
  readonly WebSocket: typeof WebSocket;
  /** Random source (channel ids, jitter). */
  readonly random: () => number;
}

export interface VendorAdapter {
  readonly capabilities: Capabilities;
  /** Open the connection and keep it open (reconnecting as the vendor allows) until `close`. */
  start(): void;
  /**
   * Execute a command. Resolves when the vendor accepted it; rejects with a `CtiError`
   * (never a bare Error). Fails fast with `not-connected` while disconnected: never queued.
   */
  execute(command: Command): Promise<void>;
  /** Close the connection cleanly. Does NOT log the agent out. */
  close(): Promise<void>;
}

export type AdapterFactory = (config: SessionConfig, host: AdapterHost, deps: AdapterDeps) => VendorAdapter;

/** Type guard for errors adapters reject with. */
export function isCtiError(value: unknown): value is CtiError {
  return typeof value === 'object' && value !== null && typeof (value as CtiError).code === 'string' && typeof (value as CtiError).at === 'number';
}
