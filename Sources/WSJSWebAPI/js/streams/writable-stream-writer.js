// SPDX-License-Identifier: MIT
// WritableStreamDefaultWriter (https://streams.spec.whatwg.org/#default-writer-class) and the
// writer abstract operations (https://streams.spec.whatwg.org/#ws-writer-abstract-ops).
const P = internals.require("primordials").primordials;
const { webidl } = internals.require("webidl");
const { newPromise, rejectPromise, markPromiseAsHandled, resolvedPromiseRecord, rejectedPromiseRecord, promiseResolvedWith,
  promiseRejectedWith, PENDING } = internals.require("streams/webidl-promises").streamsPromises;
const { exportOperations, importOperations } = internals.require("streams/linking").streamsLinking;

let IsWritableStreamLocked, WritableStreamAbort, WritableStreamClose, WritableStreamCloseQueuedOrInFlight,
  WritableStreamAddWriteRequest, WritableStreamDefaultControllerGetChunkSize, WritableStreamDefaultControllerGetDesiredSize,
  WritableStreamDefaultControllerWrite, writableStreamSlotsOf;
importOperations((operations) => {
  ({ IsWritableStreamLocked, WritableStreamAbort, WritableStreamClose, WritableStreamCloseQueuedOrInFlight,
    WritableStreamAddWriteRequest, WritableStreamDefaultControllerGetChunkSize, WritableStreamDefaultControllerGetDesiredSize,
    WritableStreamDefaultControllerWrite, writableStreamSlotsOf } = operations);
});

/// A writer's internal slots (https://streams.spec.whatwg.org/#default-writer-internal-slots).
class WritableStreamDefaultWriterSlots {
  constructor(wrapper) {
    this.closedPromise = undefined;
    this.readyPromise = undefined;
    this.stream = undefined;
    this.wrapper = wrapper;
    // wsjs: set by a pipe on its own writer: called when the stream's backpressure lifts.
    this.backpressureRelieved = undefined;
  }
}

const internalConstruction = P.Symbol("internal construction");
let streamUnderConstruction;
let writerSlotsOf;

function releasedWriterError(operation) {
  return new P.TypeError(`Cannot ${operation} a stream using a released writer.`);
}

// https://streams.spec.whatwg.org/#default-writer-class
class WritableStreamDefaultWriter {
  #writer;

  constructor(stream) {
    const prefix = webidl.operationPrefix("WritableStreamDefaultWriter", "constructor");
    webidl.requiredArguments(arguments.length, 1, prefix);
    let streamSlots = streamUnderConstruction;
    if (stream !== internalConstruction) {
      streamSlots = writableStreamSlotsOf(stream);
      if (streamSlots === undefined) throw webidl.makeException(P.TypeError, "parameter 1 is not of type 'WritableStream'.", prefix);
    }
    this.#writer = new WritableStreamDefaultWriterSlots(this);
    // 1. Perform ? SetUpWritableStreamDefaultWriter(this, stream).
    SetUpWritableStreamDefaultWriter(this.#writer, streamSlots);
  }

  static {
    writerSlotsOf = (value) => (typeof value === "object" && value !== null && #writer in value ? value.#writer : undefined);
  }

  // https://streams.spec.whatwg.org/#default-writer-closed
  get closed() {
    const writer = writerSlotsOf(this);
    if (writer === undefined) return promiseRejectedWith(webidl.invalidThis("WritableStreamDefaultWriter"));
    // 1. Return this.[[closedPromise]].
    return writer.closedPromise.promise;
  }

  // https://streams.spec.whatwg.org/#default-writer-desired-size
  get desiredSize() {
    const writer = writerSlotsOf(this);
    if (writer === undefined) throw webidl.invalidThis("WritableStreamDefaultWriter");
    // 1. If this.[[stream]] is undefined, throw a TypeError exception.
    if (writer.stream === undefined) throw releasedWriterError("get the desired size of");
    // 2. Return ! WritableStreamDefaultWriterGetDesiredSize(this).
    return WritableStreamDefaultWriterGetDesiredSize(writer);
  }

  // https://streams.spec.whatwg.org/#default-writer-ready
  get ready() {
    const writer = writerSlotsOf(this);
    if (writer === undefined) return promiseRejectedWith(webidl.invalidThis("WritableStreamDefaultWriter"));
    // 1. Return this.[[readyPromise]].
    return writer.readyPromise.promise;
  }

  // https://streams.spec.whatwg.org/#default-writer-abort
  abort(reason = undefined) {
    const writer = writerSlotsOf(this);
    if (writer === undefined) return promiseRejectedWith(webidl.invalidThis("WritableStreamDefaultWriter"));
    // 1. If this.[[stream]] is undefined, return a promise rejected with a TypeError exception.
    if (writer.stream === undefined) return promiseRejectedWith(releasedWriterError("abort"));
    // 2. Return ! WritableStreamDefaultWriterAbort(this, reason).
    return WritableStreamDefaultWriterAbort(writer, reason);
  }

  // https://streams.spec.whatwg.org/#default-writer-close
  close() {
    const writer = writerSlotsOf(this);
    if (writer === undefined) return promiseRejectedWith(webidl.invalidThis("WritableStreamDefaultWriter"));
    // 1. Let stream be this.[[stream]]. 2. Undefined: a promise rejected with a TypeError exception.
    const stream = writer.stream;
    if (stream === undefined) return promiseRejectedWith(releasedWriterError("close"));
    // 3. Closing or closed already: a promise rejected with a TypeError exception.
    if (WritableStreamCloseQueuedOrInFlight(stream)) return promiseRejectedWith(new P.TypeError("Cannot close a WritableStream that is already closing."));
    // 4. Return ! WritableStreamDefaultWriterClose(this).
    return WritableStreamDefaultWriterClose(writer);
  }

  // https://streams.spec.whatwg.org/#default-writer-release-lock
  releaseLock() {
    const writer = writerSlotsOf(this);
    if (writer === undefined) throw webidl.invalidThis("WritableStreamDefaultWriter");
    // 1–2. Let stream be this.[[stream]]; if it is undefined, return.
    if (writer.stream === undefined) return;
    // 3. Assert. 4. Perform ! WritableStreamDefaultWriterRelease(this).
    WritableStreamDefaultWriterRelease(writer);
  }

  // https://streams.spec.whatwg.org/#default-writer-write
  write(chunk = undefined) {
    const writer = writerSlotsOf(this);
    if (writer === undefined) return promiseRejectedWith(webidl.invalidThis("WritableStreamDefaultWriter"));
    // 1. If this.[[stream]] is undefined, return a promise rejected with a TypeError exception.
    if (writer.stream === undefined) return promiseRejectedWith(releasedWriterError("write to"));
    // 2. Return ! WritableStreamDefaultWriterWrite(this, chunk).
    return WritableStreamDefaultWriterWrite(writer, chunk);
  }
}

// https://streams.spec.whatwg.org/#acquire-writable-stream-default-writer
function AcquireWritableStreamDefaultWriter(stream) {
  // 1–3. A new WritableStreamDefaultWriter, set up for stream (this may throw).
  streamUnderConstruction = stream;
  try {
    return writerSlotsOf(new WritableStreamDefaultWriter(internalConstruction));
  } finally {
    streamUnderConstruction = undefined;
  }
}

// https://streams.spec.whatwg.org/#set-up-writable-stream-default-writer
function SetUpWritableStreamDefaultWriter(writer, stream) {
  // 1. If ! IsWritableStreamLocked(stream) is true, throw a TypeError exception.
  if (IsWritableStreamLocked(stream)) throw new P.TypeError("Cannot get a writer: the WritableStream is already locked to a writer.");
  // 2. Set writer.[[stream]] to stream. 3. Set stream.[[writer]] to writer.
  writer.stream = stream;
  stream.writer = writer;
  // 4. Let state be stream.[[state]].
  const state = stream.state;
  if (state === "writable") {
    // 5.1–5.2 Ready unless backpressure applies (and no close is queued).
    if (!WritableStreamCloseQueuedOrInFlight(stream) && stream.backpressure) writer.readyPromise = newPromise();
    else writer.readyPromise = resolvedPromiseRecord(undefined);
    // 5.3 Set writer.[[closedPromise]] to a new promise.
    writer.closedPromise = newPromise();
  } else if (state === "erroring") {
    // 6. Erroring: ready is rejected with the stored error (handled); closed is pending.
    writer.readyPromise = rejectedPromiseRecord(stream.storedError, true);
    writer.closedPromise = newPromise();
  } else if (state === "closed") {
    // 7. Closed: both resolved with undefined.
    writer.readyPromise = resolvedPromiseRecord(undefined);
    writer.closedPromise = resolvedPromiseRecord(undefined);
  } else {
    // 8. Errored: both rejected with the stored error, marked as handled.
    const storedError = stream.storedError;
    writer.readyPromise = rejectedPromiseRecord(storedError, true);
    writer.closedPromise = rejectedPromiseRecord(storedError, true);
  }
}

// https://streams.spec.whatwg.org/#writable-stream-default-writer-abort
function WritableStreamDefaultWriterAbort(writer, reason) {
  // 1–2. Let stream be writer.[[stream]]. 3. Return ! WritableStreamAbort(stream, reason).
  return WritableStreamAbort(writer.stream, reason);
}

// https://streams.spec.whatwg.org/#writable-stream-default-writer-close
function WritableStreamDefaultWriterClose(writer) {
  // 1–2. Let stream be writer.[[stream]]. 3. Return ! WritableStreamClose(stream).
  return WritableStreamClose(writer.stream);
}

// https://streams.spec.whatwg.org/#writable-stream-default-writer-close-with-error-propagation
function WritableStreamDefaultWriterCloseWithErrorPropagation(writer) {
  // 1–2. Let stream be writer.[[stream]]. 3. Let state be stream.[[state]].
  const stream = writer.stream;
  const state = stream.state;
  // 4. Closing or closed: a promise resolved with undefined.
  if (WritableStreamCloseQueuedOrInFlight(stream) || state === "closed") return promiseResolvedWith(undefined);
  // 5. Errored: a promise rejected with the stored error.
  if (state === "errored") return promiseRejectedWith(stream.storedError);
  // 6. Assert. 7. Return ! WritableStreamDefaultWriterClose(writer).
  return WritableStreamDefaultWriterClose(writer);
}

// https://streams.spec.whatwg.org/#writable-stream-default-writer-ensure-closed-promise-rejected
function WritableStreamDefaultWriterEnsureClosedPromiseRejected(writer, error) {
  // 1. Pending: reject it with error. 2. Otherwise: a promise rejected with error.
  if (writer.closedPromise.state === PENDING) rejectPromise(writer.closedPromise, error);
  else writer.closedPromise = rejectedPromiseRecord(error, false);
  // 3. Set writer.[[closedPromise]].[[PromiseIsHandled]] to true.
  markPromiseAsHandled(writer.closedPromise.promise);
}

// https://streams.spec.whatwg.org/#writable-stream-default-writer-ensure-ready-promise-rejected
function WritableStreamDefaultWriterEnsureReadyPromiseRejected(writer, error) {
  // 1. Pending: reject it with error. 2. Otherwise: a promise rejected with error.
  if (writer.readyPromise.state === PENDING) rejectPromise(writer.readyPromise, error);
  else writer.readyPromise = rejectedPromiseRecord(error, false);
  // 3. Set writer.[[readyPromise]].[[PromiseIsHandled]] to true.
  markPromiseAsHandled(writer.readyPromise.promise);
}

// https://streams.spec.whatwg.org/#writable-stream-default-writer-get-desired-size
function WritableStreamDefaultWriterGetDesiredSize(writer) {
  // 1–2. Let stream be writer.[[stream]] and state its state.
  const stream = writer.stream;
  const state = stream.state;
  // 3. Errored or erroring: null. 4. Closed: 0.
  if (state === "errored" || state === "erroring") return null;
  if (state === "closed") return 0;
  // 5. Return ! WritableStreamDefaultControllerGetDesiredSize(stream.[[controller]]).
  return WritableStreamDefaultControllerGetDesiredSize(stream.controller);
}

// https://streams.spec.whatwg.org/#writable-stream-default-writer-release
function WritableStreamDefaultWriterRelease(writer) {
  // 1–3. Let stream be writer.[[stream]], whose writer is writer.
  const stream = writer.stream;
  // 4. Let releasedError be a new TypeError.
  const releasedError = new P.TypeError("The writer was released: its lock on the stream is gone.");
  // 5–6. Reject the ready and closed promises with it.
  WritableStreamDefaultWriterEnsureReadyPromiseRejected(writer, releasedError);
  WritableStreamDefaultWriterEnsureClosedPromiseRejected(writer, releasedError);
  // 7. Set stream.[[writer]] to undefined. 8. Set writer.[[stream]] to undefined.
  stream.writer = undefined;
  writer.stream = undefined;
}

// https://streams.spec.whatwg.org/#writable-stream-default-writer-write
// wsjs: a pipe passes its own `writeRequest` (see WritableStreamAddWriteRequest); the result is
// then undefined when the chunk was accepted, and the rejected promise when it was not.
function WritableStreamDefaultWriterWrite(writer, chunk, writeRequest = undefined) {
  // 1–2. Let stream be writer.[[stream]]. 3. Let controller be stream.[[controller]].
  const stream = writer.stream;
  const controller = stream.controller;
  // 4. Let chunkSize be ! WritableStreamDefaultControllerGetChunkSize(controller, chunk).
  const chunkSize = WritableStreamDefaultControllerGetChunkSize(controller, chunk);
  // 5. The writer was released while the size was measured: a TypeError.
  if (stream !== writer.stream) return promiseRejectedWith(releasedWriterError("write to"));
  // 6. Let state be stream.[[state]]. Errored: a promise rejected with the stored error.
  const state = stream.state;
  if (state === "errored") return promiseRejectedWith(stream.storedError);
  // 7. Closing or closed: a TypeError.
  if (WritableStreamCloseQueuedOrInFlight(stream) || state === "closed") {
    return promiseRejectedWith(new P.TypeError("Cannot write to a WritableStream that is closing or closed."));
  }
  // 8. Erroring: a promise rejected with the stored error.
  if (state === "erroring") return promiseRejectedWith(stream.storedError);
  // 9. Assert: "writable". 10. Let promise be ! WritableStreamAddWriteRequest(stream).
  const promise = WritableStreamAddWriteRequest(stream, writeRequest);
  // 11. Perform ! WritableStreamDefaultControllerWrite(controller, chunk, chunkSize). 12. Return promise.
  WritableStreamDefaultControllerWrite(controller, chunk, chunkSize);
  return promise.promise;
}

webidl.configureInterface(WritableStreamDefaultWriter);

exportOperations({
  WritableStreamDefaultWriter, writerSlotsOf, AcquireWritableStreamDefaultWriter, SetUpWritableStreamDefaultWriter,
  WritableStreamDefaultWriterAbort, WritableStreamDefaultWriterClose, WritableStreamDefaultWriterCloseWithErrorPropagation,
  WritableStreamDefaultWriterEnsureClosedPromiseRejected, WritableStreamDefaultWriterEnsureReadyPromiseRejected,
  WritableStreamDefaultWriterGetDesiredSize, WritableStreamDefaultWriterRelease, WritableStreamDefaultWriterWrite,
});
