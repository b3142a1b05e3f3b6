// SPDX-License-Identifier: MIT
// Streams Standard: the WebIDL shape of every interface — constructors and their lengths,
// accessors and operations on the prototypes (enumerable, with the right lengths), toStringTag,
// illegal constructors, brand checks (a TypeError, or a rejected promise for promise-returning
// members), and the queuing strategies.

function describe(Class) {
  const proto = Class.prototype;
  const members = {};
  for (const key of Reflect.ownKeys(proto)) {
    if (key === "constructor" || typeof key === "symbol") continue;
    const d = Object.getOwnPropertyDescriptor(proto, key);
    assert(d.enumerable, `${Class.name}.prototype.${key} is enumerable`);
    members[key] = d.get ? (d.set ? "accessor+set" : "getter") : `method/${d.value.length}`;
  }
  return members;
}

const interfaces = [
  [ReadableStream, 0, { locked: "getter", cancel: "method/0", getReader: "method/0", pipeThrough: "method/1", pipeTo: "method/1", tee: "method/0", values: "method/0" }],
  [ReadableStreamDefaultReader, 1, { closed: "getter", cancel: "method/0", read: "method/0", releaseLock: "method/0" }],
  [ReadableStreamBYOBReader, 1, { closed: "getter", cancel: "method/0", read: "method/1", releaseLock: "method/0" }],
  [ReadableStreamDefaultController, 0, { desiredSize: "getter", close: "method/0", enqueue: "method/0", error: "method/0" }],
  [ReadableByteStreamController, 0, { byobRequest: "getter", desiredSize: "getter", close: "method/0", enqueue: "method/1", error: "method/0" }],
  [ReadableStreamBYOBRequest, 0, { view: "getter", respond: "method/1", respondWithNewView: "method/1" }],
  [WritableStream, 0, { locked: "getter", abort: "method/0", close: "method/0", getWriter: "method/0" }],
  [WritableStreamDefaultWriter, 1, { closed: "getter", desiredSize: "getter", ready: "getter", abort: "method/0", close: "method/0", releaseLock: "method/0", write: "method/0" }],
  [WritableStreamDefaultController, 0, { signal: "getter", error: "method/0" }],
  [TransformStream, 0, { readable: "getter", writable: "getter" }],
  [TransformStreamDefaultController, 0, { desiredSize: "getter", enqueue: "method/0", error: "method/0", terminate: "method/0" }],
  [ByteLengthQueuingStrategy, 1, { highWaterMark: "getter", size: "getter" }],
  [CountQueuingStrategy, 1, { highWaterMark: "getter", size: "getter" }],
];

const finished = expectCalls(1);
(async () => {
  for (const [Class, length, members] of interfaces) {
    assertEquals(Class.length, length, `${Class.name}.length`);
    assertEquals(describe(Class), members, `${Class.name} members`);
    assertEquals(Object.prototype.toString.call(Class.prototype), `[object ${Class.name}]`);
    const global = Object.getOwnPropertyDescriptor(globalThis, Class.name);
    assert(global.writable && !global.enumerable && global.configurable, `the global ${Class.name} is writable, not enumerable`);
  }
  assertEquals(ReadableStream.from.length, 1);

  // Controllers and BYOB requests cannot be constructed by scripts.
  for (const Class of [ReadableStreamDefaultController, ReadableByteStreamController, ReadableStreamBYOBRequest, WritableStreamDefaultController, TransformStreamDefaultController]) {
    assertThrows(() => new Class(), "TypeError", `new ${Class.name}()`);
  }
  assertThrows(() => ReadableStream(), "TypeError", "a class needs new");

  // Brand checks: getters and methods throw TypeErrors; promise-returning members reject.
  const fake = {};
  assertThrows(() => Object.getOwnPropertyDescriptor(ReadableStream.prototype, "locked").get.call(fake), "TypeError");
  assertThrows(() => ReadableStream.prototype.getReader.call(fake), "TypeError");
  assertThrows(() => ReadableStream.prototype.tee.call(new WritableStream()), "TypeError");
  assertThrows(() => WritableStream.prototype.getWriter.call(new ReadableStream()), "TypeError");
  assertThrows(() => Object.getOwnPropertyDescriptor(TransformStream.prototype, "readable").get.call(fake), "TypeError");
  const rejected = [
    ReadableStream.prototype.cancel.call(fake),
    ReadableStream.prototype.pipeTo.call(fake, new WritableStream()),
    ReadableStreamDefaultReader.prototype.read.call(fake),
    Object.getOwnPropertyDescriptor(ReadableStreamDefaultReader.prototype, "closed").get.call(new ReadableStream({ type: "bytes" }).getReader({ mode: "byob" })),
    WritableStream.prototype.abort.call(fake),
    WritableStreamDefaultWriter.prototype.write.call(fake, 1),
    Object.getOwnPropertyDescriptor(WritableStreamDefaultWriter.prototype, "ready").get.call(fake),
  ];
  for (const promise of rejected) {
    assert(promise instanceof Promise, "a promise-returning member returns a promise");
    const reason = await promise.then(() => null, (error) => error);
    assertEquals(reason?.name, "TypeError");
  }

  // Queuing strategies: highWaterMark is required; size is one shared non-constructor function
  // named "size" that does not look at `this`.
  assertThrows(() => new CountQueuingStrategy(), "TypeError");
  assertThrows(() => new CountQueuingStrategy({}), "TypeError");
  const count = new CountQueuingStrategy({ highWaterMark: "4" });
  assertEquals(count.highWaterMark, 4, "converted with ToNumber");
  assertEquals(count.size, new CountQueuingStrategy({ highWaterMark: 1 }).size, "one size function");
  assertEquals([count.size.name, count.size.length, count.size()], ["size", 0, 1]);
  assertThrows(() => new count.size(), "TypeError", "size is not a constructor");
  const bytes = new ByteLengthQueuingStrategy({ highWaterMark: 16 });
  assertEquals([bytes.size.name, bytes.size.length], ["size", 1]);
  assertEquals(bytes.size.call(undefined, new Uint8Array(7)), 7);
  assertThrows(() => bytes.size(undefined), "TypeError", "GetV(undefined, byteLength)");
  assertThrows(() => Object.getOwnPropertyDescriptor(CountQueuingStrategy.prototype, "size").get.call(bytes), "TypeError");
  // A strategy instance works as a stream's strategy.
  const stream = new WritableStream({}, bytes);
  assertEquals(stream.getWriter().desiredSize, 16);
  finished();
})().catch((error) => queueMicrotask(() => { throw error; }));
