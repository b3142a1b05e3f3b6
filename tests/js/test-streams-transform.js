// SPDX-License-Identifier: MIT
// Streams Standard: TransformStream and its controller — identity and custom transforms, flush,
// the transformer's cancel, terminate(), errors on either side, backpressure between the sides,
// and the constructor's checks.

async function rejectionOf(promise) {
  try {
    await promise;
  } catch (reason) {
    return reason;
  }
  throw new Error("expected a rejection");
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

async function readAll(readable) {
  const chunks = [];
  for await (const chunk of readable) chunks.push(chunk);
  return chunks;
}

const finished = expectCalls(1);
runTest(async () => {
  // Identity: what is written is read; the writable's desired size starts at 1, the readable's
  // high water mark is 0, so one write fills the pair until it is read.
  {
    const ts = new TransformStream();
    const writer = ts.writable.getWriter();
    assertEquals(writer.desiredSize, 1);
    writer.write("a");
    assertEquals(writer.desiredSize, 0);
    const reader = ts.readable.getReader();
    assertEquals(await reader.read(), { value: "a", done: false });
    writer.close();
    assertEquals(await reader.read(), { value: undefined, done: true });
  }

  // transform(), start() and flush() are called as methods, in order; flush may enqueue.
  {
    const log = [];
    const ts = new TransformStream({
      suffix: "!",
      start(controller) { log.push("start"); controller.enqueue("begin" + this.suffix); },
      transform(chunk, controller) { log.push(`transform ${chunk}`); controller.enqueue(chunk.toUpperCase() + this.suffix); },
      flush(controller) { log.push("flush"); controller.enqueue("end" + this.suffix); },
    });
    const writer = ts.writable.getWriter();
    writer.write("x");
    writer.write("y");
    writer.close();
    assertEquals(await readAll(ts.readable), ["begin!", "X!", "Y!", "end!"]);
    assertEquals(log, ["start", "transform x", "transform y", "flush"]);
  }

  // An async transform holds the next one back until it settles.
  {
    const log = [];
    let finish;
    const ts = new TransformStream({
      transform(chunk, controller) {
        log.push(`begin ${chunk}`);
        return new Promise((resolve) => { finish = () => { controller.enqueue(chunk); log.push(`end ${chunk}`); resolve(); }; });
      },
    }, undefined, { highWaterMark: 4 });
    const writer = ts.writable.getWriter();
    writer.write(1);
    writer.write(2);
    await flush();
    assertEquals(log, ["begin 1"]);
    finish();
    await flush();
    assertEquals(log, ["begin 1", "end 1", "begin 2"]);
    finish();
    await writer.close();
  }

  // A transform that throws errors both sides with the error. (transform() runs only once the
  // readable side asks for a chunk: until then the writable side waits on its backpressure.)
  {
    const failure = new TypeError("cannot transform");
    const ts = new TransformStream({ transform() { throw failure; } });
    const writer = ts.writable.getWriter();
    const written = writer.write("x");
    await flush();
    const read = ts.readable.getReader().read();
    assertEquals(await rejectionOf(written), failure);
    assertEquals(await rejectionOf(read), failure);
    assertEquals(await rejectionOf(writer.closed), failure);
  }

  // terminate() closes the readable side and errors the writable side with a TypeError.
  {
    let controller;
    const ts = new TransformStream({ start(c) { controller = c; } });
    controller.enqueue("last");
    controller.terminate();
    assertEquals(await readAll(ts.readable), ["last"]);
    assertEquals((await rejectionOf(ts.writable.getWriter().write("x"))).name, "TypeError");
    assertEquals(controller.desiredSize, 0);
    assertThrows(() => controller.enqueue("more"), "TypeError", "enqueue after terminate");
  }

  // controller.error() errors both sides.
  {
    let controller;
    const ts = new TransformStream({ start(c) { controller = c; } });
    controller.error("broken");
    assertEquals(await rejectionOf(ts.readable.getReader().closed), "broken");
    assertEquals(await rejectionOf(ts.writable.getWriter().closed), "broken");
    assertEquals(controller.desiredSize, null);
  }

  // The transformer's cancel(): cancelling the readable side calls it with the reason and
  // errors the writable side; aborting the writable side calls it too (once).
  {
    const reasons = [];
    const ts = new TransformStream({ cancel(reason) { reasons.push(reason); } });
    await ts.readable.cancel("reader gone");
    assertEquals(reasons, ["reader gone"]);
    assertEquals(await rejectionOf(ts.writable.getWriter().closed), "reader gone");
    const ts2 = new TransformStream({ cancel(reason) { reasons.push(reason); } });
    await ts2.writable.abort("writer gone");
    assertEquals(reasons, ["reader gone", "writer gone"]);
    assertEquals(await rejectionOf(ts2.readable.getReader().closed), "writer gone");
  }

  // A rejecting flush errors the readable side and close() rejects.
  {
    const ts = new TransformStream({ flush() { return Promise.reject(new RangeError("flush")); } });
    const writer = ts.writable.getWriter();
    assertEquals((await rejectionOf(writer.close())).name, "RangeError");
    assertEquals((await rejectionOf(ts.readable.getReader().closed)).name, "RangeError");
  }

  // Constructor checks.
  assertThrows(() => new TransformStream({ readableType: "bytes" }), "RangeError");
  assertThrows(() => new TransformStream({ writableType: "bytes" }), "RangeError");
  assertThrows(() => new TransformStream({ transform: 5 }), "TypeError");
  assertThrows(() => new TransformStream({}, 5), "TypeError", "a non-object strategy");
  assertThrows(() => new TransformStream({}, {}, { highWaterMark: NaN }), "RangeError");
  assertThrows(() => new TransformStream({ start() { throw new SyntaxError("start"); } }), "SyntaxError");
  finished();
});
