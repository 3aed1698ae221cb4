// A fault-injecting TCP proxy for end-to-end tests. Browser routing (CDP) cannot see requests made
// inside workers, so faults are injected here, between the browser and a simulator:
//   - sliceBytes: forward server→client bytes in slices of N bytes, each in its own TCP write
//     (so an SSE stream, a JSON body or a UTF-8 character arrives split at every byte)
//   - down(): refuse new connections and reset the open ones (the server is gone); up() restores.
import net from 'node:net';

export async function startTcpProxy({ targetPort, targetHost = '127.0.0.1', sliceBytes = 0, host = '127.0.0.1' }) {
  const sockets = new Set();
  let isDown = false;

  const server = net.createServer((client) => {
    if (isDown) {
      client.resetAndDestroy();
      return;
    }
    client.setNoDelay(true);
    const upstream = net.connect({ port: targetPort, host: targetHost });
    upstream.setNoDelay(true);
    sockets.add(client);
    sockets.add(upstream);
    const cleanup = () => {
      sockets.delete(client);
      sockets.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', cleanup);
    upstream.on('error', cleanup);
    client.on('close', cleanup);
    client.on('data', (chunk) => upstream.write(chunk));

    // Server → client, optionally one slice per write, in order; the server's FIN is passed on
    // only after everything before it was written.
    const queue = [];
    let pumping = false;
    let upstreamEnded = false;
    const finish = () => {
      if (upstreamEnded && !pumping && queue.length === 0) client.end();
    };
    const pump = () => {
      if (pumping) return;
      pumping = true;
      const step = () => {
        if (client.destroyed) return;
        const next = queue.shift();
        if (next === undefined) {
          pumping = false;
          finish();
          return;
        }
        client.write(next, () => setImmediate(step));
      };
      step();
    };
    upstream.on('data', (chunk) => {
      if (!sliceBytes) {
        client.write(chunk);
        return;
      }
      for (let i = 0; i < chunk.length; i += sliceBytes) queue.push(chunk.subarray(i, i + sliceBytes));
      pump();
    });
    upstream.on('end', () => {
      upstreamEnded = true;
      finish();
    });
    upstream.on('close', () => sockets.delete(upstream));
  });

  await new Promise((resolve) => server.listen(0, host, resolve));
  const port = server.address().port;
  return {
    port,
    down() {
      isDown = true;
      for (const s of sockets) s.resetAndDestroy?.() ?? s.destroy();
      sockets.clear();
    },
    up() {
      isDown = false;
    },
    closeSync() {
      for (const s of sockets) s.destroy();
      server.close();
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
