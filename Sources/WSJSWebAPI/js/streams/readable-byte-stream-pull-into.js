// SPDX-License-Identifier: MIT
// The byte stream controller operations on pull-into descriptors: filling BYOB reads from the
// queue, committing filled descriptors to readers, and the BYOB request's respond paths
// (https://streams.spec.whatwg.org/#rbs-controller-abstract-ops).
const P = internals.require("primordials").primordials;
const { TransferArrayBuffer, CanCopyDataBlockBytes, CopyDataBlockBytes, ViewBuffer, ViewByteOffset,
  ViewByteLength, ViewConstructor, ViewElementSize } = internals.require("streams/misc-operations").streamsMisc;
const { exportOperations, importOperations } = internals.require("streams/linking").streamsLinking;

let ReadableStreamAddReadIntoRequest, ReadableStreamFulfillReadIntoRequest, ReadableStreamFulfillReadRequest,
  ReadableStreamGetNumReadIntoRequests, ReadableStreamHasBYOBReader, ReadableByteStreamControllerCallPullIfNeeded,
  ReadableByteStreamControllerEnqueueClonedChunkToQueue, ReadableByteStreamControllerError,
  ReadableByteStreamControllerHandleQueueDrain, ReadableByteStreamControllerInvalidateBYOBRequest, PullIntoDescriptor;
importOperations((operations) => {
  ({ ReadableStreamAddReadIntoRequest, ReadableStreamFulfillReadIntoRequest, ReadableStreamFulfillReadRequest,
    ReadableStreamGetNumReadIntoRequests, ReadableStreamHasBYOBReader, ReadableByteStreamControllerCallPullIfNeeded,
    ReadableByteStreamControllerEnqueueClonedChunkToQueue, ReadableByteStreamControllerError,
    ReadableByteStreamControllerHandleQueueDrain, ReadableByteStreamControllerInvalidateBYOBRequest, PullIntoDescriptor } = operations);
});

// https://streams.spec.whatwg.org/#abstract-opdef-readablebytestreamcontrollerenqueuedetachedpullintotoqueue
function ReadableByteStreamControllerEnqueueDetachedPullIntoToQueue(controller, pullIntoDescriptor) {
  // 1. Assert: its reader type is "none".
  // 2. Bytes already filled go to the queue as a copy.
  if (pullIntoDescriptor.bytesFilled > 0) {
    ReadableByteStreamControllerEnqueueClonedChunkToQueue(controller, pullIntoDescriptor.buffer, pullIntoDescriptor.byteOffset, pullIntoDescriptor.bytesFilled);
  }
  // 3. Perform ! ReadableByteStreamControllerShiftPendingPullInto(controller).
  ReadableByteStreamControllerShiftPendingPullInto(controller);
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-commit-pull-into-descriptor
function ReadableByteStreamControllerCommitPullIntoDescriptor(stream, pullIntoDescriptor) {
  // 1–2. Asserts. 3. Let done be false. 4. A closed stream: done is true.
  const done = stream.state === "closed";
  // 5. Let filledView be ! ReadableByteStreamControllerConvertPullIntoDescriptor(pullIntoDescriptor).
  const filledView = ReadableByteStreamControllerConvertPullIntoDescriptor(pullIntoDescriptor);
  // 6–7. Fulfill the read request or read-into request that made it.
  if (pullIntoDescriptor.readerType === "default") ReadableStreamFulfillReadRequest(stream, filledView, done);
  else ReadableStreamFulfillReadIntoRequest(stream, filledView, done);
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-convert-pull-into-descriptor
function ReadableByteStreamControllerConvertPullIntoDescriptor(pullIntoDescriptor) {
  // 1–2. Let bytesFilled and elementSize be the descriptor's. 3–4. Asserts.
  const bytesFilled = pullIntoDescriptor.bytesFilled;
  const elementSize = pullIntoDescriptor.elementSize;
  // 5. Let buffer be ! TransferArrayBuffer(pullIntoDescriptor's buffer).
  const buffer = TransferArrayBuffer(pullIntoDescriptor.buffer);
  // 6. Return a new view of the descriptor's type over the filled bytes.
  return new pullIntoDescriptor.viewConstructor(buffer, pullIntoDescriptor.byteOffset, bytesFilled / elementSize);
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-fill-head-pull-into-descriptor
function ReadableByteStreamControllerFillHeadPullIntoDescriptor(controller, size, pullIntoDescriptor) {
  // 1–2. Asserts. 3. Add size to its bytes filled.
  pullIntoDescriptor.bytesFilled += size;
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-fill-pull-into-descriptor-from-queue
function ReadableByteStreamControllerFillPullIntoDescriptorFromQueue(controller, pullIntoDescriptor) {
  // 1. Let maxBytesToCopy be min([[queueTotalSize]], byte length − bytes filled).
  const maxBytesToCopy = P.MathMin(controller.queueTotalSize, pullIntoDescriptor.byteLength - pullIntoDescriptor.bytesFilled);
  // 2. Let maxBytesFilled be bytes filled + maxBytesToCopy.
  const maxBytesFilled = pullIntoDescriptor.bytesFilled + maxBytesToCopy;
  // 3. Let totalBytesToCopyRemaining be maxBytesToCopy. 4. Let ready be false.
  let totalBytesToCopyRemaining = maxBytesToCopy;
  let ready = false;
  // 5–6. Asserts. 7–8. Only whole elements count.
  const remainderBytes = maxBytesFilled % pullIntoDescriptor.elementSize;
  const maxAlignedBytes = maxBytesFilled - remainderBytes;
  // 9. Enough for the minimum fill: copy up to the last whole element, and the read is ready.
  if (maxAlignedBytes >= pullIntoDescriptor.minimumFill) {
    totalBytesToCopyRemaining = maxAlignedBytes - pullIntoDescriptor.bytesFilled;
    ready = true;
  }
  // 10. Let queue be controller.[[queue]].
  const queue = controller.queue;
  // 11. While totalBytesToCopyRemaining > 0, copy from the head of the queue.
  while (totalBytesToCopyRemaining > 0) {
    const headOfQueue = queue.peek();
    const bytesToCopy = P.MathMin(totalBytesToCopyRemaining, headOfQueue.byteLength);
    const destStart = pullIntoDescriptor.byteOffset + pullIntoDescriptor.bytesFilled;
    const descriptorBuffer = pullIntoDescriptor.buffer;
    const queueBuffer = headOfQueue.buffer;
    const queueByteOffset = headOfQueue.byteOffset;
    // 11.7 The standard asks implementations to check this assertion and stop if it fails.
    if (!CanCopyDataBlockBytes(descriptorBuffer, destStart, queueBuffer, queueByteOffset, bytesToCopy)) {
      const e = new P.TypeError("wsjs: a byte stream's internal copy would leave its buffers; the stream is errored.");
      ReadableByteStreamControllerError(controller, e);
      throw e;
    }
    // 11.8 Copy the bytes.
    CopyDataBlockBytes(descriptorBuffer, destStart, queueBuffer, queueByteOffset, bytesToCopy);
    // 11.9–11.10 Remove the head entry when used up, else advance it.
    if (headOfQueue.byteLength === bytesToCopy) {
      queue.shift();
    } else {
      headOfQueue.byteOffset += bytesToCopy;
      headOfQueue.byteLength -= bytesToCopy;
    }
    // 11.11 Subtract from [[queueTotalSize]]. 11.12 Fill the head descriptor.
    controller.queueTotalSize -= bytesToCopy;
    ReadableByteStreamControllerFillHeadPullIntoDescriptor(controller, bytesToCopy, pullIntoDescriptor);
    // 11.13 Count the bytes down.
    totalBytesToCopyRemaining -= bytesToCopy;
  }
  // 12. Not ready: the queue is now empty and the descriptor partly filled (asserts). 13. Return ready.
  return ready;
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-process-pull-into-descriptors-using-queue
function ReadableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(controller) {
  // 1. Assert: no close was requested. 2. Let filledPullIntos be a new empty list.
  const filledPullIntos = [];
  // 3. While pull-into descriptors are pending and bytes are queued, fill the first one.
  while (controller.pendingPullIntos.length > 0) {
    if (controller.queueTotalSize === 0) break;
    const pullIntoDescriptor = controller.pendingPullIntos.peek();
    if (ReadableByteStreamControllerFillPullIntoDescriptorFromQueue(controller, pullIntoDescriptor)) {
      ReadableByteStreamControllerShiftPendingPullInto(controller);
      P.ArrayPrototypePush(filledPullIntos, pullIntoDescriptor);
    }
  }
  // 4. Return filledPullIntos.
  return filledPullIntos;
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-pull-into
function ReadableByteStreamControllerPullInto(controller, view, min, readIntoRequest) {
  // 1. Let stream be controller.[[stream]].
  const stream = controller.stream;
  // 2–4. The element size and constructor of view's type (1 and %DataView% for a DataView).
  const elementSize = ViewElementSize(view);
  const ctor = ViewConstructor(view);
  // 5. Let minimumFill be min × elementSize. 6–7. Asserts.
  const minimumFill = min * elementSize;
  // 8–9. Let byteOffset and byteLength be view's.
  const byteOffset = ViewByteOffset(view);
  const byteLength = ViewByteLength(view);
  // 10. Let bufferResult be TransferArrayBuffer(view.[[ViewedArrayBuffer]]).
  let buffer;
  try {
    buffer = TransferArrayBuffer(ViewBuffer(view));
  } catch (error) {
    // 11. An abrupt completion: perform readIntoRequest's error steps given it, and return.
    readIntoRequest.errorSteps(error);
    return;
  }
  // 12–13. A "byob" pull-into descriptor over the transferred buffer.
  const pullIntoDescriptor = new PullIntoDescriptor(buffer, P.ArrayBufferPrototypeGetByteLength(buffer), byteOffset, byteLength,
    minimumFill, elementSize, ctor, "byob");
  // 14. Other descriptors pending: queue this one behind them, with its read-into request.
  if (controller.pendingPullIntos.length > 0) {
    controller.pendingPullIntos.push(pullIntoDescriptor);
    ReadableStreamAddReadIntoRequest(stream, readIntoRequest);
    return;
  }
  // 15. A closed stream: close steps with an empty view of the same type.
  if (stream.state === "closed") {
    const emptyView = new ctor(pullIntoDescriptor.buffer, pullIntoDescriptor.byteOffset, 0);
    readIntoRequest.closeSteps(emptyView);
    return;
  }
  // 16. Bytes queued: fill from the queue.
  if (controller.queueTotalSize > 0) {
    if (ReadableByteStreamControllerFillPullIntoDescriptorFromQueue(controller, pullIntoDescriptor)) {
      // 16.1 Filled up to the minimum: hand the view over.
      const filledView = ReadableByteStreamControllerConvertPullIntoDescriptor(pullIntoDescriptor);
      ReadableByteStreamControllerHandleQueueDrain(controller);
      readIntoRequest.chunkSteps(filledView);
      return;
    }
    // 16.2 A close was requested and the queue could not fill it: error the stream.
    if (controller.closeRequested) {
      const e = new P.TypeError("Failed to execute 'read' on 'ReadableStreamBYOBReader': the stream was closed with too few bytes to fill the view.");
      ReadableByteStreamControllerError(controller, e);
      readIntoRequest.errorSteps(e);
      return;
    }
  }
  // 17. Append the descriptor. 18. Add the read-into request. 19. Pull if needed.
  controller.pendingPullIntos.push(pullIntoDescriptor);
  ReadableStreamAddReadIntoRequest(stream, readIntoRequest);
  ReadableByteStreamControllerCallPullIfNeeded(controller);
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-respond
function ReadableByteStreamControllerRespond(controller, bytesWritten) {
  // 1. Assert: pull-intos are pending. 2. Let firstDescriptor be the first.
  const firstDescriptor = controller.pendingPullIntos.peek();
  // 3. Let state be the stream's state.
  const state = controller.stream.state;
  const prefix = "Failed to execute 'respond' on 'ReadableStreamBYOBRequest'";
  if (state === "closed") {
    // 4. Closed: only 0 bytes may be written.
    if (bytesWritten !== 0) throw new P.TypeError(`${prefix}: bytesWritten must be 0 once the stream is closed (received ${bytesWritten}).`);
  } else {
    // 5. Readable: at least 1 byte, and no more than the descriptor has room for.
    if (bytesWritten === 0) throw new P.TypeError(`${prefix}: bytesWritten must be greater than 0 while the stream is readable.`);
    if (firstDescriptor.bytesFilled + bytesWritten > firstDescriptor.byteLength) {
      throw new P.RangeError(`${prefix}: bytesWritten (${bytesWritten}) is more than the view has room for (${firstDescriptor.byteLength - firstDescriptor.bytesFilled}).`);
    }
  }
  // 6. Set firstDescriptor's buffer to ! TransferArrayBuffer(its buffer).
  firstDescriptor.buffer = TransferArrayBuffer(firstDescriptor.buffer);
  // 7. Perform ? ReadableByteStreamControllerRespondInternal(controller, bytesWritten).
  ReadableByteStreamControllerRespondInternal(controller, bytesWritten);
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-respond-in-closed-state
function ReadableByteStreamControllerRespondInClosedState(controller, firstDescriptor) {
  // 1. Assert: whole elements. 2. A descriptor of reader type "none" is dropped.
  if (firstDescriptor.readerType === "none") ReadableByteStreamControllerShiftPendingPullInto(controller);
  // 3. Let stream be controller.[[stream]].
  const stream = controller.stream;
  // 4. A BYOB reader: commit one descriptor per pending read-into request (each closes it).
  if (ReadableStreamHasBYOBReader(stream)) {
    const filledPullIntos = [];
    while (filledPullIntos.length < ReadableStreamGetNumReadIntoRequests(stream)) {
      P.ArrayPrototypePush(filledPullIntos, ReadableByteStreamControllerShiftPendingPullInto(controller));
    }
    for (let i = 0; i < filledPullIntos.length; i++) ReadableByteStreamControllerCommitPullIntoDescriptor(stream, filledPullIntos[i]);
  }
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-respond-in-readable-state
function ReadableByteStreamControllerRespondInReadableState(controller, bytesWritten, pullIntoDescriptor) {
  // 1. Assert: it fits. 2. Fill the head descriptor by bytesWritten.
  ReadableByteStreamControllerFillHeadPullIntoDescriptor(controller, bytesWritten, pullIntoDescriptor);
  // 3. Reader type "none": its bytes go to the queue, then fill other descriptors from it.
  if (pullIntoDescriptor.readerType === "none") {
    ReadableByteStreamControllerEnqueueDetachedPullIntoToQueue(controller, pullIntoDescriptor);
    const filledPullIntos = ReadableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(controller);
    for (let i = 0; i < filledPullIntos.length; i++) ReadableByteStreamControllerCommitPullIntoDescriptor(controller.stream, filledPullIntos[i]);
    return;
  }
  // 4. Not yet filled to its minimum: it stays at the head for the source to keep filling.
  if (pullIntoDescriptor.bytesFilled < pullIntoDescriptor.minimumFill) return;
  // 5. Perform ! ReadableByteStreamControllerShiftPendingPullInto(controller).
  ReadableByteStreamControllerShiftPendingPullInto(controller);
  // 6–7. Bytes past the last whole element go back to the queue as a copy.
  const remainderSize = pullIntoDescriptor.bytesFilled % pullIntoDescriptor.elementSize;
  if (remainderSize > 0) {
    const end = pullIntoDescriptor.byteOffset + pullIntoDescriptor.bytesFilled;
    ReadableByteStreamControllerEnqueueClonedChunkToQueue(controller, pullIntoDescriptor.buffer, end - remainderSize, remainderSize);
  }
  // 8. Set bytes filled to bytes filled − remainderSize.
  pullIntoDescriptor.bytesFilled -= remainderSize;
  // 9. Fill later descriptors from the queue.
  const filledPullIntos = ReadableByteStreamControllerProcessPullIntoDescriptorsUsingQueue(controller);
  // 10. Commit this descriptor, then 11. each one filled from the queue.
  ReadableByteStreamControllerCommitPullIntoDescriptor(controller.stream, pullIntoDescriptor);
  for (let i = 0; i < filledPullIntos.length; i++) ReadableByteStreamControllerCommitPullIntoDescriptor(controller.stream, filledPullIntos[i]);
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-respond-internal
function ReadableByteStreamControllerRespondInternal(controller, bytesWritten) {
  // 1. Let firstDescriptor be the first pending pull-into. 2. Assert: its buffer can be transferred.
  const firstDescriptor = controller.pendingPullIntos.peek();
  // 3. Perform ! ReadableByteStreamControllerInvalidateBYOBRequest(controller).
  ReadableByteStreamControllerInvalidateBYOBRequest(controller);
  // 4. Let state be the stream's state.
  const state = controller.stream.state;
  // 5. Closed (bytesWritten is 0): respond in the closed state.
  if (state === "closed") ReadableByteStreamControllerRespondInClosedState(controller, firstDescriptor);
  // 6. Readable: respond in the readable state.
  else ReadableByteStreamControllerRespondInReadableState(controller, bytesWritten, firstDescriptor);
  // 7. Perform ! ReadableByteStreamControllerCallPullIfNeeded(controller).
  ReadableByteStreamControllerCallPullIfNeeded(controller);
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-respond-with-new-view
function ReadableByteStreamControllerRespondWithNewView(controller, view) {
  // 1–2. Asserts. 3. Let firstDescriptor be the first pending pull-into.
  const firstDescriptor = controller.pendingPullIntos.peek();
  // 4. Let state be the stream's state.
  const state = controller.stream.state;
  const prefix = "Failed to execute 'respondWithNewView' on 'ReadableStreamBYOBRequest'";
  const viewByteLength = ViewByteLength(view);
  if (state === "closed") {
    // 5. Closed: the view must be empty.
    if (viewByteLength !== 0) throw new P.TypeError(`${prefix}: the view must be empty once the stream is closed (its byteLength is ${viewByteLength}).`);
  } else if (viewByteLength === 0) {
    // 6. Readable: the view must not be empty.
    throw new P.TypeError(`${prefix}: the view must not be empty while the stream is readable.`);
  }
  // 7. The view must start where the request's view started.
  if (firstDescriptor.byteOffset + firstDescriptor.bytesFilled !== ViewByteOffset(view)) {
    throw new P.RangeError(`${prefix}: the view's byteOffset (${ViewByteOffset(view)}) is not the request view's (${firstDescriptor.byteOffset + firstDescriptor.bytesFilled}).`);
  }
  // 8. Its buffer must be as long as the request's buffer was.
  const viewBuffer = ViewBuffer(view);
  if (firstDescriptor.bufferByteLength !== P.ArrayBufferPrototypeGetByteLength(viewBuffer)) {
    throw new P.RangeError(`${prefix}: the view's buffer is ${P.ArrayBufferPrototypeGetByteLength(viewBuffer)} bytes, the request's was ${firstDescriptor.bufferByteLength}.`);
  }
  // 9. It may not be longer than the room left.
  if (firstDescriptor.bytesFilled + viewByteLength > firstDescriptor.byteLength) {
    throw new P.RangeError(`${prefix}: the view (${viewByteLength} bytes) is longer than the room left in the request (${firstDescriptor.byteLength - firstDescriptor.bytesFilled}).`);
  }
  // 10. Let viewByteLength be view.[[ByteLength]] (above).
  // 11. Set firstDescriptor's buffer to ? TransferArrayBuffer(view.[[ViewedArrayBuffer]]).
  firstDescriptor.buffer = TransferArrayBuffer(viewBuffer);
  // 12. Perform ? ReadableByteStreamControllerRespondInternal(controller, viewByteLength).
  ReadableByteStreamControllerRespondInternal(controller, viewByteLength);
}

// https://streams.spec.whatwg.org/#readable-byte-stream-controller-shift-pending-pull-into
function ReadableByteStreamControllerShiftPendingPullInto(controller) {
  // 1. Assert: no BYOB request. 2–4. Remove and return the first pending pull-into.
  return controller.pendingPullIntos.shift();
}

exportOperations({
  ReadableByteStreamControllerEnqueueDetachedPullIntoToQueue, ReadableByteStreamControllerCommitPullIntoDescriptor,
  ReadableByteStreamControllerConvertPullIntoDescriptor, ReadableByteStreamControllerFillHeadPullIntoDescriptor,
  ReadableByteStreamControllerFillPullIntoDescriptorFromQueue, ReadableByteStreamControllerProcessPullIntoDescriptorsUsingQueue,
  ReadableByteStreamControllerPullInto, ReadableByteStreamControllerRespond, ReadableByteStreamControllerRespondInClosedState,
  ReadableByteStreamControllerRespondInReadableState, ReadableByteStreamControllerRespondInternal,
  ReadableByteStreamControllerRespondWithNewView, ReadableByteStreamControllerShiftPendingPullInto,
});
