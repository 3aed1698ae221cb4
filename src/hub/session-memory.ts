/**
 * What the hub remembers of a session across its own death, so a reload in a browser whose hub dies with
 * the page (no SharedWorker `extendedLifetime`: Firefox, Safari; or a hub crash) can say plainly what the
 * new hub could not learn again. Some vendors cannot be asked: NEON has no query for the SIP registration
 * or the calls, DGPhone none for the agent's sign-in.
 *
 * Only facts, under the session key (vendor, server, agent login): whether the agent was signed in
 * (registered, for NEON), how many calls were live, and when. Never a customer's number or name, call data
 * or a credential. The record is written when those
 * facts change and deleted when the hub closes the session cleanly (the grace ran out, or the page
 * detached): a record only outlives a hub that died.
 */
import type { SessionSnapshot } from '../domain/model.js';

/** The facts remembered for one session key. */
export interface RememberedSession {
  readonly key: string;
  /** When written (epoch ms). */
  readonly at: number;
  /** The agent was signed in (any phase but logged-out/unknown). */
  readonly signedIn: boolean;
  /** Calls that had not ended. */
  readonly liveCalls: number;
}

/** What the memory keeps of a snapshot. */
export type Facts = Pick<RememberedSession, 'signedIn' | 'liveCalls'>;

export function factsOf(snapshot: SessionSnapshot): Facts {
  const phase = snapshot.agent.phase;
  return { signedIn: phase !== 'logged-out' && phase !== 'unknown', liveCalls: snapshot.calls.filter((c) => c.state !== 'ended').length };
}

export interface SessionMemory {
  /** The record for `key`, if any. Never rejects. */
  read(key: string): Promise<RememberedSession | undefined>;
  /** Store (replace) a record. Fire and forget; never throws. */
  write(record: RememberedSession): void;
  /** Delete the record for `key`. Fire and forget; never throws. */
  forget(key: string): void;
}

/** In memory (tests, and where IndexedDB is missing): survives nothing but keeps the code path the same. */
export class MapMemory implements SessionMemory {
  readonly records = new Map<string, RememberedSession>();
  async read(key: string): Promise<RememberedSession | undefined> {
    return this.records.get(key);
  }
  write(record: RememberedSession): void {
    this.records.set(record.key, record);
  }
  forget(key: string): void {
    this.records.delete(key);
  }
}

const STORE = 'sessions';

/**
 * IndexedDB in the hub's origin (a worker has no localStorage). Records are kept per `scope` (the hub's
 * name: a reloaded page reaches the hub of the same name, and hubs of other names never see them).
 * `undefined` when IndexedDB is missing; a refused one (third-party storage blocked) remembers nothing.
 */
export function indexedDbMemory(scope: string, idb: IDBFactory | undefined = globalThis.indexedDB, name = 'cti-hub-memory'): SessionMemory | undefined {
  if (!idb) return undefined;
  const id = (key: string) => `${scope}\n${key}`;
  let db: Promise<IDBDatabase | undefined> | undefined;
  const open = (): Promise<IDBDatabase | undefined> =>
    (db ??= new Promise((resolve) => {
      try {
        const request = idb.open(name, 1);
        request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'key' });
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => resolve(undefined);
        request.onblocked = () => resolve(undefined);
      } catch {
        resolve(undefined);
      }
    }));
  const run = <T>(mode: IDBTransactionMode, op: (store: IDBObjectStore) => IDBRequest<T>): Promise<T | undefined> =>
    open().then(
      (database) =>
        new Promise<T | undefined>((resolve) => {
          if (!database) return resolve(undefined);
          try {
            const request = op(database.transaction(STORE, mode).objectStore(STORE));
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => resolve(undefined);
          } catch {
            resolve(undefined);
          }
        }),
    );
  return {
    async read(key) {
      const value: unknown = await run('readonly', (store) => store.get(id(key)));
      return isRecord(value) ? { key, at: value.at, signedIn: value.signedIn, liveCalls: value.liveCalls } : undefined;
    },
    write(record) {
      void run('readwrite', (store) => store.put({ ...record, key: id(record.key) }));
    },
    forget(key) {
      void run('readwrite', (store) => store.delete(id(key)));
    },
  };
}

function isRecord(value: unknown): value is RememberedSession {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['key'] === 'string' && typeof v['at'] === 'number' && typeof v['signedIn'] === 'boolean' && typeof v['liveCalls'] === 'number';
}
