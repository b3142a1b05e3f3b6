// stream-small: 1,000,000 one-byte chunks through ReadableStream → TransformStream →
// WritableStream: the per-chunk cost of the streams' machinery (pull, transform and write
// promises, two pipes). Reports chunks/s.
// The runner prepends: const WS_URL = "ws://127.0.0.1:PORT/"; (unused here)
const now = () => globalThis.performance?.now?.() ?? Date.now();
const N = 1000000;
const chunk = new Uint8Array(1);
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
  console.log(JSON.stringify({ workload: "stream-small", chunks: N, ms, chunks_per_s: N / (ms / 1000), bad: received === N ? 0 : 1 }));
}, (error) => console.log(JSON.stringify({ error: String(error) })));
