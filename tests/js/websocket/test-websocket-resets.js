// SPDX-License-Identifier: MIT
// A peer that resets the TCP connection at every byte offset of its handshake response and of
// the frame after it (the server's "reset" mode: `/reset/<n>` sends the first n bytes of
// "101 response + text frame 'hello'", then RST). What the script sees depends only on how far
// the peer got:
// - inside the handshake response: the connection failed (§4.1 "fail the WebSocket
//   connection"): error, then close 1006, not clean, never open;
// - inside the frame: the connection was open and is lost without a Close frame (RFC 6455
//   §7.1.5: code 1006): open, then close 1006, not clean, no message and no error (nothing
//   required the user agent to fail it, so the standard fires no error event);
// - after the whole frame: the message arrives before the close.
// The run ends by itself after every offset: no socket hangs.
runTest(async () => {
  const base = servers.reset.replace(/\/$/, "");
  // "HTTP/1.1 101 …" with a 28-character Sec-WebSocket-Accept value.
  const responseLength = ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n" +
    "Connection: Upgrade\r\nSec-WebSocket-Accept: " + "x".repeat(28) + "\r\n\r\n").length;
  const frameLength = 2 + "hello".length;
  let offset = 0;
  for (; offset <= responseLength + frameLength + 1; offset++) {
    const ws = new WebSocket(`${base}/reset/${offset}`);
    const seen = recordEvents(ws);
    let data;
    ws.onmessage = (event) => { data = event.data; };
    const close = await nextEvent(ws, "close");
    const where = `reset after ${offset} bytes`;
    assertEquals([close.code, close.wasClean, close.reason], [1006, false, ""], where);
    assertEquals(ws.readyState, WebSocket.CLOSED, where);
    if (offset < responseLength) {
      assertEquals(seen, ["error", "close"], where);
    } else if (offset < responseLength + frameLength) {
      assertEquals(seen, ["open", "close"], where);
    } else {
      assertEquals(seen, ["open", "message", "close"], where);
      assertEquals(data, "hello", where);
    }
  }
  assertEquals(offset, responseLength + frameLength + 2, "every offset was tried");
});
