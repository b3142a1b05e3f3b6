// SPDX-License-Identifier: MIT
// Asynchronous iteration of a ReadableStream (https://streams.spec.whatwg.org/#rs-asynciterator,
// with WebIDL's default asynchronous iterator objects, https://webidl.spec.whatwg.org/#es-default-asynchronous-iterator-object)
// and ReadableStream.from (https://streams.spec.whatwg.org/#readable-stream-from-iterable, with
// WebIDL's async sequences).
const P = internals.require("primordials").primordials;
const { webidl } = internals.require("webidl");
const { newPromise, resolvePromise, rejectPromise, promiseResolvedWith, promiseRejectedWith, uponPromise } =
  internals.require("streams/webidl-promises").streamsPromises;
const { describeValue } = internals.require("streams/misc-operations").streamsMisc;
const { exportOperations, importOperations } = internals.require("streams/linking").streamsLinking;

let AcquireReadableStreamDefaultReader, ReadableStreamDefaultReaderRead, ReadableStreamDefaultReaderRelease,
  ReadableStreamReaderGenericCancel, CreateReadableStream, ReadableStreamDefaultControllerClose,
  ReadableStreamDefaultControllerEnqueue, ReadableStreamDefaultControllerError;
importOperations((operations) => {
  ({ AcquireReadableStreamDefaultReader, ReadableStreamDefaultReaderRead, ReadableStreamDefaultReaderRelease,
    ReadableStreamReaderGenericCancel, CreateReadableStream, ReadableStreamDefaultControllerClose,
    ReadableStreamDefaultControllerEnqueue, ReadableStreamDefaultControllerError } = operations);
});

const AsyncIteratorPrototype = P.ObjectGetPrototypeOf(P.ObjectGetPrototypeOf(async function* () {}).prototype);
const endOfIteration = P.Symbol("end of iteration");

/// CreateIteratorResultObject(value, done).
function iteratorResult(value, done) {
  return { value, done };
}

let iteratorSlotsOf;

/// A default asynchronous iterator object for ReadableStream. Its prototype is the asynchronous
/// iterator prototype object: [[Prototype]] %AsyncIteratorPrototype%, `next` and `return`, the
/// tag "ReadableStream AsyncIterator", and no constructor.
class ReadableStreamAsyncIterator {
  #iterator;

  constructor(reader, preventCancel) {
    // The iterator's target (its stream is the reader's), ongoing promise and is finished, with
    // the stream's iterator data: reader and prevent cancel.
    this.#iterator = { reader, preventCancel, ongoingPromise: null, isFinished: false };
  }

  static {
    iteratorSlotsOf = (value) => (typeof value === "object" && value !== null && #iterator in value ? value.#iterator : undefined);
  }

  // https://webidl.spec.whatwg.org/#es-asynchronous-iterator-prototype-object (next)
  next() {
    // 1–5. A promise rejected with a TypeError unless this is such an iterator.
    const iterator = iteratorSlotsOf(this);
    if (iterator === undefined) return promiseRejectedWith(webidl.invalidThis("ReadableStream AsyncIterator"));
    // 6. nextSteps: the next iteration result, or end of iteration once finished.
    const nextSteps = () => {
      if (iterator.isFinished) return promiseResolvedWith(iteratorResult(undefined, true));
      const nextPromise = ReadableStreamGetNextIterationResult(iterator);
      return uponPromise(nextPromise, (next) => {
        iterator.ongoingPromise = null;
        if (next === endOfIteration) {
          iterator.isFinished = true;
          return iteratorResult(undefined, true);
        }
        return iteratorResult(next, false);
      }, (reason) => {
        iterator.ongoingPromise = null;
        iterator.isFinished = true;
        throw reason;
      });
    };
    // 7–9. Chain onto an ongoing next() or return(), else run the steps now. 10. Return it.
    iterator.ongoingPromise = iterator.ongoingPromise !== null ? uponPromise(iterator.ongoingPromise, nextSteps, nextSteps) : nextSteps();
    return iterator.ongoingPromise;
  }

  // https://webidl.spec.whatwg.org/#es-asynchronous-iterator-prototype-object (return)
  return(value) {
    const iterator = iteratorSlotsOf(this);
    if (iterator === undefined) return promiseRejectedWith(webidl.invalidThis("ReadableStream AsyncIterator"));
    // 5. returnSteps: finish the iterator and run the stream's return steps.
    const returnSteps = () => {
      if (iterator.isFinished) return promiseResolvedWith(iteratorResult(value, true));
      iterator.isFinished = true;
      return ReadableStreamAsyncIteratorReturn(iterator, value);
    };
    // 6–8. Chain onto an ongoing next() or return(), else run the steps now.
    iterator.ongoingPromise = iterator.ongoingPromise !== null ? uponPromise(iterator.ongoingPromise, returnSteps, returnSteps) : returnSteps();
    // 9–12. Fulfil with { value, done: true } once that settles.
    return uponPromise(iterator.ongoingPromise, () => iteratorResult(value, true));
  }
}

const iteratorPrototype = ReadableStreamAsyncIterator.prototype;
P.ObjectSetPrototypeOf(iteratorPrototype, AsyncIteratorPrototype);
delete iteratorPrototype.constructor;
for (const name of ["next", "return"]) {
  P.ObjectDefineProperty(iteratorPrototype, name, { enumerable: true });
}
P.ObjectDefineProperty(iteratorPrototype, P.SymbolToStringTag, { value: "ReadableStream AsyncIterator", configurable: true });

/// values() and @@asyncIterator: a new iterator, after the asynchronous iterator initialization
/// steps (https://streams.spec.whatwg.org/#rs-get-iterator).
function ReadableStreamAsyncIteratorValues(stream, preventCancel) {
  // 1–2. Let reader be ? AcquireReadableStreamDefaultReader(stream); it is the iterator's reader.
  const reader = AcquireReadableStreamDefaultReader(stream);
  // 3–4. Set the iterator's prevent cancel to args[0]["preventCancel"].
  return new ReadableStreamAsyncIterator(reader, preventCancel);
}

// https://streams.spec.whatwg.org/#rs-asynciterator-prototype-next
function ReadableStreamGetNextIterationResult(iterator) {
  // 1–2. Let reader be the iterator's reader (its [[stream]] is not undefined).
  const reader = iterator.reader;
  // 3–4. Let promise be a new promise, and readRequest a read request that settles it.
  const promise = newPromise();
  const readRequest = {
    chunkSteps(chunk) {
      resolvePromise(promise, chunk);
    },
    closeSteps() {
      ReadableStreamDefaultReaderRelease(reader);
      resolvePromise(promise, endOfIteration);
    },
    errorSteps(e) {
      ReadableStreamDefaultReaderRelease(reader);
      rejectPromise(promise, e);
    },
  };
  // 5. Perform ! ReadableStreamDefaultReaderRead(this, readRequest). 6. Return promise.
  ReadableStreamDefaultReaderRead(reader, readRequest);
  return promise.promise;
}

// https://streams.spec.whatwg.org/#rs-asynciterator-prototype-return
function ReadableStreamAsyncIteratorReturn(iterator, arg) {
  // 1–3. Let reader be the iterator's reader (no read request is pending).
  const reader = iterator.reader;
  // 4. Unless prevent cancel: cancel the stream through the reader, then release it.
  if (!iterator.preventCancel) {
    const result = ReadableStreamReaderGenericCancel(reader, arg);
    ReadableStreamDefaultReaderRelease(reader);
    return result;
  }
  // 5. Release the reader. 6. Return a promise resolved with undefined.
  ReadableStreamDefaultReaderRelease(reader);
  return promiseResolvedWith(undefined);
}

// ---- ReadableStream.from ----------------------------------------------------------------------

/// An iterator record: [[Iterator]] and [[NextMethod]].
function iteratorRecord(iterator, nextMethod) {
  return { iterator, nextMethod };
}

function notAnObject(what, value) {
  return new P.TypeError(`Failed to execute 'from' on 'ReadableStream': ${what} is not an object (received ${describeValue(value)}).`);
}

/// https://webidl.spec.whatwg.org/#js-async-sequence (conversion) and "open an async sequence":
/// the @@asyncIterator method, else the @@iterator method (ECMAScript GetMethod semantics: null
/// and undefined mean absent), called once; a sync iterator is wrapped as by
/// CreateAsyncFromSyncIterator.
function openAsyncSequence(value) {
  if (value === null || value === undefined) throw new P.TypeError(`Failed to execute 'from' on 'ReadableStream': ${describeValue(value)} is not iterable.`);
  const asyncMethod = value[P.Symbol.asyncIterator];
  if (asyncMethod !== undefined && asyncMethod !== null) {
    if (typeof asyncMethod !== "function") throw new P.TypeError("Failed to execute 'from' on 'ReadableStream': its @@asyncIterator is not a function.");
    const iterator = P.ReflectApply(asyncMethod, value, []);
    if (typeof iterator !== "object" && typeof iterator !== "function" || iterator === null) throw notAnObject("@@asyncIterator's result", iterator);
    return iteratorRecord(iterator, iterator.next);
  }
  const syncMethod = value[P.SymbolIterator];
  if (syncMethod === undefined || syncMethod === null) throw new P.TypeError(`Failed to execute 'from' on 'ReadableStream': ${describeValue(value)} is not iterable.`);
  if (typeof syncMethod !== "function") throw new P.TypeError("Failed to execute 'from' on 'ReadableStream': its @@iterator is not a function.");
  const syncIterator = P.ReflectApply(syncMethod, value, []);
  if (typeof syncIterator !== "object" && typeof syncIterator !== "function" || syncIterator === null) throw notAnObject("@@iterator's result", syncIterator);
  return CreateAsyncFromSyncIterator(iteratorRecord(syncIterator, syncIterator.next));
}

function isObject(value) {
  return (typeof value === "object" && value !== null) || typeof value === "function";
}

/// ECMA-262 §27.1.6 CreateAsyncFromSyncIterator: next() and return() of the sync iterator,
/// with each value awaited (closing the sync iterator when a value rejects during next()).
function CreateAsyncFromSyncIterator(syncIteratorRecord) {
  const continuation = (result, closeOnRejection) => {
    // AsyncFromSyncIteratorContinuation(result, promiseCapability, syncIteratorRecord, closeOnRejection)
    const done = !!result.done;
    const value = result.value;
    let valueWrapper;
    try {
      valueWrapper = promiseResolvedWith(value);
    } catch (error) {
      if (!done && closeOnRejection) closeSyncIterator(syncIteratorRecord);
      return promiseRejectedWith(error);
    }
    const onRejected = done || !closeOnRejection ? undefined : (error) => {
      closeSyncIterator(syncIteratorRecord);
      throw error;
    };
    return uponPromise(valueWrapper, (v) => iteratorResult(v, done), onRejected);
  };
  const asyncIterator = {
    next() {
      let result;
      try {
        result = P.ReflectApply(syncIteratorRecord.nextMethod, syncIteratorRecord.iterator, []);
        if (!isObject(result)) throw notAnObject("the iterator's next() result", result);
        return continuation(result, true);
      } catch (error) {
        return promiseRejectedWith(error);
      }
    },
    return(value) {
      try {
        const syncIterator = syncIteratorRecord.iterator;
        const returnMethod = syncIterator.return;
        if (returnMethod === undefined || returnMethod === null) return promiseResolvedWith(iteratorResult(value, true));
        if (typeof returnMethod !== "function") throw new P.TypeError("The iterator's return is not a function.");
        const result = P.ReflectApply(returnMethod, syncIterator, [value]);
        if (!isObject(result)) throw notAnObject("the iterator's return() result", result);
        return continuation(result, false);
      } catch (error) {
        return promiseRejectedWith(error);
      }
    },
  };
  return iteratorRecord(asyncIterator, asyncIterator.next);
}

/// IteratorClose(syncIteratorRecord, completion) after a rejected value: errors of return()
/// give way to the original error.
function closeSyncIterator(syncIteratorRecord) {
  try {
    const returnMethod = syncIteratorRecord.iterator.return;
    if (returnMethod !== undefined && returnMethod !== null) P.ReflectApply(returnMethod, syncIteratorRecord.iterator, []);
  } catch {}
}

/// WebIDL's "get an async iterator next value": the next value, or end of iteration.
function getAsyncIteratorNextValue(record) {
  let nextResult;
  try {
    nextResult = P.ReflectApply(record.nextMethod, record.iterator, []);
  } catch (error) {
    return promiseRejectedWith(error);
  }
  return uponPromise(promiseResolvedWith(nextResult), (iterResult) => {
    if (!isObject(iterResult)) throw notAnObject("the iterator's next() result", iterResult);
    if (iterResult.done) return endOfIteration;
    return iterResult.value;
  });
}

/// WebIDL's "close an async iterator" with reason: its return(reason), which must give an object.
function closeAsyncIterator(record, reason) {
  const iterator = record.iterator;
  let returnMethod;
  try {
    returnMethod = iterator.return;
    if (returnMethod === undefined || returnMethod === null) return promiseResolvedWith(undefined);
    if (typeof returnMethod !== "function") throw new P.TypeError("Failed to cancel the ReadableStream: its iterator's return is not a function.");
    const returnResult = P.ReflectApply(returnMethod, iterator, [reason]);
    return uponPromise(promiseResolvedWith(returnResult), (result) => {
      if (!isObject(result)) throw notAnObject("the iterator's return() result", result);
      return undefined;
    });
  } catch (error) {
    return promiseRejectedWith(error);
  }
}

// https://streams.spec.whatwg.org/#readable-stream-from-iterable
function ReadableStreamFromIterable(asyncIterable) {
  // 1. Let stream be undefined. 2. Let iterator be the result of opening an async sequence.
  let stream;
  const iterator = openAsyncSequence(asyncIterable);
  // 3. Let startAlgorithm be an algorithm that returns undefined.
  const startAlgorithm = () => undefined;
  // 4. pullAlgorithm: get the next value; close on end of iteration, else enqueue it; a
  // rejection errors the stream.
  const pullAlgorithm = () => uponPromise(getAsyncIteratorNextValue(iterator), (v) => {
    if (v === endOfIteration) ReadableStreamDefaultControllerClose(stream.controller);
    else ReadableStreamDefaultControllerEnqueue(stream.controller, v);
  }, (r) => {
    ReadableStreamDefaultControllerError(stream.controller, r);
  });
  // 5. cancelAlgorithm: close the iterator with reason.
  const cancelAlgorithm = (reason) => closeAsyncIterator(iterator, reason);
  // 6. Set stream to ! CreateReadableStream(…, 0). 7. Return stream.
  stream = CreateReadableStream(startAlgorithm, pullAlgorithm, cancelAlgorithm, 0);
  return stream;
}

exportOperations({ ReadableStreamAsyncIteratorValues, ReadableStreamFromIterable });
