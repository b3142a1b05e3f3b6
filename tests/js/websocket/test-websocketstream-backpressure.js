// SPDX-License-Identifier: MIT
// WebSocketStream's backpressure. Reading: while the readable side's queue is full, wsjs stops
// reading from the socket, so TCP makes a fast server wait. The flood server sends 256 MiB in
// 256 KiB messages, writing only while its socket takes them, and answers the client's Close
// with how many bytes it had queued by then: with a reader that stops after two messages, that
// is bounded by the kernel's socket buffers plus what wsjs holds (one message queued, one read
// burst), however long the reader waits. Without backpressure wsjs would take everything
// offered. Writing: a write settles once its frame is in the socket, so a writer that awaits
// `ready` has at most one message in flight.
runTest(async () => {
  const MESSAGE = 256 << 10;
  const BOUND = 64 << 20;
  {
    const stream = new WebSocketStream(servers.flood);
    const { readable } = await stream.opened;
    const reader = readable.getReader();
    for (let i = 0; i < 2; i++) {
      const { value } = await reader.read();
      assertEquals(value.length, MESSAGE);
      assertEquals(new DataView(value.buffer).getUint32(0, true), i, "messages in order");
    }
    // A slow reader: nothing is read for a while (the bound holds for any wait; the wait only
    // gives a server that is not held back the time to send far more than the bound).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    stream.close({ closeCode: 1000 });
    const { closeCode, reason } = await stream.closed;
    assertEquals(closeCode, 1000);
    const queued = Number(reason);
    assert(queued >= 2 * MESSAGE, `the server sent at least what was read: ${queued}`);
    assert(queued <= BOUND, `the server queued ${queued} bytes while the reader waited: more than ${BOUND}`);
    console.log(`flood: the server got ${(queued / 2 ** 20).toFixed(1)} MiB out while the reader waited (256 MiB offered)`);
  }

  // A reader that reads everything gets every message, in order (pausing loses nothing).
  {
    const stream = new WebSocketStream(servers.flood);
    const { readable } = await stream.opened;
    const reader = readable.getReader();
    for (let i = 0; i < 64; i++) {
      const { value } = await reader.read();
      assertEquals(new DataView(value.buffer).getUint32(0, true), i, "in order after pauses");
      // Every eighth message, wait a little: the queue fills and reading stops, then resumes.
      if (i % 8 === 7) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    stream.close({ closeCode: 1000 });
    await stream.closed;
  }

  // Writing: a writer that awaits `ready` has one message in flight, and `ready` resolves when
  // it has been handed to the socket. The slow-reading server (it reads nothing for 1.5 s) lets
  // the socket fill, so some write must wait for it.
  {
    const stream = new WebSocketStream(servers.slowReader);
    const { readable, writable } = await stream.opened;
    // The echoes are read as they come: the server stops reading while it cannot write them
    // (TCP pushes back on a client that only sends), which would hold the writes forever.
    const drained = readable.pipeTo(new WritableStream());
    drained.catch(() => {});
    const writer = writable.getWriter();
    // Incompressible bytes (the server agrees to permessage-deflate, which would shrink zeros).
    const chunk = new Uint8Array(1 << 20);
    for (let i = 0, x = 2463534242; i < chunk.length; i++) {
      x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
      chunk[i] = x & 0xff;
    }
    let longest = 0;
    for (let i = 0; i < 48; i++) {
      const started = performance.now();
      await writer.ready;
      longest = Math.max(longest, performance.now() - started);
      assertEquals(writer.desiredSize, 1, "nothing queued once ready");
      writer.write(chunk);
      assertEquals(writer.desiredSize, 0, "one write in flight");
    }
    await writer.ready;
    assert(longest > 200, `a write waited for the server to read (longest wait ${longest.toFixed(0)} ms)`);
    stream.close();
    await stream.closed;
  }
});
