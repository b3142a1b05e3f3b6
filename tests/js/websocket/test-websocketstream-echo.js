// SPDX-License-Identifier: MIT
// WebSocketStream against the echo server: opened's WebSocketOpenInfo, strings and every kind of
// BufferSource written (text and binary messages), messages read as strings and Uint8Arrays, in
// order, and the ordering of the promises a write and a read settle.
runTest(async () => {
  const stream = new WebSocketStream(servers.echo);
  const info = await stream.opened;
  // A WebSocketOpenInfo dictionary: a plain object, members in WebIDL's (lexicographic) order.
  assertEquals(Object.getPrototypeOf(info), Object.prototype);
  assertEquals(Object.keys(info), ["extensions", "protocol", "readable", "writable"]);
  assert(info.readable instanceof ReadableStream && info.writable instanceof WritableStream, "the streams");
  assertEquals(info.protocol, "");
  assert(info.extensions.startsWith("permessage-deflate"), `extensions: ${info.extensions}`);
  const reader = info.readable.getReader();
  const writer = info.writable.getWriter();

  // Strings go as text (USVString: a lone surrogate becomes U+FFFD), BufferSources as binary
  // (only a view's window), anything else as its string.
  const buffer = new Uint8Array([1, 2, 3, 4, 5, 6]).buffer;
  const inputs = [
    ["hello €", "hello €"],
    ["a\uD800b", "a\uFFFDb"],
    ["", ""],
    [buffer, new Uint8Array([1, 2, 3, 4, 5, 6])],
    [new Uint8Array(buffer, 2, 3), new Uint8Array([3, 4, 5])],
    [new DataView(buffer, 4), new Uint8Array([5, 6])],
    [new Uint16Array([0x0201]), new Uint8Array([1, 2])],
    [new ArrayBuffer(0), new Uint8Array(0)],
    [42, "42"],
    [{ toString: () => "object" }, "object"],
  ];
  for (const [chunk] of inputs) writer.write(chunk);
  for (const [chunk, expected] of inputs) {
    const { value, done } = await reader.read();
    assertEquals(done, false);
    assertEquals(value, expected, `echo of ${String(chunk)}`);
    if (typeof expected !== "string") assertEquals(value.constructor, Uint8Array);
  }

  // The bytes of a BufferSource are copied when it is written: changing it afterwards changes
  // nothing that was sent.
  {
    const data = new Uint8Array([7, 7, 7]);
    const written = writer.write(data);
    data[0] = 0;
    await written;
    assertEquals((await reader.read()).value, new Uint8Array([7, 7, 7]));
  }

  // A chunk that cannot become a string rejects its write and errors the writable side.
  {
    const second = new WebSocketStream(servers.echo);
    const { writable } = await second.opened;
    const w = writable.getWriter();
    let error;
    await w.write(Symbol("s")).catch((e) => { error = e; });
    assertEquals(error?.name, "TypeError", "a Symbol chunk");
    await w.closed.catch(() => {});
    second.close();
    await second.closed;
  }

  // Write promises settle in order, each before the echo of its message can be read.
  {
    const order = [];
    const writes = [];
    for (let i = 0; i < 5; i++) writes.push(writer.write(`m${i}`).then(() => order.push(`write ${i}`)));
    for (let i = 0; i < 5; i++) {
      const { value } = await reader.read();
      order.push(`read ${value}`);
    }
    await Promise.all(writes);
    for (let i = 0; i < 5; i++) {
      assert(order.indexOf(`write ${i}`) < order.indexOf(`read m${i}`), `write ${i} settles before its echo is read: ${order}`);
      if (i > 0) assert(order.indexOf(`write ${i - 1}`) < order.indexOf(`write ${i}`), `writes settle in order: ${order}`);
    }
  }

  // A large binary message round-trips intact.
  {
    const big = new Uint8Array(3 << 20).map((_, i) => i % 251);
    await writer.write(big);
    const { value } = await reader.read();
    assertEquals(value.length, big.length);
    assert(value.every((byte, i) => byte === i % 251), "3 MiB intact");
  }

  // A subprotocol the server selects shows in opened's protocol.
  {
    const chat = new WebSocketStream(servers.subprotocols, { protocols: ["superchat", "chat"] });
    const { protocol } = await chat.opened;
    assertEquals(protocol, "superchat");
    chat.close();
    await chat.closed;
  }

  // Closing: the pending read ends (done) before closed resolves; the writable side is then
  // errored with an InvalidStateError.
  const order = [];
  const pendingRead = reader.read().then(({ done }) => order.push(`read done=${done}`));
  const closed = stream.closed.then(() => order.push("closed"));
  stream.close({ closeCode: 4000, reason: "bye" });
  await Promise.all([pendingRead, closed]);
  assertEquals(order, ["read done=true", "closed"]);
  assertEquals(await stream.closed, { closeCode: 4000, reason: "bye" });
  assertEquals(Object.keys(await stream.closed), ["closeCode", "reason"]);
  const writeError = await writer.write("late").then(() => null, (e) => e);
  assertEquals(writeError?.name, "InvalidStateError");
});
