// A @web/dev-server middleware serving the page the built-files tests load:
//   GET /__built/page.html?server=<vendor url>&origin=<widget origin>
// A plain page on the test server's origin that loads the BUILT drop-in bundle from `origin`
// (another origin: a CDN), under a strict Content-Security-Policy sent as a real header:
// no inline script, no eval, Trusted Types enforced for Lit's policy only.
// It also plays the CDN: files under /dist/ get `Access-Control-Allow-Origin: *`, which a page on
// another origin needs to import the drop-in's ES module and its chunks (module scripts use CORS).
// Options: `connect=1` lets the page itself reach the vendor server (`connect-src <server origin>`: what a
// CRM allows when the hub may run in the page, see README "Browser support"); `report=1` adds
// /__built/reporter.js (from the page's own origin), which lets a test page on ANOTHER origin (the widget
// in a cross-site iframe) follow the provider's events and drive it over postMessage.
// The hub frame is closed by default: it serves only the parent origins of its
// `<meta name="cti-allowed-origins" content="...">`. The deployer writes them into the served hub-frame.html
// (README "Cross-origin deployment"); this server does the same edit for the built /dist/hub-frame.html and
// the test frames under /test/fixtures/hub/: an EMPTY allow-list meta is filled with this server's two origins
// (`http://localhost:PORT http://127.0.0.1:PORT`); a frame with no meta, or a list of its own, is served as is.
// `GET /__hub/second-port` starts (once) a plain proxy to this server on another port and answers its port:
// pages of another origin of the same site (same host, other port) for the hub's trust-boundary tests.
import { createServer, request } from 'node:http';

const ALLOW_META = /<meta name="cti-allowed-origins" content="" \/>/;

function serverOrigins(ctx) {
  const port = ctx.req.socket.localPort;
  return `http://localhost:${port} http://127.0.0.1:${port}`;
}

async function fillAllowList(ctx, next) {
  await next();
  if (ctx.status !== 200 || !ctx.response.is('html')) return;
  let body = ctx.body;
  if (body && typeof body !== 'string') {
    if (Buffer.isBuffer(body)) body = body.toString('utf8');
    else if (typeof body.pipe === 'function') {
      const chunks = [];
      for await (const c of body) chunks.push(Buffer.from(c));
      body = Buffer.concat(chunks).toString('utf8');
    } else return;
  }
  if (typeof body !== 'string') return;
  ctx.body = body.replace(ALLOW_META, `<meta name="cti-allowed-origins" content="${serverOrigins(ctx)}" />`);
  ctx.remove('Content-Length');
  ctx.remove('ETag');
  ctx.remove('Last-Modified');
  ctx.set('Cache-Control', 'no-store');
}

/** The second-port proxy, started on first use; it never keeps the process alive. */
let secondPort;
function startSecondPort(target) {
  secondPort ??= new Promise((resolve, reject) => {
    const server = createServer((req, res) => {
      const upstream = request({ host: target.address, port: target.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      req.pipe(upstream);
    });
    server.once('error', reject);
    // '::' also takes IPv4 where the system is dual-stack (localhost and 127.0.0.1 both reach it).
    server.listen(0, '::', () => {
      server.unref();
      resolve(server.address().port);
    });
  });
  return secondPort;
}

const escapeAttr = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** CSP violation reports received, per page id. */
const reports = new Map();

function readBody(req) {
  return new Promise((resolve) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (data += c));
    req.on('end', () => resolve(data));
    req.on('error', () => resolve(data));
  });
}

export async function builtPageMiddleware(ctx, next) {
  if (ctx.path.startsWith('/dist/')) {
    await (ctx.path === '/dist/hub-frame.html' ? fillAllowList(ctx, next) : next());
    ctx.set('Access-Control-Allow-Origin', '*');
    return undefined;
  }
  if (/^\/test\/fixtures\/hub\/[\w-]+\.html$/.test(ctx.path)) return fillAllowList(ctx, next);
  if (ctx.path === '/__hub/second-port') {
    ctx.type = 'application/json';
    ctx.body = JSON.stringify({ port: await startSecondPort({ address: ctx.req.socket.localAddress, port: ctx.req.socket.localPort }) });
    return undefined;
  }
  const report = /^\/__built\/csp-report\/([\w-]+)$/.exec(ctx.path);
  if (report && ctx.method === 'POST') {
    const list = reports.get(report[1]) ?? [];
    list.push(await readBody(ctx.req));
    reports.set(report[1], list);
    ctx.status = 204;
    return undefined;
  }
  if (report && ctx.method === 'GET') {
    ctx.type = 'application/json';
    ctx.body = JSON.stringify(reports.get(report[1]) ?? []);
    return undefined;
  }
  if (ctx.path === '/__built/reporter.js') {
    ctx.type = 'text/javascript';
    ctx.body = REPORTER;
    return undefined;
  }
  if (ctx.path !== '/__built/page.html') return next();
  const id = /^[\w-]{1,40}$/.test(ctx.query.id ?? '') ? ctx.query.id : 'default';
  const server = ctx.query.server ?? '';
  const origin = ctx.query.origin ?? '';
  const withReporter = ctx.query.report === '1';
  let serverOrigin = "'none'";
  if (ctx.query.connect === '1') {
    try {
      serverOrigin = new URL(server).origin;
    } catch {
      ctx.status = 400;
      ctx.body = 'connect=1 needs a server URL';
      return undefined;
    }
  }
  if (!/^http:\/\/(127\.0\.0\.1|localhost):\d+$/.test(origin)) {
    ctx.status = 400;
    ctx.body = 'origin must be http://127.0.0.1:<port> or http://localhost:<port>';
    return undefined;
  }
  ctx.set(
    'Content-Security-Policy',
    [
      "default-src 'none'",
      `script-src ${origin}${withReporter ? " 'self'" : ''}`,
      `frame-src ${origin}`,
      "style-src 'self'",
      "img-src 'self'",
      `connect-src ${serverOrigin}`,
      "require-trusted-types-for 'script'",
      'trusted-types lit-html cti-elements',
      `report-uri /__built/csp-report/${id}`,
    ].join('; '),
  );
  ctx.type = 'text/html';
  ctx.body = `<!doctype html>
<html lang="pt-BR">
  <head>
    <meta charset="utf-8" />
    <title>CRM page using the built drop-in bundle</title>
    <script src="${escapeAttr(origin)}/dist/cti-elements.js"></script>${withReporter ? '\n    <script type="module" src="/__built/reporter.js"></script>' : ''}
  </head>
  <body>
    <cti-provider vendor="interact" server="${escapeAttr(server)}" agent="1001" extension="2001" format="json">
      <cti-agent-status></cti-agent-status>
      <cti-phone></cti-phone>
      <cti-queue></cti-queue>
    </cti-provider>
  </body>
</html>`;
  return undefined;
}

/**
 * The reporter (`report=1`): posts `{ reporter: 'cti', type, detail }` to the parent for the provider's
 * `cti-connection-changed`, `cti-error` and `cti-incoming-call` events, and answers the parent's
 * `{ reporter: 'cti', cmd: 'state' | 'login' | 'ready' }` with `{ type: 'state' | 'done' | 'failed' }`.
 * Test code only: it posts to any parent origin.
 */
const REPORTER = `
const post = (type, detail) => parent.postMessage({ reporter: 'cti', type, detail: JSON.parse(JSON.stringify(detail ?? null)) }, '*');
for (const type of ['cti-connection-changed', 'cti-error', 'cti-incoming-call']) document.addEventListener(type, (e) => post(type, e.detail));
addEventListener('message', async (event) => {
  if (event.source !== parent || event.data?.reporter !== 'cti') return;
  await customElements.whenDefined('cti-provider');
  const provider = document.querySelector('cti-provider');
  const cmd = event.data.cmd;
  if (cmd === 'state') {
    const s = provider.session;
    post('state', { hubMode: s?.hubMode, status: s?.snapshot?.connection.status, phase: s?.snapshot?.agent.phase, calls: s?.snapshot?.calls.map((c) => ({ id: c.id, state: c.state })) ?? [] });
    return;
  }
  try {
    if (cmd === 'login') await provider.login({ agent: '1001', password: '1234', extension: '2001' });
    else if (cmd === 'ready') await provider.execute({ type: 'ready' });
    else throw new Error('unknown command');
    post('done', cmd);
  } catch (e) {
    post('failed', { cmd, error: e });
  }
});
post('loaded');
`;
