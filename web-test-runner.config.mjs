// @web/test-runner configuration: real Chromium (the system one), TypeScript through esbuild,
// and a small control route that starts and stops vendor simulators for the tests.
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { simulatorsMiddleware, simulatorsPlugin } from './test/support/simulators-plugin.mjs';
import { builtPageMiddleware } from './test/support/built-page-middleware.mjs';

const tsconfig = fileURLToPath(new URL('./tsconfig.json', import.meta.url));
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default {
  files: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 8 * 60 * 1000,
  browserStartTimeout: 60000,
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: chromium,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-dev-shm-usage',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--disable-quic',
        ],
      },
    }),
  ],
  middleware: [simulatorsMiddleware, builtPageMiddleware],
  plugins: [esbuildPlugin({ ts: true, tsconfig, target: 'es2022' }), simulatorsPlugin()],
};
