// SPDX-License-Identifier: MIT
// Streams Standard: pipeTo and pipeThrough — every chunk arrives in order under backpressure,
// closing and errors propagate both ways unless prevented, an AbortSignal stops the pipe, and
// locked streams (a second pipeTo) are refused.

async function rejectionOf(promise) {
  try {
    await promise;
  } catch (reason) {
    return reason;
  }
  throw new Error("expected a rejection");
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function countingSource(count, log = []) {
  let next = 0;
  return new ReadableStream({
    pull(c) {
      if (next < count) c.enqueue(next++);
      else c.close();
    },
    cancel(reason) { log.push(`cancel ${reason}`); },
  });
}

function recordingSink(log, { writeDelay = false } = {}) {
  return new WritableStream({
    write(chunk) {
      log.push(chunk);
      if (writeDelay) return new Promise((resolve) => setTimeout(resolve, 0));
    },
    close() { log.push("close"); },
    abort(reason) { log.push(`abort ${reason}`); },
  });
}

const finished = expectCalls(1);
runTest(async () => {
  // All chunks, in order, then close; both streams are unlocked afterwards.
  {
    const log = [];
    const source = countingSource(50);
    const dest = recordingSink(log, { writeDelay: true });
    const piped = source.pipeTo(dest);
    assert(source.locked && dest.locked, "piping locks both streams");
    await piped;
    assertEquals(log, [...Array(50).keys(), "close"]);
    assert(!source.locked && !dest.locked, "both are unlocked when the pipe ends");
  }

  // Backpressure: a sink that never finishes its first write stops the source after it has
  // filled the queues (the writable's high water mark 1, the readable's 1).
  {
    let pulls = 0;
    const source = new ReadableStream({ pull(c) { pulls++; c.enqueue(pulls); } });
    const dest = new WritableStream({ write() { return new Promise(() => {}); } });
    source.pipeTo(dest);
    await flush();
    await flush();
    assert(pulls <= 4, `the source was pulled ${pulls} times while the sink was stuck`);
  }

  // Forward errors abort the destination; preventAbort leaves it writable.
  {
    const log = [];
    let c;
    const source = new ReadableStream({ start(ctl) { c = ctl; } });
    const piped = source.pipeTo(recordingSink(log));
    c.error("source failed");
    assertEquals(await rejectionOf(piped), "source failed");
    assertEquals(log, ["abort source failed"]);
    const log2 = [];
    let c2;
    const source2 = new ReadableStream({ start(ctl) { c2 = ctl; } });
    const dest2 = recordingSink(log2);
    const piped2 = source2.pipeTo(dest2, { preventAbort: true });
    c2.error("again");
    assertEquals(await rejectionOf(piped2), "again");
    assertEquals(log2, []);
    assertEquals(dest2.locked, false);
  }

  // Backward errors cancel the source; preventCancel keeps it.
  {
    const log = [];
    const source = countingSource(Infinity, log);
    const dest = new WritableStream({ write() { throw "sink failed"; } });
    assertEquals(await rejectionOf(source.pipeTo(dest)), "sink failed");
    assertEquals(log, ["cancel sink failed"]);
    const log2 = [];
    const source2 = countingSource(Infinity, log2);
    const dest2 = new WritableStream({ write() { throw "again"; } });
    assertEquals(await rejectionOf(source2.pipeTo(dest2, { preventCancel: true })), "again");
    assertEquals(log2, []);
    assertEquals(source2.locked, false);
  }

  // Closing propagates forward unless preventClose; a closed destination cancels the source
  // with a TypeError.
  {
    const log = [];
    await countingSource(2).pipeTo(recordingSink(log), { preventClose: true });
    assertEquals(log, [0, 1], "preventClose keeps the destination open");
    const closedDest = new WritableStream();
    await closedDest.close();
    const log2 = [];
    const reason = await rejectionOf(countingSource(3, log2).pipeTo(closedDest));
    assertEquals(reason.name, "TypeError");
    assertEquals(log2.length, 1, "the source was cancelled");
  }

  // An AbortSignal: aborting cancels the source and aborts the destination with its reason; an
  // already aborted signal stops the pipe before it reads anything.
  {
    const log = [];
    const controller = new AbortController();
    const piped = countingSource(Infinity, log).pipeTo(recordingSink(log, { writeDelay: true }), { signal: controller.signal });
    await flush();
    controller.abort("enough");
    assertEquals(await rejectionOf(piped), "enough");
    assert(log.includes("abort enough") && log.includes("cancel enough"), `aborted both: ${log}`);
    const reason = await rejectionOf(countingSource(3).pipeTo(new WritableStream(), { signal: AbortSignal.abort() }));
    assertEquals(reason.name, "AbortError");
    // preventAbort and preventCancel keep both streams usable.
    const source = countingSource(Infinity);
    const dest = new WritableStream();
    const c2 = new AbortController();
    const piped2 = source.pipeTo(dest, { signal: c2.signal, preventAbort: true, preventCancel: true });
    c2.abort("pause");
    assertEquals(await rejectionOf(piped2), "pause");
    assert(!source.locked && !dest.locked, "both unlocked");
    await source.pipeTo(new WritableStream({ write(chunk) { if (chunk > 3) throw "stop"; } })).catch(() => {});
  }

  // Misuse: a second pipeTo of a locked stream, a locked destination, bad arguments.
  {
    const source = countingSource(1);
    source.pipeTo(new WritableStream());
    assertEquals((await rejectionOf(source.pipeTo(new WritableStream()))).name, "TypeError", "second pipeTo");
    const dest = new WritableStream();
    dest.getWriter();
    assertEquals((await rejectionOf(countingSource(1).pipeTo(dest))).name, "TypeError", "locked destination");
    assertEquals((await rejectionOf(countingSource(1).pipeTo({}))).name, "TypeError", "not a WritableStream");
    assertEquals((await rejectionOf(countingSource(1).pipeTo(new WritableStream(), { signal: "no" }))).name, "TypeError");
    const locked = countingSource(1);
    locked.getReader();
    assertThrows(() => locked.pipeThrough(new TransformStream()), "TypeError", "pipeThrough of a locked stream");
    assertThrows(() => countingSource(1).pipeThrough({ readable: new ReadableStream() }), "TypeError", "no writable");
  }

  // pipeThrough returns the transform's readable side; chunks flow through it.
  {
    const doubled = countingSource(4).pipeThrough(new TransformStream({ transform(chunk, c) { c.enqueue(chunk * 2); } }));
    const out = [];
    for await (const chunk of doubled) out.push(chunk);
    assertEquals(out, [0, 2, 4, 6]);
    // Duck-typed pairs work too.
    const pair = new TransformStream();
    const duck = countingSource(2).pipeThrough({ writable: pair.writable, readable: pair.readable });
    assertEquals(duck, pair.readable);
  }

  // A chunk enqueued after the pipe waits for it is written a microtask later, not inside
  // enqueue() (whatwg/streams#1243).
  {
    let c;
    let writing = false;
    new ReadableStream({ start(ctl) { c = ctl; } }, { highWaterMark: 0 }).pipeTo(new WritableStream({ write() { writing = true; } }));
    await Promise.resolve();
    c.enqueue("x");
    assertEquals(writing, false, "no write inside enqueue()");
    await flush();
    assertEquals(writing, true);
  }
  finished();
});
