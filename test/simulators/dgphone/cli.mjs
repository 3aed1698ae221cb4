#!/usr/bin/env node
// Start an Intelix DGPhone simulator from the command line.
//   node test/simulators/dgphone/cli.mjs [--port 5038] [--control-port 5039] [--host 127.0.0.1]
//        [--timestamp-ms 15000|null] [--far-end-answer-ms 1500|null] [--options '{"variants":{...}}']
import { DEFAULT_PORT, startDGPhoneSimulator } from './server.mjs';

const USAGE =
  'usage: node test/simulators/dgphone/cli.mjs [--port 5038] [--control-port 5039] [--host 127.0.0.1] ' +
  '[--timestamp-ms N|null] [--far-end-answer-ms N|null] [--options JSON]';
const args = process.argv.slice(2);
const options = {};
const numberOrNull = (v) => (v === 'null' ? null : Number(v));
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const next = () => args[++i];
  if (a === '--port') options.port = Number(next());
  else if (a === '--control-port') options.controlPort = Number(next());
  else if (a === '--host') options.host = next();
  else if (a === '--timestamp-ms') options.timestampIntervalMs = numberOrNull(next());
  else if (a === '--far-end-answer-ms') options.farEndAnswerMs = numberOrNull(next());
  else if (a === '--options') Object.assign(options, JSON.parse(next()));
  else if (a === '--help' || a === '-h') {
    console.log(USAGE);
    process.exit(0);
  } else {
    console.error(`unknown argument ${a}\n${USAGE}`);
    process.exit(2);
  }
}
if (options.port === undefined) options.port = DEFAULT_PORT;
if (options.controlPort === undefined) options.controlPort = options.port === 0 ? 0 : options.port + 1;

const sim = await startDGPhoneSimulator(options);
console.log(`DGPhone simulator listening on ${sim.url}`);
console.log(`control API: ${sim.controlUrl}  (extensions 2001/2002/2003; agents 1001 PIN 1234, 1002 PIN 5678; login code *9800)`);
const stop = () => {
  sim.closeSync();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
