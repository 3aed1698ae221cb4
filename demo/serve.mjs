// `npm start`: the demo. Starts the simulated contact center (every vendor simulator this
// release speaks) and the Vite dev server for the demo page, then prints the URL to open.
import { createServer } from 'vite';
import { fileURLToPath } from 'node:url';
import { startInteractSimulator } from '../test/simulators/interact/server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = Number(process.env.PORT ?? 5173);

async function startSimulators() {
  const interact = await startInteractSimulator({
    port: Number(process.env.INTERACT_PORT ?? 8582),
    statsIntervalMs: 2000,
  }).catch(() => startInteractSimulator({ port: 0, statsIntervalMs: 2000 }));
  return { interact };
}

const sims = await startSimulators();

const demoConfig = {
  vendors: {
    interact: { server: sims.interact.url, control: sims.interact.controlUrl },
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
  `\ncti-elements demo\n  page:              ${url}demo/\n  Interact simulator ${sims.interact.url}\n  sign in as agent 1001, password 1234, extension 2001\n\n`,
);

async function shutdown() {
  await Promise.allSettled([vite.close(), sims.interact.close()]);
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
