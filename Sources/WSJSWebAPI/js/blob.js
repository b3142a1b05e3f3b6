// SPDX-License-Identifier: MIT
// Blob and File (File API §3–§4). A Blob's bytes live in memory as a private Uint8Array that no
// script can reach, so a Blob is immutable and WebSocket.send(blob) can send it at once.
// stream() is in blob-stream.js (it loads the Streams Standard only when first called).
const P = internals.require("primordials").primordials;
const { webidl } = internals.require("webidl");
const { converters } = webidl;

let stateOf;

// "BlobPart": (BufferSource or Blob or USVString); objects that are none of these become strings.
function convertBlobPart(value, prefix, context) {
  if (webidl.type(value) === "Object") {
    if (P.ArrayBufferIsView(value) || webidl.isArrayBuffer(value)) return value;
    if (isBlob(value)) return value;
  }
  return converters.USVString(value, prefix, context);
}
const blobParts = webidl.createSequenceConverter(convertBlobPart);

function convertEndings(value, prefix, context) {
  value = converters.DOMString(value, prefix, context);
  if (value !== "transparent" && value !== "native") {
    throw webidl.makeException(P.TypeError, `The provided value '${value}' is not a valid enum value of type EndingType.`, prefix, context);
  }
  return value;
}
const blobPropertyBag = webidl.createDictionaryConverter("BlobPropertyBag", [
  { key: "type", converter: converters.DOMString, defaultValue: "" },
  { key: "endings", converter: convertEndings, defaultValue: "transparent" },
]);

/// A type with a code point outside U+0020–U+007E becomes ""; otherwise it is lowercased
/// (§3.1 constructor step 3, slice step 6).
function normalizeType(type) {
  for (let i = 0; i < type.length; i++) {
    const c = P.StringPrototypeCharCodeAt(type, i);
    if (c < 0x20 || c > 0x7e) return "";
  }
  return P.StringPrototypeToLowerCase(type);
}

// §3.1.1 process blob parts: the concatenated bytes of the parts.
function processBlobParts(parts, endings) {
  const chunks = [];
  let total = 0;
  for (const part of parts) {
    let bytes;
    if (typeof part === "string") {
      // "native" line endings: \r\n and lone \r become \n on this platform.
      const text = endings === "native" ? P.StringPrototypeReplace(part, /\r\n?/g, "\n") : part;
      bytes = host.encodeUTF8(text);
    } else if (isBlob(part)) {
      bytes = stateOf(part).bytes;
    } else {
      // A copy of the bytes held by the buffer source (only a view's window).
      bytes = P.TypedArrayPrototypeSlice(webidl.bytesOf(part));
    }
    P.ArrayPrototypePush(chunks, bytes);
    total += P.TypedArrayPrototypeGetLength(bytes);
  }
  if (chunks.length === 1 && typeof parts[0] === "string") return chunks[0];
  const result = new P.Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    P.TypedArrayPrototypeSet(result, chunk, offset);
    offset += P.TypedArrayPrototypeGetLength(chunk);
  }
  return result;
}

class Blob {
  /// { bytes: Uint8Array (private, never exposed or modified), type: string }.
  #state;

  constructor(parts = undefined, options = undefined) {
    const prefix = webidl.operationPrefix(new.target?.name ?? "Blob", "constructor");
    const init = blobPropertyBag(options, prefix, "Argument 2");
    const list = parts === undefined ? [] : blobParts(parts, prefix, "Argument 1");
    this.#state = { bytes: processBlobParts(list, init.endings), type: normalizeType(init.type) };
  }

  static {
    stateOf = (value) => {
      if (value === null || typeof value !== "object" || !(#state in value)) throw webidl.invalidThis("Blob");
      return value.#state;
    };
  }

  get size() { return P.TypedArrayPrototypeGetLength(stateOf(this).bytes); }
  get type() { return stateOf(this).type; }

  // §3.3.1 slice(start, end, contentType)
  slice(start = undefined, end = undefined, contentType = undefined) {
    const { bytes } = stateOf(this);
    const prefix = webidl.operationPrefix("Blob", "slice");
    const size = P.TypedArrayPrototypeGetLength(bytes);
    const clamp = { clamp: true };
    start = start === undefined ? 0 : converters["long long"](start, prefix, "Argument 1", clamp);
    end = end === undefined ? size : converters["long long"](end, prefix, "Argument 2", clamp);
    contentType = contentType === undefined ? "" : normalizeType(converters.DOMString(contentType, prefix, "Argument 3"));
    const relativeStart = start < 0 ? P.MathMax(size + start, 0) : P.MathMin(start, size);
    const relativeEnd = end < 0 ? P.MathMax(size + end, 0) : P.MathMin(end, size);
    const span = P.MathMax(relativeEnd - relativeStart, 0);
    return blobFromBytes(P.TypedArrayPrototypeSubarray(bytes, relativeStart, relativeStart + span), contentType);
  }

  // §3.3.2 stream(): the result of "get stream" on this.
  stream() {
    return internals.require("blob-stream").blobStream.getStream(stateOf(this).bytes);
  }

  // §3.3.3 text(): UTF-8 decode (a BOM is removed, invalid bytes become U+FFFD).
  text() {
    try {
      const { bytes } = stateOf(this);
      return P.PromiseResolve(host.decodeUTF8(stripBOM(bytes), false));
    } catch (error) {
      return P.PromiseReject(error);
    }
  }

  // §3.3.4 arrayBuffer(): a new ArrayBuffer with a copy of the bytes.
  arrayBuffer() {
    try {
      return P.PromiseResolve(P.TypedArrayPrototypeGetBuffer(P.TypedArrayPrototypeSlice(stateOf(this).bytes)));
    } catch (error) {
      return P.PromiseReject(error);
    }
  }

  // §3.3.5 bytes(): a new Uint8Array with a copy of the bytes.
  bytes() {
    try {
      return P.PromiseResolve(P.TypedArrayPrototypeSlice(stateOf(this).bytes));
    } catch (error) {
      return P.PromiseReject(error);
    }
  }
}

function stripBOM(bytes) {
  return P.TypedArrayPrototypeGetLength(bytes) >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
    ? P.TypedArrayPrototypeSubarray(bytes, 3) : bytes;
}

function isBlob(value) {
  try {
    stateOf(value);
    return true;
  } catch {
    return false;
  }
}

/// A Blob over `bytes`, which the caller hands over (it must not be modified afterwards).
function blobFromBytes(bytes, type = "") {
  const blob = new Blob();
  const state = stateOf(blob);
  state.bytes = bytes;
  state.type = type;
  return blob;
}

const filePropertyBag = webidl.createDictionaryConverter("FilePropertyBag", [
  { key: "type", converter: converters.DOMString, defaultValue: "" },
  { key: "endings", converter: convertEndings, defaultValue: "transparent" },
  { key: "lastModified", converter: converters["long long"] },
]);
let fileStateOf;

// §4 File
class File extends Blob {
  #file;

  constructor(fileBits, fileName, options = undefined) {
    const prefix = webidl.operationPrefix("File", "constructor");
    webidl.requiredArguments(arguments.length, 2, prefix);
    const bits = blobParts(fileBits, prefix, "Argument 1");
    fileName = converters.USVString(fileName, prefix, "Argument 2");
    const init = filePropertyBag(options, prefix, "Argument 3");
    super();
    const state = stateOf(this);
    state.bytes = processBlobParts(bits, init.endings);
    state.type = normalizeType(init.type);
    // lastModified defaults to the current time in milliseconds since the epoch.
    this.#file = { name: fileName, lastModified: init.lastModified ?? P.DateNow() };
  }

  static {
    fileStateOf = (value) => {
      if (value === null || typeof value !== "object" || !(#file in value)) throw webidl.invalidThis("File");
      return value.#file;
    };
  }

  get name() { return fileStateOf(this).name; }
  get lastModified() { return fileStateOf(this).lastModified; }
  // Legacy but still used by scripts (Chrome, Firefox, Deno have it).
  get webkitRelativePath() { fileStateOf(this); return ""; }
}

webidl.configureInterface(Blob);
webidl.configureInterface(File);

internals.Blob = Blob;
internals.File = File;
internals.isBlob = isBlob;
/// The Blob's bytes, for WebSocket.send and FileReader (read-only by convention).
internals.blobBytes = (blob) => stateOf(blob).bytes;
internals.blobType = (blob) => stateOf(blob).type;
/// A Blob over a received ArrayBuffer (binaryType "blob"); the buffer is not shared with anyone.
internals.blobFromBuffer = (buffer) => blobFromBytes(new P.Uint8Array(buffer));
/// A Blob over `bytes` (handed over, never modified afterwards) with `type` as given (fetch's blob()).
internals.blobFromBytes = blobFromBytes;
