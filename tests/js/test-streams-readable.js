// SPDX-License-Identifier: MIT
// Streams Standard: ReadableStream with a default controller — reading, closing, erroring,
// cancelling, queuing strategies, locking, tee, async iteration and ReadableStream.from, with
// the order in which the standard settles promises and calls the underlying source.

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
  // start() runs synchronously with the controller; pull() waits for start's promise and then
  // runs while the queue is below the high water mark (1 by default).
  const calls = [];
  let controller;
  const rs = new ReadableStream({
    start(c) {
      calls.push("start");
      controller = c;
      assertEquals(c.desiredSize, 1, "desiredSize before any chunk");
    },
    pull(c) {
      calls.push(`pull ${c.desiredSize}`);
    },
  });
  assertEquals(calls, ["start"], "pull() waits for start()");
  await flush();
  assertEquals(calls, ["start", "pull 1"], "pull() once start() has settled");
  controller.enqueue("a");
  assertEquals(controller.desiredSize, 0);
  const reader = rs.getReader();
  assert(rs.locked, "getReader() locks the stream");
  assertEquals(await reader.read(), { value: "a", done: false });
  controller.close();
  assertThrows(() => controller.enqueue("b"), "TypeError", "enqueue after close");
  assertThrows(() => controller.close(), "TypeError", "close twice");
  assertEquals(await reader.read(), { value: undefined, done: true });
  await reader.closed;
  assertEquals(controller.desiredSize, 0, "a closed stream wants nothing");

  // Promise order: the first read is fulfilled by enqueue(); close() then resolves the reader's
  // closed promise before it ends the pending read (ReadableStreamClose steps 5–6; Node 24
  // agrees, Deno resolves closed last).
  {
    const order = [];
    let c;
    const stream = new ReadableStream({ start(ctl) { c = ctl; } });
    const r = stream.getReader();
    r.read().then(() => order.push("read 1"));
    r.read().then(() => order.push("read 2"));
    r.closed.then(() => order.push("closed"));
    c.enqueue(1);
    c.close();
    await flush();
    assertEquals(order, ["read 1", "closed", "read 2"]);
  }

  // error(): pending and later reads reject with the error, desiredSize becomes null.
  {
    let c;
    const stream = new ReadableStream({ start(ctl) { c = ctl; } });
    const r = stream.getReader();
    const pending = r.read();
    const failure = new RangeError("source failed");
    c.error(failure);
    assertEquals(await pending.catch((e) => e), failure);
    assertEquals(await r.read().catch((e) => e), failure);
    assertEquals(await r.closed.catch((e) => e), failure);
    assertEquals(c.desiredSize, null);
    c.error(new Error("ignored")); // a second error() does nothing
  }

  // A throwing start() rethrows from the constructor; a rejected start() errors the stream.
  assertThrows(() => new ReadableStream({ start() { throw new SyntaxError("x"); } }), "SyntaxError");
  {
    const stream = new ReadableStream({ start() { return Promise.reject(new URIError("late")); } });
    await assertRejects(stream.getReader().read(), "URIError");
  }
  // A rejected pull() errors the stream.
  await assertRejects(new ReadableStream({ pull() { throw new EvalError("pull"); } }).getReader().read(), "EvalError");

  // cancel(): the source's cancel gets the reason; the queue is dropped; reads end.
  {
    let reason;
    let c;
    const stream = new ReadableStream({ start(ctl) { c = ctl; ctl.enqueue("queued"); }, cancel(r) { reason = r; } });
    const r = stream.getReader();
    await r.cancel("no more");
    assertEquals(reason, "no more");
    assertEquals(await r.read(), { value: undefined, done: true }, "the queued chunk is gone");
    assertThrows(() => c.enqueue("x"), "TypeError", "enqueue after cancel");
    // A cancel that rejects rejects cancel().
    const failing = new ReadableStream({ cancel() { throw new TypeError("cannot"); } });
    await assertRejects(failing.cancel(), "TypeError");
  }

  // Queuing strategies: size() decides the queue's total; a size() that throws, or returns NaN,
  // a negative number or Infinity, errors the stream and enqueue() throws (RangeError).
  {
    let c;
    const stream = new ReadableStream({ start(ctl) { c = ctl; } }, { highWaterMark: 10, size: (chunk) => chunk.length });
    c.enqueue("abcd");
    assertEquals(c.desiredSize, 6);
    c.enqueue("efghijk");
    assertEquals(c.desiredSize, -1);
    const cases = [
      [() => { throw new URIError("size"); }, "URIError"],
      [() => NaN, "RangeError"],
      [() => -1, "RangeError"],
      [() => Infinity, "RangeError"],
    ];
    for (const [size, name] of cases) {
      let controller;
      const s = new ReadableStream({ start(ctl) { controller = ctl; } }, { size, highWaterMark: 5 });
      assertThrows(() => controller.enqueue("x"), name, `size ${size}`);
      await assertRejects(s.getReader().closed, name, `the stream is errored (size ${size})`);
    }
    assertEquals(stream.locked, false);
  }
  // Bad strategies fail at construction.
  assertThrows(() => new ReadableStream({}, 5), "TypeError", "a non-object strategy");
  assertThrows(() => new ReadableStream({}, { highWaterMark: -1 }), "RangeError");
  assertThrows(() => new ReadableStream({}, { highWaterMark: NaN }), "RangeError");
  assertThrows(() => new ReadableStream({}, { size: 5 }), "TypeError", "size must be a function");
  assertThrows(() => new ReadableStream({ pull: "nope" }), "TypeError", "pull must be a function");
  assertThrows(() => new ReadableStream({ type: "nonsense" }), "TypeError");
  assertThrows(() => new ReadableStream(null), "TypeError");
  const counted = new ReadableStream({}, new CountQueuingStrategy({ highWaterMark: 4 }));
  assertEquals(counted.locked, false);

  // Locking and released readers.
  {
    const stream = new ReadableStream();
    const r = stream.getReader();
    assertThrows(() => stream.getReader(), "TypeError", "a locked stream has no second reader");
    assertThrows(() => new ReadableStreamDefaultReader(stream), "TypeError");
    await assertRejects(stream.cancel(), "TypeError", "cancel() of a locked stream");
    const pending = r.read();
    r.releaseLock();
    await assertRejects(pending, "TypeError", "a pending read rejects when the lock is released");
    await assertRejects(r.read(), "TypeError", "read() of a released reader");
    await assertRejects(r.closed, "TypeError", "closed of a released reader");
    await assertRejects(r.cancel(), "TypeError", "cancel() of a released reader");
    r.releaseLock(); // releasing twice does nothing
    assertEquals(stream.locked, false);
    stream.getReader();
  }

  // tee(): both branches see every chunk; cancelling both cancels the source with both reasons.
  {
    let cancelReason;
    const stream = new ReadableStream({
      start(c) { c.enqueue("x"); c.enqueue("y"); },
      cancel(reason) { cancelReason = reason; },
    });
    const [b1, b2] = stream.tee();
    assert(stream.locked, "tee() locks the source");
    const r1 = b1.getReader();
    const r2 = b2.getReader();
    assertEquals(await r1.read(), { value: "x", done: false });
    assertEquals(await r1.read(), { value: "y", done: false });
    assertEquals(await r2.read(), { value: "x", done: false });
    await Promise.all([r1.cancel("one"), r2.cancel("two")]);
    assertEquals(cancelReason, ["one", "two"]);
  }

  // Async iteration: values in order; break cancels unless preventCancel.
  {
    const make = (log) => new ReadableStream({
      start(c) { c.enqueue(1); c.enqueue(2); c.enqueue(3); c.close(); },
      cancel(reason) { log.push(`cancel ${reason}`); },
    });
    const seen = [];
    for await (const chunk of make(seen)) seen.push(chunk);
    assertEquals(seen, [1, 2, 3]);
    const log = [];
    const stream = make(log);
    for await (const chunk of stream) { log.push(chunk); break; }
    assertEquals(log, [1, "cancel undefined"], "break cancels the stream");
    const kept = [];
    const stream2 = make(kept);
    for await (const chunk of stream2.values({ preventCancel: true })) { kept.push(chunk); break; }
    assertEquals(kept, [1], "preventCancel keeps the stream");
    assertEquals(stream2.locked, false, "the iterator released its reader");
    assertEquals(await stream2.getReader().read(), { value: 2, done: false });
    assertEquals(ReadableStream.prototype[Symbol.asyncIterator], ReadableStream.prototype.values);
    const iterator = make([]).values();
    const AsyncIteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf(async function* () {}).prototype);
    assertEquals(Object.getPrototypeOf(Object.getPrototypeOf(iterator)), AsyncIteratorPrototype);
    assertEquals(Object.prototype.toString.call(iterator), "[object ReadableStream AsyncIterator]");
  }

  // ReadableStream.from: sync and async iterables, strings; non-iterables are TypeErrors.
  {
    const read = async (stream) => { const out = []; for await (const c of stream) out.push(c); return out; };
    assertEquals(await read(ReadableStream.from([1, Promise.resolve(2)])), [1, 2]);
    assertEquals(await read(ReadableStream.from("ab")), ["a", "b"]);
    assertEquals(await read(ReadableStream.from((async function* () { yield "x"; yield "y"; })())), ["x", "y"]);
    for (const bad of [null, undefined, 1, {}, Symbol()]) assertThrows(() => ReadableStream.from(bad), "TypeError", `from(${String(bad)})`);
    // Cancelling calls the iterator's return() with the reason.
    let returned;
    const iterable = { [Symbol.asyncIterator]: () => ({ next: async () => ({ value: 1, done: false }), return: async (r) => { returned = r; return { done: true }; } }) };
    await ReadableStream.from(iterable).cancel("stop");
    assertEquals(returned, "stop");
  }
  finished();
});
