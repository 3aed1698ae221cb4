// `npm start`: the demo. Starts the simulated contact center (every vendor simulator this
// release speaks) and the Vite dev server for the demo page, then prints the URL to open.
import { createServer } from 'vite';
import { fileURLToPath } from 'node:url';
import { startInteractSimulator } from '../test/simulators/interact/server.mjs';
import { startNeonSimulator } from '../test/simulators/neon/server.mjs';

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
  return { interact, neon };
}

const sims = await startSimulators();

const demoConfig = {
  vendors: {
    interact: { server: sims.interact.url, control: sims.interact.controlUrl },
    neon: { server: sims.neon.url, control: sims.neon.controlUrl },
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
    '',
    '',
  ].join('\n'),
);

async function shutdown() {
  await Promise.allSettled([vite.close(), sims.interact.close(), sims.neon.close()]);
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
