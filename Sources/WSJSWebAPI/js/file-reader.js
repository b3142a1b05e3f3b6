// SPDX-License-Identifier: MIT
// FileReader (File API §6) and ProgressEvent (XHR §6), which MDN's Blob examples use. A Blob's
// bytes are in memory, so a read is one chunk: loadstart, progress, then load and loadend, each
// in its own task on the file reading task source (an internal timer of 0 ms).
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

// §6.2 "read operation": the state checks now, then the events in tasks of their own.
function read(target, method, argumentCount, blob, packageData) {
  const reader = readerStateOf(target);
  const prefix = webidl.operationPrefix("FileReader", method);
  webidl.requiredArguments(argumentCount, 1, prefix);
  if (!isBlob(blob)) throw webidl.makeException(P.TypeError, "parameter 1 is not of type 'Blob'.", prefix);
  // 1. A read in progress: InvalidStateError.
  if (reader.state === LOADING) throw domException("InvalidStateError", `${prefix}: The object is already busy reading Blobs.`);
  // 2–3. LOADING, result and error null.
  reader.state = LOADING;
  reader.result = null;
  reader.error = null;
  const bytes = blobBytes(blob);
  const type = blobType(blob);
  const total = bytes.length;
  const steps = [
    () => fireProgress(target, "loadstart", 0, total),
    () => { if (total > 0) fireProgress(target, "progress", total, total); },
    () => {
      // The final task: DONE, the packaged result, then load and (unless a new read began) loadend.
      reader.state = DONE;
      reader.cancel = null;
      try {
        reader.result = packageData(bytes, type);
      } catch (error) {
        reader.error = error;
        fireProgress(target, "error", total, total);
        if (reader.state !== LOADING) fireProgress(target, "loadend", total, total);
        return;
      }
      fireProgress(target, "load", total, total);
      if (reader.state !== LOADING) fireProgress(target, "loadend", total, total);
    },
  ];
  // Each step is its own task; abort() cancels the pending one.
  let index = 0;
  const next = () => {
    reader.cancel = null;
    const step = steps[index++];
    if (index < steps.length) reader.cancel = startInternalTimer(0, next);
    step();
  };
  reader.cancel = startInternalTimer(0, next);
}

webidl.configureInterface(ProgressEvent);
webidl.configureInterface(FileReader);
webidl.defineConstants(FileReader, { EMPTY, LOADING, DONE });
for (const type of ["loadstart", "progress", "load", "abort", "error", "loadend"]) defineEventHandler(FileReader.prototype, type);

internals.FileReader = FileReader;
internals.ProgressEvent = ProgressEvent;
