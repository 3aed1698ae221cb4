/** The hub's session secrets (see `HubApi.attach`). Plain TypeScript: runs in the hub and in the page. */
/**
 * A session secret: url-safe text of 16 to 128 characters (the page makes one with `newSessionSecret`).
 * It is the hub's trust boundary: a page that reaches the hub (a frame of another origin of the same
 * site, any site where storage is not partitioned) but was never given the secret by a tab of the page
 * that opened the session cannot attach to it or command it. It lives in memory (and in the tab's own
 * sessionStorage, so a reload within the grace finds its session); the hub never sends it back.
 */
export function isSessionSecret(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{16,128}$/.test(value);
}

/** A fresh session secret (192 random bits, base64url). */
export function newSessionSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
