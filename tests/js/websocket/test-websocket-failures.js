// SPDX-License-Identifier: MIT
// WebSockets Standard §4 "fail the WebSocket connection": an error event, then a close event
// with code 1006 and wasClean false, in one task; readyState is CLOSED when both fire. (Deno
// reports code 0 for a refused connection and fires an ErrorEvent; the standard says 1006 and a
// plain Event.)
runTest(async () => {
  async function expectFailure(url, what) {
    const ws = new WebSocket(url);
    const seen = [];
    const states = [];
    let microtaskBetween = false;
    ws.onerror = (event) => {
      seen.push("error");
      states.push(ws.readyState);
      assertEquals(event.constructor, Event, `${what}: error is a plain Event`);
      assertEquals(event.isTrusted, true);
      // error and close are fired in the same task: no microtask runs between them.
      queueMicrotask(() => { microtaskBetween = !seen.includes("close"); });
    };
    ws.onopen = () => seen.push("open");
    ws.onmessage = () => seen.push("message");
    ws.onclose = () => seen.push("close");
    const close = await nextEvent(ws, "close", 15000);
    assertEquals(seen, what === "invalid UTF-8" ? ["open", "error", "close"] : ["error", "close"], what);
    assertEquals(states, [WebSocket.CLOSED], `${what}: readyState during error`);
    assertEquals(microtaskBetween, false, `${what}: one task`);
    assertEquals([close.code, close.wasClean, close.reason], [1006, false, ""], what);
  }
  // Nothing listens on the port.
  await expectFailure(servers.refused, "refused connection");
  // The server answers the handshake with 404.
  await expectFailure(servers.notFound, "non-101 response");
  // The server sends a text frame that is not UTF-8 (RFC 6455 §8.1): the client fails it.
  await expectFailure(servers.invalidUTF8, "invalid UTF-8");

  // close() while the handshake is pending fails the connection the same way.
  {
    const ws = new WebSocket(servers.silent);
    const seen = recordEvents(ws);
    setTimeout(() => ws.close(), 50);
    const close = await nextEvent(ws, "close");
    assertEquals(seen, ["error", "close"]);
    assertEquals([close.code, close.wasClean], [1006, false]);
  }
});
