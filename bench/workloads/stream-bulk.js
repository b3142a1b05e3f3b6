// stream-bulk: 1 GiB through ReadableStream → TransformStream → WritableStream in 64 KiB chunks
// (the same Uint8Array each time: this measures the streams, not memory bandwidth). The source
// pulls, the transform re-enqueues each chunk, the sink counts bytes. Reports MB/s.
// The runner prepends: const WS_URL = "ws://127.0.0.1:PORT/"; (unused here)
const now = () => globalThis.performance?.now?.() ?? Date.now();
const CHUNK = 65536, TOTAL = 1 << 30, N = TOTAL / CHUNK;
const chunk = new Uint8Array(CHUNK);
let produced = 0, received = 0;
const t0 = now();
const readable = new ReadableStream({
  pull(controller) {
    if (produced++ < N) controller.enqueue(chunk);
    else controller.close();
  },
});
const transform = new TransformStream({ transform(c, controller) { controller.enqueue(c); } });
const writable = new WritableStream({ write(c) { received += c.byteLength; } });
readable.pipeThrough(transform).pipeTo(writable).then(() => {
  const ms = now() - t0;
  console.log(JSON.stringify({ workload: "stream-bulk", chunks: N, ms, mb_per_s: received / 1e6 / (ms / 1000), bad: received === TOTAL ? 0 : 1 }));
}, (error) => console.log(JSON.stringify({ error: String(error) })));
