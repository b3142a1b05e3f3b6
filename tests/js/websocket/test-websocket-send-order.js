// SPDX-License-Identifier: MIT
// WebSockets Standard §3 send(): frames go out in the order of the send() calls, whatever mix of
// data types, whichever task or microtask made them, and before a Close frame that follows.
// (wsjs hands text frames to the transport in groups at the end of a task; this is what must not
// be observable.)
runTest(async () => {
  const ws = new WebSocket(servers.echo);
  ws.binaryType = "arraybuffer";
  const received = [];
  ws.onmessage = (event) => received.push(typeof event.data === "string" ? event.data : `bytes:${[...new Uint8Array(event.data)]}`);
  await nextEvent(ws, "open");

  // In one task: text, binary, text, Blob, text; then from microtasks queued before and after.
  queueMicrotask(() => ws.send("microtask 1"));
  ws.send("task 1");
  ws.send(new Uint8Array([1, 2]));
  ws.send("task 2");
  ws.send(new Blob(["blob"]));
  ws.send("task 3");
  queueMicrotask(() => {
    ws.send("microtask 2");
    queueMicrotask(() => ws.send("nested microtask"));
  });
  await waitFor(() => received.length === 8, "the first eight echoes");
  assertEquals(received, [
    "task 1", "bytes:1,2", "task 2", "bytes:98,108,111,98", "task 3",
    "microtask 1", "microtask 2", "nested microtask",
  ]);

  // From a message handler: what it sends, then what its microtasks send, then the next
  // message's handler.
  received.length = 0;
  const sequence = [];
  ws.onmessage = (event) => {
    const data = typeof event.data === "string" ? event.data : "bytes";
    sequence.push(data);
    if (data === "ping") {
      ws.send("reply 1");
      queueMicrotask(() => ws.send("reply from microtask"));
      ws.send(new Uint8Array([7]));
      ws.send("reply 2");
    }
  };
  ws.send("ping");
  await waitFor(() => sequence.length === 5, "the handler's replies echoed");
  assertEquals(sequence, ["ping", "reply 1", "bytes", "reply 2", "reply from microtask"]);

  // Text sent right before close() goes out before the Close frame: the server (which answers
  // the Close with "<messages> <bytes>" it received) got all of it, and the close is clean.
  const reporting = new WebSocket(servers.report);
  await nextEvent(reporting, "open");
  let bytes = 0;
  for (let i = 0; i < 50; i++) {
    const text = `last ${i} é`;
    reporting.send(text);
    bytes += text.length + 1;
  }
  reporting.close(1000);
  const close = await nextEvent(reporting, "close");
  assertEquals([close.code, close.wasClean, close.reason], [1000, true, `50 ${bytes}`]);
  ws.close();
  await nextEvent(ws, "close");
});

async function waitFor(condition, what) {
  const deadline = Date.now() + 5000;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  assert(condition(), `timed out waiting for ${what}`);
}
