#!/usr/bin/env node
// Start a NEON softphone simulator from the command line.
//   node test/simulators/neon/cli.mjs [--port 15070] [--control-port 15071] [--host 127.0.0.1]
//        [--register-delay-ms 150] [--far-end-answer-ms 2000|null] [--strict] [--options '{"variants":{...}}']
import { startNeonSimulator } from './server.mjs';

const USAGE = 'usage: node test/simulators/neon/cli.mjs [--port 15070] [--control-port 15071] [--host 127.0.0.1] '
  + '[--register-delay-ms N] [--far-end-answer-ms N|null] [--strict] [--options JSON]';
const args = process.argv.slice(2);
const options = {};
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const next = () => args[++i];
  if (a === '--port') options.port = Number(next());
  else if (a === '--control-port') options.controlPort = Number(next());
  else if (a === '--host') options.host = next();
  else if (a === '--register-delay-ms') options.registerDelayMs = Number(next());
  else if (a === '--far-end-answer-ms') { const v = next(); options.farEndAnswerMs = v === 'null' ? null : Number(v); }
  else if (a === '--strict') options.strict = true;
  else if (a === '--options') Object.assign(options, JSON.parse(next()));
  else if (a === '--help' || a === '-h') { console.log(USAGE); process.exit(0); }
  else { console.error(`unknown argument ${a}\n${USAGE}`); process.exit(2); }
}
if (options.port === undefined) options.port = 15070;
if (options.controlPort === undefined) options.controlPort = options.port === 0 ? 0 : options.port + 1;

const sim = await startNeonSimulator(options);
console.log(`NEON simulator${options.strict ? ' (strict: only what the document shows)' : ''} listening on ${sim.url}`);
console.log(`control API: ${sim.controlUrl}  (application crm/secret; SIP 2001/2002/2003 password 1234 on sip.example.com:5060)`);
const stop = () => { sim.closeSync(); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
