/**
 * The drop-in `<script src=".../cti-elements.js">`: a tiny classic script (no `type="module"` needed,
 * any origin) that imports the ES module build sitting next to it, `cti-elements.module.js`
 * (src/dropin.ts), found from `document.currentScript.src`. So the elements are defined
 * asynchronously: host code that calls them right after the tag waits for
 * `customElements.whenDefined('cti-provider')`.
 *
 * Why a dynamic `import()` and not injected `<script>` tags: under a strict CSP with Trusted Types
 * (`require-trusted-types-for 'script'`), setting `script.src` needs a policy of ours, `import()`
 * needs none; `script-src <widget origin>` (or a nonce, which `import()` inherits) allows it, and no
 * eval or inline script is involved. Module scripts are fetched with CORS: a widget origin other
 * than the page's must send `Access-Control-Allow-Origin` for `cti-elements.module.js` and `chunks/`.
 */
export {}; // a module to the type checker (no globals); the build emits a classic script

const script = document.currentScript;
if (!(script instanceof HTMLScriptElement) || !script.src) {
  throw new Error('cti-elements.js must be loaded by a classic <script src="…/cti-elements.js"> tag');
}
const entry = new URL('cti-elements.module.js', script.src).href;
import(/* @vite-ignore */ entry).catch((cause: unknown) => {
  // An unhandled rejection, so it reaches the console and the page's error reporting.
  throw new Error(`cti-elements: could not load ${entry} (served next to cti-elements.js, with CORS when on another origin?)`, { cause });
});
