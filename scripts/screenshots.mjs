// `node scripts/screenshots.mjs`: regenerates docs/gallery-<vendor>-<width>-<theme>.png from the gallery page
// (demo/gallery), bundled with esbuild into a temporary folder, served on 127.0.0.1 (port 0) and shot with
// puppeteer-core in the system Chromium (CHROMIUM_PATH, default /usr/bin/chromium). A handful of key shots,
// not the whole matrix (that is what the gallery test checks): keep docs/ small.
import { build } from 'esbuild';
import { createServer } from 'node:http';
import { mkdtemp, readFile, rm, writeFile, copyFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const gallery = join(root, 'demo/gallery');

/** [vendor, width, theme, lang, states]: the key shots (four cards each at 280 px, two at 1280 px). */
const SHOTS = [
  ['interact', 280, 'light', 'pt-BR', 'paused,ringing,two-calls,after-call'],
  ['interact', 280, 'dark', 'en', 'conference,call-data,error-refused,error-server-down'],
  ['interact', 1280, 'light', 'pt-BR', 'two-calls,after-call'],
  ['neon', 280, 'dark', 'pt-BR', 'signed-out,ringing,two-calls,error-not-running'],
  ['catix', 280, 'light', 'pt-BR', 'paused,call-data,scheduled,supervisor'],
  ['dgphone', 280, 'light', 'en', 'ready,ringing,two-calls,error-keepalive'],
  ['tactium', 280, 'dark', 'pt-BR', 'paused,call-data,after-call,supervisor'],
  ['tactium', 1280, 'dark', 'en', 'call-data,supervisor'],
];
// `--page 'vendor=interact&states=long-text&width=280&theme=dark' --out /tmp/x.png`: one ad-hoc shot of any
// gallery query (to look at a state while working on it); other arguments filter the key shots by name.
const argv = process.argv.slice(2);
const flag = (name) => (argv.includes(name) ? argv.splice(argv.indexOf(name), 2)[1] : undefined);
const adHoc = flag('--page');
const adHocOut = flag('--out') ?? join(tmpdir(), 'gallery-shot.png');
const only = argv;

const out = await mkdtemp(join(tmpdir(), 'cti-gallery-'));
await build({
  entryPoints: [join(gallery, 'gallery.ts')],
  bundle: true,
  format: 'esm',
  splitting: true,
  target: 'es2022',
  outdir: out,
  tsconfig: join(root, 'tsconfig.json'),
  logLevel: 'warning',
});
const html = (await readFile(join(gallery, 'index.html'), 'utf8')).replace('./gallery.ts', './gallery.js').replace('../favicon.svg', './favicon.svg');
await writeFile(join(out, 'index.html'), html);
await copyFile(join(gallery, 'gallery.css'), join(out, 'gallery.css'));
await copyFile(join(root, 'demo/favicon.svg'), join(out, 'favicon.svg'));

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
const server = createServer(async (req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/\/$/, '/index.html');
  try {
    const body = await readFile(join(out, path.replace(/\.\./g, '')));
    res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}/`;

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
});
try {
  const shoot = async (query, width, file) => {
    const page = await browser.newPage();
    // 280 px cards wrap four to a row; a 1280 px card gets the page to itself.
    await page.setViewport({ width: width === 280 ? 1300 : 1340, height: 800, deviceScaleFactor: 1 });
    page.on('pageerror', (e) => console.error(`${file}: page error: ${e.message}`));
    await page.goto(`${base}?${query}`);
    await page.waitForSelector('html[data-ready="true"]', { timeout: 30_000 });
    await page.screenshot({ path: file, fullPage: true });
    console.log(`${file}: ${((await stat(file)).size / 1024).toFixed(0)} KiB`);
    await page.close();
  };
  if (adHoc) {
    await shoot(adHoc, Number(new URLSearchParams(adHoc).get('width') ?? 280), adHocOut);
  } else {
    for (const [vendor, width, theme, lang, states] of SHOTS) {
      const name = `gallery-${vendor}-${width}-${theme}.png`;
      if (only.length && !only.some((o) => name.includes(o))) continue;
      await shoot(`vendor=${vendor}&width=${width}&theme=${theme}&lang=${lang}&states=${states}`, width, join(root, 'docs', name));
    }
  }
} finally {
  await browser.close();
  server.close();
  await rm(out, { recursive: true, force: true });
}
