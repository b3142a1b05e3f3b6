// SPDX-License-Identifier: MIT
// WebSocketStream when the connection fails: opened and closed reject with a WebSocketError
// (closeCode 1006 for closed), the streams error with it; an AbortSignal aborted before or during
// the handshake rejects both with its reason; close() during the handshake fails the connection.
// Hostile peers get the transport's checks, as WebSocket does.
runTest(async () => {
  const rejection = (promise) => promise.then(() => { throw new Error("expected a rejection"); }, (error) => error);

  // The connection never opens: opened rejects first, then closed, both WebSocketErrors.
  for (const [url, what] of [[servers.refused, "refused"], [servers.notFound, "404"], [servers.bigHeaders, "oversized head"]]) {
    const stream = new WebSocketStream(url);
    const order = [];
    const opened = rejection(stream.opened).then((e) => { order.push("opened"); return e; });
    const closed = rejection(stream.closed).then((e) => { order.push("closed"); return e; });
    const [openedError, closedError] = await Promise.all([opened, closed]);
    assertEquals(order, ["opened", "closed"], what);
    assert(openedError instanceof WebSocketError && closedError instanceof WebSocketError, `${what}: WebSocketErrors`);
    assertEquals([openedError.closeCode, closedError.closeCode, closedError.reason], [null, 1006, ""], what);
    assert(openedError.message.includes("failed"), `${what}: says why: ${openedError.message}`);
  }

  // A failure after opening (the server sends a text frame that is not UTF-8): both streams
  // error with closed's WebSocketError (1006: no Close frame came back).
  {
    const stream = new WebSocketStream(servers.invalidUTF8);
    const { readable, writable } = await stream.opened;
    const error = await rejection(stream.closed);
    assertEquals([error.name, error.closeCode], ["WebSocketError", 1006]);
    assertEquals(await rejection(readable.getReader().read()), error);
    assertEquals(await rejection(writable.getWriter().closed), error);
  }
  // TCP drops without a Close frame: not clean.
  {
    const stream = new WebSocketStream(servers.drop);
    const { readable } = await stream.opened;
    const reader = readable.getReader();
    const error = await rejection(stream.closed);
    assertEquals(error.closeCode, 1006);
    assertEquals(await rejection(reader.read()), error);
  }
  // A frame longer than the message limit (the transport closes with 1009).
  {
    const stream = new WebSocketStream(servers.hugeLength);
    await stream.opened;
    assertEquals((await rejection(stream.closed)).closeCode, 1006);
  }
  // The decompression bomb: more than 64 MiB once inflated.
  {
    const stream = new WebSocketStream(servers.bomb);
    const { readable } = await stream.opened;
    const error = await rejection(readable.getReader().read());
    assertEquals(error.closeCode, 1006);
  }

  // An AbortSignal aborted before: both promises reject with its reason, and no connection is
  // made (the handshake-less server would hold the run otherwise).
  {
    const reason = new Error("stop");
    const stream = new WebSocketStream(servers.silent, { signal: AbortSignal.abort(reason) });
    assertEquals(await rejection(stream.opened), reason);
    assertEquals(await rejection(stream.closed), reason);
  }
  // Aborted during the handshake: the connection fails, both reject with the reason (a
  // DOMException "AbortError" when none was given); aborting after opening changes nothing.
  {
    const controller = new AbortController();
    const stream = new WebSocketStream(servers.silent, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const error = await rejection(stream.opened);
    assertEquals(error.name, "AbortError");
    assertEquals(await rejection(stream.closed), error);
  }
  {
    const controller = new AbortController();
    const stream = new WebSocketStream(servers.echo, { signal: controller.signal });
    await stream.opened;
    controller.abort();
    stream.close({ closeCode: 4444 });
    assertEquals(await stream.closed, { closeCode: 4444, reason: "" });
  }
  // AbortSignal.timeout as a connection timeout.
  {
    const stream = new WebSocketStream(servers.silent, { signal: AbortSignal.timeout(30) });
    assertEquals((await rejection(stream.opened)).name, "TimeoutError");
  }

  // close() during the handshake fails the connection: both reject with WebSocketErrors.
  {
    const stream = new WebSocketStream(servers.silent);
    setTimeout(() => stream.close({ closeCode: 1000 }), 20);
    const openedError = await rejection(stream.opened);
    const closedError = await rejection(stream.closed);
    assertEquals([openedError.name, closedError.name, closedError.closeCode], ["WebSocketError", "WebSocketError", 1006]);
  }
  {
    const stream = new WebSocketStream(servers.echo);
    stream.close();
    assertEquals((await rejection(stream.closed)).closeCode, 1006, "close() at once");
  }

  // Neither promise counts as unhandled when a script ignores them: this run still exits 0.
  new WebSocketStream(servers.refused);
});
