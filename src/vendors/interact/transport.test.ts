/** Interact size caps (issue #10): a response body or SSE event past MAX_FRAME_CHARS is a typed error, never parsed. */
import { expect } from '@open-wc/testing';
import { ManualClock } from '../../domain/clock.js';
import type { CtiError } from '../../domain/model.js';
import { decodeEvent, interpretResponse, MAX_FRAME_CHARS, num } from './codec.js';
import { jsonFormat } from './codec-json.js';
import { xmlFormat } from './codec-xml.js';
import { InteractTransport } from './transport.js';

/** A fetch answering `body` as a stream of 64 KiB chunks, counting the chunks the transport pulled. */
function streamingFetch(body: string) {
  const bytes = new TextEncoder().encode(body);
  const state = { pulled: 0, cancelled: false };
  const fetchFake = (async () => {
    let at = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= bytes.length) return controller.close();
        state.pulled++;
        controller.enqueue(bytes.subarray(at, at + 65536));
        at += 65536;
      },
      cancel() {
        state.cancelled = true;
      },
    });
    return new Response(stream, { status: 200, headers: { 'Content-Type': 'application/json' } });
  }) as unknown as typeof fetch;
  return { fetchFake, state };
}

function transport(fetchFake: typeof fetch, logs: string[] = []): InteractTransport {
  return new InteractTransport('http://interact.test/api', 'json', 'application/json', {
    fetch: fetchFake,
    EventSource: EventSource,
    clock: new ManualClock(1000),
    log: (_level, message) => logs.push(message),
  });
}

const spec = { method: 'GET', path: 'agent/get_status', timeoutMs: 5000 } as const;

describe('interact size caps', () => {
  it('reads a body up to MAX_FRAME_CHARS characters whole (multi-byte characters split across chunks)', async () => {
    const text = `{"response":{"status":"ok","name":"${'ç'.repeat(MAX_FRAME_CHARS - 40)}"}}`;
    expect(text.length).to.be.at.most(MAX_FRAME_CHARS);
    const { fetchFake } = streamingFetch(text);
    const answer = await transport(fetchFake).request(spec);
    expect(answer).to.deep.equal({ status: 200, text });
  });

  it('stops reading a longer body at the cap and rejects with malformed-frame, without the rest', async () => {
    const text = `{"response":{"status":"ok","pad":"${'x'.repeat(4 * MAX_FRAME_CHARS)}"}}`;
    const { fetchFake, state } = streamingFetch(text);
    let error: CtiError | undefined;
    const logs: string[] = [];
    await transport(fetchFake, logs)
      .request(spec)
      .catch((e: CtiError) => (error = e));
    // A code as detail; the sentence in the log.
    expect(logs).to.deep.equal([`agent/get_status: response body longer than ${MAX_FRAME_CHARS} characters`]);
    expect(error).to.deep.equal({
      code: 'malformed-frame',
      at: 1000,
      operation: 'agent/get_status',
      httpStatus: 200,
      detail: 'too-long',
    });
    // 4 chunks of 64 KiB reach the cap; the 16 chunks of the whole body are never pulled.
    expect(state.pulled).to.be.at.most(6);
    expect(state.cancelled).to.equal(true);
  });

  it('interpretResponse refuses a body past the cap before parsing it (JSON and XML)', () => {
    for (const fmt of [jsonFormat, xmlFormat]) {
      const text = fmt.format === 'json' ? `{"response":{"status":"ok","x":"${'a'.repeat(MAX_FRAME_CHARS)}"}}` : `<response><status>ok</status><x>${'a'.repeat(MAX_FRAME_CHARS)}</x></response>`;
      const result = interpretResponse(fmt, 'get_status', 200, text, 5);
      expect(result).to.deep.equal({
        ok: false,
        error: { code: 'malformed-frame', at: 5, operation: 'get_status', httpStatus: 200, detail: 'too-long' },
        why: `response body longer than ${MAX_FRAME_CHARS} characters`,
      });
    }
  });

  it('an SSE event whose data passes the cap is a malformed-frame error for that event; one at the cap is read', () => {
    const ctx = { agent: 'agente', now: 7 };
    const at = (n: number) => JSON.stringify({ channel_id: 12, pad: 'p'.repeat(n) });
    const fits = at(MAX_FRAME_CHARS - at(0).length);
    expect(fits.length).to.equal(MAX_FRAME_CHARS);
    expect(decodeEvent(jsonFormat, 'on_open_channel', fits, ctx)).to.deep.equal({ kind: 'channel-open', channelId: 12 });
    expect(decodeEvent(jsonFormat, 'on_open_channel', `${fits} `, ctx)).to.deep.equal({
      kind: 'error',
      error: { code: 'malformed-frame', at: 7, operation: 'on_open_channel', detail: 'too-long' },
      why: `event data longer than ${MAX_FRAME_CHARS} characters`,
    });
  });

  it('a number longer than 32 characters is not a number; the seed forms still are', () => {
    expect(num('1'.repeat(32))).to.equal(11111111111111111111111111111111);
    expect(num('1'.repeat(33))).to.equal(undefined);
    expect(num(`${'1'.repeat(40000)}x`)).to.equal(undefined);
    expect([num(' 38 '), num('-1.5e3'), num('.5'), num('5.'), num('1.2.3'), num('e5')]).to.deep.equal([38, -1500, 0.5, 5, undefined, undefined]);
  });
});
