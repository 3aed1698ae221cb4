/**
 * Fails a test when Lit prints a dev-mode warning (other than the "Lit is in dev mode" notice).
 * Call `failOnLitWarnings()` at the top of a `describe`. It only catches something when Lit's
 * development build is loaded (the `development` export condition); in the production build Lit
 * prints nothing.
 */
const IGNORED = [/Lit is in dev mode/i];

function isLitWarning(args: unknown[]): boolean {
  const text = args.map((a) => String(a)).join(' ');
  if (IGNORED.some((re) => re.test(text))) return false;
  return /lit\.dev\/msg|\blit\b|reactive ?element|change-in-update|class-field-shadowing/i.test(text);
}

export function failOnLitWarnings(): void {
  let original: typeof console.warn;
  let seen: string[] = [];
  beforeEach(() => {
    seen = [];
    original = console.warn;
    console.warn = (...args: unknown[]) => {
      if (isLitWarning(args)) seen.push(args.map(String).join(' '));
      original.apply(console, args);
    };
  });
  afterEach(function () {
    console.warn = original;
    if (seen.length > 0) {
      const messages = seen.join('\n');
      seen = [];
      throw new Error(`Lit warned during "${this.currentTest?.fullTitle() ?? '?'}":\n${messages}`);
    }
  });
}
