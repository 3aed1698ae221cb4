/**
 * Trusted Types: the one script URL the library hands to the browser itself — the hub worker's — goes
 * through a policy named `cti-elements`, so the drop-in works on pages that enforce
 * `require-trusted-types-for 'script'` (list the policy: `trusted-types lit-html cti-elements`).
 * The policy only lets http(s) URLs through (never `data:`, `blob:` or `javascript:`).
 * Without Trusted Types (or when the page's CSP does not allow the policy) the URL is used as is.
 */
interface ScriptUrlPolicy {
  createScriptURL(url: string): unknown;
}
interface TrustedTypesLike {
  createPolicy(name: string, rules: { createScriptURL(url: string): string }): ScriptUrlPolicy;
}

let policy: ScriptUrlPolicy | null | undefined;

function checked(url: string): string {
  const parsed = new URL(url, globalThis.location?.href);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new TypeError(`cti-elements: refusing worker URL with scheme ${parsed.protocol}`);
  }
  return parsed.href;
}

/** `url` as a TrustedScriptURL when Trusted Types are available, else as a string. */
export function trustedScriptUrl(url: string | URL): string {
  if (policy === undefined) {
    const tt = (globalThis as { trustedTypes?: TrustedTypesLike }).trustedTypes;
    try {
      policy = tt ? tt.createPolicy('cti-elements', { createScriptURL: checked }) : null;
    } catch {
      // The page's CSP does not allow our policy name: the browser reports the violation when used.
      policy = null;
    }
  }
  // A TrustedScriptURL is accepted wherever the DOM types say `string | URL`.
  return policy ? (policy.createScriptURL(String(url)) as string) : checked(String(url));
}
