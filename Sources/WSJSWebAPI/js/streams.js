// SPDX-License-Identifier: MIT
// The Streams Standard (https://streams.spec.whatwg.org/): loads its modules (js/streams/), links
// their operations, and exposes the classes and the algorithms other specifications use
// (https://streams.spec.whatwg.org/#other-specs) to the rest of the prelude as `internals.streams`.
//
// How another prelude module creates and drives streams (fetch's bodies, WebSocketStream,
// Blob.prototype.stream, TextDecoderStream, CompressionStream all do it this way):
//
//   const { streams } = internals.require("streams");
//   const readable = streams.setUpReadableStream({ pullAlgorithm, cancelAlgorithm, highWaterMark, sizeAlgorithm });
//   streams.readableStreamEnqueue(readable, chunk);   // "enqueue"
//   streams.readableStreamClose(readable);            // "close"
//   streams.readableStreamError(readable, error);     // "error"
//
// Streams, readers and writers are always the script-facing objects. Algorithms may return a
// promise or anything else, and may throw (the standard's "set up" wrappers turn that into a
// promise). A byte source uses setUpReadableByteStream and pullFromBytes or enqueue.
const modules = [
  "streams/linking", "streams/webidl-promises", "streams/misc-operations", "streams/queue-with-sizes",
  "streams/queuing-strategies", "streams/readable-stream-operations", "streams/readable-stream-readers",
  "streams/readable-stream-default-controller", "streams/readable-byte-stream-controller", "streams/readable-stream-byob-request",
  "streams/readable-byte-stream-pull-into", "streams/readable-stream-tee", "streams/readable-stream-pipe-to",
  "streams/readable-stream-iteration", "streams/readable-stream", "streams/writable-stream-operations",
  "streams/writable-stream-writer", "streams/writable-stream-default-controller", "streams/writable-stream",
  "streams/transform-stream", "streams/transform-stream-default-controller",
];
for (const name of modules) internals.require(name);
internals.streamsLinking.link();

const operations = internals.streamsLinking.exported;
const { ByteLengthQueuingStrategy, CountQueuingStrategy, sizeOfOne } = internals.streamsQueuingStrategies;
const { promiseFromAlgorithmResult } = internals.streamsPromises;
const P = internals.require("primordials").primordials;

// The script-facing classes, for the globals (bootstrap.js).
internals.ReadableStream = operations.ReadableStream;
internals.ReadableStreamDefaultReader = operations.ReadableStreamDefaultReader;
internals.ReadableStreamBYOBReader = operations.ReadableStreamBYOBReader;
internals.ReadableStreamDefaultController = operations.ReadableStreamDefaultController;
internals.ReadableByteStreamController = operations.ReadableByteStreamController;
internals.ReadableStreamBYOBRequest = operations.ReadableStreamBYOBRequest;
internals.WritableStream = operations.WritableStream;
internals.WritableStreamDefaultWriter = operations.WritableStreamDefaultWriter;
internals.WritableStreamDefaultController = operations.WritableStreamDefaultController;
internals.TransformStream = operations.TransformStream;
internals.TransformStreamDefaultController = operations.TransformStreamDefaultController;
internals.ByteLengthQueuingStrategy = ByteLengthQueuingStrategy;
internals.CountQueuingStrategy = CountQueuingStrategy;

const {
  readableStreamSlotsOf, writableStreamSlotsOf, transformStreamSlotsOf, defaultReaderSlotsOf, writerSlotsOf,
  newReadableStream, newWritableStream, newTransformStream, InitializeReadableStream, InitializeWritableStream,
  InitializeTransformStream, newReadableStreamDefaultController, newReadableByteStreamController,
  newWritableStreamDefaultController, newTransformStreamDefaultController, SetUpReadableStreamDefaultController,
  SetUpReadableByteStreamController, SetUpWritableStreamDefaultController, SetUpTransformStreamDefaultController,
} = operations;

function readableSlots(stream) {
  const slots = readableStreamSlotsOf(stream);
  if (slots === undefined) throw new P.TypeError("wsjs: expected a ReadableStream");
  return slots;
}

function writableSlots(stream) {
  const slots = writableStreamSlotsOf(stream);
  if (slots === undefined) throw new P.TypeError("wsjs: expected a WritableStream");
  return slots;
}

function transformSlots(stream) {
  const slots = transformStreamSlotsOf(stream);
  if (slots === undefined) throw new P.TypeError("wsjs: expected a TransformStream");
  return slots;
}

const returnUndefined = () => undefined;

// https://streams.spec.whatwg.org/#readablestream-set-up
function setUpReadableStream({ pullAlgorithm, cancelAlgorithm, highWaterMark = 1, sizeAlgorithm = sizeOfOne } = {}) {
  const stream = newReadableStream();
  // 1. startAlgorithm returns undefined. 2–3. The wrappers make promises of the algorithms' results.
  const pullAlgorithmWrapper = () => promiseFromAlgorithmResult(pullAlgorithm, undefined);
  const cancelAlgorithmWrapper = (reason) => promiseFromAlgorithmResult(cancelAlgorithm, reason);
  // 4. sizeAlgorithm defaults to one that returns 1. 5. Perform ! InitializeReadableStream(stream).
  InitializeReadableStream(stream);
  // 6–7. A new ReadableStreamDefaultController, set up.
  SetUpReadableStreamDefaultController(stream, newReadableStreamDefaultController(), returnUndefined, pullAlgorithmWrapper,
    cancelAlgorithmWrapper, highWaterMark, sizeAlgorithm);
  return stream.wrapper;
}

// https://streams.spec.whatwg.org/#readablestream-set-up-with-byte-reading-support
function setUpReadableByteStream({ pullAlgorithm, cancelAlgorithm, highWaterMark = 0 } = {}) {
  const stream = newReadableStream();
  const pullAlgorithmWrapper = () => promiseFromAlgorithmResult(pullAlgorithm, undefined);
  const cancelAlgorithmWrapper = (reason) => promiseFromAlgorithmResult(cancelAlgorithm, reason);
  InitializeReadableStream(stream);
  SetUpReadableByteStreamController(stream, newReadableByteStreamController(), returnUndefined, pullAlgorithmWrapper,
    cancelAlgorithmWrapper, highWaterMark, undefined);
  return stream.wrapper;
}

// https://streams.spec.whatwg.org/#readablestream-desired-size-to-fill-up-to-the-high-water-mark
function readableStreamDesiredSize(stream) {
  const slots = readableSlots(stream);
  // 1. Not readable: 0. 2–3. The controller's desired size.
  if (slots.state !== "readable") return 0;
  if (slots.controller.isByteController) return operations.ReadableByteStreamControllerGetDesiredSize(slots.controller);
  return operations.ReadableStreamDefaultControllerGetDesiredSize(slots.controller);
}

// https://streams.spec.whatwg.org/#readablestream-close
function readableStreamClose(stream) {
  const slots = readableSlots(stream);
  const controller = slots.controller;
  if (controller.isByteController) {
    // 1. A byte stream: close it, and answer a pending BYOB request with 0 bytes.
    operations.ReadableByteStreamControllerClose(controller);
    if (controller.pendingPullIntos.length > 0) operations.ReadableByteStreamControllerRespond(controller, 0);
  } else {
    // 2. Otherwise perform ! ReadableStreamDefaultControllerClose(stream.[[controller]]).
    operations.ReadableStreamDefaultControllerClose(controller);
  }
}

// https://streams.spec.whatwg.org/#readablestream-error
function readableStreamError(stream, e) {
  const controller = readableSlots(stream).controller;
  if (controller.isByteController) operations.ReadableByteStreamControllerError(controller, e);
  else operations.ReadableStreamDefaultControllerError(controller, e);
}

// https://streams.spec.whatwg.org/#readablestream-current-byob-request-view
function currentBYOBRequestView(stream) {
  // 1. Assert: a byte stream. 2–4. The view of its BYOB request, or null.
  const byobRequest = operations.ReadableByteStreamControllerGetBYOBRequest(readableSlots(stream).controller);
  return byobRequest === null ? null : byobRequest.view;
}

// https://streams.spec.whatwg.org/#readablestream-enqueue
function readableStreamEnqueue(stream, chunk) {
  const controller = readableSlots(stream).controller;
  // 1. A default controller: enqueue.
  if (!controller.isByteController) {
    operations.ReadableStreamDefaultControllerEnqueue(controller, chunk);
    return;
  }
  // 2. A byte stream: a chunk written into the current BYOB request view answers it.
  const byobView = currentBYOBRequestView(stream);
  const { ViewBuffer, ViewByteLength } = internals.streamsMisc;
  if (byobView !== null && ViewBuffer(chunk) === ViewBuffer(byobView)) {
    operations.ReadableByteStreamControllerRespond(controller, ViewByteLength(chunk));
  } else {
    operations.ReadableByteStreamControllerEnqueue(controller, chunk);
  }
}

// https://streams.spec.whatwg.org/#readablestream-pull-from-bytes: moves up to the wanted number
// of bytes from the front of `bytes` (a Uint8Array) into the stream; returns how many it took.
function pullFromBytes(stream, bytes) {
  const controller = readableSlots(stream).controller;
  // 2–4. Let available be bytes's length; desiredSize is the BYOB request view's length, if any.
  const available = P.TypedArrayPrototypeGetLength(bytes);
  const view = currentBYOBRequestView(stream);
  const desiredSize = view !== null ? P.TypedArrayPrototypeGetByteLength(view) : available;
  // 5–7. Let pullSize be the smaller of the two, and pulled the first pullSize bytes.
  const pullSize = P.MathMin(available, desiredSize);
  const pulled = P.TypedArrayPrototypeSubarray(bytes, 0, pullSize);
  if (view !== null) {
    // 8. Write pulled into the view and respond with pullSize.
    P.TypedArrayPrototypeSet(view, pulled);
    operations.ReadableByteStreamControllerRespond(controller, pullSize);
  } else {
    // 9. Otherwise enqueue a new Uint8Array with a copy of pulled.
    operations.ReadableByteStreamControllerEnqueue(controller, P.TypedArrayPrototypeSlice(pulled));
  }
  return pullSize;
}

// https://streams.spec.whatwg.org/#writablestream-set-up
function setUpWritableStream({ writeAlgorithm, closeAlgorithm, abortAlgorithm, highWaterMark = 1, sizeAlgorithm = sizeOfOne } = {}) {
  const stream = newWritableStream();
  // 1. startAlgorithm returns undefined. 2–3. The close and abort wrappers; write returns a promise
  // by contract, and is wrapped the same way so an exception cannot escape.
  const writeAlgorithmWrapper = (chunk) => promiseFromAlgorithmResult(writeAlgorithm, chunk);
  const closeAlgorithmWrapper = () => promiseFromAlgorithmResult(closeAlgorithm, undefined);
  const abortAlgorithmWrapper = (reason) => promiseFromAlgorithmResult(abortAlgorithm, reason);
  // 4–7. Initialize the stream and set up a new controller.
  InitializeWritableStream(stream);
  SetUpWritableStreamDefaultController(stream, newWritableStreamDefaultController(), returnUndefined, writeAlgorithmWrapper,
    closeAlgorithmWrapper, abortAlgorithmWrapper, highWaterMark, sizeAlgorithm);
  return stream.wrapper;
}

// https://streams.spec.whatwg.org/#transformstream-set-up
function setUpTransformStream({ transformAlgorithm, flushAlgorithm, cancelAlgorithm } = {}) {
  const stream = newTransformStream();
  // 1–4. High water marks 1 (writable) and 0 (readable), chunks counted once.
  // 5–7. The wrappers make promises of the algorithms' results.
  const transformAlgorithmWrapper = (chunk) => promiseFromAlgorithmResult(transformAlgorithm, chunk);
  const flushAlgorithmWrapper = () => promiseFromAlgorithmResult(flushAlgorithm, undefined);
  const cancelAlgorithmWrapper = (reason) => promiseFromAlgorithmResult(cancelAlgorithm, reason);
  // 8. Let startPromise be a promise resolved with undefined.
  const startPromise = internals.streamsPromises.resolvedPromiseRecord(undefined);
  // 9. Perform ! InitializeTransformStream(stream, startPromise, 1, size 1, 0, size 1).
  InitializeTransformStream(stream, startPromise, 1, sizeOfOne, 0, sizeOfOne);
  // 10–11. A new TransformStreamDefaultController, set up.
  SetUpTransformStreamDefaultController(stream, newTransformStreamDefaultController(), transformAlgorithmWrapper,
    flushAlgorithmWrapper, cancelAlgorithmWrapper);
  return stream.wrapper;
}

internals.streams = {
  // Creating and driving readable streams.
  setUpReadableStream,
  setUpReadableByteStream,
  readableStreamFromAsyncSequence: (sequence) => operations.ReadableStreamFromIterable(sequence).wrapper,
  readableStreamDesiredSize,
  readableStreamNeedsMoreData: (stream) => readableStreamDesiredSize(stream) > 0,
  readableStreamClose,
  readableStreamError,
  readableStreamEnqueue,
  currentBYOBRequestView,
  pullFromBytes,
  // Reading (https://streams.spec.whatwg.org/#other-specs-rs-reading). A read request is an object
  // with chunkSteps(chunk), closeSteps() and errorSteps(e).
  getReader: (stream) => operations.AcquireReadableStreamDefaultReader(readableSlots(stream)).wrapper,
  readChunk: (reader, readRequest) => operations.ReadableStreamDefaultReaderRead(defaultReaderSlotsOf(reader), readRequest),
  releaseReader: (reader) => operations.ReadableStreamDefaultReaderRelease(defaultReaderSlotsOf(reader)),
  cancelReader: (reader, reason) => operations.ReadableStreamReaderGenericCancel(defaultReaderSlotsOf(reader), reason),
  readableStreamCancel: (stream, reason) => operations.ReadableStreamCancel(readableSlots(stream), reason),
  readableStreamTee: (stream) => P.ArrayPrototypeMap(operations.ReadableStreamTee(readableSlots(stream), true), (branch) => branch.wrapper),
  // Introspection (https://streams.spec.whatwg.org/#other-specs-rs-introspect).
  isReadableStream: (value) => readableStreamSlotsOf(value) !== undefined,
  readableStreamIsReadable: (stream) => readableSlots(stream).state === "readable",
  readableStreamIsClosed: (stream) => readableSlots(stream).state === "closed",
  readableStreamIsErrored: (stream) => readableSlots(stream).state === "errored",
  readableStreamIsLocked: (stream) => operations.IsReadableStreamLocked(readableSlots(stream)),
  readableStreamIsDisturbed: (stream) => readableSlots(stream).disturbed,
  // Writable streams (https://streams.spec.whatwg.org/#other-specs-ws).
  setUpWritableStream,
  isWritableStream: (value) => writableStreamSlotsOf(value) !== undefined,
  writableStreamError: (stream, e) => operations.WritableStreamDefaultControllerErrorIfNeeded(writableSlots(stream).controller, e),
  writableStreamSignal: (stream) => writableSlots(stream).controller.abortSignal,
  getWriter: (stream) => operations.AcquireWritableStreamDefaultWriter(writableSlots(stream)).wrapper,
  writeChunk: (writer, chunk) => operations.WritableStreamDefaultWriterWrite(writerSlotsOf(writer), chunk),
  releaseWriter: (writer) => operations.WritableStreamDefaultWriterRelease(writerSlotsOf(writer)),
  writableStreamClose: (stream) => operations.WritableStreamClose(writableSlots(stream)),
  writableStreamAbort: (stream, reason) => operations.WritableStreamAbort(writableSlots(stream), reason),
  // Transform streams (https://streams.spec.whatwg.org/#other-specs-ts).
  setUpTransformStream,
  createIdentityTransformStream() {
    let transformStream;
    transformStream = setUpTransformStream({ transformAlgorithm: (chunk) => internals.streams.transformStreamEnqueue(transformStream, chunk) });
    return transformStream;
  },
  transformStreamEnqueue: (stream, chunk) => operations.TransformStreamDefaultControllerEnqueue(transformSlots(stream).controller, chunk),
  transformStreamTerminate: (stream) => operations.TransformStreamDefaultControllerTerminate(transformSlots(stream).controller),
  transformStreamError: (stream, e) => operations.TransformStreamDefaultControllerError(transformSlots(stream).controller, e),
  /// wsjs: undefined while the readable side wants chunks (no backpressure), otherwise a promise
  /// that settles when that changes. A transformAlgorithm that makes many chunks from one (a
  /// decompressor) waits on it between them, so its output stays bounded.
  transformStreamReadableDemand(stream) {
    const slots = transformSlots(stream);
    return slots.backpressure === true ? slots.backpressureChangePromise.promise : undefined;
  },
  // Piping (https://streams.spec.whatwg.org/#other-specs-piping); the options are booleans and
  // an AbortSignal, as in pipeTo().
  pipeTo: (readable, writable, { preventClose = false, preventAbort = false, preventCancel = false, signal } = {}) =>
    operations.ReadableStreamPipeTo(readableSlots(readable), writableSlots(writable), preventClose, preventAbort, preventCancel, signal),
  pipeThrough(readable, transform, { preventClose = false, preventAbort = false, preventCancel = false, signal } = {}) {
    const transformStream = transformSlots(transform);
    const promise = operations.ReadableStreamPipeTo(readableSlots(readable), transformStream.writable, preventClose, preventAbort, preventCancel, signal);
    internals.streamsPromises.markPromiseAsHandled(promise);
    return transformStream.readable.wrapper;
  },
  // https://streams.spec.whatwg.org/#readablestream-create-a-proxy
  createProxy: (stream) => internals.streams.pipeThrough(stream, internals.streams.createIdentityTransformStream()),
};
