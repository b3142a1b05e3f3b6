// SPDX-License-Identifier: MIT
// WebSocketStream's closing, from both sides: close() with and without a code and reason, the
// writable side's close() (settling only when the closing handshake is done), abort() and
// cancel() (a WebSocketError's code and reason go in the Close frame, any other reason none), and
// the server's Close frame.
runTest(async () => {
  async function closedWith(close, url = servers.echo) {
    const stream = new WebSocketStream(url);
    const info = await stream.opened;
    await close(stream, info);
    return await stream.closed;
  }

  // close(): the echo server sends back the code and reason it received.
  assertEquals(await closedWith((s) => s.close()), { closeCode: 1005, reason: "" }, "close()");
  assertEquals(await closedWith((s) => s.close({})), { closeCode: 1005, reason: "" }, "close({})");
  assertEquals(await closedWith((s) => s.close({ reason: "" })), { closeCode: 1005, reason: "" }, "empty reason");
  assertEquals(await closedWith((s) => s.close({ reason: "non-empty" })), { closeCode: 1000, reason: "non-empty" }, "a reason alone gets 1000");
  assertEquals(await closedWith((s) => s.close({ closeCode: 3456, reason: "pizza €" })), { closeCode: 3456, reason: "pizza €" });
  assertEquals(await closedWith((s) => s.close({ closeCode: 4999.7 })), { closeCode: 4999, reason: "" }, "[EnforceRange] truncates");
  // A second close(), in any form, does nothing.
  assertEquals(await closedWith((s) => { s.close({ closeCode: 4001 }); s.close({ closeCode: 4002 }); }), { closeCode: 4001, reason: "" });

  // The writable side's close() is a clean close without a code, and settles after the
  // closing handshake (closed first resolves in the same task).
  {
    const stream = new WebSocketStream(servers.echo);
    const { writable, readable } = await stream.opened;
    const order = [];
    const closing = writable.getWriter().close().then(() => order.push("writer closed"));
    stream.closed.then(() => order.push("closed"));
    const reader = readable.getReader();
    assertEquals((await reader.read()).done, true, "the readable side closes");
    await closing;
    assertEquals(await stream.closed, { closeCode: 1005, reason: "" });
    assertEquals(order.length, 2);
  }

  // abort() and cancel(): a WebSocketError's code and reason, other reasons ignored.
  for (const [method, side] of [["abort", "writable"], ["cancel", "readable"]]) {
    assertEquals(await closedWith((s, info) => { info[side][method](); }), { closeCode: 1005, reason: "" }, `${method}()`);
    assertEquals(await closedWith((s, info) => { info[side][method]({ closeCode: 3456, reason: "set" }); }), { closeCode: 1005, reason: "" }, `${method} with a plain object`);
    assertEquals(await closedWith((s, info) => { info[side][method](new WebSocketError("", { closeCode: 4123, reason: "err" })); }), { closeCode: 4123, reason: "err" }, `${method} with a WebSocketError`);
  }

  // The server closes: its code and reason, clean; the readable side ends, the writable side
  // errors with an InvalidStateError.
  {
    const stream = new WebSocketStream(servers.serverClose);
    const { readable, writable } = await stream.opened;
    assertEquals(await stream.closed, { closeCode: 4000, reason: "bye" });
    assertEquals((await readable.getReader().read()).done, true);
    const error = await writable.getWriter().closed.then(() => null, (e) => e);
    assertEquals(error?.name, "InvalidStateError");
  }
  // A Close frame without a body: 1005.
  assertEquals(await closedWith(() => {}, servers.emptyClose), { closeCode: 1005, reason: "" });

  // Writing after close() (the closing handshake has started): the message is dropped and the
  // write still settles.
  {
    const stream = new WebSocketStream(servers.report);
    const { writable } = await stream.opened;
    const writer = writable.getWriter();
    await writer.write("counted");
    stream.close({ closeCode: 1000 });
    await writer.write("dropped");
    // The chunk is converted before the closing state is looked at: a Symbol still rejects.
    const error = await writer.write(Symbol("s")).then(() => null, (e) => e);
    assertEquals(error?.name, "TypeError", "a Symbol written while closing");
    // The report server answers with "<messages> <bytes>" it received before the Close.
    assertEquals(await stream.closed, { closeCode: 1000, reason: "1 7" });
  }

  // Everything written before close() reaches the server first.
  {
    const stream = new WebSocketStream(servers.report);
    const { writable } = await stream.opened;
    const writer = writable.getWriter();
    for (let i = 0; i < 100; i++) writer.write(new Uint8Array(1000));
    await writer.ready;
    await writer.close();
    assertEquals(await stream.closed, { closeCode: 1005, reason: "" });
  }
  {
    const stream = new WebSocketStream(servers.report);
    const { writable } = await stream.opened;
    const writer = writable.getWriter();
    const writes = [];
    for (let i = 0; i < 100; i++) writes.push(writer.write(new Uint8Array(1000)));
    await Promise.all(writes);
    stream.close({ closeCode: 1000 });
    assertEquals(await stream.closed, { closeCode: 1000, reason: "100 100000" });
  }
});
