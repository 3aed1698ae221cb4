/**
 * A `Requests` for the runtime's tests: a `ManualClock`, the payloads it sent, the timeouts it reported
 * (`label:silence`), 1 s default bound. `open` says whether the link takes a payload (default: always).
 */
import { ManualClock } from '../../../domain/clock.js';
import { Requests, type RequestSpec } from '../requests.js';

export function scriptedRequests<R extends RequestSpec<string> = RequestSpec<string>>(
  opts: { open?: () => boolean; label?: (request: R) => string } = {},
) {
  const clock = new ManualClock();
  const sent: string[] = [];
  const timedOut: string[] = [];
  const label = opts.label ?? ((request: R) => request.op);
  const r = new Requests<string, R>({
    clock,
    defaultTimeoutMs: 1000,
    send(payload) {
      if (opts.open && !opts.open()) return false;
      sent.push(payload);
      return true;
    },
    error: (code, operation, detail) => ({ code, at: clock.now(), operation, ...(detail ? { detail } : {}) }),
    timedOut: (request, silence) => timedOut.push(`${label(request)}:${silence}`),
  });
  return { clock, sent, timedOut, r };
}
