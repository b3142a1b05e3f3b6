// SPDX-License-Identifier: MIT
// The abstract operations that work with writable streams and that the controller uses to affect
// its stream (https://streams.spec.whatwg.org/#ws-abstract-ops,
// https://streams.spec.whatwg.org/#ws-abstract-ops-used-by-controllers), and the record that holds
// a WritableStream's internal slots.
const P = internals.require("primordials").primordials;
const { newPromise, resolvePromise, rejectPromise, markPromiseAsHandled, promiseResolvedWith, promiseRejectedWith, uponPromise } =
  internals.require("streams/webidl-promises").streamsPromises;
const { SimpleQueue } = internals.require("streams/queue-with-sizes").streamsQueues;
const { exportOperations, importOperations } = internals.require("streams/linking").streamsLinking;

let WritableStreamDefaultControllerClose, WritableStreamDefaultWriterEnsureReadyPromiseRejected;
importOperations((operations) => {
  ({ WritableStreamDefaultControllerClose, WritableStreamDefaultWriterEnsureReadyPromiseRejected } = operations);
});

/// A WritableStream's internal slots (https://streams.spec.whatwg.org/#ws-internal-slots); the
/// script-facing WritableStream is `wrapper`. [[Detached]] is left out (no postMessage here).
class WritableStreamSlots {
  constructor(wrapper) {
    this.backpressure = false;
    this.closeRequest = undefined;
    this.controller = undefined;
    this.inFlightWriteRequest = undefined;
    this.inFlightCloseRequest = undefined;
    this.pendingAbortRequest = undefined;
    this.state = "writable";
    this.storedError = undefined;
    this.writer = undefined;
    this.writeRequests = new SimpleQueue();
    this.wrapper = wrapper;
  }
}

/// A pending abort request (https://streams.spec.whatwg.org/#pending-abort-request).
class PendingAbortRequest {
  constructor(promise, reason, wasAlreadyErroring) {
    this.promise = promise;
    this.reason = reason;
    this.wasAlreadyErroring = wasAlreadyErroring;
  }
}

// https://streams.spec.whatwg.org/#initialize-writable-stream
function InitializeWritableStream(stream) {
  // 1. Set stream.[[state]] to "writable".
  stream.state = "writable";
  // 2. The stored error, writer, controller and requests are undefined.
  stream.storedError = stream.writer = stream.controller = undefined;
  stream.inFlightWriteRequest = stream.closeRequest = stream.inFlightCloseRequest = stream.pendingAbortRequest = undefined;
  // 3. Set stream.[[writeRequests]] to a new empty list. 4. Set [[backpressure]] to false.
  stream.writeRequests = new SimpleQueue();
  stream.backpressure = false;
}

// https://streams.spec.whatwg.org/#is-writable-stream-locked
function IsWritableStreamLocked(stream) {
  // 1–2. Locked while a writer holds it.
  return stream.writer !== undefined;
}

// https://streams.spec.whatwg.org/#writable-stream-abort
function WritableStreamAbort(stream, reason) {
  // 1. Closed or errored: return a promise resolved with undefined.
  if (stream.state === "closed" || stream.state === "errored") return promiseResolvedWith(undefined);
  // 2. Signal abort on the controller's [[abortController]] with reason.
  internals.signalAbort(stream.controller.abortSignal, reason);
  // 3–4. Re-check the state (signaling abort ran author code).
  const state = stream.state;
  if (state === "closed" || state === "errored") return promiseResolvedWith(undefined);
  // 5. An abort already pending: return its promise.
  if (stream.pendingAbortRequest !== undefined) return stream.pendingAbortRequest.promise.promise;
  // 6. Assert: "writable" or "erroring". 7–8. Erroring already: the reason becomes undefined.
  let wasAlreadyErroring = false;
  if (state === "erroring") {
    wasAlreadyErroring = true;
    reason = undefined;
  }
  // 9. Let promise be a new promise. 10. Set the pending abort request.
  const promise = newPromise();
  stream.pendingAbortRequest = new PendingAbortRequest(promise, reason, wasAlreadyErroring);
  // 11. If wasAlreadyErroring is false, perform ! WritableStreamStartErroring(stream, reason).
  if (!wasAlreadyErroring) WritableStreamStartErroring(stream, reason);
  // 12. Return promise.
  return promise.promise;
}

// https://streams.spec.whatwg.org/#writable-stream-close
function WritableStreamClose(stream) {
  // 1. Let state be stream.[[state]].
  const state = stream.state;
  // 2. Closed or errored: a promise rejected with a TypeError exception.
  if (state === "closed" || state === "errored") {
    return promiseRejectedWith(new P.TypeError(`Cannot close a WritableStream that is ${state}.`));
  }
  // 3–4. Asserts. 5. Let promise be a new promise. 6. Set stream.[[closeRequest]] to promise.
  const promise = newPromise();
  stream.closeRequest = promise;
  // 7. Let writer be stream.[[writer]]. 8. A writer waiting on backpressure is released from it.
  const writer = stream.writer;
  if (writer !== undefined && stream.backpressure && state === "writable") resolvePromise(writer.readyPromise, undefined);
  // 9. Perform ! WritableStreamDefaultControllerClose(stream.[[controller]]).
  WritableStreamDefaultControllerClose(stream.controller);
  // 10. Return promise.
  return promise.promise;
}

// https://streams.spec.whatwg.org/#writable-stream-add-write-request
// wsjs: `writeRequest` may be given instead of a new promise (a pipe passes a record that only
// counts its writes; see readable-stream-pipe-to.js). Unobservable: the pipe holds the lock.
function WritableStreamAddWriteRequest(stream, writeRequest = newPromise()) {
  // 1–2. Asserts. 3. Let promise be a new promise. 4. Append it to [[writeRequests]]. 5. Return it.
  stream.writeRequests.push(writeRequest);
  return writeRequest;
}

// https://streams.spec.whatwg.org/#writable-stream-close-queued-or-in-flight
function WritableStreamCloseQueuedOrInFlight(stream) {
  // 1–2. A close request queued or in flight.
  return stream.closeRequest !== undefined || stream.inFlightCloseRequest !== undefined;
}

// https://streams.spec.whatwg.org/#writable-stream-deal-with-rejection
function WritableStreamDealWithRejection(stream, error) {
  // 1–2. A writable stream starts erroring.
  if (stream.state === "writable") {
    WritableStreamStartErroring(stream, error);
    return;
  }
  // 3. Assert: "erroring". 4. Perform ! WritableStreamFinishErroring(stream).
  WritableStreamFinishErroring(stream);
}

// https://streams.spec.whatwg.org/#writable-stream-finish-erroring
function WritableStreamFinishErroring(stream) {
  // 1–2. Asserts. 3. Set stream.[[state]] to "errored".
  stream.state = "errored";
  // 4. Perform ! stream.[[controller]].[[ErrorSteps]]().
  stream.controller.errorSteps();
  // 5–7. Reject every write request with the stored error and empty the list.
  const storedError = stream.storedError;
  const writeRequests = stream.writeRequests;
  stream.writeRequests = new SimpleQueue();
  while (writeRequests.length > 0) rejectPromise(writeRequests.shift(), storedError);
  // 8. No pending abort request: reject the close and closed promises, and return.
  if (stream.pendingAbortRequest === undefined) {
    WritableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
    return;
  }
  // 9–10. Take the pending abort request.
  const abortRequest = stream.pendingAbortRequest;
  stream.pendingAbortRequest = undefined;
  // 11. It came while the stream was already erroring: reject it with the stored error.
  if (abortRequest.wasAlreadyErroring) {
    rejectPromise(abortRequest.promise, storedError);
    WritableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
    return;
  }
  // 12. Let promise be ! stream.[[controller]].[[AbortSteps]](abortRequest's reason).
  const promise = stream.controller.abortSteps(abortRequest.reason);
  // 13–14. Settle the abort request's promise as the sink's abort settles.
  uponPromise(promise, () => {
    resolvePromise(abortRequest.promise, undefined);
    WritableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
  }, (reason) => {
    rejectPromise(abortRequest.promise, reason);
    WritableStreamRejectCloseAndClosedPromiseIfNeeded(stream);
  });
}

// https://streams.spec.whatwg.org/#writable-stream-finish-in-flight-close
function WritableStreamFinishInFlightClose(stream) {
  // 1. Assert. 2. Resolve stream.[[inFlightCloseRequest]] with undefined. 3. Clear it.
  resolvePromise(stream.inFlightCloseRequest, undefined);
  stream.inFlightCloseRequest = undefined;
  // 4–5. Let state be stream.[[state]] ("writable" or "erroring").
  // 6. Erroring: forget the stored error; a pending abort request resolves.
  if (stream.state === "erroring") {
    stream.storedError = undefined;
    if (stream.pendingAbortRequest !== undefined) {
      resolvePromise(stream.pendingAbortRequest.promise, undefined);
      stream.pendingAbortRequest = undefined;
    }
  }
  // 7. Set stream.[[state]] to "closed".
  stream.state = "closed";
  // 8. Let writer be stream.[[writer]]. 9. Resolve its [[closedPromise]] with undefined.
  const writer = stream.writer;
  if (writer !== undefined) resolvePromise(writer.closedPromise, undefined);
  // 10–11. Asserts.
}

// https://streams.spec.whatwg.org/#writable-stream-finish-in-flight-close-with-error
function WritableStreamFinishInFlightCloseWithError(stream, error) {
  // 1. Assert. 2. Reject stream.[[inFlightCloseRequest]] with error. 3. Clear it.
  rejectPromise(stream.inFlightCloseRequest, error);
  stream.inFlightCloseRequest = undefined;
  // 4. Assert: "writable" or "erroring". 5. A pending abort request is rejected with error.
  if (stream.pendingAbortRequest !== undefined) {
    rejectPromise(stream.pendingAbortRequest.promise, error);
    stream.pendingAbortRequest = undefined;
  }
  // 6. Perform ! WritableStreamDealWithRejection(stream, error).
  WritableStreamDealWithRejection(stream, error);
}

// https://streams.spec.whatwg.org/#writable-stream-finish-in-flight-write
function WritableStreamFinishInFlightWrite(stream) {
  // 1. Assert. 2. Resolve stream.[[inFlightWriteRequest]] with undefined. 3. Clear it.
  resolvePromise(stream.inFlightWriteRequest, undefined);
  stream.inFlightWriteRequest = undefined;
}

// https://streams.spec.whatwg.org/#writable-stream-finish-in-flight-write-with-error
function WritableStreamFinishInFlightWriteWithError(stream, error) {
  // 1. Assert. 2. Reject stream.[[inFlightWriteRequest]] with error. 3. Clear it.
  rejectPromise(stream.inFlightWriteRequest, error);
  stream.inFlightWriteRequest = undefined;
  // 4. Assert: "writable" or "erroring". 5. Perform ! WritableStreamDealWithRejection(stream, error).
  WritableStreamDealWithRejection(stream, error);
}

// https://streams.spec.whatwg.org/#writable-stream-has-operation-marked-in-flight
function WritableStreamHasOperationMarkedInFlight(stream) {
  // 1–2. A write or a close in flight.
  return stream.inFlightWriteRequest !== undefined || stream.inFlightCloseRequest !== undefined;
}

// https://streams.spec.whatwg.org/#writable-stream-mark-close-request-in-flight
function WritableStreamMarkCloseRequestInFlight(stream) {
  // 1–2. Asserts. 3. Move [[closeRequest]] to [[inFlightCloseRequest]]. 4. Clear [[closeRequest]].
  stream.inFlightCloseRequest = stream.closeRequest;
  stream.closeRequest = undefined;
}

// https://streams.spec.whatwg.org/#writable-stream-mark-first-write-request-in-flight
function WritableStreamMarkFirstWriteRequestInFlight(stream) {
  // 1–2. Asserts. 3–5. The first write request is now in flight.
  stream.inFlightWriteRequest = stream.writeRequests.shift();
}

// https://streams.spec.whatwg.org/#writable-stream-reject-close-and-closed-promise-if-needed
function WritableStreamRejectCloseAndClosedPromiseIfNeeded(stream) {
  // 1. Assert: "errored". 2. A queued close request is rejected with the stored error.
  if (stream.closeRequest !== undefined) {
    rejectPromise(stream.closeRequest, stream.storedError);
    stream.closeRequest = undefined;
  }
  // 3–4. The writer's [[closedPromise]] is rejected with it and marked as handled.
  const writer = stream.writer;
  if (writer !== undefined) {
    rejectPromise(writer.closedPromise, stream.storedError);
    markPromiseAsHandled(writer.closedPromise.promise);
  }
}

// https://streams.spec.whatwg.org/#writable-stream-start-erroring
function WritableStreamStartErroring(stream, reason) {
  // 1–4. Asserts. 5–6. Set the state to "erroring" and store reason.
  const controller = stream.controller;
  stream.state = "erroring";
  stream.storedError = reason;
  // 7–8. The writer's ready promise is rejected with reason.
  const writer = stream.writer;
  if (writer !== undefined) WritableStreamDefaultWriterEnsureReadyPromiseRejected(writer, reason);
  // 9. Nothing in flight and the sink has started: finish erroring now.
  if (!WritableStreamHasOperationMarkedInFlight(stream) && controller.started) WritableStreamFinishErroring(stream);
}

// https://streams.spec.whatwg.org/#writable-stream-update-backpressure
function WritableStreamUpdateBackpressure(stream, backpressure) {
  // 1–2. Asserts. 3. Let writer be stream.[[writer]].
  const writer = stream.writer;
  // 4. A writer and a change: a new ready promise for backpressure, else resolve the old one.
  const relieved = writer !== undefined && !backpressure && stream.backpressure;
  if (writer !== undefined && backpressure !== stream.backpressure) {
    if (backpressure) writer.readyPromise = newPromise();
    else resolvePromise(writer.readyPromise, undefined);
  }
  // 5. Set stream.[[backpressure]] to backpressure.
  stream.backpressure = backpressure;
  // wsjs: a pipe's writer (never seen by scripts) hears of the relief at once rather than a
  // microtask later through its ready promise (see readable-stream-pipe-to.js).
  if (relieved && writer.backpressureRelieved !== undefined) writer.backpressureRelieved();
}

exportOperations({
  WritableStreamSlots, InitializeWritableStream, IsWritableStreamLocked, WritableStreamAbort, WritableStreamClose,
  WritableStreamAddWriteRequest, WritableStreamCloseQueuedOrInFlight, WritableStreamDealWithRejection,
  WritableStreamFinishErroring, WritableStreamFinishInFlightClose, WritableStreamFinishInFlightCloseWithError,
  WritableStreamFinishInFlightWrite, WritableStreamFinishInFlightWriteWithError, WritableStreamHasOperationMarkedInFlight,
  WritableStreamMarkCloseRequestInFlight, WritableStreamMarkFirstWriteRequestInFlight,
  WritableStreamRejectCloseAndClosedPromiseIfNeeded, WritableStreamStartErroring, WritableStreamUpdateBackpressure,
});
