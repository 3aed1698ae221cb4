// A @web/dev-server middleware serving the page the built-files tests load:
//   GET /__built/page.html?server=<vendor url>&origin=<widget origin>
// A plain page on the test server's origin that loads the BUILT drop-in bundle from `origin`
// (another origin: a CDN), under a strict Content-Security-Policy sent as a real header:
// no inline script, no eval, Trusted Types enforced for Lit's policy only.
// It also plays the CDN: files under /dist/ get `Access-Control-Allow-Origin: *`, which a page on
// another origin needs to import the drop-in's ES module and its chunks (module scripts use CORS).
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
    await next();
    ctx.set('Access-Control-Allow-Origin', '*');
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
  if (ctx.path !== '/__built/page.html') return next();
  const id = /^[\w-]{1,40}$/.test(ctx.query.id ?? '') ? ctx.query.id : 'default';
  const server = ctx.query.server ?? '';
  const origin = ctx.query.origin ?? '';
  if (!/^http:\/\/(127\.0\.0\.1|localhost):\d+$/.test(origin)) {
    ctx.status = 400;
    ctx.body = 'origin must be http://127.0.0.1:<port> or http://localhost:<port>';
    return undefined;
  }
  ctx.set(
    'Content-Security-Policy',
    [
      "default-src 'none'",
      `script-src ${origin}`,
      `frame-src ${origin}`,
      "style-src 'self'",
      "img-src 'self'",
      "connect-src 'none'",
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
    <script src="${escapeAttr(origin)}/dist/cti-elements.js"></script>
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
