#!/usr/bin/env node
// Start a Catix integration server simulator from the command line.
//   node test/simulators/catix/cli.mjs [--port 9600] [--control-port 9601] [--host 127.0.0.1]
//        [--keep-alive-ms 30000|null] [--pin-delay-ms 300|null] [--far-end-answer-ms 1500|null]
//        [--post-call-pause-ms N|null] [--options JSON]
import { startCatixSimulator } from './server.mjs';

const USAGE = 'usage: node test/simulators/catix/cli.mjs [--port 9600] [--control-port 9601] [--host 127.0.0.1] '
  + '[--keep-alive-ms N|null] [--pin-delay-ms N|null] [--far-end-answer-ms N|null] [--post-call-pause-ms N|null] [--options JSON]';
const args = process.argv.slice(2);
const options = {};
const msOrNull = (v) => (v === 'null' ? null : Number(v));
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const next = () => args[++i];
  if (a === '--port') options.port = Number(next());
  else if (a === '--control-port') options.controlPort = Number(next());
  else if (a === '--host') options.host = next();
  else if (a === '--keep-alive-ms') options.keepAliveMs = msOrNull(next());
  else if (a === '--pin-delay-ms') options.pinDelayMs = msOrNull(next());
  else if (a === '--far-end-answer-ms') options.farEndAnswerMs = msOrNull(next());
  else if (a === '--post-call-pause-ms') options.postCallPauseMs = msOrNull(next());
  else if (a === '--options') Object.assign(options, JSON.parse(next()));
  else if (a === '--help' || a === '-h') { console.log(USAGE); process.exit(0); }
  else { console.error(`unknown argument ${a}\n${USAGE}`); process.exit(2); }
}
// The Catix document gives no port ("configurável pelo sistema Catix"): 9600 is this simulator's choice.
if (options.port === undefined) options.port = 9600;
if (options.controlPort === undefined) options.controlPort = options.port === 0 ? 0 : options.port + 1;

const sim = await startCatixSimulator(options);
console.log(`Catix simulator listening on ${sim.url} (JSON lines over TCP; reach it from a browser through websockify)`);
console.log(`control API: ${sim.controlUrl}  (integration account crm/secret; agents 1001-1003; extensions 2001-2003)`);
const stop = () => { sim.closeSync(); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
