// SPDX-License-Identifier: MIT
// WebSockets Standard §4–§5: open, message and close events, in order and in their own tasks,
// with the attributes the spec gives them; event handler attributes; subprotocol and extensions.
runTest(async () => {
  // A full exchange: open, one message, then a clean close.
  {
    const ws = new WebSocket(servers.subprotocols, ["superchat", "chat"]);
    const seen = recordEvents(ws);
    const open = await nextEvent(ws, "open");
    assertEquals(open.constructor, Event);
    assertEquals(open.type, "open");
    assertEquals(open.isTrusted, true);
    assertEquals(open.target, ws);
    assertEquals(ws.readyState, WebSocket.OPEN);
    // The server picks the first offered protocol it knows; deflate is negotiated by default.
    assertEquals(ws.protocol, "superchat");
    assert(ws.extensions.startsWith("permessage-deflate"), `extensions: ${ws.extensions}`);

    ws.send("héllo");
    const message = await nextEvent(ws, "message");
    assert(message instanceof MessageEvent, "a MessageEvent");
    assertEquals(message.data, "héllo");
    assertEquals(message.origin, new URL(servers.subprotocols).origin);
    assertEquals(message.lastEventId, "");
    assertEquals(message.source, null);
    assertEquals(message.ports.length, 0);
    assertEquals(message.isTrusted, true);
    assertEquals(message.bubbles, false);
    assertEquals(message.cancelable, false);

    ws.close(1000, "finished");
    assertEquals(ws.readyState, WebSocket.CLOSING);
    const close = await nextEvent(ws, "close");
    assert(close instanceof CloseEvent, "a CloseEvent");
    assertEquals(close.wasClean, true);
    assertEquals(close.code, 1000);
    assertEquals(close.reason, "finished");
    assertEquals(close.isTrusted, true);
    assertEquals(ws.readyState, WebSocket.CLOSED);
    assertEquals(seen, ["open", "message", "close"]);
  }

  // No extension offered back: extensions stays "".
  {
    const ws = new WebSocket(servers.noDeflate);
    await nextEvent(ws, "open");
    assertEquals(ws.extensions, "");
    assertEquals(ws.protocol, "");
    ws.close();
    await nextEvent(ws, "close");
  }

  // Each event is its own task: a microtask queued in onopen runs before the first message.
  {
    const ws = new WebSocket(servers.echo);
    const order = [];
    ws.onopen = () => {
      ws.send("a");
      ws.send("b");
      queueMicrotask(() => order.push("microtask after open"));
    };
    ws.onmessage = (event) => {
      order.push(event.data);
      queueMicrotask(() => order.push(`microtask after ${event.data}`));
      if (event.data === "b") ws.close();
    };
    await nextEvent(ws, "close");
    assertEquals(order, ["microtask after open", "a", "microtask after a", "b", "microtask after b"]);
  }

  // Event handler attributes: reassigning keeps the listener's position; null removes it.
  {
    const ws = new WebSocket(servers.echo);
    const calls = [];
    ws.addEventListener("message", () => calls.push("first listener"));
    ws.onmessage = () => calls.push("old handler");
    ws.addEventListener("message", () => calls.push("last listener"));
    ws.onmessage = () => calls.push("new handler");
    assertEquals(typeof ws.onmessage, "function");
    ws.onopen = () => ws.send("x");
    await nextEvent(ws, "message");
    assertEquals(calls, ["first listener", "new handler", "last listener"]);
    ws.onmessage = null;
    assertEquals(ws.onmessage, null);
    ws.onmessage = "not callable";
    assertEquals(ws.onmessage, null, "a non-object handler becomes null");
    ws.close();
    await nextEvent(ws, "close");
  }

  // An exception in a handler is reported (the global error event) and the next handlers run.
  {
    const ws = new WebSocket(servers.echo);
    const reported = [];
    const onGlobalError = (event) => {
      reported.push(event.error.message);
      event.preventDefault();
    };
    globalThis.addEventListener("error", onGlobalError);
    ws.onopen = () => { throw new Error("thrown in onopen"); };
    ws.addEventListener("open", () => ws.close());
    await nextEvent(ws, "close");
    globalThis.removeEventListener("error", onGlobalError);
    assertEquals(reported, ["thrown in onopen"]);
  }
});
