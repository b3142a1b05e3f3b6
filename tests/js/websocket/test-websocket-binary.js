// SPDX-License-Identifier: MIT
// WebSockets Standard §4: a binary message's data is a Blob or an ArrayBuffer according to
// binaryType at the time the message arrives; text messages are always strings.
runTest(async () => {
  const ws = new WebSocket(servers.echo);
  await nextEvent(ws, "open");
  assertEquals(ws.binaryType, "blob");

  ws.send(new Uint8Array([1, 2, 3]));
  const asBlob = await nextEvent(ws, "message");
  assert(asBlob.data instanceof Blob, "binaryType blob gives a Blob");
  assertEquals(asBlob.data.size, 3);
  assertEquals(asBlob.data.type, "");
  assertEquals([...new Uint8Array(await asBlob.data.arrayBuffer())], [1, 2, 3]);

  ws.binaryType = "arraybuffer";
  ws.send(new Uint8Array([4, 5]));
  const asBuffer = await nextEvent(ws, "message");
  assert(asBuffer.data instanceof ArrayBuffer, "binaryType arraybuffer gives an ArrayBuffer");
  assertEquals([...new Uint8Array(asBuffer.data)], [4, 5]);

  // Text stays text whatever binaryType says; an empty binary message is an empty buffer.
  ws.send("text");
  assertEquals((await nextEvent(ws, "message")).data, "text");
  ws.send(new ArrayBuffer(0));
  assertEquals((await nextEvent(ws, "message")).data.byteLength, 0);

  // binaryType is read when the message arrives, not when it was sent.
  ws.binaryType = "blob";
  ws.send(new Uint8Array([6]));
  ws.binaryType = "arraybuffer";
  assert((await nextEvent(ws, "message")).data instanceof ArrayBuffer, "the value at arrival counts");

  // A large message (1 MiB) arrives whole.
  const big = new Uint8Array(1 << 20);
  for (let i = 0; i < big.length; i += 4096) big[i] = (i >> 12) & 255;
  ws.send(big);
  const echoed = new Uint8Array((await nextEvent(ws, "message")).data);
  assertEquals(echoed.length, big.length);
  assert(echoed.every((value, index) => value === big[index]), "the bytes are the same");

  ws.close();
  await nextEvent(ws, "close");
});
