// SPDX-License-Identifier: MIT
// The ReadableStream class (https://streams.spec.whatwg.org/#rs-class) and the operations that
// create readable streams (CreateReadableStream, CreateReadableByteStream).
const P = internals.require("primordials").primordials;
const { webidl } = internals.require("webidl");
const { promiseRejectedWith, markPromiseAsHandled } = internals.require("streams/webidl-promises").streamsPromises;
const { convertCallback, convertQueuingStrategy, ExtractHighWaterMark, ExtractSizeAlgorithm, sizeOfOne } =
  internals.require("streams/queuing-strategies").streamsQueuingStrategies;
const { exportOperations, importOperations } = internals.require("streams/linking").streamsLinking;
const { converters } = webidl;

let ReadableStreamSlots, InitializeReadableStream, IsReadableStreamLocked, ReadableStreamCancel,
  AcquireReadableStreamDefaultReader, AcquireReadableStreamBYOBReader, newReadableStreamDefaultController,
  newReadableByteStreamController, SetUpReadableStreamDefaultController, SetUpReadableByteStreamController,
  SetUpReadableStreamDefaultControllerFromUnderlyingSource, SetUpReadableByteStreamControllerFromUnderlyingSource,
  ReadableStreamTee, ReadableStreamPipeTo, ReadableStreamFromIterable, ReadableStreamAsyncIteratorValues,
  writableStreamSlotsOf, IsWritableStreamLocked;
importOperations((operations) => {
  ({ ReadableStreamSlots, InitializeReadableStream, IsReadableStreamLocked, ReadableStreamCancel,
    AcquireReadableStreamDefaultReader, AcquireReadableStreamBYOBReader, newReadableStreamDefaultController,
    newReadableByteStreamController, SetUpReadableStreamDefaultController, SetUpReadableByteStreamController,
    SetUpReadableStreamDefaultControllerFromUnderlyingSource, SetUpReadableByteStreamControllerFromUnderlyingSource,
    ReadableStreamTee, ReadableStreamPipeTo, ReadableStreamFromIterable, ReadableStreamAsyncIteratorValues,
    writableStreamSlotsOf, IsWritableStreamLocked } = operations);
});

function enumConverter(typeName, values) {
  return (value, prefix, context) => {
    value = converters.DOMString(value, prefix, context);
    if (!P.ArrayPrototypeIncludes(values, value)) {
      throw webidl.makeException(P.TypeError, `The provided value '${value}' is not a valid enum value of type ${typeName}.`, prefix, context);
    }
    return value;
  };
}

// https://streams.spec.whatwg.org/#dictdef-underlyingsource
const convertUnderlyingSource = webidl.createDictionaryConverter("UnderlyingSource", [
  { key: "autoAllocateChunkSize", converter: converters["unsigned long long"], options: { enforceRange: true } },
  { key: "cancel", converter: convertCallback },
  { key: "pull", converter: convertCallback },
  { key: "start", converter: convertCallback },
  { key: "type", converter: enumConverter("ReadableStreamType", ["bytes"]) },
]);

// https://streams.spec.whatwg.org/#dictdef-readablestreamgetreaderoptions
const convertGetReaderOptions = webidl.createDictionaryConverter("ReadableStreamGetReaderOptions", [
  { key: "mode", converter: enumConverter("ReadableStreamReaderMode", ["byob"]) },
]);

function convertAbortSignalMember(value, prefix, context) {
  return internals.require("abort").convertAbortSignal(value, prefix, context);
}

// https://streams.spec.whatwg.org/#dictdef-streampipeoptions
const convertStreamPipeOptions = webidl.createDictionaryConverter("StreamPipeOptions", [
  { key: "preventAbort", converter: converters.boolean, defaultValue: false },
  { key: "preventCancel", converter: converters.boolean, defaultValue: false },
  { key: "preventClose", converter: converters.boolean, defaultValue: false },
  { key: "signal", converter: convertAbortSignalMember },
]);

function convertReadableStreamMember(value, prefix, context) {
  if (readableStreamSlotsOf(value) === undefined) throw webidl.makeException(P.TypeError, "is not of type 'ReadableStream'.", prefix, context);
  return value;
}

function convertWritableStreamMember(value, prefix, context) {
  if (writableStreamSlotsOf(value) === undefined) throw webidl.makeException(P.TypeError, "is not of type 'WritableStream'.", prefix, context);
  return value;
}

// https://streams.spec.whatwg.org/#dictdef-readablewritablepair
const convertReadableWritablePair = webidl.createDictionaryConverter("ReadableWritablePair", [
  { key: "readable", converter: convertReadableStreamMember, required: true },
  { key: "writable", converter: convertWritableStreamMember, required: true },
]);

// https://streams.spec.whatwg.org/#dictdef-readablestreamiteratoroptions
const convertIteratorOptions = webidl.createDictionaryConverter("ReadableStreamIteratorOptions", [
  { key: "preventCancel", converter: converters.boolean, defaultValue: false },
]);

/// The first argument that makes the constructor skip its steps (CreateReadableStream and the
/// "set up" algorithms of other specifications initialize the stream themselves).
const internalConstruction = P.Symbol("internal construction");
let readableStreamSlotsOf;

function lockedError(operation) {
  return new P.TypeError(`Failed to execute '${operation}' on 'ReadableStream': the stream is locked to a reader.`);
}

// https://streams.spec.whatwg.org/#rs-class
class ReadableStream {
  #stream;

  // https://streams.spec.whatwg.org/#rs-constructor
  constructor(underlyingSource = undefined, strategy = undefined) {
    if (underlyingSource === internalConstruction) {
      this.#stream = new ReadableStreamSlots(this);
      return;
    }
    const prefix = webidl.operationPrefix("ReadableStream", "constructor");
    // WebIDL: `optional object underlyingSource`, then `optional QueuingStrategy strategy = {}`.
    if (underlyingSource !== undefined) underlyingSource = converters.object(underlyingSource, prefix, "Argument 1");
    strategy = convertQueuingStrategy(strategy, prefix, "Argument 2");
    // 1. If underlyingSource is missing, set it to null.
    if (underlyingSource === undefined) underlyingSource = null;
    // 2. Let underlyingSourceDict be underlyingSource, converted to an UnderlyingSource.
    const underlyingSourceDict = convertUnderlyingSource(underlyingSource, prefix, "Argument 1");
    // 3. Perform ! InitializeReadableStream(this).
    const stream = new ReadableStreamSlots(this);
    this.#stream = stream;
    InitializeReadableStream(stream);
    if (underlyingSourceDict.type === "bytes") {
      // 4.1 If strategy["size"] exists, throw a RangeError exception.
      if (strategy.size !== undefined) throw new P.RangeError(`${prefix}: a byte stream's queuing strategy cannot have a size() function.`);
      // 4.2 Let highWaterMark be ? ExtractHighWaterMark(strategy, 0).
      const highWaterMark = ExtractHighWaterMark(strategy, 0);
      // 4.3 Perform ? SetUpReadableByteStreamControllerFromUnderlyingSource(…).
      SetUpReadableByteStreamControllerFromUnderlyingSource(stream, underlyingSource, underlyingSourceDict, highWaterMark);
    } else {
      // 5.1 Assert: no type. 5.2 Let sizeAlgorithm be ! ExtractSizeAlgorithm(strategy).
      const sizeAlgorithm = ExtractSizeAlgorithm(strategy);
      // 5.3 Let highWaterMark be ? ExtractHighWaterMark(strategy, 1).
      const highWaterMark = ExtractHighWaterMark(strategy, 1);
      // 5.4 Perform ? SetUpReadableStreamDefaultControllerFromUnderlyingSource(…).
      SetUpReadableStreamDefaultControllerFromUnderlyingSource(stream, underlyingSource, underlyingSourceDict, highWaterMark, sizeAlgorithm);
    }
  }

  static {
    readableStreamSlotsOf = (value) => (typeof value === "object" && value !== null && #stream in value ? value.#stream : undefined);
  }

  // https://streams.spec.whatwg.org/#rs-from
  static from(asyncIterable) {
    webidl.requiredArguments(arguments.length, 1, webidl.operationPrefix("ReadableStream", "from"));
    // 1. Return ? ReadableStreamFromIterable(asyncIterable).
    return ReadableStreamFromIterable(asyncIterable).wrapper;
  }

  // https://streams.spec.whatwg.org/#rs-locked
  get locked() {
    // 1. Return ! IsReadableStreamLocked(this).
    return IsReadableStreamLocked(streamOf(this));
  }

  // https://streams.spec.whatwg.org/#rs-cancel
  cancel(reason = undefined) {
    const stream = readableStreamSlotsOf(this);
    if (stream === undefined) return promiseRejectedWith(webidl.invalidThis("ReadableStream"));
    // 1. If ! IsReadableStreamLocked(this) is true, return a promise rejected with a TypeError.
    if (IsReadableStreamLocked(stream)) return promiseRejectedWith(lockedError("cancel"));
    // 2. Return ! ReadableStreamCancel(this, reason).
    return ReadableStreamCancel(stream, reason);
  }

  // https://streams.spec.whatwg.org/#rs-get-reader
  getReader(options = undefined) {
    const stream = streamOf(this);
    options = convertGetReaderOptions(options, webidl.operationPrefix("ReadableStream", "getReader"), "Argument 1");
    // 1. No mode: return ? AcquireReadableStreamDefaultReader(this).
    if (options.mode === undefined) return AcquireReadableStreamDefaultReader(stream).wrapper;
    // 2. Assert: mode is "byob". 3. Return ? AcquireReadableStreamBYOBReader(this).
    return AcquireReadableStreamBYOBReader(stream).wrapper;
  }

  // https://streams.spec.whatwg.org/#rs-pipe-through
  pipeThrough(transform, options = undefined) {
    const stream = streamOf(this);
    const prefix = webidl.operationPrefix("ReadableStream", "pipeThrough");
    webidl.requiredArguments(arguments.length, 1, prefix);
    transform = convertReadableWritablePair(transform, prefix, "Argument 1");
    options = convertStreamPipeOptions(options, prefix, "Argument 2");
    // 1. If ! IsReadableStreamLocked(this) is true, throw a TypeError exception.
    if (IsReadableStreamLocked(stream)) throw lockedError("pipeThrough");
    // 2. If ! IsWritableStreamLocked(transform["writable"]) is true, throw a TypeError exception.
    const writable = writableStreamSlotsOf(transform.writable);
    if (IsWritableStreamLocked(writable)) throw new P.TypeError(`${prefix}: the transform's writable side is locked to a writer.`);
    // 3. Let signal be options["signal"] if it exists, or undefined otherwise.
    // 4. Let promise be ! ReadableStreamPipeTo(this, transform["writable"], …, signal).
    const promise = ReadableStreamPipeTo(stream, writable, options.preventClose, options.preventAbort, options.preventCancel, options.signal);
    // 5. Set promise.[[PromiseIsHandled]] to true.
    markPromiseAsHandled(promise);
    // 6. Return transform["readable"].
    return transform.readable;
  }

  // https://streams.spec.whatwg.org/#rs-pipe-to
  pipeTo(destination, options = undefined) {
    const stream = readableStreamSlotsOf(this);
    const prefix = webidl.operationPrefix("ReadableStream", "pipeTo");
    if (stream === undefined) return promiseRejectedWith(webidl.invalidThis("ReadableStream"));
    let dest;
    try {
      webidl.requiredArguments(arguments.length, 1, prefix);
      dest = writableStreamSlotsOf(destination);
      if (dest === undefined) throw webidl.makeException(P.TypeError, "parameter 1 is not of type 'WritableStream'.", prefix);
      options = convertStreamPipeOptions(options, prefix, "Argument 2");
    } catch (error) {
      return promiseRejectedWith(error);
    }
    // 1. If ! IsReadableStreamLocked(this) is true, return a promise rejected with a TypeError.
    if (IsReadableStreamLocked(stream)) return promiseRejectedWith(lockedError("pipeTo"));
    // 2. If ! IsWritableStreamLocked(destination) is true, return a promise rejected with a TypeError.
    if (IsWritableStreamLocked(dest)) return promiseRejectedWith(new P.TypeError(`${prefix}: the destination WritableStream is locked to a writer.`));
    // 3. Let signal be options["signal"] if it exists. 4. Return ! ReadableStreamPipeTo(…).
    return ReadableStreamPipeTo(stream, dest, options.preventClose, options.preventAbort, options.preventCancel, options.signal);
  }

  // https://streams.spec.whatwg.org/#rs-tee
  tee() {
    // 1. Return ? ReadableStreamTee(this, false).
    const branches = ReadableStreamTee(streamOf(this), false);
    return [branches[0].wrapper, branches[1].wrapper];
  }

  // https://webidl.spec.whatwg.org/#es-asynchronous-iterable: async_iterable<any>(optional
  // ReadableStreamIteratorOptions options = {}).
  values(options = undefined) {
    const stream = streamOf(this);
    options = convertIteratorOptions(options, webidl.operationPrefix("ReadableStream", "values"), "Argument 1");
    return ReadableStreamAsyncIteratorValues(stream, options.preventCancel);
  }
}

function streamOf(value) {
  const stream = readableStreamSlotsOf(value);
  if (stream === undefined) throw webidl.invalidThis("ReadableStream");
  return stream;
}

webidl.configureInterface(ReadableStream);
// WebIDL §3.7.10: the @@asyncIterator property is the `values` function itself.
P.ObjectDefineProperty(ReadableStream.prototype, P.Symbol.asyncIterator, {
  value: ReadableStream.prototype.values, writable: true, enumerable: false, configurable: true,
});

/// A ReadableStream object created by the prelude, its constructor steps skipped; returns its slots.
function newReadableStream() {
  return readableStreamSlotsOf(new ReadableStream(internalConstruction));
}

// https://streams.spec.whatwg.org/#create-readable-stream
function CreateReadableStream(startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark = 1, sizeAlgorithm = sizeOfOne) {
  // 1–3. Defaults for highWaterMark (1) and sizeAlgorithm (returns 1); asserts.
  // 4. Let stream be a new ReadableStream. 5. Perform ! InitializeReadableStream(stream).
  const stream = newReadableStream();
  InitializeReadableStream(stream);
  // 6. Let controller be a new ReadableStreamDefaultController.
  const controller = newReadableStreamDefaultController();
  // 7. Perform ? SetUpReadableStreamDefaultController(…). 8. Return stream.
  SetUpReadableStreamDefaultController(stream, controller, startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark, sizeAlgorithm);
  return stream;
}

// https://streams.spec.whatwg.org/#abstract-opdef-createreadablebytestream
function CreateReadableByteStream(startAlgorithm, pullAlgorithm, cancelAlgorithm) {
  // 1. Let stream be a new ReadableStream. 2. Perform ! InitializeReadableStream(stream).
  const stream = newReadableStream();
  InitializeReadableStream(stream);
  // 3. Let controller be a new ReadableByteStreamController.
  const controller = newReadableByteStreamController();
  // 4. Perform ? SetUpReadableByteStreamController(…, 0, undefined). 5. Return stream.
  SetUpReadableByteStreamController(stream, controller, startAlgorithm, pullAlgorithm, cancelAlgorithm, 0, undefined);
  return stream;
}

exportOperations({ ReadableStream, readableStreamSlotsOf, newReadableStream, CreateReadableStream, CreateReadableByteStream });
