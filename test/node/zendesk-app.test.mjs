// The built Zendesk app package (dist/zendesk/ and dist/zendesk.zip; run `npm run build` first) against the
// rules an app upload is checked with. `zcli apps:validate` checks only that manifest.json exists locally and
// sends the package to a Zendesk account (POST /api/v2/apps/validate) for everything else, so it needs an
// account. The checks the server runs are those of Zendesk's published validation library (the
// `zendesk_apps_support` gem: Validations::Manifest, ::Translations, ::Mime); this test re-checks the ones that
// apply to this package — manifest fields and types, locations pointing at files under assets/, parameter types and
// names, translation file names and every parameter's label — plus what the documentation asks (icons, a zip under
// the 2 MB private-app limit with manifest.json at its root).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const app = join(dist, 'zendesk');
const read = (p) => readFileSync(join(app, p));
const json = (p) => JSON.parse(read(p).toString('utf8'));

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const SUPPORT_LOCATIONS = ['top_bar', 'nav_bar', 'ticket_sidebar', 'new_ticket_sidebar', 'user_sidebar', 'organization_sidebar', 'background', 'ticket_editor', 'modal'];
// zendesk_apps_support Manifest::Parameter::TYPES and Validations::Translations::VALID_LOCALE.
const PARAMETER_TYPES = ['text', 'checkbox', 'url', 'number', 'multiline', 'hidden', 'oauth', 'mtls'];
const VALID_LOCALE = /^[a-z]{2,3}(-\w{2,3})?$/;
const UNSUPPORTED_EXTENSIONS = ['rar', 'zip', 'gz', 'pdf', 'doc', 'docx', 'avi', 'bin', 'bz', 'bz2', 'csh', 'sh', 'jar', 'mp3', 'mpeg', 'odt', 'pptx', 'ppt', 'xls', 'xlsx', '7z'];

test('manifest.json: the fields and locations of a private framework-2.0 Support app', () => {
  assert.ok(existsSync(join(app, 'manifest.json')), 'run npm run build first');
  const m = json('manifest.json');
  assert.equal(typeof m.name, 'string');
  assert.ok(m.author?.name && /^[^@\s]+@[^@\s]+$/.test(m.author.email), 'author name and email are required');
  assert.equal(m.frameworkVersion, '2.0');
  assert.equal(m.private, true);
  assert.match(m.version, /^\d+\.\d+(\.\d+)?$/);
  assert.deepEqual(Object.keys(m.location), ['support']);
  for (const [name, value] of Object.entries(m.location.support)) {
    assert.ok(SUPPORT_LOCATIONS.includes(name), `location ${name}`);
    const url = typeof value === 'string' ? value : value.url;
    assert.match(url, /^assets\/[\w./-]+\.html$/, `${name} points into assets/`);
    assert.ok(existsSync(join(app, url)), `${url} exists`);
  }
  // The phone lives in the top bar; the background location preloads its pane (a top bar app is not in the page until opened).
  assert.equal(m.location.support.top_bar.url, 'assets/iframe.html');
  assert.equal(m.location.support.top_bar.autoHide, false);
  assert.equal(m.location.support.background, 'assets/iframe.html');
  assert.ok(existsSync(join(app, 'assets/icon_top_bar.svg')), 'a top_bar app has assets/icon_top_bar.svg');
});

test('parameters: unique names, documented types, no credentials', () => {
  const { parameters } = json('manifest.json');
  assert.deepEqual(parameters.map((p) => p.name), ['vendor', 'server', 'options', 'callLog']);
  for (const p of parameters) {
    assert.ok(PARAMETER_TYPES.includes(p.type), `${p.name}: ${p.type}`);
    assert.ok(!/pass|secret|token|pin/i.test(p.name), `${p.name} is not a credential`);
    assert.notEqual(p.name, 'name', 'a parameter may not be called "name"');
    assert.notEqual(p.secure, true);
  }
});

test('translations: the default locale file with the app texts; every parameter labelled in every language', () => {
  const { defaultLocale, parameters } = json('manifest.json');
  const files = readdirSync(join(app, 'translations')).sort();
  assert.deepEqual(files, ['en.json', 'es.json', 'pt-br.json']);
  for (const file of files) assert.match(file.replace(/\.json$/, ''), VALID_LOCALE, `${file}: a locale name Zendesk accepts`);
  assert.ok(files.includes(`${defaultLocale}.json`));
  for (const file of files) {
    const t = json(`translations/${file}`).app;
    for (const key of ['name', 'short_description', 'long_description', 'installation_instructions']) assert.equal(typeof t[key], 'string', `${file} app.${key}`);
    assert.ok(t.name.length <= 40, `${file}: app.name at most 40 characters`);
    for (const p of parameters) assert.ok(t.parameters[p.name]?.label && t.parameters[p.name]?.helpText, `${file}: ${p.name} label and help`);
  }
});

test('icons: logo.png 320×320 and logo-small.png 128×128 (PNG)', () => {
  for (const [file, size] of [['assets/logo.png', 320], ['assets/logo-small.png', 128]]) {
    const png = read(file);
    assert.equal(png.subarray(1, 4).toString('ascii'), 'PNG', file);
    assert.equal(png.readUInt32BE(16), size, `${file} width`);
    assert.equal(png.readUInt32BE(20), size, `${file} height`);
  }
});

test('the page: an empty allow-list by default, a CSP, and the scripts it loads are in the package', () => {
  const html = read('assets/iframe.html').toString('utf8');
  assert.match(html, /<meta name="cti-zendesk-origins" content="" \/>/);
  assert.match(html, /http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self';/);
  assert.doesNotMatch(html, /<script>|\son\w+="/, 'no inline script or handler');
  for (const file of ['zendesk-app.js', 'zendesk-app.css', 'cti-elements.module.js', 'cti-hub.worker.js']) assert.ok(existsSync(join(app, 'assets', file)), file);
  const worker = read('assets/cti-hub.worker.js').toString('utf8');
  for (const m of worker.matchAll(/["'`]\.\/(chunks\/[\w.-]+\.js)["'`]/g)) assert.ok(existsSync(join(app, 'assets', m[1])), `the worker's ${m[1]}`);
});

test('no file type Zendesk refuses in a package', () => {
  for (const f of walk(app)) assert.ok(!UNSUPPORTED_EXTENSIONS.includes(f.split('.').pop()), relative(app, f));
});

test('dist/zendesk.zip: every file of dist/zendesk/ at its root, intact, under 2 MB', () => {
  const zip = readFileSync(join(dist, 'zendesk.zip'));
  assert.ok(zip.length < 2 * 1024 * 1024, `${zip.length} B`);
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd > 0);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const names = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    names.push(name);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const body = zip.subarray(start, start + size);
    const data = method === 8 ? inflateRawSync(body) : body;
    assert.deepEqual(data, read(name), `${name} in the zip equals dist/zendesk/${name}`);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  assert.ok(names.includes('manifest.json'), 'manifest.json at the zip root');
  assert.deepEqual(names.sort(), walk(app).map((f) => relative(app, f).split(sep).join('/')).sort());
});
