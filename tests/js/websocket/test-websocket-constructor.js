// SPDX-License-Identifier: MIT
// WebSockets Standard §3: the constructor's URL and protocol checks, and the interface's shape.
// The run has --location set to the echo server's http: URL.
runTest(async () => {
  const echo = servers.echo;
  const echoHTTP = echo.replace("ws://", "http://");
  const opened = [];
  const make = (...args) => {
    const ws = new WebSocket(...args);
    opened.push(ws);
    return ws;
  };

  // "Get a URL record": parse failure, other schemes and fragments are SyntaxErrors.
  for (const bad of ["ws://", "ws://[::1", "ftp://example.com/", "file:///tmp/x", "mailto:a@b.c", "javascript:1", `${echo}#frag`, `${echo}#`, "ws://exa mple.com/"]) {
    const error = assertThrows(() => make(bad), "SyntaxError", bad);
    assert(error instanceof DOMException, "a DOMException");
    assertEquals(error.code, 12, "SyntaxError's legacy code");
  }

  // http: and https: map to ws: and wss:; the URL is serialized by the URL parser.
  const mapped = make(echoHTTP + "chat?room=1");
  assertEquals(mapped.url, echo + "chat?room=1");
  assertEquals(make("HTTPS://EXAMPLE.invalid:443/a/../b").url, "wss://example.invalid/b");
  assertEquals(make("WS://127.0.0.1:" + new URL(echo).port).url, echo);
  // Relative URLs resolve against --location (the echo server), then map to ws:.
  assertEquals(make("/relative?x=1").url, echo + "relative?x=1");
  assertEquals(make("other").url, echo + "other");

  // Protocols: a string or any iterable; duplicates (ASCII case-insensitive) and non-tokens fail.
  for (const bad of [["chat", "chat"], ["chat", "CHAT"], [""], ["a b"], ["a,b"], ["é"], "with space", "", ["a\u0000"]]) {
    assertThrows(() => make(echo, bad), "SyntaxError", JSON.stringify(bad));
  }
  make(echo, "chat");
  make(echo, ["chat", "superchat"]);
  make(echo, new Set(["x", "y"]));
  make(echo, { *[Symbol.iterator]() { yield "gen"; } });
  assertThrows(() => make(echo, { [Symbol.iterator]: 1 }), "TypeError", "a non-callable @@iterator");

  // wsjs extension: { protocols, headers }, with header names and values checked.
  make(echo, { protocols: ["chat"], headers: { Authorization: "Bearer x" } });
  make(echo, { headers: [["X-Test", "1"]] });
  assertThrows(() => make(echo, { headers: { "Bad Name": "x" } }), "TypeError", "header name");
  assertThrows(() => make(echo, { headers: { "X-A": "a\r\nb" } }), "TypeError", "header value");
  assertThrows(() => make(echo, { headers: { "Sec-WebSocket-Key": "x" } }), "TypeError", "protocol header");
  assertThrows(() => make(echo, { headers: [["X-A"]] }), "TypeError", "header pair");

  // Arguments and construction.
  assertThrows(() => new WebSocket(), "TypeError", "no argument");
  assertThrows(() => WebSocket(echo), "TypeError", "called without new");
  assertEquals(WebSocket.length, 1);
  assertEquals(WebSocket.name, "WebSocket");

  // Constants on the interface object and the prototype, read-only.
  for (const [name, value] of [["CONNECTING", 0], ["OPEN", 1], ["CLOSING", 2], ["CLOSED", 3]]) {
    assertEquals(WebSocket[name], value, name);
    assertEquals(WebSocket.prototype[name], value, name);
    assertEquals(Object.getOwnPropertyDescriptor(WebSocket, name).writable, false, name);
  }

  // Attributes are accessors on the prototype with brand checks; instances have no own ones.
  for (const name of ["url", "readyState", "bufferedAmount", "extensions", "protocol", "binaryType", "onopen", "onerror", "onclose", "onmessage"]) {
    const descriptor = Object.getOwnPropertyDescriptor(WebSocket.prototype, name);
    assert(descriptor && typeof descriptor.get === "function", `${name} is an accessor`);
    assertEquals(descriptor.enumerable, true, `${name} is enumerable`);
    assertThrows(() => descriptor.get.call({}), "TypeError", `${name} brand check`);
  }
  assertEquals(Object.getOwnPropertyNames(mapped).length, 0);
  assertEquals(Object.prototype.toString.call(mapped), "[object WebSocket]");
  assert(mapped instanceof EventTarget, "a WebSocket is an EventTarget");
  assertEquals(WebSocket.prototype.send.length, 1);
  assertEquals(WebSocket.prototype.close.length, 0);

  // Initial state.
  assertEquals(mapped.readyState, WebSocket.CONNECTING);
  assertEquals(mapped.bufferedAmount, 0);
  assertEquals(mapped.protocol, "");
  assertEquals(mapped.extensions, "");
  assertEquals(mapped.binaryType, "blob");
  // binaryType ignores values outside the enumeration without throwing.
  mapped.binaryType = "arraybuffer";
  assertEquals(mapped.binaryType, "arraybuffer");
  mapped.binaryType = "text";
  assertEquals(mapped.binaryType, "arraybuffer");
  mapped.binaryType = "blob";
  assertEquals(mapped.binaryType, "blob");

  // Close every socket; each must reach CLOSED (then nothing keeps the process alive).
  await Promise.all(opened.map((ws) => {
    const closed = nextEvent(ws, "close");
    ws.close();
    return closed;
  }));
  for (const ws of opened) assertEquals(ws.readyState, WebSocket.CLOSED);
});
