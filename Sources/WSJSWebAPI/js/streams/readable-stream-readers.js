// SPDX-License-Identifier: MIT
// ReadableStreamDefaultReader and ReadableStreamBYOBReader with the ReadableStreamGenericReader
// mixin (https://streams.spec.whatwg.org/#generic-reader-mixin), and the reader abstract
// operations (https://streams.spec.whatwg.org/#rs-reader-abstract-ops).
const P = internals.require("primordials").primordials;
const { webidl } = internals.require("webidl");
const { newPromise, rejectPromise, markPromiseAsHandled, resolvedPromiseRecord, rejectedPromiseRecord, promiseRejectedWith } =
  internals.require("streams/webidl-promises").streamsPromises;
const { SimpleQueue } = internals.require("streams/queue-with-sizes").streamsQueues;
const { IsDetachedBuffer, IsTypedArray, ViewBuffer, ViewByteLength, convertArrayBufferView } = internals.require("streams/misc-operations").streamsMisc;
const { exportOperations, importOperations } = internals.require("streams/linking").streamsLinking;

let IsReadableStreamLocked, ReadableStreamCancel, ReadableByteStreamControllerPullInto, readableStreamSlotsOf;
importOperations((operations) => {
  ({ IsReadableStreamLocked, ReadableStreamCancel, ReadableByteStreamControllerPullInto, readableStreamSlotsOf } = operations);
});

/// The internal slots of either reader (https://streams.spec.whatwg.org/#generic-reader-internal-slots,
/// #default-reader-internal-slots, #byob-reader-internal-slots).
class ReadableStreamReaderSlots {
  constructor(isBYOB, wrapper) {
    this.closedPromise = undefined;
    this.isBYOB = isBYOB;
    this.readIntoRequests = undefined;
    this.readRequests = undefined;
    this.stream = undefined;
    this.wrapper = wrapper;
  }
}

/// The read request of read(): its steps settle the promise read() returned. The result object
/// has `value` before `done`, as the reference implementation and every engine make it.
class ReadRequestForPromise {
  constructor(resolve, reject) {
    this.resolve = resolve;
    this.reject = reject;
  }
  chunkSteps(chunk) { this.resolve({ value: chunk, done: false }); }
  closeSteps() { this.resolve({ value: undefined, done: true }); }
  errorSteps(e) { this.reject(e); }
}

/// The read-into request of a BYOB reader's read(): the close steps carry a chunk too.
class ReadIntoRequestForPromise {
  constructor(resolve, reject) {
    this.resolve = resolve;
    this.reject = reject;
  }
  chunkSteps(chunk) { this.resolve({ value: chunk, done: false }); }
  closeSteps(chunk) { this.resolve({ value: chunk, done: true }); }
  errorSteps(e) { this.reject(e); }
}

/// The first argument that makes a reader constructor skip the WebIDL conversion of its stream
/// (the Acquire… operations have the stream's slots already); scripts cannot reach it.
const internalConstruction = P.Symbol("internal construction");
let streamUnderConstruction;

function convertReadableStream(value, interfaceName) {
  const stream = readableStreamSlotsOf(value);
  if (stream === undefined) {
    throw webidl.makeException(P.TypeError, "parameter 1 is not of type 'ReadableStream'.", webidl.operationPrefix(interfaceName, "constructor"));
  }
  return stream;
}

function releasedReaderError(operation) {
  return new P.TypeError(`Cannot ${operation} a stream using a released reader.`);
}

let defaultReaderSlotsOf;

// https://streams.spec.whatwg.org/#default-reader-class
class ReadableStreamDefaultReader {
  #reader;

  constructor(stream) {
    webidl.requiredArguments(arguments.length, 1, webidl.operationPrefix("ReadableStreamDefaultReader", "constructor"));
    const streamSlots = stream === internalConstruction ? streamUnderConstruction : convertReadableStream(stream, "ReadableStreamDefaultReader");
    this.#reader = new ReadableStreamReaderSlots(false, this);
    // 1. Perform ? SetUpReadableStreamDefaultReader(this, stream).
    SetUpReadableStreamDefaultReader(this.#reader, streamSlots);
  }

  static {
    defaultReaderSlotsOf = (value) => (typeof value === "object" && value !== null && #reader in value ? value.#reader : undefined);
  }

  // https://streams.spec.whatwg.org/#generic-reader-closed
  get closed() {
    const reader = defaultReaderSlotsOf(this);
    if (reader === undefined) return promiseRejectedWith(webidl.invalidThis("ReadableStreamDefaultReader"));
    // 1. Return this.[[closedPromise]].
    return reader.closedPromise.promise;
  }

  // https://streams.spec.whatwg.org/#generic-reader-cancel
  cancel(reason = undefined) {
    const reader = defaultReaderSlotsOf(this);
    if (reader === undefined) return promiseRejectedWith(webidl.invalidThis("ReadableStreamDefaultReader"));
    // 1. If this.[[stream]] is undefined, return a promise rejected with a TypeError exception.
    if (reader.stream === undefined) return promiseRejectedWith(releasedReaderError("cancel"));
    // 2. Return ! ReadableStreamReaderGenericCancel(this, reason).
    return ReadableStreamReaderGenericCancel(reader, reason);
  }

  // https://streams.spec.whatwg.org/#default-reader-read
  read() {
    const reader = defaultReaderSlotsOf(this);
    if (reader === undefined) return promiseRejectedWith(webidl.invalidThis("ReadableStreamDefaultReader"));
    // 1. If this.[[stream]] is undefined, return a promise rejected with a TypeError exception.
    if (reader.stream === undefined) return promiseRejectedWith(releasedReaderError("read from"));
    // 2–3. Let promise be a new promise and readRequest a read request that settles it.
    let readRequest;
    const promise = new P.Promise((resolve, reject) => {
      readRequest = new ReadRequestForPromise(resolve, reject);
    });
    // 4. Perform ! ReadableStreamDefaultReaderRead(this, readRequest). 5. Return promise.
    ReadableStreamDefaultReaderRead(reader, readRequest);
    return promise;
  }

  // https://streams.spec.whatwg.org/#default-reader-release-lock
  releaseLock() {
    const reader = defaultReaderSlotsOf(this);
    if (reader === undefined) throw webidl.invalidThis("ReadableStreamDefaultReader");
    // 1. If this.[[stream]] is undefined, return.
    if (reader.stream === undefined) return;
    // 2. Perform ! ReadableStreamDefaultReaderRelease(this).
    ReadableStreamDefaultReaderRelease(reader);
  }
}

// https://streams.spec.whatwg.org/#dictdef-readablestreambyobreaderreadoptions
const convertBYOBReadOptions = webidl.createDictionaryConverter("ReadableStreamBYOBReaderReadOptions", [
  { key: "min", converter: webidl.converters["unsigned long long"], options: { enforceRange: true }, defaultValue: 1 },
]);

let byobReaderSlotsOf;

// https://streams.spec.whatwg.org/#byob-reader-class
class ReadableStreamBYOBReader {
  #reader;

  constructor(stream) {
    webidl.requiredArguments(arguments.length, 1, webidl.operationPrefix("ReadableStreamBYOBReader", "constructor"));
    const streamSlots = stream === internalConstruction ? streamUnderConstruction : convertReadableStream(stream, "ReadableStreamBYOBReader");
    this.#reader = new ReadableStreamReaderSlots(true, this);
    // 1. Perform ? SetUpReadableStreamBYOBReader(this, stream).
    SetUpReadableStreamBYOBReader(this.#reader, streamSlots);
  }

  static {
    byobReaderSlotsOf = (value) => (typeof value === "object" && value !== null && #reader in value ? value.#reader : undefined);
  }

  // https://streams.spec.whatwg.org/#generic-reader-closed
  get closed() {
    const reader = byobReaderSlotsOf(this);
    if (reader === undefined) return promiseRejectedWith(webidl.invalidThis("ReadableStreamBYOBReader"));
    return reader.closedPromise.promise;
  }

  // https://streams.spec.whatwg.org/#generic-reader-cancel
  cancel(reason = undefined) {
    const reader = byobReaderSlotsOf(this);
    if (reader === undefined) return promiseRejectedWith(webidl.invalidThis("ReadableStreamBYOBReader"));
    if (reader.stream === undefined) return promiseRejectedWith(releasedReaderError("cancel"));
    return ReadableStreamReaderGenericCancel(reader, reason);
  }

  // https://streams.spec.whatwg.org/#byob-reader-read
  read(view, options = undefined) {
    const reader = byobReaderSlotsOf(this);
    if (reader === undefined) return promiseRejectedWith(webidl.invalidThis("ReadableStreamBYOBReader"));
    const prefix = webidl.operationPrefix("ReadableStreamBYOBReader", "read");
    try {
      webidl.requiredArguments(arguments.length, 1, prefix);
      view = convertArrayBufferView(view, prefix, "Argument 1");
      options = convertBYOBReadOptions(options, prefix, "Argument 2");
    } catch (error) {
      return promiseRejectedWith(error);
    }
    const min = options.min;
    // 1. If view.[[ByteLength]] is 0, return a promise rejected with a TypeError exception.
    if (ViewByteLength(view) === 0) return promiseRejectedWith(new P.TypeError(`${prefix}: The view must have a non-zero byteLength.`));
    // 2. If view.[[ViewedArrayBuffer]].[[ByteLength]] is 0, the same.
    const buffer = ViewBuffer(view);
    if (P.ArrayBufferPrototypeGetByteLength(buffer) === 0) return promiseRejectedWith(new P.TypeError(`${prefix}: The view's buffer must have a non-zero byteLength.`));
    // 3. If view's buffer is detached, the same.
    if (IsDetachedBuffer(buffer)) return promiseRejectedWith(new P.TypeError(`${prefix}: The view's buffer is detached.`));
    // 4. If options["min"] is 0, return a promise rejected with a TypeError exception.
    if (min === 0) return promiseRejectedWith(new P.TypeError(`${prefix}: options.min must be greater than 0.`));
    // 5–6. min may not exceed the view's element count (typed arrays) or byte length (DataView).
    if (IsTypedArray(view)) {
      if (min > P.TypedArrayPrototypeGetLength(view)) {
        return promiseRejectedWith(new P.RangeError(`${prefix}: options.min (${min}) is greater than the view's length (${P.TypedArrayPrototypeGetLength(view)}).`));
      }
    } else if (min > ViewByteLength(view)) {
      return promiseRejectedWith(new P.RangeError(`${prefix}: options.min (${min}) is greater than the view's byteLength (${ViewByteLength(view)}).`));
    }
    // 7. If this.[[stream]] is undefined, return a promise rejected with a TypeError exception.
    if (reader.stream === undefined) return promiseRejectedWith(releasedReaderError("read from"));
    // 8–9. Let promise be a new promise and readIntoRequest a read-into request that settles it.
    let readIntoRequest;
    const promise = new P.Promise((resolve, reject) => {
      readIntoRequest = new ReadIntoRequestForPromise(resolve, reject);
    });
    // 10. Perform ! ReadableStreamBYOBReaderRead(this, view, options["min"], readIntoRequest).
    ReadableStreamBYOBReaderRead(reader, view, min, readIntoRequest);
    // 11. Return promise.
    return promise;
  }

  // https://streams.spec.whatwg.org/#byob-reader-release-lock
  releaseLock() {
    const reader = byobReaderSlotsOf(this);
    if (reader === undefined) throw webidl.invalidThis("ReadableStreamBYOBReader");
    // 1. If this.[[stream]] is undefined, return.
    if (reader.stream === undefined) return;
    // 2. Perform ! ReadableStreamBYOBReaderRelease(this).
    ReadableStreamBYOBReaderRelease(reader);
  }
}

// https://streams.spec.whatwg.org/#acquire-readable-stream-byob-reader
function AcquireReadableStreamBYOBReader(stream) {
  // 1–3. A new ReadableStreamBYOBReader, set up for stream (this may throw).
  streamUnderConstruction = stream;
  try {
    return byobReaderSlotsOf(new ReadableStreamBYOBReader(internalConstruction));
  } finally {
    streamUnderConstruction = undefined;
  }
}

// https://streams.spec.whatwg.org/#acquire-readable-stream-reader
function AcquireReadableStreamDefaultReader(stream) {
  // 1–3. A new ReadableStreamDefaultReader, set up for stream (this may throw).
  streamUnderConstruction = stream;
  try {
    return defaultReaderSlotsOf(new ReadableStreamDefaultReader(internalConstruction));
  } finally {
    streamUnderConstruction = undefined;
  }
}

// https://streams.spec.whatwg.org/#readable-stream-reader-generic-cancel
function ReadableStreamReaderGenericCancel(reader, reason) {
  // 1–2. Let stream be reader.[[stream]] (not undefined). 3. Return ! ReadableStreamCancel(stream, reason).
  return ReadableStreamCancel(reader.stream, reason);
}

// https://streams.spec.whatwg.org/#readable-stream-reader-generic-initialize
function ReadableStreamReaderGenericInitialize(reader, stream) {
  // 1. Set reader.[[stream]] to stream. 2. Set stream.[[reader]] to reader.
  reader.stream = stream;
  stream.reader = reader;
  if (stream.state === "readable") {
    // 3. A readable stream: a new promise.
    reader.closedPromise = newPromise();
  } else if (stream.state === "closed") {
    // 4. A closed stream: a promise resolved with undefined.
    reader.closedPromise = resolvedPromiseRecord(undefined);
  } else {
    // 5. An errored stream: a promise rejected with the stored error, marked as handled.
    reader.closedPromise = rejectedPromiseRecord(stream.storedError, true);
  }
}

// https://streams.spec.whatwg.org/#readable-stream-reader-generic-release
function ReadableStreamReaderGenericRelease(reader) {
  // 1–3. Let stream be reader.[[stream]], whose reader is reader.
  const stream = reader.stream;
  const releasedError = new P.TypeError("The reader was released: its lock on the stream is gone.");
  if (stream.state === "readable") {
    // 4. Reject reader.[[closedPromise]] with a TypeError exception.
    rejectPromise(reader.closedPromise, releasedError);
  } else {
    // 5. Otherwise set it to a promise rejected with a TypeError exception.
    reader.closedPromise = rejectedPromiseRecord(releasedError, false);
  }
  // 6. Set reader.[[closedPromise]].[[PromiseIsHandled]] to true.
  markPromiseAsHandled(reader.closedPromise.promise);
  // 7. Perform ! stream.[[controller]].[[ReleaseSteps]]().
  stream.controller.releaseSteps();
  // 8. Set stream.[[reader]] to undefined. 9. Set reader.[[stream]] to undefined.
  stream.reader = undefined;
  reader.stream = undefined;
}

// https://streams.spec.whatwg.org/#abstract-opdef-readablestreambyobreadererrorreadintorequests
function ReadableStreamBYOBReaderErrorReadIntoRequests(reader, e) {
  // 1–2. Take the list and give the reader a new empty one.
  const readIntoRequests = reader.readIntoRequests;
  if (readIntoRequests.length === 0) return;
  reader.readIntoRequests = new SimpleQueue();
  // 3. Perform each read-into request's error steps, given e.
  while (readIntoRequests.length > 0) readIntoRequests.shift().errorSteps(e);
}

// https://streams.spec.whatwg.org/#readable-stream-byob-reader-read
function ReadableStreamBYOBReaderRead(reader, view, min, readIntoRequest) {
  // 1–2. Let stream be reader.[[stream]] (not undefined). 3. Set stream.[[disturbed]] to true.
  const stream = reader.stream;
  stream.disturbed = true;
  // 4. An errored stream: perform readIntoRequest's error steps given the stored error.
  if (stream.state === "errored") readIntoRequest.errorSteps(stream.storedError);
  // 5. Otherwise perform ! ReadableByteStreamControllerPullInto(controller, view, min, readIntoRequest).
  else ReadableByteStreamControllerPullInto(stream.controller, view, min, readIntoRequest);
}

// https://streams.spec.whatwg.org/#abstract-opdef-readablestreambyobreaderrelease
function ReadableStreamBYOBReaderRelease(reader) {
  // 1. Perform ! ReadableStreamReaderGenericRelease(reader).
  ReadableStreamReaderGenericRelease(reader);
  // 2–3. Error the pending read-into requests with a new TypeError.
  ReadableStreamBYOBReaderErrorReadIntoRequests(reader, new P.TypeError("The reader was released while a read was pending."));
}

// https://streams.spec.whatwg.org/#abstract-opdef-readablestreamdefaultreadererrorreadrequests
function ReadableStreamDefaultReaderErrorReadRequests(reader, e) {
  // 1–2. Take the list and give the reader a new empty one.
  const readRequests = reader.readRequests;
  if (readRequests.length === 0) return;
  reader.readRequests = new SimpleQueue();
  // 3. Perform each read request's error steps, given e.
  while (readRequests.length > 0) readRequests.shift().errorSteps(e);
}

// https://streams.spec.whatwg.org/#readable-stream-default-reader-read
function ReadableStreamDefaultReaderRead(reader, readRequest) {
  // 1–2. Let stream be reader.[[stream]] (not undefined). 3. Set stream.[[disturbed]] to true.
  const stream = reader.stream;
  stream.disturbed = true;
  const state = stream.state;
  // 4. Closed: perform readRequest's close steps.
  if (state === "closed") readRequest.closeSteps();
  // 5. Errored: perform readRequest's error steps given the stored error.
  else if (state === "errored") readRequest.errorSteps(stream.storedError);
  // 6. Readable: perform ! stream.[[controller]].[[PullSteps]](readRequest).
  else stream.controller.pullSteps(readRequest);
}

// https://streams.spec.whatwg.org/#abstract-opdef-readablestreamdefaultreaderrelease
function ReadableStreamDefaultReaderRelease(reader) {
  // 1. Perform ! ReadableStreamReaderGenericRelease(reader).
  ReadableStreamReaderGenericRelease(reader);
  // 2–3. Error the pending read requests with a new TypeError.
  ReadableStreamDefaultReaderErrorReadRequests(reader, new P.TypeError("The reader was released while a read was pending."));
}

// https://streams.spec.whatwg.org/#set-up-readable-stream-byob-reader
function SetUpReadableStreamBYOBReader(reader, stream) {
  // 1. If ! IsReadableStreamLocked(stream) is true, throw a TypeError exception.
  if (IsReadableStreamLocked(stream)) throw new P.TypeError("Cannot get a BYOB reader: the ReadableStream is already locked to a reader.");
  // 2. If stream.[[controller]] is not a ReadableByteStreamController, throw a TypeError exception.
  if (!stream.controller.isByteController) throw new P.TypeError("Cannot get a BYOB reader for a ReadableStream that is not a byte stream (type: \"bytes\").");
  // 3. Perform ! ReadableStreamReaderGenericInitialize(reader, stream).
  ReadableStreamReaderGenericInitialize(reader, stream);
  // 4. Set reader.[[readIntoRequests]] to a new empty list.
  reader.readIntoRequests = new SimpleQueue();
}

// https://streams.spec.whatwg.org/#set-up-readable-stream-default-reader
function SetUpReadableStreamDefaultReader(reader, stream) {
  // 1. If ! IsReadableStreamLocked(stream) is true, throw a TypeError exception.
  if (IsReadableStreamLocked(stream)) throw new P.TypeError("Cannot get a reader: the ReadableStream is already locked to a reader.");
  // 2. Perform ! ReadableStreamReaderGenericInitialize(reader, stream).
  ReadableStreamReaderGenericInitialize(reader, stream);
  // 3. Set reader.[[readRequests]] to a new empty list.
  reader.readRequests = new SimpleQueue();
}

webidl.configureInterface(ReadableStreamDefaultReader);
webidl.configureInterface(ReadableStreamBYOBReader);

exportOperations({
  ReadableStreamDefaultReader, ReadableStreamBYOBReader, defaultReaderSlotsOf, byobReaderSlotsOf,
  AcquireReadableStreamBYOBReader, AcquireReadableStreamDefaultReader, ReadableStreamReaderGenericCancel,
  ReadableStreamReaderGenericInitialize, ReadableStreamReaderGenericRelease, ReadableStreamBYOBReaderErrorReadIntoRequests,
  ReadableStreamBYOBReaderRead, ReadableStreamBYOBReaderRelease, ReadableStreamDefaultReaderErrorReadRequests,
  ReadableStreamDefaultReaderRead, ReadableStreamDefaultReaderRelease, SetUpReadableStreamBYOBReader,
  SetUpReadableStreamDefaultReader,
});
