// SPDX-License-Identifier: MIT
// Streams Standard: WritableStream, its writer and controller — the order of sink calls and
// promise settlements, backpressure and the ready promise, close and abort, controller.signal,
// errors, and misuse (locked streams, released writers, bad strategies).

async function assertRejects(promise, name, message = "") {
  try {
    await promise;
  } catch (error) {
    assertEquals(error?.name, name, message);
    return error;
  }
  throw new Error(`${message ? message + ": " : ""}expected a rejection with ${name}`);
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

const finished = expectCalls(1);
runTest(async () => {
  // Writes reach the sink one at a time, in order, each after the previous one's promise
  // settled; close() comes after the last write.
  {
    const log = [];
    let finishWrite;
    const stream = new WritableStream({
      start() { log.push("start"); },
      write(chunk, controller) {
        log.push(`write ${chunk}`);
        assert(controller instanceof WritableStreamDefaultController, "write() gets the controller");
        return new Promise((resolve) => { finishWrite = resolve; });
      },
      close() { log.push("close"); },
    }, new CountQueuingStrategy({ highWaterMark: 2 }));
    const writer = stream.getWriter();
    assertEquals(writer.desiredSize, 2);
    const w1 = writer.write("a").then(() => log.push("a written"));
    const w2 = writer.write("b").then(() => log.push("b written"));
    assertEquals(writer.desiredSize, 0, "two queued chunks fill a high water mark of 2");
    const closed = writer.close().then(() => log.push("closed"));
    await flush();
    assertEquals(log, ["start", "write a"], "one write at a time");
    // The sink's next write starts in the same reaction that resolves the previous write's
    // promise, so before that promise's own reactions run (ProcessWrite step 4).
    finishWrite();
    await flush();
    assertEquals(log, ["start", "write a", "write b", "a written"]);
    finishWrite();
    await Promise.all([w1, w2, closed]);
    assertEquals(log, ["start", "write a", "write b", "a written", "close", "b written", "closed"]);
    await writer.closed;
    await assertRejects(writer.write("late"), "TypeError", "write after close");
  }

  // Backpressure: ready is pending while the desired size is ≤ 0 and resolves when it rises.
  {
    let finishWrite;
    const stream = new WritableStream({ write() { return new Promise((resolve) => { finishWrite = resolve; }); } });
    const writer = stream.getWriter();
    await writer.ready;
    writer.write("x");
    let ready = false;
    writer.ready.then(() => { ready = true; });
    await flush();
    assertEquals(ready, false, "ready waits while the queue is full");
    finishWrite();
    await flush();
    assertEquals(ready, true);
  }

  // abort(): the controller's signal aborts at once; the write in flight finishes, queued writes
  // reject with the reason, then the sink's abort() runs and abort() resolves.
  {
    const log = [];
    let signal;
    let finishWrite;
    const stream = new WritableStream({
      start(c) { signal = c.signal; },
      write() { log.push("write"); return new Promise((resolve) => { finishWrite = resolve; }); },
      abort(reason) { log.push(`abort ${reason}`); },
    }, { highWaterMark: 4 });
    const writer = stream.getWriter();
    await writer.ready;
    const first = writer.write(1);
    const second = writer.write(2);
    signal.addEventListener("abort", () => log.push(`signal ${signal.reason}`));
    const aborted = writer.abort("stop");
    assertEquals(signal.aborted, true, "abort() signals the controller's signal at once");
    assertEquals(await rejectionOf(writer.ready), "stop", "ready rejects at once");
    finishWrite();
    await first;
    assertEquals(await rejectionOf(second), "stop", "a queued write rejects with the reason");
    await aborted;
    assertEquals(log, ["write", "signal stop", "abort stop"]);
    assertEquals(await rejectionOf(writer.closed), "stop");
    assertEquals(writer.desiredSize, null, "an errored stream has no desired size");
  }

  // The controller's error() errors the stream; a throwing or rejecting sink does too.
  {
    let controller;
    const stream = new WritableStream({ start(c) { controller = c; } });
    const writer = stream.getWriter();
    controller.error(new RangeError("sink broke"));
    await assertRejects(writer.closed, "RangeError");
    await assertRejects(writer.write("x"), "RangeError");
    const throwing = new WritableStream({ write() { throw new SyntaxError("no"); } }).getWriter();
    await assertRejects(throwing.write("x"), "SyntaxError");
    await assertRejects(throwing.closed, "SyntaxError");
    assertThrows(() => new WritableStream({ start() { throw new URIError("start"); } }), "URIError");
  }

  // size(): a throwing size() errors the stream and the write rejects; NaN is a RangeError.
  {
    const writer = new WritableStream({}, { size() { throw new EvalError("size"); } }).getWriter();
    await assertRejects(writer.write("x"), "EvalError");
    const nan = new WritableStream({}, { size: () => NaN }).getWriter();
    await assertRejects(nan.write("x"), "RangeError");
    assertThrows(() => new WritableStream({}, "bad"), "TypeError", "a non-object strategy");
    assertThrows(() => new WritableStream({}, { highWaterMark: -1 }), "RangeError");
    assertThrows(() => new WritableStream({ type: "bytes" }), "RangeError", "no sink types exist");
    assertThrows(() => new WritableStream({ write: 1 }), "TypeError");
  }

  // Locking and released writers.
  {
    const stream = new WritableStream();
    const writer = stream.getWriter();
    assert(stream.locked, "getWriter() locks the stream");
    assertThrows(() => stream.getWriter(), "TypeError");
    await assertRejects(stream.abort(), "TypeError", "abort() of a locked stream");
    await assertRejects(stream.close(), "TypeError", "close() of a locked stream");
    writer.releaseLock();
    await assertRejects(writer.write("x"), "TypeError", "write() of a released writer");
    await assertRejects(writer.ready, "TypeError");
    await assertRejects(writer.closed, "TypeError");
    assertThrows(() => writer.desiredSize, "TypeError");
    writer.releaseLock();
    const again = stream.getWriter();
    await again.close();
    await assertRejects(again.close(), "TypeError", "close() twice");
    // A stream closed while unlocked hands out writers that are closed.
    const closedWriter = (() => { again.releaseLock(); return stream.getWriter(); })();
    await closedWriter.closed;
  }
  finished();
});

async function rejectionOf(promise) {
  try {
    await promise;
  } catch (reason) {
    return reason;
  }
  throw new Error("expected a rejection");
}
