// blob: 20,000 binary messages of 256 bytes sent as Blobs, echoed back as Blobs (binaryType
// "blob", the default) and read with arrayBuffer(), 100 in flight at a time. Exercises what
// MDN's Blob examples use and the shared workloads do not: Blob send() kept in order, Blob
// message data, and Blob reads. Reports msgs/s (round-tripped).
// The runner prepends: const WS_URL = "ws://127.0.0.1:PORT/";
const now = () => globalThis.performance?.now?.() ?? Date.now();
const N = 20000, WINDOW = 100;
const bytes = new Uint8Array(256).map((_, i) => i);
const blob = new Blob([bytes]);
let sent = 0, recv = 0, bad = 0, t0 = 0, done = false;
const ws = new WebSocket(WS_URL);
const guard = setTimeout(() => finish({ error: "timeout", sent, recv }), 120000);
function finish(result) {
  if (done) return;
  done = true;
  clearTimeout(guard);
  console.log(JSON.stringify(result));
  ws.close();
}
function topUp() {
  while (sent < N && sent - recv < WINDOW) { ws.send(blob); sent++; }
}
ws.onopen = () => { t0 = now(); topUp(); };
ws.onmessage = async (e) => {
  const data = await e.data.arrayBuffer();
  if (data.byteLength !== 256 || new Uint8Array(data)[255] !== 255) bad++;
  if (++recv === N) {
    const ms = now() - t0;
    finish({ workload: "blob", n: N, ms, msgs_per_s: N / (ms / 1000), bad });
  } else topUp();
};
ws.onerror = () => finish({ error: "websocket error", sent, recv });
ws.onclose = () => finish({ error: "closed early", sent, recv });
