// A @web/dev-server plugin that lets browser tests start and stop vendor simulators.
//
//   POST   /__sim/<vendor>[?options as JSON in the body]  → { id, url, control }   (a fresh simulator, port 0)
//   DELETE /__sim/<id>                                    → stops it
//
// Every simulator is stopped on serverStop AND on process exit (an early wtr exit skips serverStop).
const running = new Map();
let nextId = 1;

const factories = {
  interact: async (options) => {
    const { startInteractSimulator } = await import('../simulators/interact/server.mjs');
    return startInteractSimulator(options);
  },
  neon: async (options) => {
    const { startNeonSimulator } = await import('../simulators/neon/server.mjs');
    return startNeonSimulator(options);
  },
  // The raw-TCP vendors (reach them through `relay`): `url` is tcp://127.0.0.1:PORT, `control` their HTTP
  // control API (always on, even while the vendor server is stopped).
  catix: async (options) => {
    const { startCatixSimulator } = await import('../simulators/catix/server.mjs');
    return startCatixSimulator(options);
  },
  dgphone: async (options) => {
    const { startDGPhoneSimulator } = await import('../simulators/dgphone/server.mjs');
    return startDGPhoneSimulator(options);
  },
  tactium: async (options) => {
    const { startTactiumSimulator } = await import('../simulators/tactium/server.mjs');
    return startTactiumSimulator(options);
  },
  // A fault-injecting TCP proxy in front of a running simulator: { targetPort, sliceBytes }.
  proxy: async (options) => {
    const { startTcpProxy } = await import('./tcp-proxy.mjs');
    const proxy = await startTcpProxy(options);
    return { ...proxy, url: `http://127.0.0.1:${proxy.port}`, controlUrl: `/__sim/proxy-control` };
  },
  // The real websockify (/usr/bin/websockify) with a token allow-list: { targets: { token: 'host:port' } }
  // (a simulator URL such as 'http://127.0.0.1:1234' is accepted as a target too). `url` is the relay's
  // ws://127.0.0.1:PORT/ — connect to `${url}?token=NAME`. POST /__sim/relay-down-<id> kills it (open
  // WebSockets drop with 1006), POST /__sim/relay-up-<id> starts it again on the same port (204 once listening).
  relay: async ({ targets = {} } = {}) => {
    const { startWebsockify } = await import('./websockify.mjs');
    const hostPort = (t) => (String(t).includes('://') ? new URL(t).host : String(t));
    const relay = await startWebsockify({
      targets: Object.fromEntries(Object.entries(targets).map(([token, t]) => [token, hostPort(t)])),
    });
    return {
      url: relay.url,
      controlUrl: '/__sim/relay-control',
      down: () => relay.stop(),
      up: () => relay.start(),
      close: () => relay.close(),
      closeSync: () => relay.closeSync(),
    };
  },
};

async function stopAll() {
  const all = [...running.values()];
  running.clear();
  await Promise.allSettled(all.map((s) => s.close()));
}

process.once('exit', () => {
  for (const s of running.values()) s.closeSync?.();
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    stopAll().finally(() => process.exit(130));
  });
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

/** Koa middleware for the `/__sim/...` routes. */
export async function simulatorsMiddleware(ctx, next) {
  const match = /^\/__sim\/([a-z0-9-]+)$/.exec(ctx.path);
  if (!match) return next();
  const name = match[1];
  try {
    if (ctx.method === 'POST' && factories[name]) {
      const text = await readBody(ctx.req);
      const options = text ? JSON.parse(text) : {};
      const sim = await factories[name](options);
      const id = String(nextId++);
      running.set(id, sim);
      ctx.type = 'application/json';
      ctx.body = JSON.stringify({ id, url: sim.url, control: sim.controlUrl ?? sim.url });
      return undefined;
    }
    const fault = /^(?:proxy|relay)-(down|up)-(\d+)$/.exec(name);
    if (ctx.method === 'POST' && fault && running.has(fault[2])) {
      await running.get(fault[2])[fault[1]]();
      ctx.status = 204;
      return undefined;
    }
    if (ctx.method === 'DELETE' && running.has(name)) {
      const sim = running.get(name);
      running.delete(name);
      await sim.close();
      ctx.status = 204;
      return undefined;
    }
  } catch (err) {
    ctx.status = 500;
    ctx.body = String(err && err.stack ? err.stack : err);
    return undefined;
  }
  ctx.status = 404;
  return undefined;
}

/** Stops every simulator when the test server stops. */
export function simulatorsPlugin() {
  return {
    name: 'cti-simulators',
    async serverStop() {
      await stopAll();
    },
  };
}
