// SPDX-License-Identifier: MIT
// Streams Standard: readable byte streams — enqueue transfers the chunk's buffer, BYOB readers
// with read(view, { min }), the BYOB request's respond() and respondWithNewView(),
// autoAllocateChunkSize, byte-stream tee, and the misuses the standard rejects.

async function assertRejects(promise, name, message = "") {
  try {
    await promise;
  } catch (error) {
    assertEquals(error?.name, name, message);
    return error;
  }
  throw new Error(`${message ? message + ": " : ""}expected a rejection with ${name}`);
}

const finished = expectCalls(1);
runTest(async () => {
  // enqueue() detaches the chunk's buffer; a default reader gets a Uint8Array over the same bytes.
  {
    let c;
    const stream = new ReadableStream({ type: "bytes", start(ctl) { c = ctl; } });
    const chunk = new Uint8Array([1, 2, 3, 4]).subarray(1, 3);
    c.enqueue(chunk);
    assertEquals(chunk.buffer.detached, true, "the enqueued buffer is transferred");
    assertEquals(chunk.byteLength, 0);
    const { value, done } = await stream.getReader().read();
    assertEquals(done, false);
    assert(value instanceof Uint8Array, "default reads of a byte stream are Uint8Arrays");
    assertEquals([...value], [2, 3]);
    assertEquals([value.byteOffset, value.buffer.byteLength], [1, 4], "the view keeps the chunk's window");
    // Not a BufferSource, or empty: TypeError.
    assertThrows(() => c.enqueue("text"), "TypeError");
    assertThrows(() => c.enqueue(new ArrayBuffer(4)), "TypeError", "an ArrayBuffer is not an ArrayBufferView");
    assertThrows(() => c.enqueue(new Uint8Array(0)), "TypeError");
    assertThrows(() => c.enqueue(chunk), "TypeError", "a detached buffer");
  }

  // A BYOB read fills the reader's view; the result views the same memory, the view passed in is
  // detached. min asks for at least that many elements.
  {
    const pulls = [];
    const stream = new ReadableStream({
      type: "bytes",
      pull(c) {
        const request = c.byobRequest;
        pulls.push(request.view.byteLength);
        request.view[0] = pulls.length;
        request.respond(1);
      },
    });
    const reader = stream.getReader({ mode: "byob" });
    const buffer = new ArrayBuffer(8);
    const view = new Uint8Array(buffer, 2, 4);
    const result = await reader.read(view, { min: 3 });
    assertEquals(buffer.detached, true, "the view's buffer was transferred");
    assertEquals(result.done, false);
    assertEquals([...result.value], [1, 2, 3], "three pulls of one byte each fill min 3");
    assertEquals([result.value.byteOffset, result.value.buffer.byteLength], [2, 8]);
    assertEquals(pulls, [4, 3, 2], "each BYOB request views what is left");
    // Typed arrays wider than a byte count elements; a DataView counts bytes.
    const words = await reader.read(new Uint16Array(2), { min: 2 });
    assert(words.value instanceof Uint16Array, "the result has the view's type");
    assertEquals(words.value.length, 2);
    await assertRejects(reader.read(new Uint8Array(4), { min: 5 }), "RangeError", "min above the length");
    await assertRejects(reader.read(new Uint8Array(4), { min: 0 }), "TypeError", "min 0");
    await assertRejects(reader.read(new Uint8Array(0)), "TypeError", "an empty view");
    await assertRejects(reader.read("nope"), "TypeError", "not a view");
  }

  // respondWithNewView(): a view on the transferred buffer at the same offset.
  {
    const stream = new ReadableStream({
      type: "bytes",
      pull(c) {
        const view = c.byobRequest.view;
        const moved = new Uint8Array(view.buffer.transfer(), view.byteOffset, 2);
        moved.set([7, 8]);
        c.byobRequest.respondWithNewView(moved);
      },
    });
    const { value } = await stream.getReader({ mode: "byob" }).read(new Uint8Array(4));
    assertEquals([...value], [7, 8]);
  }

  // respond() misuse: more bytes than the view holds is a RangeError, 0 while readable a
  // TypeError, and a responded request is done.
  {
    let request;
    const stream = new ReadableStream({ type: "bytes", pull(c) { request = c.byobRequest; } });
    const reader = stream.getReader({ mode: "byob" });
    const pending = reader.read(new Uint8Array(2));
    await Promise.resolve();
    await Promise.resolve();
    assertThrows(() => request.respond(3), "RangeError");
    assertThrows(() => request.respond(0), "TypeError");
    request.view[0] = 42;
    request.respond(1);
    assertEquals(request.view, null, "a responded request has no view");
    assertThrows(() => request.respond(1), "TypeError", "respond() twice");
    assertEquals([...(await pending).value], [42]);
  }

  // Closing: a BYOB read on a closed stream gives an empty view of its type, done.
  {
    const stream = new ReadableStream({ type: "bytes", start(c) { c.close(); } });
    const { value, done } = await stream.getReader({ mode: "byob" }).read(new Int16Array(4));
    assertEquals(done, true);
    assert(value instanceof Int16Array && value.length === 0, "an empty Int16Array");
  }

  // autoAllocateChunkSize: default readers get a BYOB request too.
  {
    const stream = new ReadableStream({
      type: "bytes",
      autoAllocateChunkSize: 16,
      pull(c) {
        assertEquals(c.byobRequest.view.byteLength, 16);
        c.byobRequest.view[0] = 9;
        c.byobRequest.respond(1);
      },
    });
    const { value } = await stream.getReader().read();
    assertEquals([...value], [9]);
    assertThrows(() => new ReadableStream({ type: "bytes", autoAllocateChunkSize: 0 }), "TypeError");
    assertThrows(() => new ReadableStream({ type: "bytes" }, { size: () => 1 }), "RangeError", "no size() for bytes");
  }

  // A BYOB reader needs a byte stream.
  assertThrows(() => new ReadableStream().getReader({ mode: "byob" }), "TypeError");
  assertThrows(() => new ReadableStream({ type: "bytes" }).getReader({ mode: "other" }), "TypeError");

  // Byte-stream tee: each branch gets its own copy of each chunk.
  {
    const stream = new ReadableStream({ type: "bytes", start(c) { c.enqueue(new Uint8Array([5, 6])); c.close(); } });
    const [b1, b2] = stream.tee();
    const r1 = await b1.getReader().read();
    const r2 = await b2.getReader({ mode: "byob" }).read(new Uint8Array(4));
    assertEquals([...r1.value], [5, 6]);
    assertEquals([...r2.value], [5, 6]);
    assert(r1.value.buffer !== r2.value.buffer, "the branches do not share memory");
  }

  // Errors reach BYOB reads.
  {
    let c;
    const stream = new ReadableStream({ type: "bytes", start(ctl) { c = ctl; } });
    const pending = stream.getReader({ mode: "byob" }).read(new Uint8Array(1));
    c.error(new SyntaxError("bad bytes"));
    await assertRejects(pending, "SyntaxError");
  }
  finished();
});
