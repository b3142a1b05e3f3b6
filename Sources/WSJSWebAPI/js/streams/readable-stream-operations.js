// SPDX-License-Identifier: MIT
// The abstract operations that work with readable streams and that controllers use to affect
// their stream (https://streams.spec.whatwg.org/#rs-abstract-ops,
// https://streams.spec.whatwg.org/#rs-abstract-ops-used-by-controllers), and the record that holds
// a ReadableStream's internal slots.
const { resolvePromise, rejectPromise, markPromiseAsHandled, promiseResolvedWith, promiseRejectedWith, uponPromise } =
  internals.require("streams/webidl-promises").streamsPromises;
const { SimpleQueue } = internals.require("streams/queue-with-sizes").streamsQueues;
const { exportOperations } = internals.require("streams/linking").streamsLinking;

/// A ReadableStream's internal slots (https://streams.spec.whatwg.org/#rs-internal-slots); the
/// script-facing ReadableStream object is `wrapper`. [[Detached]] is left out: wsjs has no
/// postMessage, so no stream is ever transferred.
class ReadableStreamSlots {
  constructor(wrapper) {
    this.controller = undefined;
    this.disturbed = false;
    this.reader = undefined;
    this.state = "readable";
    this.storedError = undefined;
    this.wrapper = wrapper;
  }
}

// https://streams.spec.whatwg.org/#initialize-readable-stream
function InitializeReadableStream(stream) {
  // 1. Set stream.[[state]] to "readable".
  stream.state = "readable";
  // 2. Set stream.[[reader]] and stream.[[storedError]] to undefined.
  stream.reader = undefined;
  stream.storedError = undefined;
  // 3. Set stream.[[disturbed]] to false.
  stream.disturbed = false;
}

// https://streams.spec.whatwg.org/#is-readable-stream-locked
function IsReadableStreamLocked(stream) {
  // 1–2. Locked while a reader holds it.
  return stream.reader !== undefined;
}

const returnUndefined = () => undefined;

// https://streams.spec.whatwg.org/#readable-stream-cancel
function ReadableStreamCancel(stream, reason) {
  // 1. Set stream.[[disturbed]] to true.
  stream.disturbed = true;
  // 2. If stream.[[state]] is "closed", return a promise resolved with undefined.
  if (stream.state === "closed") return promiseResolvedWith(undefined);
  // 3. If stream.[[state]] is "errored", return a promise rejected with stream.[[storedError]].
  if (stream.state === "errored") return promiseRejectedWith(stream.storedError);
  // 4. Perform ! ReadableStreamClose(stream).
  ReadableStreamClose(stream);
  // 5. Let reader be stream.[[reader]].
  const reader = stream.reader;
  // 6. If reader is a BYOB reader, empty its [[readIntoRequests]] and perform each one's close
  // steps, given undefined.
  if (reader !== undefined && reader.isBYOB) {
    const readIntoRequests = reader.readIntoRequests;
    reader.readIntoRequests = new SimpleQueue();
    while (readIntoRequests.length > 0) readIntoRequests.shift().closeSteps(undefined);
  }
  // 7. Let sourceCancelPromise be ! stream.[[controller]].[[CancelSteps]](reason).
  const sourceCancelPromise = stream.controller.cancelSteps(reason);
  // 8. Return the result of reacting to sourceCancelPromise with a fulfillment step that returns
  // undefined.
  return uponPromise(sourceCancelPromise, returnUndefined);
}

// https://streams.spec.whatwg.org/#readable-stream-close
function ReadableStreamClose(stream) {
  // 1. Assert: stream.[[state]] is "readable". 2. Set it to "closed".
  stream.state = "closed";
  // 3–4. Let reader be stream.[[reader]]; if it is undefined, return.
  const reader = stream.reader;
  if (reader === undefined) return;
  // 5. Resolve reader.[[closedPromise]] with undefined.
  resolvePromise(reader.closedPromise, undefined);
  // 6. If reader is a default reader, empty its [[readRequests]] and perform each one's close
  // steps.
  if (!reader.isBYOB) {
    const readRequests = reader.readRequests;
    if (readRequests.length === 0) return;
    reader.readRequests = new SimpleQueue();
    while (readRequests.length > 0) readRequests.shift().closeSteps();
  }
}

// https://streams.spec.whatwg.org/#readable-stream-error
function ReadableStreamError(stream, e) {
  // 1. Assert: stream.[[state]] is "readable". 2–3. Set it to "errored", storing e.
  stream.state = "errored";
  stream.storedError = e;
  // 4–5. Let reader be stream.[[reader]]; if it is undefined, return.
  const reader = stream.reader;
  if (reader === undefined) return;
  // 6. Reject reader.[[closedPromise]] with e. 7. Set its [[PromiseIsHandled]] to true.
  rejectPromise(reader.closedPromise, e);
  markPromiseAsHandled(reader.closedPromise.promise);
  // 8–9. Error the pending read requests or read-into requests.
  if (!reader.isBYOB) ReadableStreamDefaultReaderErrorReadRequests(reader, e);
  else ReadableStreamBYOBReaderErrorReadIntoRequests(reader, e);
}

// https://streams.spec.whatwg.org/#readable-stream-add-read-into-request
function ReadableStreamAddReadIntoRequest(stream, readRequest) {
  // 1–2. Assert: a BYOB reader; the stream is "readable" or "closed". 3. Append readRequest.
  stream.reader.readIntoRequests.push(readRequest);
}

// https://streams.spec.whatwg.org/#readable-stream-add-read-request
function ReadableStreamAddReadRequest(stream, readRequest) {
  // 1–2. Assert: a default reader; the stream is "readable". 3. Append readRequest.
  stream.reader.readRequests.push(readRequest);
}

// https://streams.spec.whatwg.org/#readable-stream-fulfill-read-into-request
function ReadableStreamFulfillReadIntoRequest(stream, chunk, done) {
  // 1–3. Assert: a BYOB reader with a pending read-into request.
  // 4–5. Take the first read-into request off the list.
  const readIntoRequest = stream.reader.readIntoRequests.shift();
  // 6–7. Perform its close steps or its chunk steps, given chunk.
  if (done) readIntoRequest.closeSteps(chunk);
  else readIntoRequest.chunkSteps(chunk);
}

// https://streams.spec.whatwg.org/#readable-stream-fulfill-read-request
function ReadableStreamFulfillReadRequest(stream, chunk, done) {
  // 1–3. Assert: a default reader with a pending read request.
  // 4–5. Take the first read request off the list.
  const readRequest = stream.reader.readRequests.shift();
  // 6–7. Perform its close steps, or its chunk steps given chunk.
  if (done) readRequest.closeSteps();
  else readRequest.chunkSteps(chunk);
}

// https://streams.spec.whatwg.org/#readable-stream-get-num-read-into-requests
function ReadableStreamGetNumReadIntoRequests(stream) {
  return stream.reader.readIntoRequests.length;
}

// https://streams.spec.whatwg.org/#readable-stream-get-num-read-requests
function ReadableStreamGetNumReadRequests(stream) {
  return stream.reader.readRequests.length;
}

// https://streams.spec.whatwg.org/#readable-stream-has-byob-reader
function ReadableStreamHasBYOBReader(stream) {
  // 1–4. True when the reader is a BYOB reader.
  const reader = stream.reader;
  return reader !== undefined && reader.isBYOB;
}

// https://streams.spec.whatwg.org/#readable-stream-has-default-reader
function ReadableStreamHasDefaultReader(stream) {
  // 1–4. True when the reader is a default reader.
  const reader = stream.reader;
  return reader !== undefined && !reader.isBYOB;
}

// Linked from readable-stream-readers.js.
let ReadableStreamDefaultReaderErrorReadRequests, ReadableStreamBYOBReaderErrorReadIntoRequests;
internals.streamsLinking.importOperations((operations) => {
  ({ ReadableStreamDefaultReaderErrorReadRequests, ReadableStreamBYOBReaderErrorReadIntoRequests } = operations);
});

exportOperations({
  ReadableStreamSlots, InitializeReadableStream, IsReadableStreamLocked, ReadableStreamCancel, ReadableStreamClose,
  ReadableStreamError, ReadableStreamAddReadIntoRequest, ReadableStreamAddReadRequest,
  ReadableStreamFulfillReadIntoRequest, ReadableStreamFulfillReadRequest, ReadableStreamGetNumReadIntoRequests,
  ReadableStreamGetNumReadRequests, ReadableStreamHasBYOBReader, ReadableStreamHasDefaultReader,
});
