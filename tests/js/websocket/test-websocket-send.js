// SPDX-License-Identifier: MIT
// WebSockets Standard §3 send(): InvalidStateError while connecting, what each data type puts on
// the wire, and bufferedAmount's arithmetic (grows at the call by the exact byte count, falls in
// a later task as bytes are written, never below zero, and keeps growing once closing).
runTest(async () => {
  const ws = new WebSocket(servers.echo);
  ws.binaryType = "arraybuffer";
  // 1. Still connecting: InvalidStateError, and nothing counted.
  const error = assertThrows(() => ws.send("too early"), "InvalidStateError");
  assertEquals(error.code, 11);
  assertEquals(ws.bufferedAmount, 0);
  assertThrows(() => ws.send(), "TypeError", "send() needs an argument");
  await nextEvent(ws, "open");

  const received = [];
  ws.onmessage = (event) => received.push(event.data);
  const buffer = new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]).buffer;
  const cases = [
    // [data, bytes added to bufferedAmount, what the echo must be]
    ["ascii", 5, "ascii"],
    ["é€😀", 2 + 3 + 4, "é€😀"],
    // USVString: a lone surrogate is sent as U+FFFD (3 bytes).
    ["a\uD800b", 5, "a\uFFFDb"],
    // As many UTF-8 bytes before the lone surrogate as UTF-16 units in all: still U+FFFD.
    ["é\uD800", 5, "é\uFFFD"],
    ["\uDC00", 3, "\uFFFD"],
    // Latin-1 text (stored 8-bit by engines) and NUL.
    ["\u00FF\u0000x", 4, "\u00FF\u0000x"],
    ["", 0, ""],
    [buffer, 10, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
    [new Uint8Array(buffer, 3, 4), 4, [3, 4, 5, 6]],
    [new Uint16Array(buffer, 2, 2), 4, [2, 3, 4, 5]],
    [new DataView(buffer, 7), 3, [7, 8, 9]],
    [new Float64Array(1), 8, [0, 0, 0, 0, 0, 0, 0, 0]],
    [new Blob(["ab", new Uint8Array([0x63])]), 3, [0x61, 0x62, 0x63]],
    [new Blob([]), 0, []],
    // Anything else is converted to a string.
    [42, 2, "42"],
    [{ toString: () => "object" }, 6, "object"],
    [null, 4, "null"],
  ];
  let expectedBuffered = 0;
  for (const [data, bytes] of cases) {
    ws.send(data);
    expectedBuffered += bytes;
    // Grows at the call, synchronously, by the exact byte count.
    assertEquals(ws.bufferedAmount, expectedBuffered, `bufferedAmount after sending ${String(data)}`);
  }
  // The data was copied at the call: changing the buffer afterwards changes nothing.
  const mutable = new Uint8Array([1, 1, 1]);
  ws.send(mutable);
  mutable.fill(9);
  expectedBuffered += 3;
  assertEquals(ws.bufferedAmount, expectedBuffered);
  // Not updated in the middle of script code: still the same after awaiting a microtask.
  await Promise.resolve();
  assertEquals(ws.bufferedAmount, expectedBuffered);

  // Everything comes back, in order, with the right type and bytes.
  const deadline = Date.now() + 5000;
  while (received.length < cases.length + 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  assertEquals(received.length, cases.length + 1, "every message echoed");
  cases.forEach(([, , expected], index) => {
    const got = received[index];
    if (typeof expected === "string") assertEquals(got, expected, `message ${index}`);
    else assertEquals([...new Uint8Array(got)], expected, `message ${index}`);
  });
  assertEquals([...new Uint8Array(received[cases.length])], [1, 1, 1], "sent before it was mutated");
  // Written bytes were subtracted in later tasks, down to zero.
  assertEquals(ws.bufferedAmount, 0);

  // Once closing, data is dropped but still counted (§3 send(), "must increase").
  ws.close();
  assertEquals(ws.readyState, WebSocket.CLOSING);
  ws.send("four");
  ws.send(new Uint8Array(6));
  ws.send(new Blob(["xy"]));
  assertEquals(ws.bufferedAmount, 12);
  await nextEvent(ws, "close");
  ws.send("€");
  assertEquals(ws.bufferedAmount, 15, "still counted when CLOSED");
  await new Promise((resolve) => setTimeout(resolve, 50));
  assertEquals(ws.bufferedAmount, 15, "dropped data is never subtracted");
  assertEquals(received.length, cases.length + 1, "nothing sent after close()");
});
