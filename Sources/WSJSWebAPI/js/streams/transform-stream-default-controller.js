// SPDX-License-Identifier: MIT
// TransformStreamDefaultController (https://streams.spec.whatwg.org/#ts-default-controller-class)
// and its abstract operations (https://streams.spec.whatwg.org/#ts-default-controller-abstract-ops).
const P = internals.require("primordials").primordials;
const { webidl } = internals.require("webidl");
const { promiseResolvedWith, promiseRejectedWith, uponPromise, invokePromiseCallback1, invokePromiseCallback2 } =
  internals.require("streams/webidl-promises").streamsPromises;
const { exportOperations, importOperations } = internals.require("streams/linking").streamsLinking;

let ReadableStreamDefaultControllerGetDesiredSize, ReadableStreamDefaultControllerCanCloseOrEnqueue,
  ReadableStreamDefaultControllerEnqueue, ReadableStreamDefaultControllerHasBackpressure, ReadableStreamDefaultControllerClose,
  TransformStreamError, TransformStreamErrorWritableAndUnblockWrite, TransformStreamSetBackpressure;
importOperations((operations) => {
  ({ ReadableStreamDefaultControllerGetDesiredSize, ReadableStreamDefaultControllerCanCloseOrEnqueue,
    ReadableStreamDefaultControllerEnqueue, ReadableStreamDefaultControllerHasBackpressure, ReadableStreamDefaultControllerClose,
    TransformStreamError, TransformStreamErrorWritableAndUnblockWrite, TransformStreamSetBackpressure } = operations);
});

/// A TransformStreamDefaultController's internal slots
/// (https://streams.spec.whatwg.org/#ts-default-controller-internal-slots).
class TransformStreamDefaultControllerSlots {
  constructor(wrapper) {
    this.cancelAlgorithm = undefined;
    this.finishPromise = undefined;
    this.flushAlgorithm = undefined;
    this.stream = undefined;
    this.transformAlgorithm = undefined;
    this.wrapper = wrapper;
    // TransformStreamDefaultControllerPerformTransform step 2: the rejection steps of its
    // reaction, made once rather than for every chunk.
    this.onTransformRejected = (r) => {
      // 2.1 Perform ! TransformStreamError(controller.[[stream]], r). 2.2 Throw r.
      TransformStreamError(this.stream, r);
      throw r;
    };
  }
}

const constructorKey = P.Symbol("TransformStreamDefaultController");
let controllerSlotsOf;

// https://streams.spec.whatwg.org/#ts-default-controller-class
class TransformStreamDefaultController {
  #controller;

  constructor(key = undefined) {
    if (key !== constructorKey) webidl.illegalConstructor();
    this.#controller = new TransformStreamDefaultControllerSlots(this);
  }

  static {
    controllerSlotsOf = (value) => {
      if (typeof value !== "object" || value === null || !(#controller in value)) throw webidl.invalidThis("TransformStreamDefaultController");
      return value.#controller;
    };
  }

  // https://streams.spec.whatwg.org/#ts-default-controller-desired-size
  get desiredSize() {
    // 1. Let readableController be this.[[stream]].[[readable]].[[controller]].
    const readableController = controllerSlotsOf(this).stream.readable.controller;
    // 2. Return ! ReadableStreamDefaultControllerGetDesiredSize(readableController).
    return ReadableStreamDefaultControllerGetDesiredSize(readableController);
  }

  // https://streams.spec.whatwg.org/#ts-default-controller-enqueue
  enqueue(chunk = undefined) {
    // 1. Perform ? TransformStreamDefaultControllerEnqueue(this, chunk).
    TransformStreamDefaultControllerEnqueue(controllerSlotsOf(this), chunk);
  }

  // https://streams.spec.whatwg.org/#ts-default-controller-error
  error(reason = undefined) {
    // 1. Perform ? TransformStreamDefaultControllerError(this, e).
    TransformStreamDefaultControllerError(controllerSlotsOf(this), reason);
  }

  // https://streams.spec.whatwg.org/#ts-default-controller-terminate
  terminate() {
    // 1. Perform ? TransformStreamDefaultControllerTerminate(this).
    TransformStreamDefaultControllerTerminate(controllerSlotsOf(this));
  }
}

// https://streams.spec.whatwg.org/#set-up-transform-stream-default-controller
function SetUpTransformStreamDefaultController(stream, controller, transformAlgorithm, flushAlgorithm, cancelAlgorithm) {
  // 1–2. Asserts. 3. Set controller.[[stream]] to stream. 4. Set stream.[[controller]] to controller.
  controller.stream = stream;
  stream.controller = controller;
  // 5–7. Set the transform, flush and cancel algorithms.
  controller.transformAlgorithm = transformAlgorithm;
  controller.flushAlgorithm = flushAlgorithm;
  controller.cancelAlgorithm = cancelAlgorithm;
}

const resolvedUndefined = () => promiseResolvedWith(undefined);

// https://streams.spec.whatwg.org/#set-up-transform-stream-default-controller-from-transformer
function SetUpTransformStreamDefaultControllerFromTransformer(stream, transformer, transformerDict) {
  // 1. Let controller be a new TransformStreamDefaultController.
  const controller = newTransformStreamDefaultController();
  const wrapper = controller.wrapper;
  // 2. The identity transformAlgorithm: enqueue the chunk; an exception becomes a rejection.
  let transformAlgorithm = (chunk) => {
    try {
      TransformStreamDefaultControllerEnqueue(controller, chunk);
      return promiseResolvedWith(undefined);
    } catch (error) {
      return promiseRejectedWith(error);
    }
  };
  // 3–4. The flush and cancel algorithms that do nothing.
  let flushAlgorithm = resolvedUndefined;
  let cancelAlgorithm = resolvedUndefined;
  const { transform, flush, cancel } = transformerDict;
  // 5. transform(chunk, controller). 6. flush(controller). 7. cancel(reason).
  if (transform !== undefined) transformAlgorithm = (chunk) => invokePromiseCallback2(transform, transformer, chunk, wrapper);
  if (flush !== undefined) flushAlgorithm = () => invokePromiseCallback1(flush, transformer, wrapper);
  if (cancel !== undefined) cancelAlgorithm = (reason) => invokePromiseCallback1(cancel, transformer, reason);
  // 8. Perform ! SetUpTransformStreamDefaultController(…).
  SetUpTransformStreamDefaultController(stream, controller, transformAlgorithm, flushAlgorithm, cancelAlgorithm);
}

// https://streams.spec.whatwg.org/#transform-stream-default-controller-clear-algorithms
function TransformStreamDefaultControllerClearAlgorithms(controller) {
  // 1–3. Drop the transform, flush and cancel algorithms.
  controller.transformAlgorithm = undefined;
  controller.flushAlgorithm = undefined;
  controller.cancelAlgorithm = undefined;
}

// https://streams.spec.whatwg.org/#transform-stream-default-controller-enqueue
function TransformStreamDefaultControllerEnqueue(controller, chunk) {
  // 1. Let stream be controller.[[stream]]. 2. Let readableController be its readable's controller.
  const stream = controller.stream;
  const readableController = stream.readable.controller;
  // 3. If it cannot close or enqueue, throw a TypeError exception.
  if (!ReadableStreamDefaultControllerCanCloseOrEnqueue(readableController)) {
    throw new P.TypeError("Failed to execute 'enqueue' on 'TransformStreamDefaultController': the readable side is not readable.");
  }
  // 4. Let enqueueResult be ReadableStreamDefaultControllerEnqueue(readableController, chunk).
  try {
    ReadableStreamDefaultControllerEnqueue(readableController, chunk);
  } catch (error) {
    // 5. An abrupt completion errors the writable side; throw the readable side's stored error.
    TransformStreamErrorWritableAndUnblockWrite(stream, error);
    throw stream.readable.storedError;
  }
  // 6. Let backpressure be ! ReadableStreamDefaultControllerHasBackpressure(readableController).
  const backpressure = ReadableStreamDefaultControllerHasBackpressure(readableController);
  // 7. A change (to true): perform ! TransformStreamSetBackpressure(stream, true).
  if (backpressure !== stream.backpressure) TransformStreamSetBackpressure(stream, true);
}

// https://streams.spec.whatwg.org/#transform-stream-default-controller-error
function TransformStreamDefaultControllerError(controller, e) {
  // 1. Perform ! TransformStreamError(controller.[[stream]], e).
  TransformStreamError(controller.stream, e);
}

// https://streams.spec.whatwg.org/#transform-stream-default-controller-perform-transform
function TransformStreamDefaultControllerPerformTransform(controller, chunk) {
  // 1. Let transformPromise be the result of performing [[transformAlgorithm]], passing chunk.
  const transformPromise = controller.transformAlgorithm(chunk);
  // 2. Return the result of reacting to it with rejection steps that error the stream and rethrow.
  return uponPromise(transformPromise, undefined, controller.onTransformRejected);
}

// https://streams.spec.whatwg.org/#transform-stream-default-controller-terminate
function TransformStreamDefaultControllerTerminate(controller) {
  // 1. Let stream be controller.[[stream]]. 2. Let readableController be its readable's controller.
  const stream = controller.stream;
  const readableController = stream.readable.controller;
  // 3. Perform ! ReadableStreamDefaultControllerClose(readableController).
  ReadableStreamDefaultControllerClose(readableController);
  // 4. Let error be a TypeError exception indicating that the stream has been terminated.
  const error = new P.TypeError("The TransformStream was terminated.");
  // 5. Perform ! TransformStreamErrorWritableAndUnblockWrite(stream, error).
  TransformStreamErrorWritableAndUnblockWrite(stream, error);
}

/// A new controller's slots, for transform streams the prelude sets up.
function newTransformStreamDefaultController() {
  return controllerSlotsOf(new TransformStreamDefaultController(constructorKey));
}

webidl.configureInterface(TransformStreamDefaultController);

exportOperations({
  TransformStreamDefaultController, newTransformStreamDefaultController, SetUpTransformStreamDefaultController,
  SetUpTransformStreamDefaultControllerFromTransformer, TransformStreamDefaultControllerClearAlgorithms,
  TransformStreamDefaultControllerEnqueue, TransformStreamDefaultControllerError,
  TransformStreamDefaultControllerPerformTransform, TransformStreamDefaultControllerTerminate,
});
