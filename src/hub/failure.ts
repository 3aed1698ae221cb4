/**
 * What an exception says, for a LOG line only (the hub's, the tab's: redacted there as every line is). A tab
 * gets a short code as the error's `detail` instead (`adapter-start`, `worker-error`, a method name…): the
 * elements show the detail under a translated message, and an exception's words are English and may carry data.
 * Its own module so that the page's lazy local-hub chunk shares it without pulling in the hub core.
 */
export function failure(e: unknown): string {
  return e instanceof Error ? e.message || e.name : String(e);
}
