// SPDX-License-Identifier: MIT
// CompressionStream and DecompressionStream (https://compression.spec.whatwg.org/): transform
// streams (the GenericTransformStream mixin) over zlib, which Swift runs (ZlibStream.swift,
// host.zlib*). Output comes in pieces of at most 64 KiB, and the next piece is made only once the
// readable side wants more, so a small input that inflates enormously (a decompression bomb)
// never makes wsjs hold more than a piece beyond what the reader has asked for. Corrupt,
// truncated or over-long compressed input errors the streams with a TypeError.
const P = internals.require("primordials").primordials;
const { webidl } = internals.require("webidl");
const { streams } = internals.require("streams");
const { converters } = webidl;

/// The most output one zlib step makes (the "one or more non-empty pieces" of the standard).
const pieceSize = 65536;

const TransformStreamPrototype = internals.TransformStream.prototype;
const TransformStreamPrototypeGetReadable = P.ObjectGetOwnPropertyDescriptor(TransformStreamPrototype, "readable").get;
const TransformStreamPrototypeGetWritable = P.ObjectGetOwnPropertyDescriptor(TransformStreamPrototype, "writable").get;

// https://compression.spec.whatwg.org/#enumdef-compressionformat
function convertCompressionFormat(value, prefix, context) {
  value = converters.DOMString(value, prefix, context);
  if (value !== "deflate" && value !== "deflate-raw" && value !== "gzip") {
    throw webidl.makeException(P.TypeError, `The provided value '${value}' is not a valid enum value of type CompressionFormat.`, prefix, context);
  }
  return value;
}

/// The state both classes keep: their TransformStream and zlib stream (`id`, 0 once closed).
function newState(compress, format) {
  const state = { transform: undefined, id: host.zlibCreate(compress, format), compress };
  state.transform = streams.setUpTransformStream({
    transformAlgorithm: (chunk) => processChunk(state, chunk),
    flushAlgorithm: () => flush(state),
    // The readable side was cancelled or the writable side aborted: zlib's state goes.
    cancelAlgorithm: () => release(state),
  });
  return state;
}

function release(state) {
  if (state.id !== 0) host.zlibClose(state.id);
  state.id = 0;
}

// https://compression.spec.whatwg.org/#compress-and-enqueue-a-chunk and
// https://compression.spec.whatwg.org/#decompress-and-enqueue-a-chunk
function processChunk(state, chunk) {
  // 1. If chunk is not a BufferSource type, throw a TypeError.
  if (!P.ArrayBufferIsView(chunk) && !webidl.isArrayBuffer(chunk)) {
    release(state);
    const name = state.compress ? "CompressionStream" : "DecompressionStream";
    throw new P.TypeError(`Failed to execute 'write' on '${name}': the chunk is not an ArrayBuffer or ArrayBufferView (received ${describe(chunk)}).`);
  }
  // 2. Compress or decompress it with the stream's context (a TypeError for bad data).
  try {
    host.zlibPush(state.id, webidl.bytesOf(chunk));
  } catch (error) {
    release(state);
    throw zlibError(state, "write", error);
  }
  // 3–5. Enqueue the output, piece by piece.
  return enqueueOutput(state, false);
}

// https://compression.spec.whatwg.org/#compress-flush-and-enqueue and
// https://compression.spec.whatwg.org/#decompress-flush-and-enqueue: the end of the input
// (decompression fails with a TypeError when the compressed stream has not ended).
function flush(state) {
  return enqueueOutput(state, true);
}

/// Enqueues zlib's output for the input pushed so far; between pieces it waits while the
/// readable side applies backpressure. Returns undefined when it finished at once, otherwise a
/// promise for when it has.
function enqueueOutput(state, finish) {
  while (true) {
    // The readable side was cancelled while this waited: nothing more to make.
    if (state.id === 0) return undefined;
    let output;
    try {
      output = host.zlibPull(state.id, pieceSize, finish);
    } catch (error) {
      release(state);
      throw zlibError(state, finish ? "close" : "write", error);
    }
    if (P.TypedArrayPrototypeGetLength(output) === 0) {
      if (finish) release(state);
      return undefined;
    }
    streams.transformStreamEnqueue(state.transform, output);
    const demand = streams.transformStreamReadableDemand(state.transform);
    if (demand !== undefined) return P.PromisePrototypeThen(demand, () => enqueueOutput(state, finish));
  }
}

/// The TypeError for a failed zlib step, naming the interface and what was being done.
function zlibError(state, operation, error) {
  const name = state.compress ? "CompressionStream" : "DecompressionStream";
  return new P.TypeError(`Failed to execute '${operation}' on '${name}': ${error?.message ?? "zlib failed"}`);
}

function describe(value) {
  if (value === null) return "null";
  return typeof value === "object" ? P.ObjectPrototypeToString(value) : typeof value;
}

let compressionStateOf;

// https://compression.spec.whatwg.org/#compressionstream
class CompressionStream {
  #state;

  constructor(format) {
    const prefix = webidl.operationPrefix("CompressionStream", "constructor");
    webidl.requiredArguments(arguments.length, 1, prefix);
    // 1. An unsupported format is a TypeError (the enum conversion). 2–6. The transform stream.
    this.#state = newState(true, convertCompressionFormat(format, prefix, "Argument 1"));
  }

  static {
    compressionStateOf = (value) => {
      if (typeof value !== "object" || value === null || !(#state in value)) throw webidl.invalidThis("CompressionStream");
      return value.#state;
    };
  }

  get readable() { return P.ReflectApply(TransformStreamPrototypeGetReadable, compressionStateOf(this).transform, []); }
  get writable() { return P.ReflectApply(TransformStreamPrototypeGetWritable, compressionStateOf(this).transform, []); }
}

let decompressionStateOf;

// https://compression.spec.whatwg.org/#decompressionstream
class DecompressionStream {
  #state;

  constructor(format) {
    const prefix = webidl.operationPrefix("DecompressionStream", "constructor");
    webidl.requiredArguments(arguments.length, 1, prefix);
    this.#state = newState(false, convertCompressionFormat(format, prefix, "Argument 1"));
  }

  static {
    decompressionStateOf = (value) => {
      if (typeof value !== "object" || value === null || !(#state in value)) throw webidl.invalidThis("DecompressionStream");
      return value.#state;
    };
  }

  get readable() { return P.ReflectApply(TransformStreamPrototypeGetReadable, decompressionStateOf(this).transform, []); }
  get writable() { return P.ReflectApply(TransformStreamPrototypeGetWritable, decompressionStateOf(this).transform, []); }
}

webidl.configureInterface(CompressionStream);
webidl.configureInterface(DecompressionStream);
internals.CompressionStream = CompressionStream;
internals.DecompressionStream = DecompressionStream;
/// For fetch's Content-Encoding: a decompressing TransformStream for `format` (as
/// DecompressionStream's own), with no script-facing wrapper.
internals.compressionStreams = { newDecompressionTransform: (format) => newState(false, format).transform };
