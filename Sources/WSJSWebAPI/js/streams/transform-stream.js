// SPDX-License-Identifier: MIT
// The TransformStream class (https://streams.spec.whatwg.org/#ts-class), the operations that work
// with transform streams (https://streams.spec.whatwg.org/#ts-abstract-ops), and the default sink
// and source algorithms of its two sides (#ts-default-sink-abstract-ops, #ts-default-source-abstract-ops).
const P = internals.require("primordials").primordials;
const { webidl } = internals.require("webidl");
const { newPromise, resolvePromise, rejectPromise, uponPromise } = internals.require("streams/webidl-promises").streamsPromises;
const { convertCallback, convertQueuingStrategy, ExtractHighWaterMark, ExtractSizeAlgorithm } =
  internals.require("streams/queuing-strategies").streamsQueuingStrategies;
const { exportOperations, importOperations } = internals.require("streams/linking").streamsLinking;
const { converters } = webidl;

let CreateReadableStream, CreateWritableStream, ReadableStreamDefaultControllerError, ReadableStreamDefaultControllerClose,
  WritableStreamDefaultControllerErrorIfNeeded, TransformStreamDefaultControllerClearAlgorithms,
  TransformStreamDefaultControllerPerformTransform, SetUpTransformStreamDefaultControllerFromTransformer;
importOperations((operations) => {
  ({ CreateReadableStream, CreateWritableStream, ReadableStreamDefaultControllerError, ReadableStreamDefaultControllerClose,
    WritableStreamDefaultControllerErrorIfNeeded, TransformStreamDefaultControllerClearAlgorithms,
    TransformStreamDefaultControllerPerformTransform, SetUpTransformStreamDefaultControllerFromTransformer } = operations);
});

// https://streams.spec.whatwg.org/#dictdef-transformer
const convertTransformer = webidl.createDictionaryConverter("Transformer", [
  { key: "cancel", converter: convertCallback },
  { key: "flush", converter: convertCallback },
  { key: "readableType", converter: converters.any },
  { key: "start", converter: convertCallback },
  { key: "transform", converter: convertCallback },
  { key: "writableType", converter: converters.any },
]);

/// A TransformStream's internal slots (https://streams.spec.whatwg.org/#ts-internal-slots).
class TransformStreamSlots {
  constructor(wrapper) {
    this.backpressure = undefined;
    this.backpressureChangePromise = undefined;
    this.controller = undefined;
    this.readable = undefined;
    this.writable = undefined;
    this.wrapper = wrapper;
  }
}

const internalConstruction = P.Symbol("internal construction");
let transformStreamSlotsOf;

// https://streams.spec.whatwg.org/#ts-class
class TransformStream {
  #stream;

  // https://streams.spec.whatwg.org/#ts-constructor
  constructor(transformer = undefined, writableStrategy = undefined, readableStrategy = undefined) {
    if (transformer === internalConstruction) {
      this.#stream = new TransformStreamSlots(this);
      return;
    }
    const prefix = webidl.operationPrefix("TransformStream", "constructor");
    if (transformer !== undefined) transformer = converters.object(transformer, prefix, "Argument 1");
    writableStrategy = convertQueuingStrategy(writableStrategy, prefix, "Argument 2");
    readableStrategy = convertQueuingStrategy(readableStrategy, prefix, "Argument 3");
    // 1. If transformer is missing, set it to null.
    if (transformer === undefined) transformer = null;
    // 2. Let transformerDict be transformer, converted to a Transformer.
    const transformerDict = convertTransformer(transformer, prefix, "Argument 1");
    // 3–4. readableType and writableType are reserved: a RangeError.
    if (transformerDict.readableType !== undefined) throw new P.RangeError(`${prefix}: a transformer's readableType must be undefined.`);
    if (transformerDict.writableType !== undefined) throw new P.RangeError(`${prefix}: a transformer's writableType must be undefined.`);
    // 5–8. The high water marks and size algorithms of both sides.
    const readableHighWaterMark = ExtractHighWaterMark(readableStrategy, 0);
    const readableSizeAlgorithm = ExtractSizeAlgorithm(readableStrategy);
    const writableHighWaterMark = ExtractHighWaterMark(writableStrategy, 1);
    const writableSizeAlgorithm = ExtractSizeAlgorithm(writableStrategy);
    // 9. Let startPromise be a new promise.
    const startPromise = newPromise();
    // 10. Perform ! InitializeTransformStream(this, startPromise, …).
    const stream = new TransformStreamSlots(this);
    this.#stream = stream;
    InitializeTransformStream(stream, startPromise, writableHighWaterMark, writableSizeAlgorithm, readableHighWaterMark, readableSizeAlgorithm);
    // 11. Perform ? SetUpTransformStreamDefaultControllerFromTransformer(this, transformer, transformerDict).
    SetUpTransformStreamDefaultControllerFromTransformer(stream, transformer, transformerDict);
    // 12. start: resolve startPromise with the result of invoking it with « controller »
    // (an exception is rethrown by the constructor). 13. Otherwise resolve it with undefined.
    if (transformerDict.start !== undefined) {
      resolvePromise(startPromise, P.ReflectApply(transformerDict.start, transformer, [stream.controller.wrapper]));
    } else {
      resolvePromise(startPromise, undefined);
    }
  }

  static {
    transformStreamSlotsOf = (value) => (typeof value === "object" && value !== null && #stream in value ? value.#stream : undefined);
  }

  // https://streams.spec.whatwg.org/#ts-readable
  get readable() {
    // 1. Return this.[[readable]].
    return streamOf(this).readable.wrapper;
  }

  // https://streams.spec.whatwg.org/#ts-writable
  get writable() {
    // 1. Return this.[[writable]].
    return streamOf(this).writable.wrapper;
  }
}

function streamOf(value) {
  const stream = transformStreamSlotsOf(value);
  if (stream === undefined) throw webidl.invalidThis("TransformStream");
  return stream;
}

webidl.configureInterface(TransformStream);

/// A TransformStream object created by the prelude (the "set up" algorithm of other
/// specifications initializes it); returns its slots.
function newTransformStream() {
  return transformStreamSlotsOf(new TransformStream(internalConstruction));
}

// https://streams.spec.whatwg.org/#initialize-transform-stream
function InitializeTransformStream(stream, startPromise, writableHighWaterMark, writableSizeAlgorithm, readableHighWaterMark, readableSizeAlgorithm) {
  // 1. Let startAlgorithm be an algorithm that returns startPromise.
  const startAlgorithm = () => startPromise.promise;
  // 2–4. The writable side's write, abort and close algorithms.
  const writeAlgorithm = (chunk) => TransformStreamDefaultSinkWriteAlgorithm(stream, chunk);
  const abortAlgorithm = (reason) => TransformStreamDefaultSinkAbortAlgorithm(stream, reason);
  const closeAlgorithm = () => TransformStreamDefaultSinkCloseAlgorithm(stream);
  // 5. Set stream.[[writable]] to ! CreateWritableStream(…).
  stream.writable = CreateWritableStream(startAlgorithm, writeAlgorithm, closeAlgorithm, abortAlgorithm, writableHighWaterMark, writableSizeAlgorithm);
  // 6–7. The readable side's pull and cancel algorithms.
  const pullAlgorithm = () => TransformStreamDefaultSourcePullAlgorithm(stream);
  const cancelAlgorithm = (reason) => TransformStreamDefaultSourceCancelAlgorithm(stream, reason);
  // 8. Set stream.[[readable]] to ! CreateReadableStream(…).
  stream.readable = CreateReadableStream(startAlgorithm, pullAlgorithm, cancelAlgorithm, readableHighWaterMark, readableSizeAlgorithm);
  // 9. Set [[backpressure]] and [[backpressureChangePromise]] to undefined.
  stream.backpressure = undefined;
  stream.backpressureChangePromise = undefined;
  // 10. Perform ! TransformStreamSetBackpressure(stream, true).
  TransformStreamSetBackpressure(stream, true);
  // 11. Set stream.[[controller]] to undefined.
  stream.controller = undefined;
}

// https://streams.spec.whatwg.org/#transform-stream-error
function TransformStreamError(stream, e) {
  // 1. Perform ! ReadableStreamDefaultControllerError(stream.[[readable]].[[controller]], e).
  ReadableStreamDefaultControllerError(stream.readable.controller, e);
  // 2. Perform ! TransformStreamErrorWritableAndUnblockWrite(stream, e).
  TransformStreamErrorWritableAndUnblockWrite(stream, e);
}

// https://streams.spec.whatwg.org/#transform-stream-error-writable-and-unblock-write
function TransformStreamErrorWritableAndUnblockWrite(stream, e) {
  // 1. Perform ! TransformStreamDefaultControllerClearAlgorithms(stream.[[controller]]).
  TransformStreamDefaultControllerClearAlgorithms(stream.controller);
  // 2. Perform ! WritableStreamDefaultControllerErrorIfNeeded(stream.[[writable]].[[controller]], e).
  WritableStreamDefaultControllerErrorIfNeeded(stream.writable.controller, e);
  // 3. Perform ! TransformStreamUnblockWrite(stream).
  TransformStreamUnblockWrite(stream);
}

// https://streams.spec.whatwg.org/#transform-stream-set-backpressure
function TransformStreamSetBackpressure(stream, backpressure) {
  // 1. Assert: it changes. 2. Resolve the current [[backpressureChangePromise]].
  if (stream.backpressureChangePromise !== undefined) resolvePromise(stream.backpressureChangePromise, undefined);
  // 3. Set [[backpressureChangePromise]] to a new promise. 4. Set [[backpressure]].
  stream.backpressureChangePromise = newPromise();
  stream.backpressure = backpressure;
}

// https://streams.spec.whatwg.org/#transform-stream-unblock-write
function TransformStreamUnblockWrite(stream) {
  // 1. If stream.[[backpressure]] is true, perform ! TransformStreamSetBackpressure(stream, false).
  if (stream.backpressure === true) TransformStreamSetBackpressure(stream, false);
}

// https://streams.spec.whatwg.org/#transform-stream-default-sink-write-algorithm
function TransformStreamDefaultSinkWriteAlgorithm(stream, chunk) {
  // 1. Assert. 2. Let controller be stream.[[controller]].
  const controller = stream.controller;
  // 3. Backpressure: transform once it changes (unless the writable side started erroring).
  if (stream.backpressure === true) {
    const backpressureChangePromise = stream.backpressureChangePromise;
    return uponPromise(backpressureChangePromise.promise, () => {
      const writable = stream.writable;
      const state = writable.state;
      if (state === "erroring") throw writable.storedError;
      return TransformStreamDefaultControllerPerformTransform(controller, chunk);
    });
  }
  // 4. Return ! TransformStreamDefaultControllerPerformTransform(controller, chunk).
  return TransformStreamDefaultControllerPerformTransform(controller, chunk);
}

// https://streams.spec.whatwg.org/#transform-stream-default-sink-abort-algorithm
function TransformStreamDefaultSinkAbortAlgorithm(stream, reason) {
  // 1. Let controller be stream.[[controller]]. 2. A finish already begun: its promise.
  const controller = stream.controller;
  if (controller.finishPromise !== undefined) return controller.finishPromise.promise;
  // 3. Let readable be stream.[[readable]]. 4. Let [[finishPromise]] be a new promise.
  const readable = stream.readable;
  controller.finishPromise = newPromise();
  // 5. Let cancelPromise be the result of performing [[cancelAlgorithm]], passing reason.
  const cancelPromise = controller.cancelAlgorithm(reason);
  // 6. Perform ! TransformStreamDefaultControllerClearAlgorithms(controller).
  TransformStreamDefaultControllerClearAlgorithms(controller);
  // 7. React to cancelPromise.
  uponPromise(cancelPromise, () => {
    // 7.1 Fulfilled: a readable side errored meanwhile rejects; otherwise error it with reason.
    if (readable.state === "errored") {
      rejectPromise(controller.finishPromise, readable.storedError);
    } else {
      ReadableStreamDefaultControllerError(readable.controller, reason);
      resolvePromise(controller.finishPromise, undefined);
    }
  }, (r) => {
    // 7.2 Rejected with r: error the readable side with r, and reject with it.
    ReadableStreamDefaultControllerError(readable.controller, r);
    rejectPromise(controller.finishPromise, r);
  });
  // 8. Return controller.[[finishPromise]].
  return controller.finishPromise.promise;
}

// https://streams.spec.whatwg.org/#transform-stream-default-sink-close-algorithm
function TransformStreamDefaultSinkCloseAlgorithm(stream) {
  // 1. Let controller be stream.[[controller]]. 2. A finish already begun: its promise.
  const controller = stream.controller;
  if (controller.finishPromise !== undefined) return controller.finishPromise.promise;
  // 3. Let readable be stream.[[readable]]. 4. Let [[finishPromise]] be a new promise.
  const readable = stream.readable;
  controller.finishPromise = newPromise();
  // 5. Let flushPromise be the result of performing controller.[[flushAlgorithm]].
  const flushPromise = controller.flushAlgorithm();
  // 6. Perform ! TransformStreamDefaultControllerClearAlgorithms(controller).
  TransformStreamDefaultControllerClearAlgorithms(controller);
  // 7. React to flushPromise.
  uponPromise(flushPromise, () => {
    // 7.1 Fulfilled: a readable side errored meanwhile rejects; otherwise close it.
    if (readable.state === "errored") {
      rejectPromise(controller.finishPromise, readable.storedError);
    } else {
      ReadableStreamDefaultControllerClose(readable.controller);
      resolvePromise(controller.finishPromise, undefined);
    }
  }, (r) => {
    // 7.2 Rejected with r: error the readable side with r, and reject with it.
    ReadableStreamDefaultControllerError(readable.controller, r);
    rejectPromise(controller.finishPromise, r);
  });
  // 8. Return controller.[[finishPromise]].
  return controller.finishPromise.promise;
}

// https://streams.spec.whatwg.org/#transform-stream-default-source-cancel
function TransformStreamDefaultSourceCancelAlgorithm(stream, reason) {
  // 1. Let controller be stream.[[controller]]. 2. A finish already begun: its promise.
  const controller = stream.controller;
  if (controller.finishPromise !== undefined) return controller.finishPromise.promise;
  // 3. Let writable be stream.[[writable]]. 4. Let [[finishPromise]] be a new promise.
  const writable = stream.writable;
  controller.finishPromise = newPromise();
  // 5. Let cancelPromise be the result of performing [[cancelAlgorithm]], passing reason.
  const cancelPromise = controller.cancelAlgorithm(reason);
  // 6. Perform ! TransformStreamDefaultControllerClearAlgorithms(controller).
  TransformStreamDefaultControllerClearAlgorithms(controller);
  // 7. React to cancelPromise.
  uponPromise(cancelPromise, () => {
    // 7.1 Fulfilled: a writable side errored meanwhile rejects; otherwise error it with reason.
    if (writable.state === "errored") {
      rejectPromise(controller.finishPromise, writable.storedError);
    } else {
      WritableStreamDefaultControllerErrorIfNeeded(writable.controller, reason);
      TransformStreamUnblockWrite(stream);
      resolvePromise(controller.finishPromise, undefined);
    }
  }, (r) => {
    // 7.2 Rejected with r: error the writable side with r, unblock writes, and reject with it.
    WritableStreamDefaultControllerErrorIfNeeded(writable.controller, r);
    TransformStreamUnblockWrite(stream);
    rejectPromise(controller.finishPromise, r);
  });
  // 8. Return controller.[[finishPromise]].
  return controller.finishPromise.promise;
}

// https://streams.spec.whatwg.org/#transform-stream-default-source-pull
function TransformStreamDefaultSourcePullAlgorithm(stream) {
  // 1–2. Asserts. 3. Perform ! TransformStreamSetBackpressure(stream, false).
  TransformStreamSetBackpressure(stream, false);
  // 4. Return stream.[[backpressureChangePromise]].
  return stream.backpressureChangePromise.promise;
}

exportOperations({
  TransformStream, transformStreamSlotsOf, newTransformStream, InitializeTransformStream, TransformStreamError,
  TransformStreamErrorWritableAndUnblockWrite, TransformStreamSetBackpressure, TransformStreamUnblockWrite,
  TransformStreamDefaultSinkWriteAlgorithm, TransformStreamDefaultSinkAbortAlgorithm, TransformStreamDefaultSinkCloseAlgorithm,
  TransformStreamDefaultSourceCancelAlgorithm, TransformStreamDefaultSourcePullAlgorithm,
});
