// SPDX-License-Identifier: MIT
// Teeing a readable stream (https://streams.spec.whatwg.org/#readable-stream-tee): two branches
// that see the same chunks, for default streams and (each branch with its own copy) byte streams.
const { newPromise, resolvePromise, promiseResolvedWith, uponPromise, queueMicrotask } = internals.require("streams/webidl-promises").streamsPromises;
const { CloneAsUint8Array, StructuredClone } = internals.require("streams/misc-operations").streamsMisc;
const { exportOperations, importOperations } = internals.require("streams/linking").streamsLinking;

let AcquireReadableStreamDefaultReader, AcquireReadableStreamBYOBReader, ReadableStreamDefaultReaderRead,
  ReadableStreamDefaultReaderRelease, ReadableStreamBYOBReaderRead, ReadableStreamBYOBReaderRelease, ReadableStreamCancel,
  CreateReadableStream, CreateReadableByteStream, ReadableStreamDefaultControllerEnqueue, ReadableStreamDefaultControllerClose,
  ReadableStreamDefaultControllerError, ReadableByteStreamControllerEnqueue, ReadableByteStreamControllerClose,
  ReadableByteStreamControllerError, ReadableByteStreamControllerRespond, ReadableByteStreamControllerRespondWithNewView,
  ReadableByteStreamControllerGetBYOBRequest;
importOperations((operations) => {
  ({ AcquireReadableStreamDefaultReader, AcquireReadableStreamBYOBReader, ReadableStreamDefaultReaderRead,
    ReadableStreamDefaultReaderRelease, ReadableStreamBYOBReaderRead, ReadableStreamBYOBReaderRelease, ReadableStreamCancel,
    CreateReadableStream, CreateReadableByteStream, ReadableStreamDefaultControllerEnqueue, ReadableStreamDefaultControllerClose,
    ReadableStreamDefaultControllerError, ReadableByteStreamControllerEnqueue, ReadableByteStreamControllerClose,
    ReadableByteStreamControllerError, ReadableByteStreamControllerRespond, ReadableByteStreamControllerRespondWithNewView,
    ReadableByteStreamControllerGetBYOBRequest } = operations);
});

const returnUndefined = () => undefined;

// https://streams.spec.whatwg.org/#readable-stream-tee
function ReadableStreamTee(stream, cloneForBranch2) {
  // 1–2. Asserts. 3. A byte stream: return ? ReadableByteStreamTee(stream).
  if (stream.controller.isByteController) return ReadableByteStreamTee(stream);
  // 4. Return ? ReadableStreamDefaultTee(stream, cloneForBranch2).
  return ReadableStreamDefaultTee(stream, cloneForBranch2);
}

// https://streams.spec.whatwg.org/#abstract-opdef-readablestreamdefaulttee
function ReadableStreamDefaultTee(stream, cloneForBranch2) {
  // 1–2. Asserts. 3. Let reader be ? AcquireReadableStreamDefaultReader(stream).
  const reader = AcquireReadableStreamDefaultReader(stream);
  // 4–12. The shared state of the two branches.
  let reading = false;
  let readAgain = false;
  let canceled1 = false;
  let canceled2 = false;
  let reason1, reason2, branch1, branch2;
  const cancelPromise = newPromise();
  // 13. Let pullAlgorithm be the following steps:
  const pullAlgorithm = () => {
    // 13.1 Already reading: read again afterwards.
    if (reading) {
      readAgain = true;
      return promiseResolvedWith(undefined);
    }
    // 13.2 Set reading to true.
    reading = true;
    // 13.3 Let readRequest be a read request with the following items:
    const readRequest = {
      chunkSteps(chunk) {
        // Queue a microtask: an error of the stream must reach both branches before a chunk
        // that was already queued does.
        queueMicrotask(() => {
          readAgain = false;
          let chunk1 = chunk;
          let chunk2 = chunk;
          // Branch 2 gets a structured clone when asked for one.
          if (!canceled2 && cloneForBranch2) {
            try {
              chunk2 = StructuredClone(chunk2);
            } catch (cloneError) {
              ReadableStreamDefaultControllerError(branch1.controller, cloneError);
              ReadableStreamDefaultControllerError(branch2.controller, cloneError);
              resolvePromise(cancelPromise, ReadableStreamCancel(stream, cloneError));
              return;
            }
          }
          if (!canceled1) ReadableStreamDefaultControllerEnqueue(branch1.controller, chunk1);
          if (!canceled2) ReadableStreamDefaultControllerEnqueue(branch2.controller, chunk2);
          reading = false;
          if (readAgain) pullAlgorithm();
        });
      },
      closeSteps() {
        reading = false;
        if (!canceled1) ReadableStreamDefaultControllerClose(branch1.controller);
        if (!canceled2) ReadableStreamDefaultControllerClose(branch2.controller);
        if (!canceled1 || !canceled2) resolvePromise(cancelPromise, undefined);
      },
      errorSteps() {
        reading = false;
      },
    };
    // 13.4 Perform ! ReadableStreamDefaultReaderRead(reader, readRequest).
    ReadableStreamDefaultReaderRead(reader, readRequest);
    // 13.5 Return a promise resolved with undefined.
    return promiseResolvedWith(undefined);
  };
  // 14. Let cancel1Algorithm be the following steps, taking a reason argument:
  const cancel1Algorithm = (reason) => {
    canceled1 = true;
    reason1 = reason;
    // Once both branches are canceled, cancel the stream with both reasons.
    if (canceled2) resolvePromise(cancelPromise, ReadableStreamCancel(stream, [reason1, reason2]));
    return cancelPromise.promise;
  };
  // 15. Let cancel2Algorithm be the following steps, taking a reason argument:
  const cancel2Algorithm = (reason) => {
    canceled2 = true;
    reason2 = reason;
    if (canceled1) resolvePromise(cancelPromise, ReadableStreamCancel(stream, [reason1, reason2]));
    return cancelPromise.promise;
  };
  // 16. Let startAlgorithm be an algorithm that returns undefined.
  // 17–18. Create the branches.
  branch1 = CreateReadableStream(returnUndefined, pullAlgorithm, cancel1Algorithm);
  branch2 = CreateReadableStream(returnUndefined, pullAlgorithm, cancel2Algorithm);
  // 19. Upon rejection of reader.[[closedPromise]] with reason r, error both branches.
  uponPromise(reader.closedPromise.promise, undefined, (r) => {
    ReadableStreamDefaultControllerError(branch1.controller, r);
    ReadableStreamDefaultControllerError(branch2.controller, r);
    if (!canceled1 || !canceled2) resolvePromise(cancelPromise, undefined);
  });
  // 20. Return « branch1, branch2 ».
  return [branch1, branch2];
}

// https://streams.spec.whatwg.org/#abstract-opdef-readablebytestreamtee
function ReadableByteStreamTee(stream) {
  // 1–2. Asserts. 3. Let reader be ? AcquireReadableStreamDefaultReader(stream).
  let reader = AcquireReadableStreamDefaultReader(stream);
  // 4–13. The shared state of the two branches.
  let reading = false;
  let readAgainForBranch1 = false;
  let readAgainForBranch2 = false;
  let canceled1 = false;
  let canceled2 = false;
  let reason1, reason2, branch1, branch2;
  const cancelPromise = newPromise();
  // 14. forwardReaderError: an error of the current reader errors both branches.
  const forwardReaderError = (thisReader) => {
    uponPromise(thisReader.closedPromise.promise, undefined, (r) => {
      if (thisReader !== reader) return;
      ReadableByteStreamControllerError(branch1.controller, r);
      ReadableByteStreamControllerError(branch2.controller, r);
      if (!canceled1 || !canceled2) resolvePromise(cancelPromise, undefined);
    });
  };
  // 15. pullWithDefaultReader:
  const pullWithDefaultReader = () => {
    // 15.1 Switch from a BYOB reader to a default reader.
    if (reader.isBYOB) {
      ReadableStreamBYOBReaderRelease(reader);
      reader = AcquireReadableStreamDefaultReader(stream);
      forwardReaderError(reader);
    }
    // 15.2 Let readRequest be a read request with the following items:
    const readRequest = {
      chunkSteps(chunk) {
        queueMicrotask(() => {
          readAgainForBranch1 = false;
          readAgainForBranch2 = false;
          let chunk1 = chunk;
          let chunk2 = chunk;
          // Both branches live: branch 2 gets its own copy.
          if (!canceled1 && !canceled2) {
            try {
              chunk2 = CloneAsUint8Array(chunk);
            } catch (cloneError) {
              ReadableByteStreamControllerError(branch1.controller, cloneError);
              ReadableByteStreamControllerError(branch2.controller, cloneError);
              resolvePromise(cancelPromise, ReadableStreamCancel(stream, cloneError));
              return;
            }
          }
          if (!canceled1) ReadableByteStreamControllerEnqueue(branch1.controller, chunk1);
          if (!canceled2) ReadableByteStreamControllerEnqueue(branch2.controller, chunk2);
          reading = false;
          if (readAgainForBranch1) pull1Algorithm();
          else if (readAgainForBranch2) pull2Algorithm();
        });
      },
      closeSteps() {
        reading = false;
        if (!canceled1) ReadableByteStreamControllerClose(branch1.controller);
        if (!canceled2) ReadableByteStreamControllerClose(branch2.controller);
        if (branch1.controller.pendingPullIntos.length > 0) ReadableByteStreamControllerRespond(branch1.controller, 0);
        if (branch2.controller.pendingPullIntos.length > 0) ReadableByteStreamControllerRespond(branch2.controller, 0);
        if (!canceled1 || !canceled2) resolvePromise(cancelPromise, undefined);
      },
      errorSteps() {
        reading = false;
      },
    };
    // 15.3 Perform ! ReadableStreamDefaultReaderRead(reader, readRequest).
    ReadableStreamDefaultReaderRead(reader, readRequest);
  };
  // 16. pullWithBYOBReader, given view and forBranch2:
  const pullWithBYOBReader = (view, forBranch2) => {
    // 16.1 Switch from a default reader to a BYOB reader.
    if (!reader.isBYOB) {
      ReadableStreamDefaultReaderRelease(reader);
      reader = AcquireReadableStreamBYOBReader(stream);
      forwardReaderError(reader);
    }
    // 16.2–16.3 The branch that asked (its BYOB request gets the bytes) and the other one.
    const byobBranch = forBranch2 ? branch2 : branch1;
    const otherBranch = forBranch2 ? branch1 : branch2;
    // 16.4 Let readIntoRequest be a read-into request with the following items:
    const readIntoRequest = {
      chunkSteps(chunk) {
        queueMicrotask(() => {
          readAgainForBranch1 = false;
          readAgainForBranch2 = false;
          const byobCanceled = forBranch2 ? canceled2 : canceled1;
          const otherCanceled = forBranch2 ? canceled1 : canceled2;
          if (!otherCanceled) {
            let clonedChunk;
            try {
              clonedChunk = CloneAsUint8Array(chunk);
            } catch (cloneError) {
              ReadableByteStreamControllerError(byobBranch.controller, cloneError);
              ReadableByteStreamControllerError(otherBranch.controller, cloneError);
              resolvePromise(cancelPromise, ReadableStreamCancel(stream, cloneError));
              return;
            }
            if (!byobCanceled) ReadableByteStreamControllerRespondWithNewView(byobBranch.controller, chunk);
            ReadableByteStreamControllerEnqueue(otherBranch.controller, clonedChunk);
          } else if (!byobCanceled) {
            ReadableByteStreamControllerRespondWithNewView(byobBranch.controller, chunk);
          }
          reading = false;
          if (readAgainForBranch1) pull1Algorithm();
          else if (readAgainForBranch2) pull2Algorithm();
        });
      },
      closeSteps(chunk) {
        reading = false;
        const byobCanceled = forBranch2 ? canceled2 : canceled1;
        const otherCanceled = forBranch2 ? canceled1 : canceled2;
        if (!byobCanceled) ReadableByteStreamControllerClose(byobBranch.controller);
        if (!otherCanceled) ReadableByteStreamControllerClose(otherBranch.controller);
        if (chunk !== undefined) {
          if (!byobCanceled) ReadableByteStreamControllerRespondWithNewView(byobBranch.controller, chunk);
          if (!otherCanceled && otherBranch.controller.pendingPullIntos.length > 0) ReadableByteStreamControllerRespond(otherBranch.controller, 0);
        }
        if (!byobCanceled || !otherCanceled) resolvePromise(cancelPromise, undefined);
      },
      errorSteps() {
        reading = false;
      },
    };
    // 16.5 Perform ! ReadableStreamBYOBReaderRead(reader, view, 1, readIntoRequest).
    ReadableStreamBYOBReaderRead(reader, view, 1, readIntoRequest);
  };
  // 17–18. The pull algorithms: read with the branch's BYOB request view if it has one.
  const pullAlgorithmFor = (forBranch2) => () => {
    if (reading) {
      if (forBranch2) readAgainForBranch2 = true;
      else readAgainForBranch1 = true;
      return promiseResolvedWith(undefined);
    }
    reading = true;
    const byobRequest = ReadableByteStreamControllerGetBYOBRequest((forBranch2 ? branch2 : branch1).controller);
    if (byobRequest === null) pullWithDefaultReader();
    else pullWithBYOBReader(byobRequest.view, forBranch2);
    return promiseResolvedWith(undefined);
  };
  const pull1Algorithm = pullAlgorithmFor(false);
  const pull2Algorithm = pullAlgorithmFor(true);
  // 19–20. The cancel algorithms: once both branches are canceled, cancel the stream.
  const cancel1Algorithm = (reason) => {
    canceled1 = true;
    reason1 = reason;
    if (canceled2) resolvePromise(cancelPromise, ReadableStreamCancel(stream, [reason1, reason2]));
    return cancelPromise.promise;
  };
  const cancel2Algorithm = (reason) => {
    canceled2 = true;
    reason2 = reason;
    if (canceled1) resolvePromise(cancelPromise, ReadableStreamCancel(stream, [reason1, reason2]));
    return cancelPromise.promise;
  };
  // 21. Let startAlgorithm be an algorithm that returns undefined. 22–23. Create the branches.
  branch1 = CreateReadableByteStream(returnUndefined, pull1Algorithm, cancel1Algorithm);
  branch2 = CreateReadableByteStream(returnUndefined, pull2Algorithm, cancel2Algorithm);
  // 24. Perform forwardReaderError, given reader. 25. Return « branch1, branch2 ».
  forwardReaderError(reader);
  return [branch1, branch2];
}

exportOperations({ ReadableStreamTee, ReadableStreamDefaultTee, ReadableByteStreamTee });
