// Serves what the Salesforce host tests and the demo's Salesforce mode need from one server:
//   GET /support/api/<version>/lightning/opencti_min.js   the fake Open CTI (fake-opencti.js), as an org serves it
//   GET /dist/salesforce/softphone.html                   the BUILT softphone page with its allow-list meta filled
//                                                         with this server's origins (what an administrator
//                                                         writes there for an org domain Salesforce does not own);
//                                                         `ctiTestDriver=1` also injects softphone-driver.js (tests)
// `salesforceKoaMiddleware` for @web/test-runner (and dev-server), `salesforceConnectMiddleware` for Vite (demo),
// which also serves the rest of dist/ as built (not under /dist/zendesk/).
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { extname, join, normalize } from 'node:path';

const here = fileURLToPath(new URL('.', import.meta.url));
const dist = fileURLToPath(new URL('../../../dist/salesforce/', import.meta.url));
const OPENCTI = /^\/support\/api\/\d{2,3}\.0\/lightning\/opencti_min\.js$/;
const ALLOW_META = '<meta name="cti-salesforce-allowed-origins" content="" />';
const DRIVER = '<script type="module" src="/test/hosts/salesforce/softphone-driver.js"></script>';

/** `{ type, body }` for a path this serves, else undefined. `port` is the server's local port. */
export async function salesforceRoute(path, query, port) {
  if (OPENCTI.test(path)) return { type: 'text/javascript', body: await readFile(`${here}fake-opencti.js`, 'utf8') };
  if (path !== '/dist/salesforce/softphone.html') return undefined;
  let html = await readFile(`${dist}softphone.html`, 'utf8');
  html = html.replace(ALLOW_META, `<meta name="cti-salesforce-allowed-origins" content="http://localhost:${port} http://127.0.0.1:${port}" />`);
  if (query.get('ctiTestDriver') === '1') html = html.replace('</head>', `  ${DRIVER}\n  </head>`);
  return { type: 'text/html', body: html };
}

export async function salesforceKoaMiddleware(ctx, next) {
  const route = await salesforceRoute(ctx.path, new URLSearchParams(ctx.querystring), ctx.req.socket.localPort);
  if (!route) return next();
  ctx.type = route.type;
  ctx.body = route.body;
  ctx.set('Cache-Control', 'no-store');
  return undefined;
}

const TYPES = { '.js': 'text/javascript', '.html': 'text/html', '.css': 'text/css', '.xml': 'application/xml', '.map': 'application/json', '.json': 'application/json' };
const distRoot = fileURLToPath(new URL('../../../dist/', import.meta.url));

/** A file of dist/ as built (Vite's dev server would rewrite the built modules' imports and break them). */
async function builtFile(path) {
  if (!path.startsWith('/dist/') || path.startsWith('/dist/zendesk/')) return undefined;
  const file = normalize(join(distRoot, decodeURIComponent(path.slice('/dist/'.length))));
  if (!file.startsWith(distRoot)) return undefined;
  try {
    return { type: TYPES[extname(file)] ?? 'application/octet-stream', body: await readFile(file) };
  } catch {
    return undefined;
  }
}

export function salesforceConnectMiddleware(req, res, next) {
  const url = new URL(req.url, 'http://x');
  salesforceRoute(url.pathname, url.searchParams, req.socket.localPort).then(
    async (found) => {
      const route = found ?? (await builtFile(url.pathname));
      if (!route) return next();
      // The widget's files are fetched from the other site's pages (module scripts use CORS), as from a CDN.
      res.setHeader('access-control-allow-origin', '*');
      res.setHeader('content-type', route.type);
      res.setHeader('cache-control', 'no-store');
      res.end(route.body);
      return undefined;
    },
    (err) => next(err),
  );
}
