// A build step for Lit's css`…` templates: the bundler minifies JavaScript but leaves a template literal's text
// as written, so every stylesheet shipped its indentation, line breaks and comments. This removes them from the
// static parts of each css`` template in our sources (never from an interpolation) with rules that cannot
// change what a stylesheet means: comments out, runs of white space to one space, no space around { } or ; or
// after a declaration's colon (commas keep theirs: a custom property's value is kept token for token). A space before a colon is kept (`a :hover` is a descendant selector), and quoted
// strings are copied as they are (a string's spaces are content); a part with an unbalanced quote is left alone.

const STRING = /('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")/;

function minifyOutsideStrings(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}');
}

/**
 * The static text of one css`` template, minified; for one part between interpolations, `edges` says which of
 * its ends are the template's own (only those are trimmed: `${a} solid` keeps its space).
 */
export function minifyCssText(text, edges = { start: true, end: true }) {
  const pieces = text.split(STRING);
  if (pieces.some((p, i) => i % 2 === 0 && /["']/.test(p))) return text;
  let out = pieces.map((p, i) => (i % 2 ? p : minifyOutsideStrings(p))).join('');
  if (edges.start) out = out.trimStart();
  if (edges.end) out = out.trimEnd();
  return out;
}

/** Every css`` template in a module's source, its static parts minified; interpolations untouched. */
export function minifyLitCss(code) {
  return code.replace(/\bcss`((?:[^`\\$]|\\.|\$(?!\{)|\$\{[^{}`]*\})*)`/g, (whole, body) => {
    const parts = body.split(/(\$\{[^{}`]*\})/);
    const last = parts.length - 1;
    return `css\`${parts.map((p, i) => (i % 2 ? p : minifyCssText(p, { start: i === 0, end: i === last }))).join('')}\``;
  });
}

/** The Vite/Rolldown plugin: our TypeScript sources only (dependencies ship their own). */
export function minifyLitCssPlugin() {
  return {
    name: 'cti-minify-lit-css',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]src[\\/].*\.ts$/.test(id) || !code.includes('css`')) return null;
      const out = minifyLitCss(code);
      return out === code ? null : { code: out, map: null };
    },
  };
}
