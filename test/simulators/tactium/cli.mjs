#!/usr/bin/env node
// Start a Tactium IP Integration socket simulator from the command line.
//   node test/simulators/tactium/cli.mjs [--port 34025] [--control-port 34026] [--host 127.0.0.1]
//        [--encoding windows-1252|iso-8859-1|utf-8] [--options '{"agents":[...],"variants":{...}}']
import { startTactiumSimulator } from './server.mjs';

const USAGE = 'usage: node test/simulators/tactium/cli.mjs [--port 34025] [--control-port 34026] [--host 127.0.0.1] '
  + '[--encoding windows-1252|iso-8859-1|utf-8] [--options JSON]';
const args = process.argv.slice(2);
const options = {};
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const next = () => args[++i];
  if (a === '--port') options.port = Number(next());
  else if (a === '--control-port') options.controlPort = Number(next());
  else if (a === '--host') options.host = next();
  else if (a === '--encoding') options.encoding = next();
  else if (a === '--options') Object.assign(options, JSON.parse(next()));
  else if (a === '--help' || a === '-h') { console.log(USAGE); process.exit(0); }
  else { console.error(`unknown argument ${a}\n${USAGE}`); process.exit(2); }
}
// Socket.ServerPort's documented default (seed 3.1).
if (options.port === undefined) options.port = 34025;
if (options.controlPort === undefined) options.controlPort = options.port === 0 ? 0 : options.port + 1;

const sim = await startTactiumSimulator(options);
console.log(`Tactium IP Integration simulator listening on ${sim.url}`);
console.log(`control API: ${sim.controlUrl}  (agents jose [available], maria [logged out], ana [available]; supervisor: <ADMSOCKET><L><ON>$)`);
const stop = () => { sim.closeSync(); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
