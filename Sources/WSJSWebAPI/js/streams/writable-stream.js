// SPDX-License-Identifier: MIT
// The WritableStream class (https://streams.spec.whatwg.org/#ws-class) and CreateWritableStream.
const P = internals.require("primordials").primordials;
const { webidl } = internals.require("webidl");
const { promiseRejectedWith } = internals.require("streams/webidl-promises").streamsPromises;
const { convertCallback, convertQueuingStrategy, ExtractHighWaterMark, ExtractSizeAlgorithm } =
  internals.require("streams/queuing-strategies").streamsQueuingStrategies;
const { exportOperations, importOperations } = internals.require("streams/linking").streamsLinking;
const { converters } = webidl;

let WritableStreamSlots, InitializeWritableStream, IsWritableStreamLocked, WritableStreamAbort, WritableStreamClose,
  WritableStreamCloseQueuedOrInFlight, AcquireWritableStreamDefaultWriter, newWritableStreamDefaultController,
  SetUpWritableStreamDefaultController, SetUpWritableStreamDefaultControllerFromUnderlyingSink;
importOperations((operations) => {
  ({ WritableStreamSlots, InitializeWritableStream, IsWritableStreamLocked, WritableStreamAbort, WritableStreamClose,
    WritableStreamCloseQueuedOrInFlight, AcquireWritableStreamDefaultWriter, newWritableStreamDefaultController,
    SetUpWritableStreamDefaultController, SetUpWritableStreamDefaultControllerFromUnderlyingSink } = operations);
});

// https://streams.spec.whatwg.org/#dictdef-underlyingsink
const convertUnderlyingSink = webidl.createDictionaryConverter("UnderlyingSink", [
  { key: "abort", converter: convertCallback },
  { key: "close", converter: convertCallback },
  { key: "start", converter: convertCallback },
  { key: "type", converter: converters.any },
  { key: "write", converter: convertCallback },
]);

const internalConstruction = P.Symbol("internal construction");
let writableStreamSlotsOf;

function lockedError(operation) {
  return new P.TypeError(`Failed to execute '${operation}' on 'WritableStream': the stream is locked to a writer.`);
}

// https://streams.spec.whatwg.org/#ws-class
class WritableStream {
  #stream;

  // https://streams.spec.whatwg.org/#ws-constructor
  constructor(underlyingSink = undefined, strategy = undefined) {
    if (underlyingSink === internalConstruction) {
      this.#stream = new WritableStreamSlots(this);
      return;
    }
    const prefix = webidl.operationPrefix("WritableStream", "constructor");
    // WebIDL: `optional object underlyingSink`, then `optional QueuingStrategy strategy = {}`.
    if (underlyingSink !== undefined) underlyingSink = converters.object(underlyingSink, prefix, "Argument 1");
    strategy = convertQueuingStrategy(strategy, prefix, "Argument 2");
    // 1. If underlyingSink is missing, set it to null.
    if (underlyingSink === undefined) underlyingSink = null;
    // 2. Let underlyingSinkDict be underlyingSink, converted to an UnderlyingSink.
    const underlyingSinkDict = convertUnderlyingSink(underlyingSink, prefix, "Argument 1");
    // 3. If underlyingSinkDict["type"] exists, throw a RangeError exception.
    if (underlyingSinkDict.type !== undefined) throw new P.RangeError(`${prefix}: an underlying sink's type must be undefined (no sink types are defined yet).`);
    // 4. Perform ! InitializeWritableStream(this).
    const stream = new WritableStreamSlots(this);
    this.#stream = stream;
    InitializeWritableStream(stream);
    // 5. Let sizeAlgorithm be ! ExtractSizeAlgorithm(strategy).
    const sizeAlgorithm = ExtractSizeAlgorithm(strategy);
    // 6. Let highWaterMark be ? ExtractHighWaterMark(strategy, 1).
    const highWaterMark = ExtractHighWaterMark(strategy, 1);
    // 7. Perform ? SetUpWritableStreamDefaultControllerFromUnderlyingSink(…).
    SetUpWritableStreamDefaultControllerFromUnderlyingSink(stream, underlyingSink, underlyingSinkDict, highWaterMark, sizeAlgorithm);
  }

  static {
    writableStreamSlotsOf = (value) => (typeof value === "object" && value !== null && #stream in value ? value.#stream : undefined);
  }

  // https://streams.spec.whatwg.org/#ws-locked
  get locked() {
    // 1. Return ! IsWritableStreamLocked(this).
    return IsWritableStreamLocked(streamOf(this));
  }

  // https://streams.spec.whatwg.org/#ws-abort
  abort(reason = undefined) {
    const stream = writableStreamSlotsOf(this);
    if (stream === undefined) return promiseRejectedWith(webidl.invalidThis("WritableStream"));
    // 1. If ! IsWritableStreamLocked(this) is true, return a promise rejected with a TypeError.
    if (IsWritableStreamLocked(stream)) return promiseRejectedWith(lockedError("abort"));
    // 2. Return ! WritableStreamAbort(this, reason).
    return WritableStreamAbort(stream, reason);
  }

  // https://streams.spec.whatwg.org/#ws-close
  close() {
    const stream = writableStreamSlotsOf(this);
    if (stream === undefined) return promiseRejectedWith(webidl.invalidThis("WritableStream"));
    // 1. If ! IsWritableStreamLocked(this) is true, return a promise rejected with a TypeError.
    if (IsWritableStreamLocked(stream)) return promiseRejectedWith(lockedError("close"));
    // 2. Closing already: a promise rejected with a TypeError exception.
    if (WritableStreamCloseQueuedOrInFlight(stream)) return promiseRejectedWith(new P.TypeError("Failed to execute 'close' on 'WritableStream': the stream is already closing."));
    // 3. Return ! WritableStreamClose(this).
    return WritableStreamClose(stream);
  }

  // https://streams.spec.whatwg.org/#ws-get-writer
  getWriter() {
    // 1. Return ? AcquireWritableStreamDefaultWriter(this).
    return AcquireWritableStreamDefaultWriter(streamOf(this)).wrapper;
  }
}

function streamOf(value) {
  const stream = writableStreamSlotsOf(value);
  if (stream === undefined) throw webidl.invalidThis("WritableStream");
  return stream;
}

webidl.configureInterface(WritableStream);

/// A WritableStream object created by the prelude, its constructor steps skipped; returns its slots.
function newWritableStream() {
  return writableStreamSlotsOf(new WritableStream(internalConstruction));
}

// https://streams.spec.whatwg.org/#create-writable-stream
function CreateWritableStream(startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm, highWaterMark, sizeAlgorithm) {
  // 1. Assert. 2. Let stream be a new WritableStream. 3. Perform ! InitializeWritableStream(stream).
  const stream = newWritableStream();
  InitializeWritableStream(stream);
  // 4. Let controller be a new WritableStreamDefaultController.
  const controller = newWritableStreamDefaultController();
  // 5. Perform ? SetUpWritableStreamDefaultController(…). 6. Return stream.
  SetUpWritableStreamDefaultController(stream, controller, startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm, highWaterMark, sizeAlgorithm);
  return stream;
}

exportOperations({ WritableStream, writableStreamSlotsOf, newWritableStream, CreateWritableStream });
