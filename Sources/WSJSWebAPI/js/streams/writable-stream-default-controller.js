// SPDX-License-Identifier: MIT
// WritableStreamDefaultController (https://streams.spec.whatwg.org/#ws-default-controller-class)
// and its abstract operations (https://streams.spec.whatwg.org/#ws-default-controller-abstract-ops).
const P = internals.require("primordials").primordials;
const { webidl } = internals.require("webidl");
const { promiseResolvedWith, uponPromise, invokePromiseCallback0, invokePromiseCallback1, invokePromiseCallback2 } =
  internals.require("streams/webidl-promises").streamsPromises;
const { DequeueValue, EnqueueValueWithSize, PeekQueueValue, ResetQueue, SimpleQueue } = internals.require("streams/queue-with-sizes").streamsQueues;
const { exportOperations, importOperations } = internals.require("streams/linking").streamsLinking;

let WritableStreamCloseQueuedOrInFlight, WritableStreamDealWithRejection, WritableStreamFinishErroring,
  WritableStreamFinishInFlightClose, WritableStreamFinishInFlightCloseWithError, WritableStreamFinishInFlightWrite,
  WritableStreamFinishInFlightWriteWithError, WritableStreamMarkCloseRequestInFlight, WritableStreamMarkFirstWriteRequestInFlight,
  WritableStreamStartErroring, WritableStreamUpdateBackpressure;
importOperations((operations) => {
  ({ WritableStreamCloseQueuedOrInFlight, WritableStreamDealWithRejection, WritableStreamFinishErroring,
    WritableStreamFinishInFlightClose, WritableStreamFinishInFlightCloseWithError, WritableStreamFinishInFlightWrite,
    WritableStreamFinishInFlightWriteWithError, WritableStreamMarkCloseRequestInFlight, WritableStreamMarkFirstWriteRequestInFlight,
    WritableStreamStartErroring, WritableStreamUpdateBackpressure } = operations);
});

// The AbortController of [[abortController]], and its signal read without the (patchable) getter.
const { AbortController } = internals.require("abort");
const AbortControllerPrototypeGetSignal = P.uncurryThis(P.ObjectGetOwnPropertyDescriptor(AbortController.prototype, "signal").get);

/// The close sentinel (https://streams.spec.whatwg.org/#close-sentinel), queued in place of a chunk.
const closeSentinel = P.ObjectFreeze({ __proto__: null });

/// The internal slots (https://streams.spec.whatwg.org/#ws-default-controller-internal-slots) and
/// internal methods ([[AbortSteps]], [[ErrorSteps]]) of a WritableStreamDefaultController.
class WritableStreamDefaultControllerSlots {
  constructor(wrapper) {
    this.abortAlgorithm = undefined;
    this.abortController = undefined;
    this.abortSignal = undefined;
    this.closeAlgorithm = undefined;
    this.queue = new SimpleQueue();
    this.queueTotalSize = 0;
    this.started = false;
    this.strategyHWM = 0;
    this.strategySizeAlgorithm = undefined;
    this.stream = undefined;
    this.writeAlgorithm = undefined;
    this.wrapper = wrapper;
    // The reactions to a write's promise (WritableStreamDefaultControllerProcessWrite steps 4–5),
    // made once rather than for every chunk.
    this.onWriteFulfilled = () => {
      const stream = this.stream;
      // 4.1 Perform ! WritableStreamFinishInFlightWrite(stream).
      WritableStreamFinishInFlightWrite(stream);
      // 4.2–4.3 Let state be stream.[[state]] ("writable" or "erroring").
      const state = stream.state;
      // 4.4 Perform ! DequeueValue(controller).
      DequeueValue(this);
      // 4.5 Still writable and not closing: update the backpressure.
      if (!WritableStreamCloseQueuedOrInFlight(stream) && state === "writable") {
        WritableStreamUpdateBackpressure(stream, WritableStreamDefaultControllerGetBackpressure(this));
      }
      // 4.6 Perform ! WritableStreamDefaultControllerAdvanceQueueIfNeeded(controller).
      WritableStreamDefaultControllerAdvanceQueueIfNeeded(this);
    };
    this.onWriteRejected = (reason) => {
      const stream = this.stream;
      // 5.1 A writable stream drops its algorithms.
      if (stream.state === "writable") WritableStreamDefaultControllerClearAlgorithms(this);
      // 5.2 Perform ! WritableStreamFinishInFlightWriteWithError(stream, reason).
      WritableStreamFinishInFlightWriteWithError(stream, reason);
    };
  }

  // https://streams.spec.whatwg.org/#ws-default-controller-private-abort
  abortSteps(reason) {
    // 1. Let result be the result of performing this.[[abortAlgorithm]], passing reason.
    const result = this.abortAlgorithm(reason);
    // 2. Perform ! WritableStreamDefaultControllerClearAlgorithms(this). 3. Return result.
    WritableStreamDefaultControllerClearAlgorithms(this);
    return result;
  }

  // https://streams.spec.whatwg.org/#ws-default-controller-private-error
  errorSteps() {
    // 1. Perform ! ResetQueue(this).
    ResetQueue(this);
  }
}

const constructorKey = P.Symbol("WritableStreamDefaultController");
let controllerSlotsOf;

// https://streams.spec.whatwg.org/#ws-default-controller-class
class WritableStreamDefaultController {
  #controller;

  constructor(key = undefined) {
    if (key !== constructorKey) webidl.illegalConstructor();
    this.#controller = new WritableStreamDefaultControllerSlots(this);
  }

  static {
    controllerSlotsOf = (value) => {
      if (typeof value !== "object" || value === null || !(#controller in value)) throw webidl.invalidThis("WritableStreamDefaultController");
      return value.#controller;
    };
  }

  // https://streams.spec.whatwg.org/#ws-default-controller-signal
  get signal() {
    // 1. Return this.[[abortController]]'s signal.
    return controllerSlotsOf(this).abortSignal;
  }

  // https://streams.spec.whatwg.org/#ws-default-controller-error
  error(e = undefined) {
    const controller = controllerSlotsOf(this);
    // 1–2. Only a writable stream can be errored here.
    if (controller.stream.state !== "writable") return;
    // 3. Perform ! WritableStreamDefaultControllerError(this, e).
    WritableStreamDefaultControllerError(controller, e);
  }
}

const startFulfilled = (controller) => () => {
  // SetUpWritableStreamDefaultController step 17: upon fulfillment of startPromise,
  // 17.1 assert; 17.2 set [[started]] to true; 17.3 advance the queue.
  controller.started = true;
  WritableStreamDefaultControllerAdvanceQueueIfNeeded(controller);
};

const startRejected = (controller) => (r) => {
  // Step 18: upon rejection with r, 18.1 assert; 18.2 set [[started]] to true;
  // 18.3 perform ! WritableStreamDealWithRejection(stream, r).
  controller.started = true;
  WritableStreamDealWithRejection(controller.stream, r);
};

// https://streams.spec.whatwg.org/#set-up-writable-stream-default-controller
function SetUpWritableStreamDefaultController(stream, controller, startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm, highWaterMark, sizeAlgorithm) {
  // 1–2. Asserts. 3. Set controller.[[stream]] to stream. 4. Set stream.[[controller]] to controller.
  controller.stream = stream;
  stream.controller = controller;
  // 5. Perform ! ResetQueue(controller).
  ResetQueue(controller);
  // 6. Set controller.[[abortController]] to a new AbortController.
  controller.abortController = new AbortController();
  controller.abortSignal = AbortControllerPrototypeGetSignal(controller.abortController);
  // 7. Set [[started]] to false. 8–12. The size algorithm, high water mark and sink algorithms.
  controller.started = false;
  controller.strategySizeAlgorithm = sizeAlgorithm;
  controller.strategyHWM = highWaterMark;
  controller.writeAlgorithm = writeAlgorithm;
  controller.closeAlgorithm = closeAlgorithm;
  controller.abortAlgorithm = abortAlgorithm;
  // 13–14. Let backpressure be ! WritableStreamDefaultControllerGetBackpressure(controller), and
  // perform ! WritableStreamUpdateBackpressure(stream, backpressure).
  WritableStreamUpdateBackpressure(stream, WritableStreamDefaultControllerGetBackpressure(controller));
  // 15. Let startResult be the result of performing startAlgorithm (this may throw).
  const startResult = startAlgorithm();
  // 16. Let startPromise be a promise resolved with startResult. 17–18. React to it.
  uponPromise(promiseResolvedWith(startResult), startFulfilled(controller), startRejected(controller));
}

const returnUndefined = () => undefined;
const resolvedUndefined = () => promiseResolvedWith(undefined);

// https://streams.spec.whatwg.org/#set-up-writable-stream-default-controller-from-underlying-sink
function SetUpWritableStreamDefaultControllerFromUnderlyingSink(stream, underlyingSink, underlyingSinkDict, highWaterMark, sizeAlgorithm) {
  // 1. Let controller be a new WritableStreamDefaultController.
  const controller = newWritableStreamDefaultController();
  const wrapper = controller.wrapper;
  // 2–5. Algorithms that do nothing, unless the underlying sink has the member:
  let startAlgorithm = returnUndefined;
  let writeAlgorithm = resolvedUndefined;
  let closeAlgorithm = resolvedUndefined;
  let abortAlgorithm = resolvedUndefined;
  const { start, write, close, abort } = underlyingSinkDict;
  // 6. start(controller), exceptions rethrown.
  if (start !== undefined) startAlgorithm = () => P.ReflectApply(start, underlyingSink, [wrapper]);
  // 7. write(chunk, controller). 8. close(). 9. abort(reason). Each gives a Promise<undefined>.
  if (write !== undefined) writeAlgorithm = (chunk) => invokePromiseCallback2(write, underlyingSink, chunk, wrapper);
  if (close !== undefined) closeAlgorithm = () => invokePromiseCallback0(close, underlyingSink);
  if (abort !== undefined) abortAlgorithm = (reason) => invokePromiseCallback1(abort, underlyingSink, reason);
  // 10. Perform ? SetUpWritableStreamDefaultController(…).
  SetUpWritableStreamDefaultController(stream, controller, startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm, highWaterMark, sizeAlgorithm);
}

// https://streams.spec.whatwg.org/#writable-stream-default-controller-advance-queue-if-needed
function WritableStreamDefaultControllerAdvanceQueueIfNeeded(controller) {
  // 1. Let stream be controller.[[stream]].
  const stream = controller.stream;
  // 2. Not started: return. 3. A write in flight: return.
  if (!controller.started) return;
  if (stream.inFlightWriteRequest !== undefined) return;
  // 4–5. Let state be stream.[[state]] (not "closed" or "errored").
  // 6. Erroring: finish erroring, and return.
  if (stream.state === "erroring") {
    WritableStreamFinishErroring(stream);
    return;
  }
  // 7. An empty queue: return.
  if (controller.queue.length === 0) return;
  // 8. Let value be ! PeekQueueValue(controller).
  const value = PeekQueueValue(controller);
  // 9–10. Process the close or the write.
  if (value === closeSentinel) WritableStreamDefaultControllerProcessClose(controller);
  else WritableStreamDefaultControllerProcessWrite(controller, value);
}

// https://streams.spec.whatwg.org/#writable-stream-default-controller-clear-algorithms
function WritableStreamDefaultControllerClearAlgorithms(controller) {
  // 1–4. Drop the write, close, abort and size algorithms.
  controller.writeAlgorithm = undefined;
  controller.closeAlgorithm = undefined;
  controller.abortAlgorithm = undefined;
  controller.strategySizeAlgorithm = undefined;
}

// https://streams.spec.whatwg.org/#writable-stream-default-controller-close
function WritableStreamDefaultControllerClose(controller) {
  // 1. Perform ! EnqueueValueWithSize(controller, close sentinel, 0).
  EnqueueValueWithSize(controller, closeSentinel, 0);
  // 2. Perform ! WritableStreamDefaultControllerAdvanceQueueIfNeeded(controller).
  WritableStreamDefaultControllerAdvanceQueueIfNeeded(controller);
}

// https://streams.spec.whatwg.org/#writable-stream-default-controller-error
function WritableStreamDefaultControllerError(controller, error) {
  // 1–2. Let stream be controller.[[stream]] ("writable").
  // 3. Perform ! WritableStreamDefaultControllerClearAlgorithms(controller).
  WritableStreamDefaultControllerClearAlgorithms(controller);
  // 4. Perform ! WritableStreamStartErroring(stream, error).
  WritableStreamStartErroring(controller.stream, error);
}

// https://streams.spec.whatwg.org/#writable-stream-default-controller-error-if-needed
function WritableStreamDefaultControllerErrorIfNeeded(controller, error) {
  // 1. Error a writable stream.
  if (controller.stream.state === "writable") WritableStreamDefaultControllerError(controller, error);
}

// https://streams.spec.whatwg.org/#writable-stream-default-controller-get-backpressure
function WritableStreamDefaultControllerGetBackpressure(controller) {
  // 1–2. Backpressure while the desired size is ≤ 0.
  return WritableStreamDefaultControllerGetDesiredSize(controller) <= 0;
}

// https://streams.spec.whatwg.org/#writable-stream-default-controller-get-chunk-size
function WritableStreamDefaultControllerGetChunkSize(controller, chunk) {
  // 1. No size algorithm (the stream is no longer writable): 1.
  const sizeAlgorithm = controller.strategySizeAlgorithm;
  if (sizeAlgorithm === undefined) return 1;
  // 2. Let returnValue be the result of performing it, passing in chunk.
  try {
    return sizeAlgorithm(chunk);
  } catch (error) {
    // 3. An abrupt completion errors the stream if needed; the size is then 1.
    WritableStreamDefaultControllerErrorIfNeeded(controller, error);
    return 1;
  }
}

// https://streams.spec.whatwg.org/#writable-stream-default-controller-get-desired-size
function WritableStreamDefaultControllerGetDesiredSize(controller) {
  // 1. Return controller.[[strategyHWM]] − controller.[[queueTotalSize]].
  return controller.strategyHWM - controller.queueTotalSize;
}

// https://streams.spec.whatwg.org/#writable-stream-default-controller-process-close
function WritableStreamDefaultControllerProcessClose(controller) {
  // 1. Let stream be controller.[[stream]].
  const stream = controller.stream;
  // 2. Perform ! WritableStreamMarkCloseRequestInFlight(stream).
  WritableStreamMarkCloseRequestInFlight(stream);
  // 3. Perform ! DequeueValue(controller). 4. Assert: the queue is empty.
  DequeueValue(controller);
  // 5. Let sinkClosePromise be the result of performing controller.[[closeAlgorithm]].
  const sinkClosePromise = controller.closeAlgorithm();
  // 6. Perform ! WritableStreamDefaultControllerClearAlgorithms(controller).
  WritableStreamDefaultControllerClearAlgorithms(controller);
  // 7–8. Finish the in-flight close as the sink's close settles.
  uponPromise(sinkClosePromise, () => WritableStreamFinishInFlightClose(stream), (reason) => WritableStreamFinishInFlightCloseWithError(stream, reason));
}

// https://streams.spec.whatwg.org/#writable-stream-default-controller-process-write
function WritableStreamDefaultControllerProcessWrite(controller, chunk) {
  // 1. Let stream be controller.[[stream]]. 2. Mark the first write request in flight.
  WritableStreamMarkFirstWriteRequestInFlight(controller.stream);
  // 3. Let sinkWritePromise be the result of performing controller.[[writeAlgorithm]], passing chunk.
  const sinkWritePromise = controller.writeAlgorithm(chunk);
  // 4–5. React to it (the reactions are made in the constructor).
  uponPromise(sinkWritePromise, controller.onWriteFulfilled, controller.onWriteRejected);
}

// https://streams.spec.whatwg.org/#writable-stream-default-controller-write
function WritableStreamDefaultControllerWrite(controller, chunk, chunkSize) {
  // 1. Let enqueueResult be EnqueueValueWithSize(controller, chunk, chunkSize).
  try {
    EnqueueValueWithSize(controller, chunk, chunkSize);
  } catch (error) {
    // 2. An abrupt completion errors the stream if needed, and returns.
    WritableStreamDefaultControllerErrorIfNeeded(controller, error);
    return;
  }
  // 3. Let stream be controller.[[stream]].
  const stream = controller.stream;
  // 4. Still writable and not closing: update the backpressure.
  if (!WritableStreamCloseQueuedOrInFlight(stream) && stream.state === "writable") {
    WritableStreamUpdateBackpressure(stream, WritableStreamDefaultControllerGetBackpressure(controller));
  }
  // 5. Perform ! WritableStreamDefaultControllerAdvanceQueueIfNeeded(controller).
  WritableStreamDefaultControllerAdvanceQueueIfNeeded(controller);
}

/// A new controller's slots, for writable streams the prelude creates (CreateWritableStream).
function newWritableStreamDefaultController() {
  return controllerSlotsOf(new WritableStreamDefaultController(constructorKey));
}

webidl.configureInterface(WritableStreamDefaultController);

exportOperations({
  WritableStreamDefaultController, newWritableStreamDefaultController, SetUpWritableStreamDefaultController,
  SetUpWritableStreamDefaultControllerFromUnderlyingSink, WritableStreamDefaultControllerAdvanceQueueIfNeeded,
  WritableStreamDefaultControllerClearAlgorithms, WritableStreamDefaultControllerClose, WritableStreamDefaultControllerError,
  WritableStreamDefaultControllerErrorIfNeeded, WritableStreamDefaultControllerGetBackpressure,
  WritableStreamDefaultControllerGetChunkSize, WritableStreamDefaultControllerGetDesiredSize,
  WritableStreamDefaultControllerProcessClose, WritableStreamDefaultControllerProcessWrite, WritableStreamDefaultControllerWrite,
});
