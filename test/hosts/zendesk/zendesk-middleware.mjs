// A @web/dev-server middleware for the Zendesk app tests: serves the BUILT dist/zendesk/assets/iframe.html with
// its (empty) parent allow-list filled with this test server's two origins — what an administrator does with
// CTI_ZENDESK_ALLOWED_ORIGINS for a Zendesk origin that is not https://<subdomain>.zendesk.com — and, with
// `zreport=1` in the query, one extra same-origin script (test/hosts/zendesk/app-reporter.js) that lets the test
// page (the fake Zendesk parent, another site) read the app's state and drive its provider.
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const EMPTY_ALLOW_LIST = '<meta name="cti-zendesk-origins" content="" />';

async function bodyText(body) {
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  if (body && typeof body.pipe === 'function') {
    const parts = [];
    for await (const part of body) parts.push(Buffer.from(part));
    return Buffer.concat(parts).toString('utf8');
  }
  return undefined;
}

export async function zendeskAppMiddleware(ctx, next) {
  if (ctx.path !== '/dist/zendesk/assets/iframe.html') return next();
  await next();
  if (ctx.status !== 200) return undefined;
  const html = await bodyText(ctx.body);
  if (html === undefined) return undefined;
  const port = ctx.req.socket.localPort;
  let page = html.replace(EMPTY_ALLOW_LIST, `<meta name="cti-zendesk-origins" content="http://localhost:${port} http://127.0.0.1:${port}" />`);
  if (ctx.query.zreport === '1') page = page.replace('</head>', '  <script type="module" src="/test/hosts/zendesk/app-reporter.js"></script>\n  </head>');
  ctx.body = page;
  ctx.type = 'text/html';
  ctx.remove('Content-Length');
  ctx.remove('ETag');
  ctx.remove('Last-Modified');
  ctx.set('Cache-Control', 'no-store');
  return undefined;
}

/**
 * The same for the demo (Vite, connect style): every file of the BUILT dist/zendesk/ as built (Vite's dev server
 * would rewrite the built modules), with CORS as an asset CDN sends it, and iframe.html's allow-list filled with
 * the demo server's two origins.
 */

const appRoot = fileURLToPath(new URL('../../../dist/zendesk/', import.meta.url));
const TYPES = { '.js': 'text/javascript', '.html': 'text/html', '.css': 'text/css', '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml' };

export function zendeskConnectMiddleware(req, res, next) {
  const path = new URL(req.url, 'http://x').pathname;
  if (!path.startsWith('/dist/zendesk/')) return next();
  const file = normalize(join(appRoot, decodeURIComponent(path.slice('/dist/zendesk/'.length))));
  if (!file.startsWith(appRoot)) return next();
  readFile(file).then(
    (body) => {
      const port = req.socket.localPort;
      const out = file.endsWith('iframe.html')
        ? body.toString('utf8').replace(EMPTY_ALLOW_LIST, `<meta name="cti-zendesk-origins" content="http://localhost:${port} http://127.0.0.1:${port}" />`)
        : body;
      res.setHeader('access-control-allow-origin', '*');
      res.setHeader('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
      res.setHeader('cache-control', 'no-store');
      res.end(out);
    },
    () => next(),
  );
  return undefined;
}
