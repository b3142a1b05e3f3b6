// SPDX-License-Identifier: MIT
// WebSocketStream and WebSocketError's WebIDL shape, brand checks, argument conversions and the
// exceptions of the constructor and close() (WHATWG WebSockets Standard, the WebSocketStream and
// WebSocketError interfaces).
runTest(async () => {
  // Interface objects: constructors only with `new`, length, prototypes' members.
  assertEquals(typeof WebSocketStream, "function");
  assertEquals(WebSocketStream.length, 1);
  assertThrows(() => WebSocketStream(servers.echo), "TypeError", "call without new");
  assertThrows(() => new WebSocketStream(), "TypeError", "no arguments");
  assertEquals(Object.prototype.toString.call(WebSocketStream.prototype), "[object WebSocketStream]");
  for (const name of ["url", "opened", "closed"]) {
    const descriptor = Object.getOwnPropertyDescriptor(WebSocketStream.prototype, name);
    assert(typeof descriptor.get === "function" && descriptor.set === undefined && descriptor.enumerable && descriptor.configurable, `${name} is a read-only attribute`);
    assertThrows(() => descriptor.get.call({}), "TypeError", `${name} brand check`);
  }
  const close = Object.getOwnPropertyDescriptor(WebSocketStream.prototype, "close");
  assert(close.enumerable && close.writable && close.configurable, "close is an operation");
  assertEquals(WebSocketStream.prototype.close.length, 0);
  assertThrows(() => WebSocketStream.prototype.close.call({}), "TypeError", "close brand check");
  assertEquals(Object.getOwnPropertyDescriptor(globalThis, "WebSocketStream").enumerable, false);

  // WebSocketError: a DOMException with closeCode and reason.
  assertEquals(Object.getPrototypeOf(WebSocketError), DOMException);
  assertEquals(Object.getPrototypeOf(WebSocketError.prototype), DOMException.prototype);
  assertEquals(WebSocketError.length, 0);
  assertThrows(() => WebSocketError(), "TypeError", "WebSocketError without new");
  {
    const error = new WebSocketError();
    assertEquals([error.name, error.message, error.closeCode, error.reason, error.code], ["WebSocketError", "", null, "", 0]);
    assert(error instanceof DOMException && error instanceof Error, "WebSocketError is a DOMException");
    assertEquals(Object.prototype.toString.call(error), "[object WebSocketError]");
    const withReason = new WebSocketError("m", { reason: "r" });
    assertEquals([withReason.message, withReason.closeCode, withReason.reason], ["m", 1000, "r"], "a reason alone gets 1000");
    const full = new WebSocketError("m", { closeCode: 4321, reason: "why" });
    assertEquals([full.closeCode, full.reason], [4321, "why"]);
    assertEquals(new WebSocketError("m", { closeCode: 3000.9 }).closeCode, 3000, "[EnforceRange] truncates");
    assertThrows(() => new WebSocketError("m", { closeCode: 1001 }), "InvalidAccessError", "1001");
    assertThrows(() => new WebSocketError("m", { closeCode: 70000 }), "TypeError", "[EnforceRange] out of range");
    assertThrows(() => new WebSocketError("m", { closeCode: NaN }), "TypeError", "[EnforceRange] NaN");
    assertThrows(() => new WebSocketError("m", { reason: "x".repeat(124) }), "SyntaxError", "124-byte reason");
    assertThrows(() => new WebSocketError("m", 5), "TypeError", "init not a dictionary");
    const getter = Object.getOwnPropertyDescriptor(WebSocketError.prototype, "closeCode").get;
    assertThrows(() => getter.call(new DOMException("x")), "TypeError", "closeCode brand check");
  }

  // The constructor's URL and protocols checks, before any connection.
  assertThrows(() => new WebSocketStream("ftp://127.0.0.1/"), "SyntaxError", "scheme");
  assertThrows(() => new WebSocketStream("ws://127.0.0.1/#x"), "SyntaxError", "fragment");
  assertThrows(() => new WebSocketStream("ws://[::1/"), "SyntaxError", "unparsable");
  assertThrows(() => new WebSocketStream(servers.echo, { protocols: ["a", "A"] }), "SyntaxError", "duplicate protocols");
  assertThrows(() => new WebSocketStream(servers.echo, { protocols: ["a b"] }), "SyntaxError", "not a token");
  assertThrows(() => new WebSocketStream(servers.echo, { protocols: "chat" }), "TypeError", "sequence<USVString> needs an object");
  assertThrows(() => new WebSocketStream(servers.echo, { signal: {} }), "TypeError", "signal not an AbortSignal");
  assertThrows(() => new WebSocketStream(servers.echo, 1), "TypeError", "options not a dictionary");

  // url: the serialized URL record (http: becomes ws:, relative URLs resolve against --location).
  const port = new URL(servers.echo).port;
  {
    const controller = new AbortController();
    controller.abort();
    const stream = new WebSocketStream(`http://127.0.0.1:${port}/a/../b?q`, { signal: controller.signal });
    assertEquals(stream.url, `ws://127.0.0.1:${port}/b?q`);
    const relative = new WebSocketStream("/rel", { signal: controller.signal });
    assertEquals(relative.url, `ws://127.0.0.1:${port}/rel`);
    assertEquals(stream.opened instanceof Promise, true);
    assertEquals(stream.opened, stream.opened, "the same promise each time");
  }

  // close() conversions and exceptions, on an open stream.
  {
    const stream = new WebSocketStream(servers.echo);
    await stream.opened;
    assertThrows(() => stream.close(true), "TypeError", "close(true)");
    for (const closeCode of [0, 999, 1001, 1005, 1006, 2999, 5000]) {
      const error = assertThrows(() => stream.close({ closeCode }), "InvalidAccessError", `closeCode ${closeCode}`);
      assertEquals(error.code, 15);
    }
    assertThrows(() => stream.close({ closeCode: 65536 }), "TypeError", "[EnforceRange]");
    assertThrows(() => stream.close({ closeCode: Infinity }), "TypeError", "[EnforceRange] Infinity");
    assertThrows(() => stream.close({ reason: ".".repeat(124) }), "SyntaxError", "124 bytes");
    assertThrows(() => stream.close({ closeCode: 1000, reason: "€".repeat(41) + "x" }), "SyntaxError", "124 UTF-8 bytes");
    // `code` (the explainer's old name) is not a member: it is ignored.
    stream.close({ code: 3456 });
    const { closeCode, reason } = await stream.closed;
    assertEquals([closeCode, reason], [1005, ""]);
  }
});
