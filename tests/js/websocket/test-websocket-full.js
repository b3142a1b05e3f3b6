// SPDX-License-Identifier: MIT
// WebSockets Standard §3 send(): when data would have to be buffered beyond the buffer's size,
// the socket is flagged as full and its connection closed: error, then close (1006, not clean).
// The run sets --max-buffered-amount to 4 MiB (WebSocketBehaviourTests.swift); the slowReader
// server stops reading for 1.5 s, so the sends below pile up unwritten.
runTest(async () => {
  const ws = new WebSocket(servers.slowReader);
  await nextEvent(ws, "open");
  const seen = recordEvents(ws, ["error", "close"]);
  // Bytes that do not compress (permessage-deflate would shrink zeros to almost nothing).
  const chunk = new Uint8Array(1 << 20);
  let x = 2463534242;
  for (let i = 0; i < chunk.length; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    chunk[i] = x & 255;
  }
  let sends = 0;
  // Bounded: at most 64 MiB, though the cap is reached long before once the socket buffers fill.
  while (ws.readyState === WebSocket.OPEN && sends < 64) {
    ws.send(chunk);
    sends++;
    if (ws.bufferedAmount > 4 << 20) break;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  assert(ws.bufferedAmount > 4 << 20, `bufferedAmount grew past the cap (${ws.bufferedAmount} after ${sends} sends)`);
  const close = await nextEvent(ws, "close");
  assertEquals(seen, ["error", "close"]);
  assertEquals([close.code, close.wasClean], [1006, false]);
  assertEquals(ws.readyState, WebSocket.CLOSED);
});
