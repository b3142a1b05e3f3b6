// wsstream-bulk: the shared `bulk` workload through WebSocketStream: 256 binary messages of 1 MiB
// written to the writable side, echoed back and read from the readable side as Uint8Arrays. At
// most WINDOW messages in flight; one new write per echo read. Each message carries its sequence
// number in its first 4 bytes, checked on return. Reports MB/s of payload (10^6 bytes/s, one
// direction; every byte also travels back), comparable with `bulk` (WebSocket). Deno needs
// --unstable-net for WebSocketStream; Node 24 has none.
// The runner prepends: const WS_URL = "ws://127.0.0.1:PORT/";
const now = () => globalThis.performance?.now?.() ?? Date.now();
const N = 256, SIZE = 1 << 20, WINDOW = 8;
const bufs = [];
for (let i = 0; i < WINDOW; i++) bufs.push(new Uint8Array(SIZE).fill(97 + i));
let sent = 0, recv = 0, bad = 0;
const exit = globalThis.wsjs?.exit ?? globalThis.Deno?.exit ?? ((code) => globalThis.process?.exit(code));
const guard = setTimeout(() => { console.log(JSON.stringify({ error: "timeout", sent, recv })); exit(1); }, 120000);

async function main() {
  const wss = new WebSocketStream(WS_URL);
  const { readable, writable } = await wss.opened;
  const reader = readable.getReader();
  const writer = writable.getWriter();
  function topUp() {
    while (sent < N && sent - recv < WINDOW) {
      const b = bufs[sent % WINDOW]; // reused only after its echo came back
      new DataView(b.buffer).setUint32(0, sent, true);
      writer.write(b);
      sent++;
    }
  }
  const t0 = now();
  topUp();
  while (recv < N) {
    const { value, done } = await reader.read();
    if (done) throw new Error("closed early");
    if (!(value instanceof Uint8Array) || value.byteLength !== SIZE || new DataView(value.buffer, value.byteOffset).getUint32(0, true) !== recv) bad++;
    recv++;
    topUp();
  }
  const ms = now() - t0;
  console.log(JSON.stringify({ workload: "wsstream-bulk", n: N, ms, mb_per_s: (N * SIZE) / 1e6 / (ms / 1000), bad }));
  clearTimeout(guard);
  wss.close();
  await wss.closed;
}
main().catch((error) => {
  clearTimeout(guard);
  console.log(JSON.stringify({ error: String(error), sent, recv }));
});
