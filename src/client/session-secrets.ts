/**
 * The page side of the session secrets (the hub's trust boundary, `hub/session-secret.ts`): the page makes
 * one per session key at its first attach; same-origin tabs of this page share it over a BroadcastChannel
 * (per origin, so a page of another origin reaching the same hub never gets it), and the tab keeps it in its
 * own sessionStorage so a reload within the hub's grace finds its session.
 */
import { isSessionSecret, newSessionSecret } from '../hub/session-secret.js';

interface SecretMessage {
  readonly t: 'ask' | 'tell';
  readonly key: string;
  readonly secret?: string;
}

/** How long an attach refused `session-denied` waits for a same-origin tab to tell the session's secret. */
const SECRET_ASK_MS = 2000;

/** This page's session secrets (see the header). Never logged, never sent but to the hub and same-origin tabs. */
export function sessionSecrets(name: string) {
  const storageKey = `cti-hub-secrets:${name}`;
  /** Secrets the hub accepted, per key. */
  const confirmed = new Map<string, string>();
  /** Secrets for attaches not accepted yet. */
  const pending = new Map<string, string>();
  /** Keys other tabs asked for recently (answered when our attach is accepted). */
  const asked = new Map<string, number>();
  const waiting = new Map<string, (secret: string) => void>();
  try {
    const stored: unknown = JSON.parse(sessionStorage.getItem(storageKey) ?? '{}');
    if (typeof stored === 'object' && stored !== null) {
      for (const [key, secret] of Object.entries(stored)) if (isSessionSecret(secret)) confirmed.set(key, secret);
    }
  } catch {
    /* storage refused (a third-party frame) or damaged: memory only */
  }
  const persist = () => {
    try {
      sessionStorage.setItem(storageKey, JSON.stringify(Object.fromEntries(confirmed)));
    } catch {
      /* memory only */
    }
  };
  let channel: BroadcastChannel | undefined;
  try {
    channel = new BroadcastChannel(`cti-hub-secret-${name}`);
  } catch {
    channel = undefined;
  }
  const tell = (key: string) => {
    const secret = confirmed.get(key);
    if (secret) channel?.postMessage({ t: 'tell', key, secret } satisfies SecretMessage);
  };
  if (channel) {
    channel.onmessage = (event: MessageEvent) => {
      const m = event.data as Partial<SecretMessage> | null;
      if (!m || typeof m.key !== 'string') return;
      if (m.t === 'ask') {
        if (confirmed.has(m.key)) tell(m.key);
        else asked.set(m.key, Date.now());
      } else if (m.t === 'tell' && isSessionSecret(m.secret)) {
        waiting.get(m.key)?.(m.secret);
      }
    };
  }
  return {
    /** The secret to present for `key`: the accepted one, else a new one (this page opens the session). */
    get(key: string): string {
      const known = confirmed.get(key) ?? pending.get(key);
      if (known) return known;
      const fresh = newSessionSecret();
      pending.set(key, fresh);
      return fresh;
    },
    /** The hub accepted `secret` for `key`. */
    accepted(key: string, secret: string): void {
      pending.delete(key);
      if (confirmed.get(key) === secret) return;
      confirmed.set(key, secret);
      persist();
      const at = asked.get(key);
      asked.delete(key);
      if (at !== undefined && Date.now() - at < SECRET_ASK_MS) tell(key);
    },
    /** Ask this origin's other tabs for `key`'s secret; `undefined` when none answers in time. */
    ask(key: string, current: string): Promise<string | undefined> {
      if (!channel) return Promise.resolve(undefined);
      return new Promise((resolve) => {
        const timer = setTimeout(() => finish(undefined), SECRET_ASK_MS);
        const finish = (secret: string | undefined) => {
          clearTimeout(timer);
          if (waiting.get(key) === receive) waiting.delete(key);
          resolve(secret);
        };
        const receive = (secret: string) => {
          if (secret !== current) finish(secret);
        };
        waiting.set(key, receive);
        channel!.postMessage({ t: 'ask', key } satisfies SecretMessage);
      });
    },
    close(): void {
      channel?.close();
      for (const done of [...waiting.values()]) done('');
      waiting.clear();
    },
  };
}
