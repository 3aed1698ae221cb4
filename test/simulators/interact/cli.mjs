#!/usr/bin/env node
// Start a Dígitro Interact CTI simulator from the command line.
//   node test/simulators/interact/cli.mjs [--port 8582] [--host 127.0.0.1] [--heartbeat-ms 15000]
//        [--handle-mode auto|manual] [--cors origin1,origin2] [--options '{"listRateLimitMs":0}']
import { startInteractSimulator } from './server.mjs';

const args = process.argv.slice(2);
const options = {};
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const next = () => args[++i];
  if (a === '--port') options.port = Number(next());
  else if (a === '--host') options.host = next();
  else if (a === '--heartbeat-ms') options.heartbeatMs = Number(next());
  else if (a === '--handle-mode') options.handleMode = next();
  else if (a === '--cors') options.cors = next().split(',');
  else if (a === '--options') Object.assign(options, JSON.parse(next()));
  else if (a === '--help' || a === '-h') {
    console.log('usage: node test/simulators/interact/cli.mjs [--port 8582] [--host 127.0.0.1] [--heartbeat-ms N] [--handle-mode auto|manual] [--cors a,b] [--options JSON]');
    process.exit(0);
  } else {
    console.error(`unknown argument ${a}`);
    process.exit(2);
  }
}
if (options.port === undefined) options.port = 8582;

const sim = await startInteractSimulator(options);
console.log(`Interact CTI simulator listening on ${sim.url}`);
console.log(`control API: ${sim.controlUrl}  (agents 1001/1002/1003, password 1234)`);
const stop = () => { sim.closeSync(); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
