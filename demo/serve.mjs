// `npm start`: the demo. Starts the simulated contact center (every vendor simulator this
// release speaks: Interact, NEON, and Catix, DGPhone and Tactium IP behind the real websockify relay)
// and the Vite dev server for the demo page, then prints the URL to open.
import { createServer } from 'vite';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { startInteractSimulator } from '../test/simulators/interact/server.mjs';
import { startNeonSimulator } from '../test/simulators/neon/server.mjs';
import { startCatixSimulator } from '../test/simulators/catix/server.mjs';
import { startDGPhoneSimulator } from '../test/simulators/dgphone/server.mjs';
import { startTactiumSimulator } from '../test/simulators/tactium/server.mjs';
import { startWebsockify, WEBSOCKIFY } from '../test/support/websockify.mjs';
import { salesforceConnectMiddleware } from '../test/hosts/salesforce/middleware.mjs';
import { zendeskConnectMiddleware } from '../test/hosts/zendesk/zendesk-middleware.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = Number(process.env.PORT ?? 5173);

async function startSimulators() {
  const interact = await startInteractSimulator({
    port: Number(process.env.INTERACT_PORT ?? 8582),
    statsIntervalMs: 2000,
  }).catch(() => startInteractSimulator({ port: 0, statsIntervalMs: 2000 }));

  // NEON runs on the agent's computer, on its documented port 15070 (control API on 15071). Slow enough
  // that a person sees "registering" and an outgoing call ringing before the far end answers.
  const neonPort = Number(process.env.NEON_PORT ?? 15070);
  const neonOptions = { registerDelayMs: 800, farEndAnswerMs: 2500 };
  const neon = await startNeonSimulator({
    ...neonOptions,
    port: neonPort,
    controlPort: Number(process.env.NEON_CONTROL_PORT ?? (neonPort === 0 ? 0 : neonPort + 1)),
  }).catch(() => startNeonSimulator({ ...neonOptions, port: 0, controlPort: 0 }));

  // The raw-TCP vendors: each simulator on its documented port when free (control API on port + 1).
  const tcp = async (start, envName, fallbackPort) => {
    const wanted = Number(process.env[envName] ?? fallbackPort);
    return start({ port: wanted, controlPort: wanted === 0 ? 0 : wanted + 1 }).catch(() => start({ port: 0, controlPort: 0 }));
  };
  const catix = await tcp(startCatixSimulator, 'CATIX_PORT', 5070);
  const dgphone = await tcp(startDGPhoneSimulator, 'DGPHONE_PORT', 5038);
  const tactium = await tcp(startTactiumSimulator, 'TACTIUM_PORT', 34025);
  return { interact, neon, catix, dgphone, tactium };
}

/**
 * websockify is a system package (Debian `websockify`). Install it when it is missing and we may
 * (root with apt-get, as on a fresh CI machine); otherwise the three TCP vendors are shown as
 * unavailable and the page says how to install it.
 */
function ensureWebsockify() {
  if (existsSync(WEBSOCKIFY)) return true;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !existsSync('/usr/bin/apt-get')) return false;
  process.stdout.write('websockify is missing: installing it (apt-get install -y websockify)…\n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  spawnSync('apt-get', ['install', '-y', '-qq', 'websockify'], { stdio: 'inherit', env });
  return existsSync(WEBSOCKIFY);
}

// The Salesforce and Zendesk modes embed the BUILT host packages (dist/salesforce/, dist/zendesk/): on a fresh
// clone there is no dist/ yet, so build it once (about half a minute); `npm run build` refreshes it after changes.
const built = ['dist/salesforce/softphone.html', 'dist/zendesk/manifest.json', 'dist/cti-elements.js'].every((f) => existsSync(new URL(`../${f}`, import.meta.url)));
if (!built) {
  process.stdout.write('dist/ is missing or incomplete: building it once for the Salesforce and Zendesk modes (npm run build)…\n');
  const build = spawnSync(process.execPath, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url))], { stdio: 'inherit' });
  if (build.status !== 0) process.stdout.write('the build failed: the demo runs, but its Salesforce and Zendesk modes need `npm run build`\n');
}

const sims = await startSimulators();

// One relay for the three TCP vendors, allow-listed by token (the documented deployment).
const relayTokens = { catix: sims.catix, dgphone: sims.dgphone, tactium: sims.tactium };
let relay;
let relayProblem;
if (ensureWebsockify()) {
  const targets = Object.fromEntries(Object.entries(relayTokens).map(([token, sim]) => [token, new URL(sim.url).host]));
  const wanted = Number(process.env.RELAY_PORT ?? 6080);
  relay = await startWebsockify({ targets, port: wanted }).catch(() => startWebsockify({ targets }));
} else {
  relayProblem = `websockify is not installed (${WEBSOCKIFY}): run 'sudo apt-get install -y websockify' and restart npm start`;
}
const relayServer = (token) => (relay ? `${relay.url.replace(/\/?$/, '/')}?token=${token}` : undefined);

const demoConfig = {
  vendors: {
    interact: { server: sims.interact.url, control: sims.interact.controlUrl },
    neon: { server: sims.neon.url, control: sims.neon.controlUrl },
    ...Object.fromEntries(
      Object.entries(relayTokens).map(([token, sim]) => [
        token,
        { server: relayServer(token), control: sim.controlUrl, ...(relayProblem ? { problem: relayProblem } : {}) },
      ]),
    ),
  },
};

const vite = await createServer({
  configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
  root,
  server: { port, host: process.env.HOST ?? '127.0.0.1' },
  plugins: [
    {
      name: 'cti-demo-config',
      configureServer(server) {
        // Salesforce mode (demo/hosts/salesforce/): the fake org's opencti_min.js and the built softphone page.
        server.middlewares.use(salesforceConnectMiddleware);
        // Zendesk mode (demo/hosts/zendesk/): the built app package, its allow-list filled with this server's origins.
        server.middlewares.use(zendeskConnectMiddleware);
        server.middlewares.use('/demo/config.json', (_req, res) => {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify(demoConfig));
        });
        server.middlewares.use((req, res, next) => {
          if (req.url === '/' || req.url === '/index.html') {
            res.statusCode = 302;
            res.setHeader('location', '/demo/');
            res.end();
            return;
          }
          next();
        });
      },
    },
  ],
});
await vite.listen();
const url = vite.resolvedUrls?.local?.[0] ?? `http://127.0.0.1:${port}/`;
process.stdout.write(
  [
    '',
    'cti-elements demo',
    `  page:                ${url}demo/   (NEON: ${url}demo/?vendor=neon)`,
    `  Interact simulator   ${sims.interact.url}`,
    '                       sign in as agent 1001, password 1234, extension 2001',
    `  NEON simulator       ${sims.neon.url}   (control ${sims.neon.controlUrl})`,
    '                       register SIP account 2001 (or 2002, 2003), password 1234',
    relay
      ? `  websockify relay     ${relay.url}   (tokens catix, dgphone, tactium)`
      : `  websockify relay     NOT RUNNING: ${relayProblem}`,
    `  Catix simulator      ${sims.catix.url}   (control ${sims.catix.controlUrl})      ${url}demo/?vendor=catix`,
    `  DGPhone simulator    ${sims.dgphone.url}   (control ${sims.dgphone.controlUrl})  ${url}demo/?vendor=dgphone`,
    `  Tactium simulator    ${sims.tactium.url}   (control ${sims.tactium.controlUrl})  ${url}demo/?vendor=tactium`,
    '',
    '',
  ].join('\n'),
);

async function shutdown() {
  await Promise.allSettled([vite.close(), relay?.close(), ...Object.values(sims).map((sim) => sim.close())]);
  process.exit(0);
}
process.once('exit', () => relay?.closeSync());
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
