// SPDX-License-Identifier: MIT
// TextEncoderStream and TextDecoderStream (https://encoding.spec.whatwg.org/#interface-textencoderstream,
// #interface-textdecoderstream): transform streams (the GenericTransformStream mixin) around the
// UTF-8 encoder and decoder of encoding.js. A multi-byte sequence split over chunks, and a
// surrogate pair split over strings, come out whole.
const P = internals.require("primordials").primordials;
const { webidl } = internals.require("webidl");
const { streams } = internals.require("streams");
const { TextDecoder } = internals.require("encoding");
const { converters } = webidl;

// The decoder's own decode, captured: a script that replaces TextDecoder.prototype.decode later
// does not reach into these streams.
const TextDecoderPrototypeDecode = TextDecoder.prototype.decode;
const decoderGetter = (name) => P.ObjectGetOwnPropertyDescriptor(TextDecoder.prototype, name).get;
const TextDecoderPrototypeGetFatal = decoderGetter("fatal");
const TextDecoderPrototypeGetIgnoreBOM = decoderGetter("ignoreBOM");

// The GenericTransformStream mixin's getters return the transform's readable and writable sides.
const { readable: streamsReadable, writable: streamsWritable } = (() => {
  const TransformStream = internals.TransformStream;
  const readableGetter = P.ObjectGetOwnPropertyDescriptor(TransformStream.prototype, "readable").get;
  const writableGetter = P.ObjectGetOwnPropertyDescriptor(TransformStream.prototype, "writable").get;
  return {
    readable: (transform) => P.ReflectApply(readableGetter, transform, []),
    writable: (transform) => P.ReflectApply(writableGetter, transform, []),
  };
})();

const streamOptions = { stream: true };
const replacementCharacterBytes = [0xef, 0xbf, 0xbd];

let encoderStateOf;

// https://encoding.spec.whatwg.org/#interface-textencoderstream
class TextEncoderStream {
  /// { transform: the TransformStream, leadingSurrogate: a code unit or null }.
  #encoder;

  constructor() {
    const encoder = { transform: undefined, leadingSurrogate: null };
    this.#encoder = encoder;
    // 1. Set this's encoder to an instance of the UTF-8 encoder.
    // 2–5. A transform stream whose transform encodes and enqueues, and whose flush emits a
    // lone leading surrogate as U+FFFD. 6. Set this's transform to it.
    encoder.transform = streams.setUpTransformStream({
      transformAlgorithm: (chunk) => encodeAndEnqueueChunk(encoder, chunk),
      flushAlgorithm: () => encodeAndFlush(encoder),
    });
  }

  static {
    encoderStateOf = (value) => {
      if (typeof value !== "object" || value === null || !(#encoder in value)) throw webidl.invalidThis("TextEncoderStream");
      return value.#encoder;
    };
  }

  // TextEncoderCommon: the encoding is always UTF-8.
  get encoding() {
    encoderStateOf(this);
    return "utf-8";
  }

  // GenericTransformStream.
  get readable() { return streamsReadable(encoderStateOf(this).transform); }
  get writable() { return streamsWritable(encoderStateOf(this).transform); }
}

// https://encoding.spec.whatwg.org/#encode-and-enqueue-a-chunk
function encodeAndEnqueueChunk(encoder, chunk) {
  // 1. Let input be the result of converting chunk to a DOMString.
  let input = converters.DOMString(chunk, "Failed to execute 'write' on 'TextEncoderStream'", "The chunk");
  // A leading surrogate kept from the previous chunk goes in front (convert code unit to scalar
  // value, step 1); a leading surrogate at the end waits for the next chunk (step 2).
  if (encoder.leadingSurrogate !== null) {
    input = encoder.leadingSurrogate + input;
    encoder.leadingSurrogate = null;
  }
  const last = input.length > 0 ? P.StringPrototypeCharCodeAt(input, input.length - 1) : 0;
  if (last >= 0xd800 && last <= 0xdbff) {
    encoder.leadingSurrogate = P.StringPrototypeSlice(input, input.length - 1);
    input = P.StringPrototypeSlice(input, 0, input.length - 1);
  }
  // 2–4. UTF-8 bytes (other lone surrogates become U+FFFD); enqueue them unless there are none.
  const output = host.encodeUTF8(input);
  if (P.TypedArrayPrototypeGetLength(output) > 0) streams.transformStreamEnqueue(encoder.transform, output);
}

// https://encoding.spec.whatwg.org/#encode-and-flush
function encodeAndFlush(encoder) {
  // 1. A leading surrogate left over: enqueue U+FFFD's bytes.
  if (encoder.leadingSurrogate !== null) {
    streams.transformStreamEnqueue(encoder.transform, new P.Uint8Array(replacementCharacterBytes));
  }
}

const decoderOptions = webidl.createDictionaryConverter("TextDecoderOptions", [
  { key: "fatal", converter: converters.boolean, defaultValue: false },
  { key: "ignoreBOM", converter: converters.boolean, defaultValue: false },
]);

let decoderStateOf;

// https://encoding.spec.whatwg.org/#interface-textdecoderstream
class TextDecoderStream {
  /// { transform: the TransformStream, decoder: a TextDecoder in streaming use }.
  #decoder;

  constructor(label = "utf-8", options = undefined) {
    const prefix = webidl.operationPrefix("TextDecoderStream", "constructor");
    label = converters.DOMString(label, prefix, "Argument 1");
    options = decoderOptions(options, prefix, "Argument 2");
    // 1–6. The encoding for label (a RangeError if wsjs has none for it), the error mode, ignore
    // BOM, and a decoder: a TextDecoder, which keeps the bytes of an unfinished sequence and
    // whether the BOM was seen.
    const state = { transform: undefined, decoder: new TextDecoder(label, options) };
    this.#decoder = state;
    // 7–11. A transform stream that decodes and enqueues each chunk, and flushes at the end.
    state.transform = streams.setUpTransformStream({
      transformAlgorithm: (chunk) => decodeAndEnqueueChunk(state, chunk),
      flushAlgorithm: () => flushAndEnqueue(state),
    });
  }

  static {
    decoderStateOf = (value) => {
      if (typeof value !== "object" || value === null || !(#decoder in value)) throw webidl.invalidThis("TextDecoderStream");
      return value.#decoder;
    };
  }

  // TextDecoderCommon.
  get encoding() {
    decoderStateOf(this);
    return "utf-8";
  }

  get fatal() { return P.ReflectApply(TextDecoderPrototypeGetFatal, decoderStateOf(this).decoder, []); }
  get ignoreBOM() { return P.ReflectApply(TextDecoderPrototypeGetIgnoreBOM, decoderStateOf(this).decoder, []); }

  // GenericTransformStream.
  get readable() { return streamsReadable(decoderStateOf(this).transform); }
  get writable() { return streamsWritable(decoderStateOf(this).transform); }
}

// https://encoding.spec.whatwg.org/#decode-and-enqueue-a-chunk
function decodeAndEnqueueChunk(state, chunk) {
  // 1. Let bufferSource be chunk converted to an AllowSharedBufferSource (a TypeError
  // otherwise, which errors the stream). 2–4. Decode what is complete; bytes of a sequence that
  // the chunk ends in the middle of wait for the next chunk. A fatal error is a TypeError.
  const prefix = "Failed to execute 'write' on 'TextDecoderStream'";
  if (!P.ArrayBufferIsView(chunk) && !webidl.isArrayBuffer(chunk) && !isSharedArrayBuffer(chunk)) {
    throw webidl.makeException(P.TypeError, `is not an ArrayBuffer, a SharedArrayBuffer or an ArrayBufferView (received ${typeof chunk}).`, prefix, "The chunk");
  }
  const outputChunk = P.ReflectApply(TextDecoderPrototypeDecode, state.decoder, [copyOfBytes(chunk), streamOptions]);
  // 4.2.2 Enqueue the output unless it is the empty string.
  if (outputChunk !== "") streams.transformStreamEnqueue(state.transform, outputChunk);
}

// https://encoding.spec.whatwg.org/#flush-and-enqueue
function flushAndEnqueue(state) {
  // 1–4. The end of the queue: an unfinished sequence becomes U+FFFD, or a TypeError when fatal.
  const outputChunk = P.ReflectApply(TextDecoderPrototypeDecode, state.decoder, []);
  if (outputChunk !== "") streams.transformStreamEnqueue(state.transform, outputChunk);
}

const SharedArrayBufferPrototypeGetByteLength = globalThis.SharedArrayBuffer === undefined
  ? undefined : P.uncurryThis(P.ObjectGetOwnPropertyDescriptor(globalThis.SharedArrayBuffer.prototype, "byteLength").get);

function isSharedArrayBuffer(value) {
  if (SharedArrayBufferPrototypeGetByteLength === undefined) return false;
  try {
    SharedArrayBufferPrototypeGetByteLength(value);
    return true;
  } catch {
    return false;
  }
}

/// "A copy of bufferSource" as a Uint8Array the decoder can read (a SharedArrayBuffer's bytes
/// could change under it).
function copyOfBytes(source) {
  if (isSharedArrayBuffer(source)) return P.TypedArrayPrototypeSlice(new P.Uint8Array(source));
  return webidl.bytesOf(source);
}

webidl.configureInterface(TextEncoderStream);
webidl.configureInterface(TextDecoderStream);
internals.TextEncoderStream = TextEncoderStream;
internals.TextDecoderStream = TextDecoderStream;
