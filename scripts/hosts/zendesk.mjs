// The Zendesk host package: dist/zendesk/ (a ZAF app, framework 2.0) and dist/zendesk.zip for private
// installation (Admin Center › Apps › Upload private app). Run by scripts/build.mjs after the library builds:
// the app ships the built drop-in widget (dist/cti-elements.module.js, chunks/, cti-hub.worker.js) next to its
// page, so the widget, its chunks and its hub worker are served from the app's own asset origin.
//
//   dist/zendesk/manifest.json            top_bar (the phone) + background (preloads the top bar pane)
//   dist/zendesk/translations/{en,pt-br,es}.json
//   dist/zendesk/assets/iframe.html        the page both locations load (CSP meta, origin allow-list meta)
//   dist/zendesk/assets/zendesk-app.js     src/hosts/zendesk/app.ts + the ZAF SDK, bundled
//   dist/zendesk/assets/zendesk-app.css
//   dist/zendesk/assets/cti-elements.module.js, chunks/, cti-hub.worker.js   the widget
//   dist/zendesk/assets/logo.png (320×320), logo-small.png (128×128), icon_top_bar.svg
//
// CTI_ZENDESK_ALLOWED_ORIGINS (space-separated exact origins) fills the page's allow-list of parent origins
// besides https://*.zendesk.com; empty by default. Tests and the demo fill it when they serve the page.
import { build } from 'vite';
import { fileURLToPath } from 'node:url';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { deflateRawSync, deflateSync } from 'node:zlib';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = join(root, 'dist');
const out = join(dist, 'zendesk');
const assets = join(out, 'assets');

/** The app's settings (manifest `parameters`): the widget's configuration, never credentials. */
export const PARAMETERS = [
  { name: 'vendor', type: 'text', required: true, default: 'interact' },
  { name: 'server', type: 'text', required: true },
  { name: 'options', type: 'multiline', required: false, default: '{}' },
  { name: 'callLog', type: 'text', required: false, default: 'note' },
];

export function manifest(version) {
  return {
    name: 'cti-elements',
    author: { name: 'cti-elements', email: 'cti-elements@example.com', url: 'https://github.com/cti-elements/cti-elements' },
    defaultLocale: 'en',
    private: true,
    location: {
      support: {
        top_bar: { url: 'assets/iframe.html', autoHide: false, size: { width: '380px', height: '640px' } },
        background: 'assets/iframe.html',
      },
    },
    parameters: PARAMETERS,
    version,
    frameworkVersion: '2.0',
  };
}

/**
 * The app's texts per language. The vendors, their setting ids and the server URL examples read the same in every
 * language but for the word "or" and the relay token's placeholder: `translation()` writes them in.
 */
const TRANSLATIONS = {
  en: {
    name: 'CTI phone (cti-elements)',
    short: 'Your contact center phone in Zendesk',
    long: 'The agent signs in, answers and dials from the top bar. A ringing call opens the caller (or their newest open ticket); an ended call is logged as an internal note or a new ticket.',
    install: 'Set the phone system (vendor), its server URL and options. The vendor server must accept this app\'s origin (CORS / WebSocket origin).',
    or: 'or',
    token: 'NAME',
    params: {
      vendor: 'Phone system',
      server: 'Server URL',
      options: ['Options (JSON)', 'Vendor options as a JSON object, e.g. {"format":"json"}. No passwords: agents type them in the phone.'],
      callLog: ['Call logging', 'off, note (internal note on the ticket opened for the call; a new ticket when none) or ticket (a new ticket per call)'],
    },
  },
  'pt-br': {
    name: 'Telefone CTI (cti-elements)',
    short: 'O telefone da sua central no Zendesk',
    long: 'O agente entra, atende e disca pela barra superior. Uma chamada tocando abre o cliente (ou o ticket aberto mais recente dele); uma chamada encerrada é registrada como nota interna ou novo ticket.',
    install: 'Informe o sistema telefônico, a URL do servidor e as opções. O servidor precisa aceitar a origem deste aplicativo (CORS / origem do WebSocket).',
    or: 'ou',
    token: 'NOME',
    params: {
      vendor: 'Sistema telefônico',
      server: 'URL do servidor',
      options: ['Opções (JSON)', 'Opções do sistema como objeto JSON, ex. {"format":"json"}. Sem senhas: o agente as digita no telefone.'],
      callLog: ['Registro de chamadas', 'off (nenhum), note (nota interna no ticket aberto para a chamada; novo ticket quando não há) ou ticket (um ticket por chamada)'],
    },
  },
  es: {
    name: 'Teléfono CTI (cti-elements)',
    short: 'El teléfono de su contact center en Zendesk',
    long: 'El agente inicia sesión, atiende y marca desde la barra superior. Una llamada entrante abre al cliente (o su ticket abierto más reciente); una llamada terminada se registra como nota interna o ticket nuevo.',
    install: 'Indique el sistema telefónico, la URL del servidor y las opciones. El servidor debe aceptar el origen de esta aplicación (CORS / origen del WebSocket).',
    or: 'o',
    token: 'NOMBRE',
    params: {
      vendor: 'Sistema telefónico',
      server: 'URL del servidor',
      options: ['Opciones (JSON)', 'Opciones del sistema como objeto JSON, p. ej. {"format":"json"}. Sin contraseñas: el agente las escribe en el teléfono.'],
      callLog: ['Registro de llamadas', 'off (ninguno), note (nota interna en el ticket abierto para la llamada; ticket nuevo si no hay) o ticket (un ticket por llamada)'],
    },
  },
};

function translation(t) {
  const { vendor, server, ...rest } = t.params;
  const params = {
    vendor: [vendor, `interact, neon, catix, dgphone ${t.or} tactium`],
    server: [server, `Interact: https://host:8582/interact_cti/v1.0 · NEON: ws://localhost:15070/ · Catix, DGPhone, Tactium: wss://relay:6080/?token=${t.token}`],
    ...rest,
  };
  return {
    app: {
      name: t.name,
      short_description: `${t.short}: Dígitro Interact, InWise NEON, Catix, DGPhone, Tactium IP.`,
      long_description: t.long,
      installation_instructions: t.install,
      parameters: Object.fromEntries(Object.entries(params).map(([name, [label, helpText]]) => [name, { label, helpText }])),
    },
  };
}

const escapeAttr = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function iframeHtml(allowedOrigins = '') {
  return `<!doctype html>
<html lang="pt-BR">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <!-- Only scripts of this package; the vendor server is reached by the widget (https/wss, or NEON on ws://localhost). -->
    <meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; worker-src 'self'; connect-src 'self' https: wss: http: ws:; object-src 'none'; base-uri 'none'; form-action 'none'" />
    <!-- Parent origins trusted besides https://<subdomain>.zendesk.com: exact origins, space-separated. -->
    <meta name="cti-zendesk-origins" content="${escapeAttr(allowedOrigins)}" />
    <title>cti-elements</title>
    <link rel="stylesheet" href="zendesk-app.css" />
    <script type="module" src="zendesk-app.js"></script>
  </head>
  <body>
    <main>
      <h1 id="zd-title" class="zd-sr">cti-elements</h1>
      <div id="app"></div>
    </main>
  </body>
</html>
`;
}

const CSS = `:root {
  color-scheme: light dark;
  --zd-fg: #1b2330;
  --zd-muted: #4f5b6b;
  --zd-bg: #ffffff;
  --zd-alert-bg: #fdecea;
  --zd-alert-fg: #8a1c12;
  --zd-border: #d9dee6;
  --zd-accent: #0a58ca;
  --zd-on-accent: #ffffff;
  font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  font-size: 14px;
  line-height: 1.4;
}
@media (prefers-color-scheme: dark) {
  :root {
    --zd-fg: #e6ebf2;
    --zd-muted: #aab4c3;
    --zd-bg: #161e2c;
    --zd-alert-bg: #3a1512;
    --zd-alert-fg: #ffd2cc;
    --zd-border: #2b3648;
    --zd-accent: #6ea8fe;
    --zd-on-accent: #0b1220;
  }
}
html, body { margin: 0; background: var(--zd-bg); color: var(--zd-fg); }
#app { display: grid; gap: 8px; padding: 8px; min-width: 0; }
cti-provider { display: grid; gap: 8px; min-width: 0; }
.zd-notices { display: grid; gap: 6px; }
.zd-status { margin: 0; color: var(--zd-muted); overflow-wrap: anywhere; }
.zd-status:empty { display: none; }
.zd-alerts { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; }
.zd-alert { display: flex; gap: 8px; align-items: start; justify-content: space-between; padding: 8px 10px; border-radius: 8px; background: var(--zd-alert-bg); color: var(--zd-alert-fg); }
.zd-alert p { margin: 0; overflow-wrap: anywhere; }
.zd-dismiss { font: inherit; color: inherit; background: transparent; border: 1px solid currentColor; border-radius: 6px; padding: 2px 8px; cursor: pointer; flex: none; }
.zd-dismiss:focus-visible { outline: 2px solid currentColor; outline-offset: 2px; }
.zd-agent { display: flex; flex-wrap: wrap; gap: 6px; align-items: end; }
.zd-agent label { display: grid; gap: 4px; flex: 1 1 160px; color: var(--zd-fg); }
.zd-agent input { font: inherit; padding: 6px 8px; border: 1px solid var(--zd-muted); border-radius: 6px; background: var(--zd-bg); color: var(--zd-fg); min-width: 0; }
.zd-agent button { font: inherit; padding: 6px 12px; border: 0; border-radius: 6px; background: var(--zd-accent); color: var(--zd-on-accent); cursor: pointer; }
.zd-agent input:focus-visible, .zd-agent button:focus-visible { outline: 2px solid var(--zd-accent); outline-offset: 2px; }
.zd-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.zd-fatal { margin: 8px; padding: 12px; border-radius: 8px; background: var(--zd-alert-bg); color: var(--zd-alert-fg); overflow-wrap: anywhere; }
`;

// --- images (PNG written here: no image tools needed) -------------------------------------------------------
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
export function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A size×size RGBA PNG: a handset-like glyph (white) on the accent colour, transparent corners when `round`. */
function iconPng(size, round) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  const r = size / 2;
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const i = y * (size * 4 + 1) + 1 + x * 4;
      const dx = (x + 0.5 - r) / r;
      const dy = (y + 0.5 - r) / r;
      const inside = !round || dx * dx + dy * dy <= 1;
      // The glyph: a ring (earpiece to mouthpiece) with its right side open.
      const d = Math.sqrt(dx * dx + dy * dy);
      const glyph = d > 0.38 && d < 0.56 && dx < 0.2;
      const [R, G, B] = glyph ? [255, 255, 255] : [10, 88, 202];
      raw[i] = R;
      raw[i + 1] = G;
      raw[i + 2] = B;
      raw[i + 3] = inside ? 255 : 0;
    }
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

const TOP_BAR_ICON = `<svg xmlns="http://www.w3.org/2000/svg" width="18" height="18" viewBox="0 0 18 18"><path fill="currentColor" d="M4.2 1.5c.5-.3 1.1-.2 1.5.2l2 2.4c.4.5.4 1.2 0 1.7l-1 1.1a9.6 9.6 0 0 0 4.4 4.4l1.1-1c.5-.4 1.2-.4 1.7 0l2.4 2c.4.4.5 1 .2 1.5l-.9 1.5c-.5.8-1.5 1.2-2.4.9A14.5 14.5 0 0 1 1.8 6.8c-.3-.9.1-1.9.9-2.4z"/></svg>
`;

// --- zip (deflate, written here: no zip tool needed) --------------------------------------------------------
function dosTime(date) {
  const time = (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2);
  const day = ((date.getFullYear() - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate();
  return { time, day };
}

/** A zip of `files` ([{ name, data }], names with forward slashes), deflated. */
export function zip(files, date = new Date(2026, 0, 1)) {
  const { time, day } = dosTime(date);
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data } of files) {
    const nameBuf = Buffer.from(name, 'utf8');
    const deflated = deflateRawSync(data, { level: 9 });
    const stored = deflated.length >= data.length;
    const body = stored ? data : deflated;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(day, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, nameBuf, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(stored ? 0 : 8, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(day, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + body.length;
  }
  const centralSize = centrals.reduce((a, b) => a + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

function write(path, data) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
}

export async function buildHost() {
  rmSync(out, { recursive: true, force: true });
  rmSync(join(dist, 'zendesk.zip'), { force: true });
  mkdirSync(assets, { recursive: true });
  const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;

  // The app script: the bridge and the ZAF SDK in one minified ES module.
  await build({
    configFile: false,
    root,
    logLevel: 'warn',
    build: {
      outDir: assets,
      emptyOutDir: false,
      target: 'es2022',
      sourcemap: false,
      minify: true,
      reportCompressedSize: false,
      lib: { entry: join(root, 'src/hosts/zendesk/app.ts'), formats: ['es'], fileName: () => 'zendesk-app.js' },
      rolldownOptions: { output: { minify: true, comments: { annotation: false } } },
    },
  });

  // The built widget, next to the page (same origin: the hub worker starts without a hub frame).
  const widget = ['cti-elements.module.js', 'cti-hub.worker.js', ...walk(join(dist, 'chunks')).map((f) => relative(dist, f).split(sep).join('/'))];
  for (const file of widget.filter((f) => f.endsWith('.js'))) {
    mkdirSync(dirname(join(assets, file)), { recursive: true });
    copyFileSync(join(dist, file), join(assets, file));
  }

  write(join(assets, 'iframe.html'), iframeHtml(process.env.CTI_ZENDESK_ALLOWED_ORIGINS ?? ''));
  write(join(assets, 'zendesk-app.css'), CSS);
  write(join(assets, 'logo.png'), iconPng(320, false));
  write(join(assets, 'logo-small.png'), iconPng(128, true));
  write(join(assets, 'icon_top_bar.svg'), TOP_BAR_ICON);
  write(join(out, 'manifest.json'), `${JSON.stringify(manifest(version), null, 2)}\n`);
  for (const [locale, t] of Object.entries(TRANSLATIONS)) write(join(out, 'translations', `${locale}.json`), `${JSON.stringify(translation(t), null, 2)}\n`);

  const files = walk(out)
    .map((f) => relative(out, f).split(sep).join('/'))
    .sort()
    .map((name) => ({ name, data: readFileSync(join(out, name)) }));
  const archive = zip(files);
  writeFileSync(join(dist, 'zendesk.zip'), archive);
  console.log(`zendesk app: dist/zendesk/ (${files.length} files), dist/zendesk.zip ${archive.length} B`);
}
