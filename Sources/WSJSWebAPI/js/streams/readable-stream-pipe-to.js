// SPDX-License-Identifier: MIT
// Piping a readable stream to a writable stream
// (https://streams.spec.whatwg.org/#readable-stream-pipe-to).
//
// The standard leaves the reading and writing "in parallel" to the implementation, within its
// constraints (no public API, backpressure obeyed, shutdown stops activity, errors and closing
// propagated in order). Here a pipe is one object that is its own read request: it reads while
// the destination's desired size is above 0 and writes each chunk as it arrives. Its writer is
// never seen by scripts, so instead of reacting to the writer's [[readyPromise]] (a microtask
// later) the pipe is called back when the destination's backpressure lifts. Chunks that are
// already queued are read and written in one loop, without a promise reaction per chunk.
const P = internals.require("primordials").primordials;
const { newPromise, resolvePromise, rejectPromise, promiseResolvedWith, markPromiseAsHandled, uponPromise, queueMicrotask, noop, PENDING } =
  internals.require("streams/webidl-promises").streamsPromises;
const { exportOperations, importOperations } = internals.require("streams/linking").streamsLinking;

let AcquireReadableStreamDefaultReader, ReadableStreamDefaultReaderRead, ReadableStreamDefaultReaderRelease,
  ReadableStreamCancel, AcquireWritableStreamDefaultWriter, WritableStreamDefaultWriterGetDesiredSize,
  WritableStreamDefaultWriterWrite, WritableStreamDefaultWriterRelease, WritableStreamDefaultWriterCloseWithErrorPropagation,
  WritableStreamAbort, WritableStreamCloseQueuedOrInFlight;
importOperations((operations) => {
  ({ AcquireReadableStreamDefaultReader, ReadableStreamDefaultReaderRead, ReadableStreamDefaultReaderRelease,
    ReadableStreamCancel, AcquireWritableStreamDefaultWriter, WritableStreamDefaultWriterGetDesiredSize,
    WritableStreamDefaultWriterWrite, WritableStreamDefaultWriterRelease, WritableStreamDefaultWriterCloseWithErrorPropagation,
    WritableStreamAbort, WritableStreamCloseQueuedOrInFlight } = operations);
});

/// The write request of a chunk the pipe writes: the writable stream settles it like the
/// promise of writer.write(), and it counts the writes still pending (no promise is made, so
/// none can be left rejected and unhandled).
class PipeWriteRequest {
  constructor(pipe) {
    this.pipe = pipe;
    this.state = PENDING;
    this.value = undefined;
    // Not undefined, so resolvePromise and rejectPromise call the functions below; `promise`
    // stays undefined (WritableStreamDefaultWriterWrite returns it).
    this.jsPromise = null;
    this.promise = undefined;
  }
  resolveFunction() { this.pipe.writeSettled(); }
  rejectFunction() { this.pipe.writeSettled(); }
}

class Pipe {
  constructor(source, dest, preventClose, preventAbort, preventCancel, signal, reader, writer) {
    this.source = source;
    this.dest = dest;
    this.preventClose = preventClose;
    this.preventAbort = preventAbort;
    this.preventCancel = preventCancel;
    this.signal = signal;
    this.reader = reader;
    this.writer = writer;
    // 12. Let shuttingDown be false. 13. Let promise be a new promise.
    this.shuttingDown = false;
    this.promise = newPromise();
    this.abortAlgorithm = undefined;
    this.reading = false;
    this.readingSynchronously = false;
    this.pendingWrites = 0;
    this.afterWrites = undefined;
    this.continueSteps = () => this.step();
    this.chunkAwaitingWrite = undefined;
    this.hasChunkAwaitingWrite = false;
    this.writeAwaitedChunk = () => {
      const chunk = this.chunkAwaitingWrite;
      this.chunkAwaitingWrite = undefined;
      this.hasChunkAwaitingWrite = false;
      this.write(chunk);
      this.step();
    };
  }

  /// Reads and writes until the destination applies backpressure, a read has to wait, or a
  /// condition shuts the pipe down.
  step() {
    while (true) {
      if (this.shuttingDown || this.propagateErrorsAndClosing()) return;
      // One read at a time, and none while a chunk read earlier waits to be written.
      if (this.reading || this.hasChunkAwaitingWrite) return;
      // Backpressure must be enforced: no read while the desired size is ≤ 0 or null. A null
      // size means the destination is erroring; its [[closedPromise]] will say when it errored.
      // The writer calls backpressureRelieved (the pipe's continueSteps) when the size rises.
      const desiredSize = WritableStreamDefaultWriterGetDesiredSize(this.writer);
      if (desiredSize === null || desiredSize <= 0) return;
      this.reading = true;
      this.readingSynchronously = true;
      ReadableStreamDefaultReaderRead(this.reader, this);
      this.readingSynchronously = false;
      // The read waits for a chunk; its steps continue the pipe. Otherwise a queued chunk was
      // written at once (or the source closed or errored): go on in this loop.
      if (this.reading) return;
    }
  }

  // The read request's chunk steps: write the chunk to dest. A chunk that arrives later (from
  // the source's enqueue()) is written a microtask later, never synchronously inside enqueue()
  // (whatwg/streams#1243; the WPT test piping/general-addition.any.js asserts it).
  chunkSteps(chunk) {
    this.reading = false;
    this.pendingWrites++;
    if (this.readingSynchronously) {
      this.write(chunk);
      return;
    }
    this.chunkAwaitingWrite = chunk;
    this.hasChunkAwaitingWrite = true;
    queueMicrotask(this.writeAwaitedChunk);
  }

  write(chunk) {
    // After finalize released the writer there is nothing to write to.
    if (this.writer.stream === undefined) {
      this.pendingWrites--;
      return;
    }
    const rejected = WritableStreamDefaultWriterWrite(this.writer, chunk, new PipeWriteRequest(this));
    if (rejected !== undefined) {
      // The destination refused the chunk (the next check shuts the pipe down).
      markPromiseAsHandled(rejected);
      this.writeSettled();
    }
  }

  // The read request's close and error steps: the conditions below take it from here.
  closeSteps() {
    this.reading = false;
    if (!this.readingSynchronously) this.step();
  }

  errorSteps() {
    this.reading = false;
    if (!this.readingSynchronously) this.step();
  }

  writeSettled() {
    this.pendingWrites--;
    if (this.pendingWrites === 0 && this.afterWrites !== undefined) {
      const afterWrites = this.afterWrites;
      this.afterWrites = undefined;
      afterWrites();
    }
  }

  /// "Error and close states must be propagated": the four conditions, in order. Returns true
  /// when one applied (the pipe is then shutting down).
  propagateErrorsAndClosing() {
    const source = this.source;
    const dest = this.dest;
    // 1. Errors must be propagated forward.
    if (source.state === "errored") {
      const storedError = source.storedError;
      if (!this.preventAbort) this.shutdownWithAction(() => WritableStreamAbort(dest, storedError), true, storedError);
      else this.shutdown(true, storedError);
      return true;
    }
    // 2. Errors must be propagated backward.
    if (dest.state === "errored") {
      const storedError = dest.storedError;
      if (!this.preventCancel) this.shutdownWithAction(() => ReadableStreamCancel(source, storedError), true, storedError);
      else this.shutdown(true, storedError);
      return true;
    }
    // 3. Closing must be propagated forward.
    if (source.state === "closed") {
      if (!this.preventClose) this.shutdownWithAction(() => WritableStreamDefaultWriterCloseWithErrorPropagation(this.writer), false, undefined);
      else this.shutdown(false, undefined);
      return true;
    }
    // 4. Closing must be propagated backward.
    if (WritableStreamCloseQueuedOrInFlight(dest) || dest.state === "closed") {
      const destClosed = new P.TypeError("Failed to execute 'pipeTo' on 'ReadableStream': the destination WritableStream is closing or closed.");
      if (!this.preventCancel) this.shutdownWithAction(() => ReadableStreamCancel(source, destClosed), true, destClosed);
      else this.shutdown(true, destClosed);
      return true;
    }
    return false;
  }

  /// The shared start of both forms of shutdown: 1–2. only once; 3. a writable destination
  /// first gets every chunk that was read written, and the pipe waits for those writes to settle.
  /// Like the reference implementation it waits two microtasks more (also when nothing was
  /// written): the WPT tests' expectations about which of two rejections wins depend on it.
  beginShutdown(then) {
    this.shuttingDown = true;
    const dest = this.dest;
    if (dest.state === "writable" && !WritableStreamCloseQueuedOrInFlight(dest)) {
      const afterTwoMicrotasks = () => uponPromise(uponPromise(promiseResolvedWith(undefined), noop), then);
      if (this.pendingWrites > 0) this.afterWrites = afterTwoMicrotasks;
      else afterTwoMicrotasks();
    } else {
      then();
    }
  }

  // https://streams.spec.whatwg.org/#rs-pipeTo-shutdown-with-action
  shutdownWithAction(action, hasError, originalError) {
    if (this.shuttingDown) return;
    this.beginShutdown(() => {
      // 4. Let p be the result of performing action.
      const p = action();
      // 5. Upon fulfillment of p, finalize, passing along originalError if it was given.
      // 6. Upon rejection of p with reason newError, finalize with newError.
      uponPromise(p, () => this.finalize(hasError, originalError), (newError) => this.finalize(true, newError));
    });
  }

  // https://streams.spec.whatwg.org/#rs-pipeTo-shutdown
  shutdown(hasError, error) {
    if (this.shuttingDown) return;
    // 4. Finalize, passing along error if it was given.
    this.beginShutdown(() => this.finalize(hasError, error));
  }

  // https://streams.spec.whatwg.org/#rs-pipeTo-finalize
  finalize(hasError, error) {
    // 1. Perform ! WritableStreamDefaultWriterRelease(writer).
    this.writer.backpressureRelieved = undefined;
    WritableStreamDefaultWriterRelease(this.writer);
    // 2–3. Perform ! ReadableStreamDefaultReaderRelease(reader).
    ReadableStreamDefaultReaderRelease(this.reader);
    // 4. If signal is not undefined, remove abortAlgorithm from signal.
    if (this.signal !== undefined) internals.removeAbortAlgorithm(this.signal, this.abortAlgorithm);
    // 5–6. Reject promise with error if it was given, otherwise resolve it with undefined.
    if (hasError) rejectPromise(this.promise, error);
    else resolvePromise(this.promise, undefined);
  }

  // Step 14.1: the abort algorithm of the signal.
  abortSteps() {
    // 14.1.1 Let error be signal's abort reason. 14.1.2 Let actions be an empty ordered set.
    const error = internals.abortReason(this.signal);
    const actions = [];
    const source = this.source;
    const dest = this.dest;
    // 14.1.3 Unless preventAbort: abort dest if it is writable.
    if (!this.preventAbort) {
      P.ArrayPrototypePush(actions, () => (dest.state === "writable" ? WritableStreamAbort(dest, error) : promiseResolvedWith(undefined)));
    }
    // 14.1.4 Unless preventCancel: cancel source if it is readable.
    if (!this.preventCancel) {
      P.ArrayPrototypePush(actions, () => (source.state === "readable" ? ReadableStreamCancel(source, error) : promiseResolvedWith(undefined)));
    }
    // 14.1.5 Shutdown with an action consisting of getting a promise to wait for all of the
    // actions, and with error.
    this.shutdownWithAction(() => waitForAll(actions), true, error);
  }
}

/// https://webidl.spec.whatwg.org/#get-a-promise-for-waiting-for-all, over the promises the
/// actions return (performed in order).
function waitForAll(actions) {
  const result = newPromise();
  let remaining = actions.length;
  if (remaining === 0) {
    resolvePromise(result, undefined);
    return result.promise;
  }
  const fulfilled = () => {
    if (--remaining === 0) resolvePromise(result, undefined);
  };
  const rejected = (reason) => rejectPromise(result, reason);
  for (let i = 0; i < actions.length; i++) uponPromise(actions[i](), fulfilled, rejected);
  return result.promise;
}

// https://streams.spec.whatwg.org/#readable-stream-pipe-to
function ReadableStreamPipeTo(source, dest, preventClose, preventAbort, preventCancel, signal = undefined) {
  // 1–7. Asserts (checked by the callers).
  // 8–9. Let reader be a default reader (also for byte streams: the standard leaves the choice to
  // the user agent).
  const reader = AcquireReadableStreamDefaultReader(source);
  // 10. Let writer be ! AcquireWritableStreamDefaultWriter(dest).
  const writer = AcquireWritableStreamDefaultWriter(dest);
  // 11. Set source.[[disturbed]] to true.
  source.disturbed = true;
  // 12–13. shuttingDown and promise live in the pipe.
  const pipe = new Pipe(source, dest, preventClose, preventAbort, preventCancel, signal, reader, writer);
  // 14. With a signal: abort the pipe when it aborts (at once if it already has).
  if (signal !== undefined) {
    pipe.abortAlgorithm = () => pipe.abortSteps();
    if (internals.isAborted(signal)) {
      pipe.abortAlgorithm();
      return pipe.promise.promise;
    }
    internals.addAbortAlgorithm(signal, pipe.abortAlgorithm);
  }
  // 15. In parallel, read all chunks from source and write them to dest. The streams' closed
  // promises report the states that change while the pipe waits.
  writer.backpressureRelieved = pipe.continueSteps;
  uponPromise(reader.closedPromise.promise, pipe.continueSteps, pipe.continueSteps);
  uponPromise(writer.closedPromise.promise, pipe.continueSteps, pipe.continueSteps);
  pipe.step();
  // 16. Return promise.
  return pipe.promise.promise;
}

exportOperations({ ReadableStreamPipeTo });
