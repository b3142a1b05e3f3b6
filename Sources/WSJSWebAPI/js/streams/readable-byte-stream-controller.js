// SPDX-License-Identifier: MIT
// ReadableByteStreamController (https://streams.spec.whatwg.org/#rbs-controller-class) and the
// byte stream controller operations that manage its queue and state
// (https://streams.spec.whatwg.org/#rbs-controller-abstract-ops); the pull-into descriptor
// operations are in readable-byte-stream-pull-into.js, the BYOB request in
// readable-stream-byob-request.js.
const P = internals.require("primordials").primordials;
const { webidl } = internals.require("webidl");
const { promiseResolvedWith, uponPromise, invokePromiseCallback1 } = internals.require("streams/webidl-promises").streamsPromises;
const { ResetQueue, SimpleQueue } = internals.require("streams/queue-with-sizes").streamsQueues;
const { IsDetachedBuffer, TransferArrayBuffer, ViewBuffer, ViewByteOffset, ViewByteLength, convertArrayBufferView } =
  internals.require("streams/misc-operations").streamsMisc;
const { exportOperations, importOperations } = internals.require("streams/linking").streamsLinking;

let ReadableStreamClose, ReadableStreamError, ReadableStreamAddReadRequest, ReadableStreamFulfillReadRequest,
  ReadableStreamGetNumReadRequests, ReadableStreamGetNumReadIntoRequests, ReadableStreamHasDefaultReader,
  ReadableStreamHasBYOBReader, ReadableByteStreamControllerEnqueueDetachedPullIntoToQueue,
  ReadableByteStreamControllerShiftPendingPullInto, ReadableByteStreamControllerProcessPullIntoDescriptorsUsingQueue,
  ReadableByteStreamControllerCommitPullIntoDescriptor, ReadableByteStreamControllerRespond,
  ReadableByteStreamControllerRespondWithNewView, newReadableStreamBYOBRequest;
importOperations((operations) => {
  ({ ReadableStreamClose, ReadableStreamError, ReadableStreamAddReadRequest, ReadableStreamFulfillReadRequest,
    ReadableStreamGetNumReadRequests, ReadableStreamGetNumReadIntoRequests, ReadableStreamHasDefaultReader,
    ReadableStreamHasBYOBReader, ReadableByteStreamControllerEnqueueDetachedPullIntoToQueue,
    ReadableByteStreamControllerShiftPendingPullInto, ReadableByteStreamControllerProcessPullIntoDescriptorsUsingQueue,
    ReadableByteStreamControllerCommitPullIntoDescriptor, ReadableByteStreamControllerRespond,
    ReadableByteStreamControllerRespondWithNewView, newReadableStreamBYOBRequest } = operations);
});

/// A readable byte stream queue entry (https://streams.spec.whatwg.org/#readable-byte-stream-queue-entry).
class ByteStreamQueueEntry {
  constructor(buffer, byteOffset, byteLength) {
    this.buffer = buffer;
    this.byteOffset = byteOffset;
    this.byteLength = byteLength;
  }
}

/// A pull-into descriptor (https://streams.spec.whatwg.org/#pull-into-descriptor).
class PullIntoDescriptor {
  constructor(buffer, bufferByteLength, byteOffset, byteLength, minimumFill, elementSize, viewConstructor, readerType) {
    this.buffer = buffer;
    this.bufferByteLength = bufferByteLength;
    this.byteOffset = byteOffset;
    this.byteLength = byteLength;
    this.bytesFilled = 0;
    this.minimumFill = minimumFill;
    this.elementSize = elementSize;
    this.viewConstructor = viewConstructor;
    this.readerType = readerType;
  }
}

/// The internal slots (https://streams.spec.whatwg.org/#rbs-controller-internal-slots) and
/// internal methods of a ReadableByteStreamController; the script-facing object is `wrapper`.
class ReadableByteStreamControllerSlots {
  constructor(wrapper) {
    this.autoAllocateChunkSize = undefined;
    this.byobRequest = null;
    this.cancelAlgorithm = undefined;
    this.closeRequested = false;
    this.isByteController = true;
    this.pendingPullIntos = new SimpleQueue();
    this.pullAgain = false;
    this.pullAlgorithm = undefined;
    this.pulling = false;
    this.queue = new SimpleQueue();
    this.queueTotalSize = 0;
    this.started = false;
    this.strategyHWM = 0;
    this.stream = undefined;
    this.wrapper = wrapper;
    this.onPullFulfilled = () => {
      // ReadableByteStreamControllerCallPullIfNeeded step 7: upon fulfillment of pullPromise,
      // 7.1 set [[pulling]] to false; 7.2 if [[pullAgain]], clear it and pull again.
      this.pulling = false;
      if (this.pullAgain) {
        this.pullAgain = false;
        ReadableByteStreamControllerCallPullIfNeeded(this);
      }
    };
    // Step 8: upon rejection of pullPromise with reason e, error the controller.
    this.onPullRejected = (e) => ReadableByteStreamControllerError(this, e);
  }

  // https://streams.spec.whatwg.org/#rbs-controller-private-cancel
  cancelSteps(reason) {
    // 1. Perform ! ReadableByteStreamControllerClearPendingPullIntos(this). 2. ! ResetQueue(this).
    ReadableByteStreamControllerClearPendingPullIntos(this);
    ResetQueue(this);
    // 3. Let result be the result of performing this.[[cancelAlgorithm]], passing in reason.
    const result = this.cancelAlgorithm(reason);
    // 4. Perform ! ReadableByteStreamControllerClearAlgorithms(this). 5. Return result.
    ReadableByteStreamControllerClearAlgorithms(this);
    return result;
  }

  // https://streams.spec.whatwg.org/#rbs-controller-private-pull
  pullSteps(readRequest) {
    // 1. Let stream be this.[[stream]]. 2. Assert: it has a default reader.
    const stream = this.stream;
    // 3. Bytes are queued: fill readRequest from the queue.
    if (this.queueTotalSize > 0) {
      ReadableByteStreamControllerFillReadRequestFromQueue(this, readRequest);
      return;
    }
    // 4. Let autoAllocateChunkSize be this.[[autoAllocateChunkSize]].
    const autoAllocateChunkSize = this.autoAllocateChunkSize;
    // 5. If it is not undefined, allocate a buffer and append a pull-into descriptor for it.
    if (autoAllocateChunkSize !== undefined) {
      let buffer;
      try {
        buffer = new P.ArrayBuffer(autoAllocateChunkSize);
      } catch (error) {
        // 5.2 An abrupt completion: perform readRequest's error steps given it, and return.
        readRequest.errorSteps(error);
        return;
      }
      // 5.3–5.4 A "default" descriptor over the whole buffer, filled 1 byte at a time.
      this.pendingPullIntos.push(new PullIntoDescriptor(buffer, autoAllocateChunkSize, 0, autoAllocateChunkSize, 1, 1, P.Uint8Array, "default"));
    }
    // 6. Perform ! ReadableStreamAddReadRequest(stream, readRequest).
    ReadableStreamAddReadRequest(stream, readRequest);
    // 7. Perform ! ReadableByteStreamControllerCallPullIfNeeded(this).
    ReadableByteStreamControllerCallPullIfNeeded(this);
  }

  // https://streams.spec.whatwg.org/#abstract-opdef-readablebytestreamcontroller-releasesteps
  releaseSteps() {
    // 1. If this.[[pendingPullIntos]] is not empty, keep only the first one, now of reader type "none".
    if (this.pendingPullIntos.length > 0) {
      const firstPendingPullInto = this.pendingPullIntos.peek();
      firstPendingPullInto.readerType = "none";
      this.pendingPullIntos.truncateToFirst();
    }
  }
}

const constructorKey = P.Symbol("ReadableByteStreamController");
let byteControllerSlotsOf;

// https://streams.spec.whatwg.org/#rbs-controller-class
class ReadableByteStreamController {
  #controller;

  constructor(key = undefined) {
    if (key !== constructorKey) webidl.illegalConstructor();
    this.#controller = new ReadableByteStreamControllerSlots(this);
  }

  static {
    byteControllerSlotsOf = (value) => {
      if (typeof value !== "object" || value === null || !(#controller in value)) throw webidl.invalidThis("ReadableByteStreamController");
      return value.#controller;
    };
  }

  // https://streams.spec.whatwg.org/#rbs-controller-byob-request
  get byobRequest() {
    // 1. Return ! ReadableByteStreamControllerGetBYOBRequest(this).
    const byobRequest = ReadableByteStreamControllerGetBYOBRequest(byteControllerSlotsOf(this));
    return byobRequest === null ? null : byobRequest.wrapper;
  }

  // https://streams.spec.whatwg.org/#rbs-controller-desired-size
  get desiredSize() {
    // 1. Return ! ReadableByteStreamControllerGetDesiredSize(this).
    return ReadableByteStreamControllerGetDesiredSize(byteControllerSlotsOf(this));
  }

  // https://streams.spec.whatwg.org/#rbs-controller-close
  close() {
    const controller = byteControllerSlotsOf(this);
    const prefix = webidl.operationPrefix("ReadableByteStreamController", "close");
    // 1. If this.[[closeRequested]] is true, throw a TypeError exception.
    if (controller.closeRequested) throw new P.TypeError(`${prefix}: close() was already called.`);
    // 2. If this.[[stream]].[[state]] is not "readable", throw a TypeError exception.
    if (controller.stream.state !== "readable") throw new P.TypeError(`${prefix}: the stream is ${controller.stream.state}.`);
    // 3. Perform ? ReadableByteStreamControllerClose(this).
    ReadableByteStreamControllerClose(controller);
  }

  // https://streams.spec.whatwg.org/#rbs-controller-enqueue
  enqueue(chunk) {
    const controller = byteControllerSlotsOf(this);
    const prefix = webidl.operationPrefix("ReadableByteStreamController", "enqueue");
    webidl.requiredArguments(arguments.length, 1, prefix);
    chunk = convertArrayBufferView(chunk, prefix, "Argument 1");
    // 1. If chunk.[[ByteLength]] is 0, throw a TypeError exception.
    if (ViewByteLength(chunk) === 0) throw new P.TypeError(`${prefix}: the chunk must have a non-zero byteLength.`);
    // 2. If chunk.[[ViewedArrayBuffer]].[[ByteLength]] is 0, throw a TypeError exception.
    if (P.ArrayBufferPrototypeGetByteLength(ViewBuffer(chunk)) === 0) throw new P.TypeError(`${prefix}: the chunk's buffer must have a non-zero byteLength.`);
    // 3. If this.[[closeRequested]] is true, throw a TypeError exception.
    if (controller.closeRequested) throw new P.TypeError(`${prefix}: close() was already called.`);
    // 4. If this.[[stream]].[[state]] is not "readable", throw a TypeError exception.
    if (controller.stream.state !== "readable") throw new P.TypeError(`${prefix}: the stream is ${controller.stream.state}.`);
    // 5. Return ? ReadableByteStreamControllerEnqueue(this, chunk).
    ReadableByteStreamControllerEnqueue(controller, chunk);
  }

  // https://streams.spec.whatwg.org/#rbs-controller-error
  error(e = undefined) {
    // 1. Perform ! ReadableByteStreamControllerError(this, e).
    ReadableByteStreamControllerError(byteControllerSlotsOf(this), e);
  }
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-call-pull-if-needed
function ReadableByteStreamControllerCallPullIfNeeded(controller) {
  // 1–2. If ! ReadableByteStreamControllerShouldCallPull(controller) is false, return.
  if (!ReadableByteStreamControllerShouldCallPull(controller)) return;
  // 3. If controller.[[pulling]] is true, set [[pullAgain]] to true and return.
  if (controller.pulling) {
    controller.pullAgain = true;
    return;
  }
  // 4. Assert: [[pullAgain]] is false. 5. Set controller.[[pulling]] to true.
  controller.pulling = true;
  // 6. Let pullPromise be the result of performing controller.[[pullAlgorithm]].
  const pullPromise = controller.pullAlgorithm();
  // 7–8. React to pullPromise (the reactions are made in the constructor).
  uponPromise(pullPromise, controller.onPullFulfilled, controller.onPullRejected);
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-clear-algorithms
function ReadableByteStreamControllerClearAlgorithms(controller) {
  // 1–2. Drop the pull and cancel algorithms.
  controller.pullAlgorithm = undefined;
  controller.cancelAlgorithm = undefined;
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-clear-pending-pull-intos
function ReadableByteStreamControllerClearPendingPullIntos(controller) {
  // 1. Perform ! ReadableByteStreamControllerInvalidateBYOBRequest(controller).
  ReadableByteStreamControllerInvalidateBYOBRequest(controller);
  // 2. Set controller.[[pendingPullIntos]] to a new empty list.
  controller.pendingPullIntos = new SimpleQueue();
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-close
function ReadableByteStreamControllerClose(controller) {
  // 1. Let stream be controller.[[stream]].
  const stream = controller.stream;
  // 2. If close was requested or the stream is not "readable", return.
  if (controller.closeRequested || stream.state !== "readable") return;
  // 3. Bytes still queued: set [[closeRequested]] to true and return.
  if (controller.queueTotalSize > 0) {
    controller.closeRequested = true;
    return;
  }
  // 4. A pending pull-into filled to a partial element: error the stream and throw.
  if (controller.pendingPullIntos.length > 0) {
    const firstPendingPullInto = controller.pendingPullIntos.peek();
    if (firstPendingPullInto.bytesFilled % firstPendingPullInto.elementSize !== 0) {
      const e = new P.TypeError("Failed to execute 'close' on 'ReadableByteStreamController': insufficient bytes to fill an element of the view of a pending read.");
      ReadableByteStreamControllerError(controller, e);
      throw e;
    }
  }
  // 5. Perform ! ReadableByteStreamControllerClearAlgorithms(controller).
  ReadableByteStreamControllerClearAlgorithms(controller);
  // 6. Perform ! ReadableStreamClose(stream).
  ReadableStreamClose(stream);
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-enqueue
function ReadableByteStreamControllerEnqueue(controller, chunk) {
  // 1. Let stream be controller.[[stream]].
  const stream = controller.stream;
  // 2. If close was requested or the stream is not "readable", return.
  if (controller.closeRequested || stream.state !== "readable") return;
  // 3–5. The chunk's buffer, byte offset and byte length.
  const buffer = ViewBuffer(chunk);
  const byteOffset = ViewByteOffset(chunk);
  const byteLength = ViewByteLength(chunk);
  // 6. If ! IsDetachedBuffer(buffer) is true, throw a TypeError exception.
  if (IsDetachedBuffer(buffer)) throw new P.TypeError("Failed to execute 'enqueue' on 'ReadableByteStreamController': the chunk's buffer is detached.");
  // 7. Let transferredBuffer be ? TransferArrayBuffer(buffer).
  const transferredBuffer = TransferArrayBuffer(buffer);
  // 8. A pending pull-into: its buffer is transferred too, and one of reader type "none" is
  // moved to the queue.
  if (controller.pendingPullIntos.length > 0) {
    const firstPendingPullInto = controller.pendingPullIntos.peek();
    if (IsDetachedBuffer(firstPendingPullInto.buffer)) {
      throw new P.TypeError("Failed to execute 'enqueue' on 'ReadableByteStreamController': the buffer of the pending BYOB request is detached.");
    }
    ReadableByteStreamControllerInvalidateBYOBRequest(controller);
    firstPendingPullInto.buffer = TransferArrayBuffer(firstPendingPullInto.buffer);
    if (firstPendingPullInto.readerType === "none") ReadableByteStreamControllerEnqueueDetachedPullIntoToQueue(controller, firstPendingPullInto);
  }
  if (ReadableStreamHasDefaultReader(stream)) {
    // 9.1 Perform ! ReadableByteStreamControllerProcessReadRequestsUsingQueue(controller).
    ReadableByteStreamControllerProcessReadRequestsUsingQueue(controller);
    if (ReadableStreamGetNumReadRequests(stream) === 0) {
      // 9.2 No read request waits: queue the chunk.
      ReadableByteStreamControllerEnqueueChunkToQueue(controller, transferredBuffer, byteOffset, byteLength);
    } else {
      // 9.3 A read request waits (the queue is empty): drop a "default" pull-into descriptor and
      // fulfill the read request with a view on the transferred buffer.
      if (controller.pendingPullIntos.length > 0) ReadableByteStreamControllerShiftPendingPullInto(controller);
      const transferredView = new P.Uint8Array(transferredBuffer, byteOffset, byteLength);
      ReadableStreamFulfillReadRequest(stream, transferredView, false);
    }
  } else if (ReadableStreamHasBYOBReader(stream)) {
    // 10. A BYOB reader: queue the chunk, then commit the pull-into descriptors it fills.
    ReadableByteStreamControllerEnqueueChunkToQueue(controller, transferredBuffer, byteOffset, byteLength);
    const filledPullIntos = ReadableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(controller);
    for (let i = 0; i < filledPullIntos.length; i++) ReadableByteStreamControllerCommitPullIntoDescriptor(stream, filledPullIntos[i]);
  } else {
    // 11. No reader: queue the chunk.
    ReadableByteStreamControllerEnqueueChunkToQueue(controller, transferredBuffer, byteOffset, byteLength);
  }
  // 12. Perform ! ReadableByteStreamControllerCallPullIfNeeded(controller).
  ReadableByteStreamControllerCallPullIfNeeded(controller);
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-enqueue-chunk-to-queue
function ReadableByteStreamControllerEnqueueChunkToQueue(controller, buffer, byteOffset, byteLength) {
  // 1. Append a new readable byte stream queue entry. 2. Add byteLength to [[queueTotalSize]].
  controller.queue.push(new ByteStreamQueueEntry(buffer, byteOffset, byteLength));
  controller.queueTotalSize += byteLength;
}

// https://streams.spec.whatwg.org/#abstract-opdef-readablebytestreamcontrollerenqueueclonedchunktoqueue
function ReadableByteStreamControllerEnqueueClonedChunkToQueue(controller, buffer, byteOffset, byteLength) {
  // 1. Let cloneResult be CloneArrayBuffer(buffer, byteOffset, byteLength, %ArrayBuffer%).
  let clone;
  try {
    clone = new P.ArrayBuffer(byteLength);
    P.TypedArrayPrototypeSet(new P.Uint8Array(clone), new P.Uint8Array(buffer, byteOffset, byteLength));
  } catch (error) {
    // 2. An abrupt completion errors the controller and is returned (rethrown).
    ReadableByteStreamControllerError(controller, error);
    throw error;
  }
  // 3. Perform ! ReadableByteStreamControllerEnqueueChunkToQueue(controller, clone, 0, byteLength).
  ReadableByteStreamControllerEnqueueChunkToQueue(controller, clone, 0, byteLength);
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-error
function ReadableByteStreamControllerError(controller, e) {
  // 1. Let stream be controller.[[stream]]. 2. If its state is not "readable", return.
  const stream = controller.stream;
  if (stream.state !== "readable") return;
  // 3. Perform ! ReadableByteStreamControllerClearPendingPullIntos(controller).
  ReadableByteStreamControllerClearPendingPullIntos(controller);
  // 4. Perform ! ResetQueue(controller).
  ResetQueue(controller);
  // 5. Perform ! ReadableByteStreamControllerClearAlgorithms(controller).
  ReadableByteStreamControllerClearAlgorithms(controller);
  // 6. Perform ! ReadableStreamError(stream, e).
  ReadableStreamError(stream, e);
}

// https://streams.spec.whatwg.org/#abstract-opdef-readablebytestreamcontrollerfillreadrequestfromqueue
function ReadableByteStreamControllerFillReadRequestFromQueue(controller, readRequest) {
  // 1. Assert: [[queueTotalSize]] > 0. 2–3. Take the first entry off the queue.
  const entry = controller.queue.shift();
  // 4. Subtract its byte length from [[queueTotalSize]].
  controller.queueTotalSize -= entry.byteLength;
  // 5. Perform ! ReadableByteStreamControllerHandleQueueDrain(controller).
  ReadableByteStreamControllerHandleQueueDrain(controller);
  // 6. Let view be a new Uint8Array over the entry. 7. Perform readRequest's chunk steps, given view.
  const view = new P.Uint8Array(entry.buffer, entry.byteOffset, entry.byteLength);
  readRequest.chunkSteps(view);
}

// https://streams.spec.whatwg.org/#abstract-opdef-readablebytestreamcontrollergetbyobrequest
function ReadableByteStreamControllerGetBYOBRequest(controller) {
  // 1. No BYOB request yet but a pending pull-into: make one over the unfilled part of its buffer.
  if (controller.byobRequest === null && controller.pendingPullIntos.length > 0) {
    const firstDescriptor = controller.pendingPullIntos.peek();
    const view = new P.Uint8Array(firstDescriptor.buffer, firstDescriptor.byteOffset + firstDescriptor.bytesFilled,
      firstDescriptor.byteLength - firstDescriptor.bytesFilled);
    const byobRequest = newReadableStreamBYOBRequest();
    byobRequest.controller = controller;
    byobRequest.view = view;
    controller.byobRequest = byobRequest;
  }
  // 2. Return controller.[[byobRequest]].
  return controller.byobRequest;
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-get-desired-size
function ReadableByteStreamControllerGetDesiredSize(controller) {
  // 1. Let state be controller.[[stream]].[[state]].
  const state = controller.stream.state;
  // 2. If state is "errored", return null. 3. If state is "closed", return 0.
  if (state === "errored") return null;
  if (state === "closed") return 0;
  // 4. Return controller.[[strategyHWM]] − controller.[[queueTotalSize]].
  return controller.strategyHWM - controller.queueTotalSize;
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-handle-queue-drain
function ReadableByteStreamControllerHandleQueueDrain(controller) {
  // 1. Assert: the stream is "readable".
  if (controller.queueTotalSize === 0 && controller.closeRequested) {
    // 2. The queue drained after a close request: clear the algorithms and close the stream.
    ReadableByteStreamControllerClearAlgorithms(controller);
    ReadableStreamClose(controller.stream);
  } else {
    // 3. Otherwise pull if needed.
    ReadableByteStreamControllerCallPullIfNeeded(controller);
  }
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-invalidate-byob-request
function ReadableByteStreamControllerInvalidateBYOBRequest(controller) {
  // 1. If controller.[[byobRequest]] is null, return.
  const byobRequest = controller.byobRequest;
  if (byobRequest === null) return;
  // 2–3. Detach the request from the controller and its view. 4. Set [[byobRequest]] to null.
  byobRequest.controller = undefined;
  byobRequest.view = null;
  controller.byobRequest = null;
}

// https://streams.spec.whatwg.org/#abstract-opdef-readablebytestreamcontrollerprocessreadrequestsusingqueue
function ReadableByteStreamControllerProcessReadRequestsUsingQueue(controller) {
  // 1–2. Let reader be the stream's (default) reader.
  const reader = controller.stream.reader;
  // 3. While read requests wait and bytes are queued, fill the first one from the queue.
  while (reader.readRequests.length > 0) {
    if (controller.queueTotalSize === 0) return;
    const readRequest = reader.readRequests.shift();
    ReadableByteStreamControllerFillReadRequestFromQueue(controller, readRequest);
  }
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-should-call-pull
function ReadableByteStreamControllerShouldCallPull(controller) {
  // 1. Let stream be controller.[[stream]].
  const stream = controller.stream;
  // 2–4. Not while the stream is not "readable", a close was requested, or it has not started.
  if (stream.state !== "readable") return false;
  if (controller.closeRequested) return false;
  if (!controller.started) return false;
  // 5–6. A waiting read request or read-into request asks for a pull.
  if (ReadableStreamHasDefaultReader(stream) && ReadableStreamGetNumReadRequests(stream) > 0) return true;
  if (ReadableStreamHasBYOBReader(stream) && ReadableStreamGetNumReadIntoRequests(stream) > 0) return true;
  // 7–10. Otherwise pull while the desired size is above 0.
  return ReadableByteStreamControllerGetDesiredSize(controller) > 0;
}

// https://streams.spec.whatwg.org/#set-up-readable-byte-stream-controller
function SetUpReadableByteStreamController(stream, controller, startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark, autoAllocateChunkSize) {
  // 1–2. Asserts. 3. Set controller.[[stream]] to stream.
  controller.stream = stream;
  // 4. Set [[pullAgain]] and [[pulling]] to false. 5. Set [[byobRequest]] to null.
  controller.pullAgain = controller.pulling = false;
  controller.byobRequest = null;
  // 6. Perform ! ResetQueue(controller).
  ResetQueue(controller);
  // 7. Set [[closeRequested]] and [[started]] to false. 8. Set [[strategyHWM]] to highWaterMark.
  controller.closeRequested = controller.started = false;
  controller.strategyHWM = highWaterMark;
  // 9–11. Set [[pullAlgorithm]], [[cancelAlgorithm]] and [[autoAllocateChunkSize]].
  controller.pullAlgorithm = pullAlgorithm;
  controller.cancelAlgorithm = cancelAlgorithm;
  controller.autoAllocateChunkSize = autoAllocateChunkSize;
  // 12. Set [[pendingPullIntos]] to a new empty list. 13. Set stream.[[controller]] to controller.
  controller.pendingPullIntos = new SimpleQueue();
  stream.controller = controller;
  // 14. Let startResult be the result of performing startAlgorithm.
  const startResult = startAlgorithm();
  // 15. Let startPromise be a promise resolved with startResult.
  const startPromise = promiseResolvedWith(startResult);
  // 16. Upon fulfillment: the controller has started; pull if needed.
  // 17. Upon rejection with r: error the controller.
  uponPromise(startPromise, () => {
    controller.started = true;
    ReadableByteStreamControllerCallPullIfNeeded(controller);
  }, (r) => ReadableByteStreamControllerError(controller, r));
}

const returnUndefined = () => undefined;
const resolvedUndefined = () => promiseResolvedWith(undefined);

// https://streams.spec.whatwg.org/#set-up-readable-byte-stream-controller-from-underlying-source
function SetUpReadableByteStreamControllerFromUnderlyingSource(stream, underlyingSource, underlyingSourceDict, highWaterMark) {
  // 1. Let controller be a new ReadableByteStreamController.
  const controller = newReadableByteStreamController();
  const wrapper = controller.wrapper;
  // 2–7. start, pull and cancel from the underlying source, or algorithms that do nothing.
  let startAlgorithm = returnUndefined;
  let pullAlgorithm = resolvedUndefined;
  let cancelAlgorithm = resolvedUndefined;
  const { start, pull, cancel } = underlyingSourceDict;
  if (start !== undefined) startAlgorithm = () => P.ReflectApply(start, underlyingSource, [wrapper]);
  if (pull !== undefined) pullAlgorithm = () => invokePromiseCallback1(pull, underlyingSource, wrapper);
  if (cancel !== undefined) cancelAlgorithm = (reason) => invokePromiseCallback1(cancel, underlyingSource, reason);
  // 8. Let autoAllocateChunkSize be underlyingSourceDict["autoAllocateChunkSize"], if it exists.
  const autoAllocateChunkSize = underlyingSourceDict.autoAllocateChunkSize;
  // 9. If autoAllocateChunkSize is 0, then throw a TypeError exception.
  if (autoAllocateChunkSize === 0) throw new P.TypeError("Failed to construct 'ReadableStream': autoAllocateChunkSize must be greater than 0.");
  // 10. Perform ? SetUpReadableByteStreamController(…).
  SetUpReadableByteStreamController(stream, controller, startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark, autoAllocateChunkSize);
}

/// A new controller's slots, for byte streams the prelude creates (CreateReadableByteStream).
function newReadableByteStreamController() {
  return byteControllerSlotsOf(new ReadableByteStreamController(constructorKey));
}

webidl.configureInterface(ReadableByteStreamController);

exportOperations({
  ReadableByteStreamController, PullIntoDescriptor, newReadableByteStreamController,
  ReadableByteStreamControllerCallPullIfNeeded, ReadableByteStreamControllerClearAlgorithms,
  ReadableByteStreamControllerClearPendingPullIntos, ReadableByteStreamControllerClose, ReadableByteStreamControllerEnqueue,
  ReadableByteStreamControllerEnqueueChunkToQueue, ReadableByteStreamControllerEnqueueClonedChunkToQueue,
  ReadableByteStreamControllerError, ReadableByteStreamControllerFillReadRequestFromQueue,
  ReadableByteStreamControllerGetBYOBRequest, ReadableByteStreamControllerGetDesiredSize,
  ReadableByteStreamControllerHandleQueueDrain, ReadableByteStreamControllerInvalidateBYOBRequest,
  ReadableByteStreamControllerProcessReadRequestsUsingQueue, ReadableByteStreamControllerShouldCallPull,
  SetUpReadableByteStreamController, SetUpReadableByteStreamControllerFromUnderlyingSource,
});
