// SPDX-License-Identifier: MIT
// WebSockets Standard §3 close(code, reason) and the close event's code, reason and wasClean for
// each way a connection ends.
runTest(async () => {
  // Argument checks come first, in every state.
  {
    const ws = new WebSocket(servers.echo);
    for (const code of [0, 999, 1001, 1005, 1006, 1015, 2999, 5000, 65535, -1, 70000]) {
      const error = assertThrows(() => ws.close(code), "InvalidAccessError", `code ${code}`);
      assertEquals(error.code, 15);
    }
    // [Clamp] unsigned short: 999.6 rounds to 1000, 2999.5 to 3000 (half to even); NaN is 0.
    assertThrows(() => ws.close(NaN), "InvalidAccessError", "NaN");
    // The reason may be at most 123 bytes of UTF-8: 41 × "€" is 123 bytes, 124 fails.
    assertThrows(() => ws.close(1000, "x".repeat(124)), "SyntaxError", "124 ASCII bytes");
    assertThrows(() => ws.close(1000, "€".repeat(41) + "x"), "SyntaxError", "124 UTF-8 bytes");
    // A lone surrogate counts as U+FFFD (3 bytes).
    assertThrows(() => ws.close(1000, "\uD800".repeat(41) + "x"), "SyntaxError", "lone surrogates");
    assertEquals(ws.readyState, WebSocket.CONNECTING, "a refused close() changes nothing");
    // A valid close while CONNECTING fails the connection: CLOSING now, then error and close 1006.
    const seen = recordEvents(ws);
    ws.close(999.6, "€".repeat(41));
    assertEquals(ws.readyState, WebSocket.CLOSING);
    const close = await nextEvent(ws, "close");
    assertEquals(seen, ["error", "close"]);
    assertEquals(close.code, 1006);
    assertEquals(close.wasClean, false);
    assertEquals(close.reason, "");
    assertEquals(ws.readyState, WebSocket.CLOSED);
  }

  // OPEN: the closing handshake, with the code and reason echoed by the server.
  for (const [args, code, reason] of [[[], 1005, ""], [[1000], 1000, ""], [[2999.5, "bye €"], 3000, "bye €"], [[4999, ""], 4999, ""], [[undefined, "ignored"], 1005, ""]]) {
    const ws = new WebSocket(servers.echo);
    await nextEvent(ws, "open");
    const seen = recordEvents(ws);
    ws.close(...args);
    assertEquals(ws.readyState, WebSocket.CLOSING);
    // Closing again, in any form, does nothing.
    ws.close(1000, "again");
    const close = await nextEvent(ws, "close");
    assertEquals(seen, ["close"], `events for close(${args})`);
    assertEquals(close.wasClean, true, `close(${args}) is clean`);
    assertEquals(close.code, code, `close(${args}) code`);
    assertEquals(close.reason, reason, `close(${args}) reason`);
    ws.close();
    assertEquals(ws.readyState, WebSocket.CLOSED);
  }

  // The server closes: its code and reason, clean, no error.
  {
    const ws = new WebSocket(servers.serverClose);
    const seen = recordEvents(ws);
    const close = await nextEvent(ws, "close");
    assertEquals(seen, ["open", "close"]);
    assertEquals([close.code, close.reason, close.wasClean], [4000, "bye", true]);
  }

  // A Close frame without a body: code 1005 (no status received).
  {
    const ws = new WebSocket(servers.emptyClose);
    const close = await nextEvent(ws, "close");
    assertEquals([close.code, close.reason, close.wasClean], [1005, "", true]);
  }

  // TCP ends without a Close frame: 1006, not clean, but not a failure (no error event).
  {
    const ws = new WebSocket(servers.drop);
    const seen = recordEvents(ws);
    const close = await nextEvent(ws, "close");
    assertEquals(seen, ["open", "close"]);
    assertEquals([close.code, close.wasClean], [1006, false]);
  }

  // The send-then-close race: every message sent before close() reaches the server, then the
  // close is clean. The server answers the Close with "<messages> <bytes>" it received.
  {
    const ws = new WebSocket(servers.report);
    await nextEvent(ws, "open");
    let bytes = 0;
    for (let i = 0; i < 500; i++) {
      const text = `message ${i} ${"x".repeat(i % 50)}`;
      ws.send(text);
      bytes += text.length;
    }
    ws.send(new Uint8Array(100000));
    bytes += 100000;
    ws.close(1000);
    const close = await nextEvent(ws, "close");
    assertEquals(close.wasClean, true);
    assertEquals(close.code, 1000);
    assertEquals(close.reason, `501 ${bytes}`);
  }
});
