// SPDX-License-Identifier: MIT
// FileReader (File API §6) and ProgressEvent (XHR §6), which MDN's Blob examples use. A read goes
// through the Blob's stream, chunk by chunk; its events are tasks on the file reading task source
// (internal timers of 0 ms).
const P = internals.require("primordials").primordials;
const { webidl, EventTarget, defineEventHandler, dispatchEvent, Event, eventInitMembers, makeTrusted, domException, startInternalTimer } =
  internals.require("event-target", "event", "dom-exception", "timers");
const { isBlob, blobBytes, blobType } = internals.require("blob");
const { converters } = webidl;

const progressEventInit = webidl.createDictionaryConverter("ProgressEventInit", [
  ...eventInitMembers,
  { key: "lengthComputable", converter: converters.boolean, defaultValue: false },
  { key: "loaded", converter: converters["unsigned long long"], defaultValue: 0 },
  { key: "total", converter: converters["unsigned long long"], defaultValue: 0 },
]);
let progressStateOf;

class ProgressEvent extends Event {
  #progress;

  constructor(type, eventInitDict = undefined) {
    const prefix = webidl.operationPrefix("ProgressEvent", "constructor");
    webidl.requiredArguments(arguments.length, 1, prefix);
    const init = progressEventInit(eventInitDict, prefix, "Argument 2");
    super(type, init);
    this.#progress = { lengthComputable: init.lengthComputable, loaded: init.loaded, total: init.total };
  }

  static {
    progressStateOf = (value) => {
      if (value === null || typeof value !== "object" || !(#progress in value)) throw webidl.invalidThis("ProgressEvent");
      return value.#progress;
    };
  }

  get lengthComputable() { return progressStateOf(this).lengthComputable; }
  get loaded() { return progressStateOf(this).loaded; }
  get total() { return progressStateOf(this).total; }
}

const EMPTY = 0, LOADING = 1, DONE = 2;
let readerStateOf;

/// Fires a trusted ProgressEvent named `type` (§6.5 "fire a progress event").
function fireProgress(reader, type, loaded, total) {
  dispatchEvent(reader, makeTrusted(new ProgressEvent(type, { lengthComputable: true, loaded, total })));
}

class FileReader extends EventTarget {
  #reader = { state: EMPTY, result: null, error: null, cancel: null };

  constructor() {
    super();
  }

  static {
    readerStateOf = (value) => {
      if (value === null || typeof value !== "object" || !(#reader in value)) throw webidl.invalidThis("FileReader");
      return value.#reader;
    };
  }

  get readyState() { return readerStateOf(this).state; }
  get result() { return readerStateOf(this).result; }
  get error() { return readerStateOf(this).error; }

  readAsArrayBuffer(blob) { read(this, "readAsArrayBuffer", arguments.length, blob, (bytes) => P.TypedArrayPrototypeGetBuffer(P.TypedArrayPrototypeSlice(bytes))); }

  readAsBinaryString(blob) {
    read(this, "readAsBinaryString", arguments.length, blob, (bytes) => {
      let text = "";
      for (let i = 0; i < bytes.length; i += 8192) text += P.ReflectApply(P.StringFromCharCode, null, P.TypedArrayPrototypeSubarray(bytes, i, i + 8192));
      return text;
    });
  }

  readAsText(blob, encoding = undefined) {
    const prefix = webidl.operationPrefix("FileReader", "readAsText");
    if (encoding !== undefined) encoding = converters.DOMString(encoding, prefix, "Argument 2");
    // Only UTF-8 is supported (as TextDecoder here); the label is checked the same way.
    if (encoding !== undefined && encoding !== "") new (internals.require("encoding").TextDecoder)(encoding);
    read(this, "readAsText", arguments.length, blob, (bytes) => new (internals.require("encoding").TextDecoder)().decode(bytes));
  }

  // §6.3 readAsDataURL: "data:" + type + ";base64," + the bytes in base64. The standard says a
  // Blob without a type gives a Data URL without a media type (Chrome and Firefox write
  // application/octet-stream instead).
  readAsDataURL(blob) {
    read(this, "readAsDataURL", arguments.length, blob, (bytes, type) => {
      let binary = "";
      for (let i = 0; i < bytes.length; i += 8192) binary += P.ReflectApply(P.StringFromCharCode, null, P.TypedArrayPrototypeSubarray(bytes, i, i + 8192));
      return `data:${type};base64,${internals.require("base64").btoa(binary)}`;
    });
  }

  // §6.4 abort()
  abort() {
    const reader = readerStateOf(this);
    // 1. Empty or done: clear the result and stop.
    if (reader.state === EMPTY || reader.state === DONE) {
      reader.result = null;
      return;
    }
    // 2–4. A read in progress: DONE, no result, its queued tasks removed.
    reader.state = DONE;
    reader.result = null;
    reader.cancel?.();
    reader.cancel = null;
    // 5–6. Fire abort, then loadend unless a listener started a new read.
    fireProgress(this, "abort", 0, 0);
    if (reader.state !== LOADING) fireProgress(this, "loadend", 0, 0);
  }
}

// https://w3c.github.io/FileAPI/#readOperation: the Blob is read in chunks through its stream
// (blob-stream.js); loadstart, progress, and load or error then loadend are each fired in a task
// of their own on the file reading task source (an internal 0 ms timer, in order). A progress
// event follows the first chunk and then at most every 50 ms ("roughly 50ms" in the standard).
function read(target, method, argumentCount, blob, packageData) {
  const reader = readerStateOf(target);
  const prefix = webidl.operationPrefix("FileReader", method);
  webidl.requiredArguments(argumentCount, 1, prefix);
  if (!isBlob(blob)) throw webidl.makeException(P.TypeError, "parameter 1 is not of type 'Blob'.", prefix);
  // 1. A read in progress: InvalidStateError.
  if (reader.state === LOADING) throw domException("InvalidStateError", `${prefix}: The object is already busy reading Blobs.`);
  // 2–4. LOADING, result and error null.
  reader.state = LOADING;
  reader.result = null;
  reader.error = null;
  const type = blobType(blob);
  const total = P.TypedArrayPrototypeGetLength(blobBytes(blob));
  // 5–6. The Blob's stream, and a reader for it.
  const { streams } = internals.require("streams");
  const streamReader = streams.getReader(internals.require("blob-stream").blobStream.getStream(blobBytes(blob)));
  // 7. Let bytes be an empty byte sequence (the Blob's size is known: one buffer of that size).
  const bytes = new P.Uint8Array(total);
  let loaded = 0;
  let lastProgress = -Infinity;
  // Tasks of this read that have not run yet; abort() cancels them and ends the read.
  const pendingTasks = new P.Map();
  let aborted = false;
  const queueTask = (steps) => {
    const cancel = startInternalTimer(0, () => {
      P.MapPrototypeDelete(pendingTasks, cancel);
      steps();
    });
    P.MapPrototypeSet(pendingTasks, cancel, true);
  };
  reader.cancel = () => {
    aborted = true;
    P.MapPrototypeForEach(pendingTasks, (_, cancel) => cancel());
    P.MapPrototypeClear(pendingTasks);
    streams.cancelReader(streamReader, undefined);
  };
  // 9. Let isFirstChunk be true.
  let isFirstChunk = true;
  // 8, 10. Read chunks until the stream is done; each outcome is handled in order.
  const readRequest = {
    chunkSteps(chunk) {
      if (aborted) return;
      // 10.2–10.3 The first chunk: loadstart.
      if (isFirstChunk) queueTask(() => fireProgress(target, "loadstart", 0, total));
      isFirstChunk = false;
      // 10.4.1–10.4.2 Append the chunk's bytes.
      P.TypedArrayPrototypeSet(bytes, chunk, loaded);
      loaded += P.TypedArrayPrototypeGetLength(chunk);
      // 10.4.3 A progress event, at most every 50 ms.
      const now = host.now();
      if (now - lastProgress >= 50) {
        lastProgress = now;
        const progress = loaded;
        queueTask(() => fireProgress(target, "progress", progress, total));
      }
      // 10.4.4 Read the next chunk (in a microtask: a chunk that was queued would otherwise
      // arrive inside this call).
      P.PromisePrototypeThen(P.PromiseResolve(), () => { if (!aborted) streams.readChunk(streamReader, readRequest); });
    },
    closeSteps() {
      if (aborted) return;
      if (isFirstChunk) queueTask(() => fireProgress(target, "loadstart", 0, total));
      // 10.5 Done: in a task, DONE, the packaged result, then load (or error) and loadend.
      queueTask(() => {
        reader.state = DONE;
        reader.cancel = null;
        try {
          reader.result = packageData(bytes, type);
        } catch (error) {
          reader.error = error;
          fireProgress(target, "error", loaded, total);
          if (reader.state !== LOADING) fireProgress(target, "loadend", loaded, total);
          return;
        }
        fireProgress(target, "load", loaded, total);
        if (reader.state !== LOADING) fireProgress(target, "loadend", loaded, total);
      });
    },
    errorSteps(error) {
      if (aborted) return;
      // 10.6 The stream failed: in a task, DONE, the error, then error and loadend.
      queueTask(() => {
        reader.state = DONE;
        reader.cancel = null;
        reader.error = error;
        fireProgress(target, "error", loaded, total);
        if (reader.state !== LOADING) fireProgress(target, "loadend", loaded, total);
      });
    },
  };
  streams.readChunk(streamReader, readRequest);
}

webidl.configureInterface(ProgressEvent);
webidl.configureInterface(FileReader);
webidl.defineConstants(FileReader, { EMPTY, LOADING, DONE });
for (const type of ["loadstart", "progress", "load", "abort", "error", "loadend"]) defineEventHandler(FileReader.prototype, type);

internals.FileReader = FileReader;
internals.ProgressEvent = ProgressEvent;
