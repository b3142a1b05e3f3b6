// SPDX-License-Identifier: MIT
// ReadableStreamDefaultController (https://streams.spec.whatwg.org/#rs-default-controller-class)
// and its abstract operations (https://streams.spec.whatwg.org/#rs-default-controller-abstract-ops).
const P = internals.require("primordials").primordials;
const { webidl } = internals.require("webidl");
const { promiseResolvedWith, uponPromise, invokePromiseCallback1 } = internals.require("streams/webidl-promises").streamsPromises;
const { DequeueValue, EnqueueValueWithSize, ResetQueue, SimpleQueue } = internals.require("streams/queue-with-sizes").streamsQueues;
const { exportOperations, importOperations } = internals.require("streams/linking").streamsLinking;

let IsReadableStreamLocked, ReadableStreamClose, ReadableStreamError, ReadableStreamAddReadRequest,
  ReadableStreamFulfillReadRequest, ReadableStreamGetNumReadRequests;
importOperations((operations) => {
  ({ IsReadableStreamLocked, ReadableStreamClose, ReadableStreamError, ReadableStreamAddReadRequest,
    ReadableStreamFulfillReadRequest, ReadableStreamGetNumReadRequests } = operations);
});

/// The internal slots (https://streams.spec.whatwg.org/#rs-default-controller-internal-slots) and
/// internal methods ([[CancelSteps]], [[PullSteps]], [[ReleaseSteps]]) of a
/// ReadableStreamDefaultController; the script-facing object is `wrapper`.
class ReadableStreamDefaultControllerSlots {
  constructor(wrapper) {
    this.cancelAlgorithm = undefined;
    this.closeRequested = false;
    this.isByteController = false;
    this.pullAgain = false;
    this.pullAlgorithm = undefined;
    this.pulling = false;
    this.queue = new SimpleQueue();
    this.queueTotalSize = 0;
    this.started = false;
    this.strategyHWM = 0;
    this.strategySizeAlgorithm = undefined;
    this.stream = undefined;
    this.wrapper = wrapper;
    // The reactions to a pull's promise, made once rather than for every pull.
    this.onPullFulfilled = () => {
      // ReadableStreamDefaultControllerCallPullIfNeeded step 7: upon fulfillment of pullPromise,
      // 7.1 set [[pulling]] to false; 7.2 if [[pullAgain]], clear it and pull again.
      this.pulling = false;
      if (this.pullAgain) {
        this.pullAgain = false;
        ReadableStreamDefaultControllerCallPullIfNeeded(this);
      }
    };
    // Step 8: upon rejection of pullPromise with reason e, error the controller.
    this.onPullRejected = (e) => ReadableStreamDefaultControllerError(this, e);
  }

  // https://streams.spec.whatwg.org/#rs-default-controller-private-cancel
  cancelSteps(reason) {
    // 1. Perform ! ResetQueue(this).
    ResetQueue(this);
    // 2. Let result be the result of performing this.[[cancelAlgorithm]], passing reason.
    const result = this.cancelAlgorithm(reason);
    // 3. Perform ! ReadableStreamDefaultControllerClearAlgorithms(this). 4. Return result.
    ReadableStreamDefaultControllerClearAlgorithms(this);
    return result;
  }

  // https://streams.spec.whatwg.org/#rs-default-controller-private-pull
  pullSteps(readRequest) {
    // 1. Let stream be this.[[stream]].
    const stream = this.stream;
    // 2. If this.[[queue]] is not empty,
    if (this.queue.length > 0) {
      // 2.1 Let chunk be ! DequeueValue(this).
      const chunk = DequeueValue(this);
      if (this.closeRequested && this.queue.length === 0) {
        // 2.2 Close requested and the queue is now empty: clear the algorithms, close the stream.
        ReadableStreamDefaultControllerClearAlgorithms(this);
        ReadableStreamClose(stream);
      } else {
        // 2.3 Otherwise pull if needed.
        ReadableStreamDefaultControllerCallPullIfNeeded(this);
      }
      // 2.4 Perform readRequest's chunk steps, given chunk.
      readRequest.chunkSteps(chunk);
    } else {
      // 3.1 Perform ! ReadableStreamAddReadRequest(stream, readRequest).
      ReadableStreamAddReadRequest(stream, readRequest);
      // 3.2 Perform ! ReadableStreamDefaultControllerCallPullIfNeeded(this).
      ReadableStreamDefaultControllerCallPullIfNeeded(this);
    }
  }

  // https://streams.spec.whatwg.org/#abstract-opdef-readablestreamdefaultcontroller-releasesteps
  releaseSteps() {
    // 1. Return.
  }
}

const constructorKey = P.Symbol("ReadableStreamDefaultController");
let defaultControllerSlotsOf;

// https://streams.spec.whatwg.org/#rs-default-controller-class
class ReadableStreamDefaultController {
  #controller;

  constructor(key = undefined) {
    if (key !== constructorKey) webidl.illegalConstructor();
    this.#controller = new ReadableStreamDefaultControllerSlots(this);
  }

  static {
    defaultControllerSlotsOf = (value) => {
      if (typeof value !== "object" || value === null || !(#controller in value)) throw webidl.invalidThis("ReadableStreamDefaultController");
      return value.#controller;
    };
  }

  // https://streams.spec.whatwg.org/#rs-default-controller-desired-size
  get desiredSize() {
    // 1. Return ! ReadableStreamDefaultControllerGetDesiredSize(this).
    return ReadableStreamDefaultControllerGetDesiredSize(defaultControllerSlotsOf(this));
  }

  // https://streams.spec.whatwg.org/#rs-default-controller-close
  close() {
    const controller = defaultControllerSlotsOf(this);
    // 1. If ! ReadableStreamDefaultControllerCanCloseOrEnqueue(this) is false, throw a TypeError.
    if (!ReadableStreamDefaultControllerCanCloseOrEnqueue(controller)) throw cannotCloseOrEnqueueError(controller, "close");
    // 2. Perform ! ReadableStreamDefaultControllerClose(this).
    ReadableStreamDefaultControllerClose(controller);
  }

  // https://streams.spec.whatwg.org/#rs-default-controller-enqueue
  enqueue(chunk = undefined) {
    const controller = defaultControllerSlotsOf(this);
    // 1. If ! ReadableStreamDefaultControllerCanCloseOrEnqueue(this) is false, throw a TypeError.
    if (!ReadableStreamDefaultControllerCanCloseOrEnqueue(controller)) throw cannotCloseOrEnqueueError(controller, "enqueue");
    // 2. Perform ? ReadableStreamDefaultControllerEnqueue(this, chunk).
    ReadableStreamDefaultControllerEnqueue(controller, chunk);
  }

  // https://streams.spec.whatwg.org/#rs-default-controller-error
  error(e = undefined) {
    // 1. Perform ! ReadableStreamDefaultControllerError(this, e).
    ReadableStreamDefaultControllerError(defaultControllerSlotsOf(this), e);
  }
}

function cannotCloseOrEnqueueError(controller, operation) {
  const why = controller.closeRequested ? "close() was already called" : `the stream is ${controller.stream.state}`;
  return new P.TypeError(`Failed to execute '${operation}' on 'ReadableStreamDefaultController': ${why}.`);
}

// https://streams.spec.whatwg.org/#readable-stream-default-controller-call-pull-if-needed
function ReadableStreamDefaultControllerCallPullIfNeeded(controller) {
  // 1–2. If ! ReadableStreamDefaultControllerShouldCallPull(controller) is false, return.
  if (!ReadableStreamDefaultControllerShouldCallPull(controller)) return;
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

// https://streams.spec.whatwg.org/#readable-stream-default-controller-should-call-pull
function ReadableStreamDefaultControllerShouldCallPull(controller) {
  // 1. Let stream be controller.[[stream]].
  const stream = controller.stream;
  // 2. If ! ReadableStreamDefaultControllerCanCloseOrEnqueue(controller) is false, return false.
  if (!ReadableStreamDefaultControllerCanCloseOrEnqueue(controller)) return false;
  // 3. If controller.[[started]] is false, return false.
  if (!controller.started) return false;
  // 4. If the stream is locked and has pending read requests, return true.
  if (IsReadableStreamLocked(stream) && ReadableStreamGetNumReadRequests(stream) > 0) return true;
  // 5–8. Return true when the desired size is above 0.
  return ReadableStreamDefaultControllerGetDesiredSize(controller) > 0;
}

// https://streams.spec.whatwg.org/#readable-stream-default-controller-clear-algorithms
function ReadableStreamDefaultControllerClearAlgorithms(controller) {
  // 1–3. Drop the pull, cancel and size algorithms.
  controller.pullAlgorithm = undefined;
  controller.cancelAlgorithm = undefined;
  controller.strategySizeAlgorithm = undefined;
}

// https://streams.spec.whatwg.org/#readable-stream-default-controller-close
function ReadableStreamDefaultControllerClose(controller) {
  // 1. If ! ReadableStreamDefaultControllerCanCloseOrEnqueue(controller) is false, return.
  if (!ReadableStreamDefaultControllerCanCloseOrEnqueue(controller)) return;
  // 2. Let stream be controller.[[stream]]. 3. Set controller.[[closeRequested]] to true.
  const stream = controller.stream;
  controller.closeRequested = true;
  // 4. If the queue is empty, clear the algorithms and close the stream.
  if (controller.queue.length === 0) {
    ReadableStreamDefaultControllerClearAlgorithms(controller);
    ReadableStreamClose(stream);
  }
}

// https://streams.spec.whatwg.org/#readable-stream-default-controller-enqueue
function ReadableStreamDefaultControllerEnqueue(controller, chunk) {
  // 1. If ! ReadableStreamDefaultControllerCanCloseOrEnqueue(controller) is false, return.
  if (!ReadableStreamDefaultControllerCanCloseOrEnqueue(controller)) return;
  // 2. Let stream be controller.[[stream]].
  const stream = controller.stream;
  if (IsReadableStreamLocked(stream) && ReadableStreamGetNumReadRequests(stream) > 0) {
    // 3. A reader is waiting: ! ReadableStreamFulfillReadRequest(stream, chunk, false).
    ReadableStreamFulfillReadRequest(stream, chunk, false);
  } else {
    // 4.1 Let result be the result of performing [[strategySizeAlgorithm]], passing in chunk.
    let chunkSize;
    try {
      chunkSize = controller.strategySizeAlgorithm(chunk);
    } catch (error) {
      // 4.2 An abrupt completion errors the controller and is returned (rethrown).
      ReadableStreamDefaultControllerError(controller, error);
      throw error;
    }
    // 4.3–4.4 Let enqueueResult be EnqueueValueWithSize(controller, chunk, chunkSize).
    try {
      EnqueueValueWithSize(controller, chunk, chunkSize);
    } catch (error) {
      // 4.5 An abrupt completion errors the controller and is returned (rethrown).
      ReadableStreamDefaultControllerError(controller, error);
      throw error;
    }
  }
  // 5. Perform ! ReadableStreamDefaultControllerCallPullIfNeeded(controller).
  ReadableStreamDefaultControllerCallPullIfNeeded(controller);
}

// https://streams.spec.whatwg.org/#readable-stream-default-controller-error
function ReadableStreamDefaultControllerError(controller, e) {
  // 1. Let stream be controller.[[stream]]. 2. If its state is not "readable", return.
  const stream = controller.stream;
  if (stream.state !== "readable") return;
  // 3. Perform ! ResetQueue(controller).
  ResetQueue(controller);
  // 4. Perform ! ReadableStreamDefaultControllerClearAlgorithms(controller).
  ReadableStreamDefaultControllerClearAlgorithms(controller);
  // 5. Perform ! ReadableStreamError(stream, e).
  ReadableStreamError(stream, e);
}

// https://streams.spec.whatwg.org/#readable-stream-default-controller-get-desired-size
function ReadableStreamDefaultControllerGetDesiredSize(controller) {
  // 1. Let state be controller.[[stream]].[[state]].
  const state = controller.stream.state;
  // 2. If state is "errored", return null. 3. If state is "closed", return 0.
  if (state === "errored") return null;
  if (state === "closed") return 0;
  // 4. Return controller.[[strategyHWM]] − controller.[[queueTotalSize]].
  return controller.strategyHWM - controller.queueTotalSize;
}

// https://streams.spec.whatwg.org/#rs-default-controller-has-backpressure
function ReadableStreamDefaultControllerHasBackpressure(controller) {
  // 1–2. Backpressure unless a pull would be made.
  return !ReadableStreamDefaultControllerShouldCallPull(controller);
}

// https://streams.spec.whatwg.org/#readable-stream-default-controller-can-close-or-enqueue
function ReadableStreamDefaultControllerCanCloseOrEnqueue(controller) {
  // 1–3. Only while no close was requested and the stream is "readable".
  return !controller.closeRequested && controller.stream.state === "readable";
}

const startedSteps = (controller) => () => {
  // SetUpReadableStreamDefaultController step 11: upon fulfillment of startPromise,
  // 11.1 set [[started]] to true; 11.2–11.3 assert nothing is pulling; 11.4 pull if needed.
  controller.started = true;
  ReadableStreamDefaultControllerCallPullIfNeeded(controller);
};

// https://streams.spec.whatwg.org/#set-up-readable-stream-default-controller
function SetUpReadableStreamDefaultController(stream, controller, startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark, sizeAlgorithm) {
  // 1. Assert: stream.[[controller]] is undefined. 2. Set controller.[[stream]] to stream.
  controller.stream = stream;
  // 3. Perform ! ResetQueue(controller).
  ResetQueue(controller);
  // 4. Set [[started]], [[closeRequested]], [[pullAgain]] and [[pulling]] to false.
  controller.started = controller.closeRequested = controller.pullAgain = controller.pulling = false;
  // 5. Set [[strategySizeAlgorithm]] to sizeAlgorithm and [[strategyHWM]] to highWaterMark.
  controller.strategySizeAlgorithm = sizeAlgorithm;
  controller.strategyHWM = highWaterMark;
  // 6–7. Set [[pullAlgorithm]] and [[cancelAlgorithm]].
  controller.pullAlgorithm = pullAlgorithm;
  controller.cancelAlgorithm = cancelAlgorithm;
  // 8. Set stream.[[controller]] to controller.
  stream.controller = controller;
  // 9. Let startResult be the result of performing startAlgorithm (this may throw).
  const startResult = startAlgorithm();
  // 10. Let startPromise be a promise resolved with startResult.
  const startPromise = promiseResolvedWith(startResult);
  // 11–12. Upon fulfillment, the controller has started; upon rejection with r, error it.
  uponPromise(startPromise, startedSteps(controller), (r) => ReadableStreamDefaultControllerError(controller, r));
}

const returnUndefined = () => undefined;
const resolvedUndefined = () => promiseResolvedWith(undefined);

// https://streams.spec.whatwg.org/#set-up-readable-stream-default-controller-from-underlying-source
function SetUpReadableStreamDefaultControllerFromUnderlyingSource(stream, underlyingSource, underlyingSourceDict, highWaterMark, sizeAlgorithm) {
  // 1. Let controller be a new ReadableStreamDefaultController.
  const controller = defaultControllerSlotsOf(new ReadableStreamDefaultController(constructorKey));
  const wrapper = controller.wrapper;
  // 2–4. The algorithms that do nothing, unless the underlying source has the member:
  let startAlgorithm = returnUndefined;
  let pullAlgorithm = resolvedUndefined;
  let cancelAlgorithm = resolvedUndefined;
  // 5. start: invoke it with « controller » and this value underlyingSource (exceptions rethrown).
  const { start, pull, cancel } = underlyingSourceDict;
  if (start !== undefined) startAlgorithm = () => P.ReflectApply(start, underlyingSource, [wrapper]);
  // 6. pull: invoke it with « controller »; its result is a Promise<undefined>.
  if (pull !== undefined) pullAlgorithm = () => invokePromiseCallback1(pull, underlyingSource, wrapper);
  // 7. cancel: invoke it with « reason ».
  if (cancel !== undefined) cancelAlgorithm = (reason) => invokePromiseCallback1(cancel, underlyingSource, reason);
  // 8. Perform ? SetUpReadableStreamDefaultController(…).
  SetUpReadableStreamDefaultController(stream, controller, startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark, sizeAlgorithm);
}

/// A new controller's slots, for streams the prelude creates (CreateReadableStream).
function newReadableStreamDefaultController() {
  return defaultControllerSlotsOf(new ReadableStreamDefaultController(constructorKey));
}

webidl.configureInterface(ReadableStreamDefaultController);

exportOperations({
  ReadableStreamDefaultController, newReadableStreamDefaultController,
  ReadableStreamDefaultControllerCallPullIfNeeded, ReadableStreamDefaultControllerShouldCallPull,
  ReadableStreamDefaultControllerClearAlgorithms, ReadableStreamDefaultControllerClose, ReadableStreamDefaultControllerEnqueue,
  ReadableStreamDefaultControllerError, ReadableStreamDefaultControllerGetDesiredSize, ReadableStreamDefaultControllerHasBackpressure,
  ReadableStreamDefaultControllerCanCloseOrEnqueue, SetUpReadableStreamDefaultController,
  SetUpReadableStreamDefaultControllerFromUnderlyingSource,
});
