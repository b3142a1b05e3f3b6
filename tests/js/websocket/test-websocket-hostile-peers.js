// SPDX-License-Identifier: MIT
// Peers that break the limits (README, "Limits"): each one fails the connection (§4 "fail the
// WebSocket connection": error, then close 1006, not clean) or, for a peer that never answers
// our Close, ends it after the closing-handshake timeout (close 1006, not clean, no error: the
// connection was closed, not failed). Every socket ends, so the run ends by itself.
runTest(async () => {
  async function expectFailure(url, what, opens) {
    const ws = new WebSocket(url);
    const seen = recordEvents(ws);
    const close = await nextEvent(ws, "close", 15000);
    assertEquals(seen, opens ? ["open", "error", "close"] : ["error", "close"], what);
    assertEquals([close.code, close.wasClean], [1006, false], what);
  }
  // A frame header announcing 2^63 - 1 bytes: refused from its header (over the message limit),
  // never allocated.
  await expectFailure(servers.hugeLength, "2^63-byte frame", true);
  // A handshake response head over the 16 KiB limit.
  await expectFailure(servers.bigHeaders, "17 KiB of response headers", false);
  // 64 MiB + 1 zero bytes in ~64 KiB of deflate: refused once inflation passes the 64 MiB limit.
  await expectFailure(servers.bomb, "decompression bomb", true);

  // Under the limit, the same kind of message arrives whole.
  {
    const ws = new WebSocket(servers.underLimit);
    ws.binaryType = "arraybuffer";
    const message = await nextEvent(ws, "message");
    assertEquals(message.data.byteLength, 1 << 20);
    assertEquals(new Uint8Array(message.data).every((byte) => byte === 0), true);
    ws.close();
    await nextEvent(ws, "close");
  }

  // A peer that never answers our Close: the closing handshake times out (5 s).
  {
    const ws = new WebSocket(servers.neverClosing);
    const seen = recordEvents(ws);
    await nextEvent(ws, "open");
    const started = performance.now();
    ws.close(1000, "bye");
    assertEquals(ws.readyState, WebSocket.CLOSING);
    const close = await nextEvent(ws, "close", 15000);
    assertEquals(seen, ["open", "close"]);
    assertEquals([close.code, close.wasClean], [1006, false]);
    assert(performance.now() - started >= 4000, "the close waited for the server's answer first");
  }
});
