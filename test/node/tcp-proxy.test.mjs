import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startTcpProxy } from '../support/tcp-proxy.mjs';

function echoServer(payload) {
  const server = net.createServer((s) => s.end(payload));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function receive(port) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    const s = net.connect({ port, host: '127.0.0.1' });
    s.on('data', (c) => chunks.push(c));
    s.on('end', () => resolve(chunks));
    s.on('error', reject);
  });
}

test('tcp proxy: sliceBytes 1 delivers the payload intact, in many separate segments (split inside UTF-8)', async () => {
  const payload = Buffer.from('data: {"pausa":"Almoço","nome":"João"}\n\n', 'utf8');
  const server = await echoServer(payload);
  const proxy = await startTcpProxy({ targetPort: server.address().port, sliceBytes: 1 });
  try {
    const chunks = await receive(proxy.port);
    assert.deepEqual(Buffer.concat(chunks), payload);
    assert.ok(chunks.length > payload.length / 2, `expected the bytes to arrive apart, got ${chunks.length} chunks for ${payload.length} bytes`);
  } finally {
    await proxy.close();
    server.close();
  }
});

test('tcp proxy: down() refuses new connections until up()', async () => {
  const server = await echoServer(Buffer.from('ok'));
  const proxy = await startTcpProxy({ targetPort: server.address().port });
  try {
    proxy.down();
    await assert.rejects(receive(proxy.port));
    proxy.up();
    assert.equal(Buffer.concat(await receive(proxy.port)).toString(), 'ok');
  } finally {
    await proxy.close();
    server.close();
  }
});
