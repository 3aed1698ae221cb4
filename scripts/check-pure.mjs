#!/usr/bin/env node
// Lint rule "pure core": the domain (src/domain/**) and the vendor codecs, framers and text
// en/decoders (src/vendors/*/{codec,framing,decoder,encoder}*.ts) import nothing from the DOM, Lit,
// comlink, the elements, the hub or the page client, and name no DOM globals. Test files are ignored.
//
//   node scripts/check-pure.mjs [--root <dir>]
//
// Exit 0 when clean; exit 1 listing `file:line: message` for every violation.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const FORBIDDEN_PACKAGES = [/^lit(\/|$)/, /^@lit\//, /^comlink(\/|$)/];
const FORBIDDEN_DIRS = ['src/elements', 'src/hub', 'src/client'];
const FORBIDDEN_GLOBALS = ['document', 'window', 'customElements', 'HTMLElement'];

function parseArgs(argv) {
  let root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--root' && argv[i + 1]) root = resolve(argv[++i]);
    else if (argv[i].startsWith('--root=')) root = resolve(argv[i].slice('--root='.length));
  }
  return { root };
}

function walk(dir) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const posix = (path) => path.split(sep).join('/');
const isTest = (path) => /\.test\.ts$/.test(path);

/** The files the rule applies to, relative to root, posix-style. */
export function pureFiles(root) {
  const domain = walk(join(root, 'src/domain')).filter((f) => f.endsWith('.ts'));
  const vendors = walk(join(root, 'src/vendors')).filter((f) =>
    /^src\/vendors\/[^/]+\/(codec|framing|decoder|encoder)[^/]*\.ts$/.test(posix(relative(root, f))),
  );
  return [...domain, ...vendors].map((f) => posix(relative(root, f))).filter((f) => !isTest(f)).sort();
}

/**
 * Blank out comments and string/template contents (keeping newlines, so line numbers hold) and
 * return the code plus the module specifiers found in import/export/import() positions.
 */
function scan(source) {
  let code = '';
  const strings = []; // { start, value } of each string literal, offsets in `code`
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    const n = source[i + 1];
    if (c === '/' && n === '/') {
      while (i < source.length && source[i] !== '\n') (code += ' '), i++;
    } else if (c === '/' && n === '*') {
      code += '  ';
      i += 2;
      while (i < source.length && !(source[i] === '*' && source[i + 1] === '/')) code += source[i++] === '\n' ? '\n' : ' ';
      code += '  ';
      i += 2;
    } else if (c === '"' || c === "'" || c === '`') {
      const start = code.length;
      let value = '';
      code += c;
      i++;
      while (i < source.length && source[i] !== c) {
        if (source[i] === '\\') {
          value += source[i + 1] ?? '';
          code += '  ';
          i += 2;
          continue;
        }
        if (c !== '`' && source[i] === '\n') break;
        value += source[i];
        code += source[i] === '\n' ? '\n' : ' ';
        i++;
      }
      code += c;
      i++;
      strings.push({ start, value });
    } else {
      code += c;
      i++;
    }
  }
  return { code, strings };
}

const lineOf = (text, offset) => text.slice(0, offset).split('\n').length;

/** Violations in one file's source: `{ line, message }`. */
export function checkSource(source, file) {
  const { code, strings } = scan(source);
  const problems = [];
  for (const { start, value } of strings) {
    const before = code.slice(Math.max(0, start - 200), start);
    const isSpecifier =
      /\bfrom\s*$/.test(before) || /\bimport\s*\(\s*$/.test(before) || /(^|[;\n}])\s*import\s*$/.test(before);
    if (!isSpecifier) continue;
    const reason = forbiddenSpecifier(value, file);
    if (reason) problems.push({ line: lineOf(code, start), message: `imports '${value}' (${reason})` });
  }
  const globals = new RegExp(`(?<![\\w$.])(${FORBIDDEN_GLOBALS.join('|')})(?![\\w$])|\\b(?:globalThis|self)\\s*\\.\\s*(${FORBIDDEN_GLOBALS.join('|')})(?![\\w$])`, 'g');
  for (const match of code.matchAll(globals)) {
    problems.push({ line: lineOf(code, match.index), message: `uses the DOM global '${match[1] ?? match[2]}'` });
  }
  return problems.sort((a, b) => a.line - b.line);
}

function forbiddenSpecifier(specifier, file) {
  if (FORBIDDEN_PACKAGES.some((re) => re.test(specifier))) return 'Lit and comlink stay out of the pure core';
  if (specifier.startsWith('.')) {
    const target = posix(join(dirname(file), specifier));
    const dir = FORBIDDEN_DIRS.find((d) => target === d || target.startsWith(`${d}/`));
    if (dir) return `${dir} is an edge, the core must not depend on it`;
  } else if (FORBIDDEN_DIRS.some((d) => specifier === d || specifier.startsWith(`${d}/`) || specifier.startsWith(`/${d}/`))) {
    return 'edges must not be imported from the pure core';
  }
  return undefined;
}

export function checkTree(root) {
  const problems = [];
  for (const file of pureFiles(root)) {
    for (const p of checkSource(readFileSync(join(root, file), 'utf8'), file)) problems.push({ file, ...p });
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { root } = parseArgs(process.argv.slice(2));
  const problems = checkTree(root);
  if (problems.length > 0) {
    for (const p of problems) console.error(`${p.file}:${p.line}: ${p.message}`);
    console.error(`check-pure: ${problems.length} violation(s) of the pure-core rule.`);
    process.exit(1);
  }
  console.log(`check-pure: ${pureFiles(root).length} file(s) clean.`);
}
