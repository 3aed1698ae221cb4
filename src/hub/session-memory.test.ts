import { expect } from '@open-wc/testing';
import { indexedDbMemory } from './session-memory.js';
import type { SessionMemory } from './session-memory.js';

const unique = () => `memory-test-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
/** Writes are fire and forget: a read queued after them sees them (IndexedDB orders the transactions). */
const read = (memory: SessionMemory, key: string) => memory.read(key);

describe('indexedDbMemory', () => {
  it('writes, reads back and forgets a record, kept apart per hub name', async () => {
    const db = unique();
    const hubA = indexedDbMemory('hub-a', indexedDB, db)!;
    const hubB = indexedDbMemory('hub-b', indexedDB, db)!;
    hubA.write({ key: 'neon|ws://localhost:15070|', at: 1000, signedIn: true, liveCalls: 1 });
    expect(await read(hubA, 'neon|ws://localhost:15070|')).to.deep.equal({ key: 'neon|ws://localhost:15070|', at: 1000, signedIn: true, liveCalls: 1 });
    expect(await read(hubB, 'neon|ws://localhost:15070|'), 'another hub name sees nothing').to.equal(undefined);
    // A second instance (the next hub after a reload) reads what the first wrote.
    const next = indexedDbMemory('hub-a', indexedDB, db)!;
    expect((await read(next, 'neon|ws://localhost:15070|'))?.liveCalls).to.equal(1);
    hubA.write({ key: 'neon|ws://localhost:15070|', at: 2000, signedIn: false, liveCalls: 0 });
    hubA.forget('neon|ws://localhost:15070|');
    expect(await read(next, 'neon|ws://localhost:15070|')).to.equal(undefined);
  });

  it('ignores a record that is not one of its own, and never throws', async () => {
    const db = unique();
    const memory = indexedDbMemory('hub', indexedDB, db)!;
    memory.forget('nothing-there');
    expect(await read(memory, 'nothing-there')).to.equal(undefined);
    // Something else in the store under the same id (another version, a hand edit): not a record.
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open(db, 1);
      open.onsuccess = () => {
        const tx = open.result.transaction('sessions', 'readwrite');
        tx.objectStore('sessions').put({ key: 'hub\nk', at: 'yesterday', signedIn: 'yes' });
        tx.oncomplete = () => {
          open.result.close();
          resolve();
        };
        tx.onerror = () => reject(tx.error);
      };
      open.onerror = () => reject(open.error);
    });
    expect(await read(memory, 'k')).to.equal(undefined);
  });

  it('remembers nothing, without an error, where IndexedDB refuses to open', async () => {
    const refusing = {
      open() {
        throw new DOMException('The request was denied.', 'SecurityError');
      },
    } as unknown as IDBFactory;
    const memory = indexedDbMemory('hub', refusing, unique())!;
    memory.write({ key: 'k', at: 1, signedIn: true, liveCalls: 0 });
    expect(await memory.read('k')).to.equal(undefined);
  });
});
