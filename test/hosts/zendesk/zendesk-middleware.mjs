// A @web/dev-server middleware for the Zendesk app tests: serves the BUILT dist/zendesk/assets/iframe.html with
// its (empty) parent allow-list filled with this test server's two origins — what an administrator does with
// CTI_ZENDESK_ALLOWED_ORIGINS for a Zendesk origin that is not https://<subdomain>.zendesk.com — and, with
// `zreport=1` in the query, one extra same-origin script (test/hosts/zendesk/app-reporter.js) that lets the test
// page (the fake Zendesk parent, another site) read the app's state and drive its provider.
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
