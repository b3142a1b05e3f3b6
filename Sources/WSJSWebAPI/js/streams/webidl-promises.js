// SPDX-License-Identifier: MIT
// WebIDL's promise vocabulary (https://webidl.spec.whatwg.org/#es-promise-manipulation) as the
// Streams Standard uses it: "a new promise", "resolve", "reject", "a promise resolved with",
// "upon fulfillment", "react", "set [[PromiseIsHandled]] to true", and invoking the callbacks of
// an underlying source, sink or transformer. Every built-in is captured when this loads.
const P = internals.require("primordials").primordials;
const { Promise, PromiseResolve, PromiseReject, ReflectApply, PromisePrototypeThenMethod } = P;

const PENDING = 0;
const FULFILLED = 1;
const REJECTED = 2;

// The executor of every promise made here: it hands the resolving functions over through these
// two variables, so no closure is made per promise.
let capturedResolve, capturedReject;
const captureResolvingFunctions = (resolve, reject) => {
  capturedResolve = resolve;
  capturedReject = reject;
};

/// A promise with its resolving functions and its [[PromiseState]] (the standard asks for the
/// state of a writer's promises); slots that hold "a promise" hold one of these. The JS promise
/// is made when first asked for (`promise`): many of the standard's promises are only ever
/// settled (a pipe's writer's ready promise, once per chunk), and making them costs time.
/// Settling a record before then remembers the outcome for the promise made later; a record
/// settled with an object (maybe a thenable) makes its promise first, so adoption happens as
/// the standard says.
class PromiseRecord {
  constructor() {
    this.jsPromise = undefined;
    this.resolveFunction = undefined;
    this.rejectFunction = undefined;
    this.state = PENDING;
    this.value = undefined;
  }

  get promise() {
    let promise = this.jsPromise;
    if (promise === undefined) {
      if (this.state === PENDING) {
        promise = new Promise(captureResolvingFunctions);
        this.resolveFunction = capturedResolve;
        this.rejectFunction = capturedReject;
      } else if (this.state === FULFILLED) {
        promise = PromiseResolve(this.value);
      } else {
        promise = PromiseReject(this.value);
      }
      this.jsPromise = promise;
    }
    return promise;
  }
}

// https://webidl.spec.whatwg.org/#a-new-promise
function newPromise() {
  return new PromiseRecord();
}

// https://webidl.spec.whatwg.org/#resolve (a record that is already settled stays as it is,
// as a second call of a resolving function does nothing)
function resolvePromise(record, value) {
  if (record.state !== PENDING) return;
  if (record.jsPromise === undefined && ((typeof value === "object" && value !== null) || typeof value === "function")) {
    void record.promise;
  }
  record.state = FULFILLED;
  record.value = value;
  if (record.jsPromise !== undefined) record.resolveFunction(value);
}

// https://webidl.spec.whatwg.org/#reject
function rejectPromise(record, reason) {
  if (record.state !== PENDING) return;
  record.state = REJECTED;
  record.value = reason;
  if (record.jsPromise !== undefined) record.rejectFunction(reason);
}

/// A record whose promise is "a promise resolved with" `value` (for slots like a reader's
/// [[closedPromise]] that start out settled).
function resolvedPromiseRecord(value) {
  const record = new PromiseRecord();
  resolvePromise(record, value);
  return record;
}

/// A record whose promise is "a promise rejected with" `reason`, already marked as handled
/// where the standard does so right after creating it.
function rejectedPromiseRecord(reason, handled) {
  const record = new PromiseRecord();
  rejectPromise(record, reason);
  if (handled) markPromiseAsHandled(record.promise);
  return record;
}

// https://webidl.spec.whatwg.org/#a-promise-resolved-with
const promiseResolvedWith = PromiseResolve;
// https://webidl.spec.whatwg.org/#a-promise-rejected-with
const promiseRejectedWith = PromiseReject;

const noop = () => {};

// https://webidl.spec.whatwg.org/#mark-a-promise-as-handled: a rejection reaction is what makes
// JavaScriptCore consider the promise handled; the derived promise is dropped.
function markPromiseAsHandled(promise) {
  ReflectApply(PromisePrototypeThenMethod, promise, [undefined, noop]);
}

// https://webidl.spec.whatwg.org/#dfn-perform-steps-once-promise-is-settled ("upon fulfillment",
// "upon rejection", "react"): PerformPromiseThen; returns the derived promise.
function uponPromise(promise, onFulfilled, onRejected) {
  return ReflectApply(PromisePrototypeThenMethod, promise, [onFulfilled, onRejected]);
}

/// A promise fulfilled with undefined, shared: "a promise resolved with undefined" for the
/// streams' own use, where only its reactions matter (they are queued as for a new one).
const resolvedWithUndefined = PromiseResolve(undefined);

/// "A promise resolved with" the result of a callback: most sources, sinks and transformers
/// return undefined, and reacting to the shared resolved promise behaves the same.
function promiseOfResult(result) {
  return result === undefined ? resolvedWithUndefined : PromiseResolve(result);
}

// https://webidl.spec.whatwg.org/#invoke-a-callback-function for callbacks whose return type is
// Promise<undefined>: an exception becomes a rejected promise, a value is resolved into one.
// One function per argument count. (Reflect.apply with a fresh arguments array costs a third of
// what calling through an uncurried Function.prototype.call does in JavaScriptCore.) The result
// is only ever reacted to inside the streams, never handed to a script.
function invokePromiseCallback0(callback, thisArgument) {
  try {
    return promiseOfResult(ReflectApply(callback, thisArgument, []));
  } catch (error) {
    return PromiseReject(error);
  }
}

function invokePromiseCallback1(callback, thisArgument, argument) {
  try {
    return promiseOfResult(ReflectApply(callback, thisArgument, [argument]));
  } catch (error) {
    return PromiseReject(error);
  }
}

function invokePromiseCallback2(callback, thisArgument, first, second) {
  try {
    return promiseOfResult(ReflectApply(callback, thisArgument, [first, second]));
  } catch (error) {
    return PromiseReject(error);
  }
}

/// The algorithms other specifications give ("set up" a stream with a pullAlgorithm, …) may
/// return a promise or anything else; the Streams Standard's wrappers turn a thrown exception
/// into a rejected promise and anything that is not a promise into one resolved with undefined.
function promiseFromAlgorithmResult(algorithm, argument) {
  try {
    const result = algorithm === undefined ? null : algorithm(argument);
    return result instanceof Promise ? result : resolvedWithUndefined;
  } catch (error) {
    return PromiseReject(error);
  }
}

const resolvedPromise = PromiseResolve(undefined);

// https://html.spec.whatwg.org/#queue-a-microtask, for steps of the standard (a promise reaction
// is a microtask; these steps never throw).
function queueMicrotask(steps) {
  ReflectApply(PromisePrototypeThenMethod, resolvedPromise, [steps]);
}

internals.streamsPromises = {
  PENDING, FULFILLED, REJECTED,
  newPromise, resolvePromise, rejectPromise, resolvedPromiseRecord, rejectedPromiseRecord,
  promiseResolvedWith, promiseRejectedWith, markPromiseAsHandled, uponPromise,
  invokePromiseCallback0, invokePromiseCallback1, invokePromiseCallback2, promiseFromAlgorithmResult,
  noop, queueMicrotask,
};
