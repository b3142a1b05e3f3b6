// SPDX-License-Identifier: MIT
// Bodies (https://fetch.spec.whatwg.org/#bodies) and the Body interface mixin
// (https://fetch.spec.whatwg.org/#body-mixin) shared by Request and Response.
//
// A body is { stream, bytes, source, length, consumed }. Every body init except a ReadableStream
// is bytes in memory (BufferSources are copied, Blobs are immutable), so such a body keeps its
// bytes and makes its ReadableStream only when a script asks for `body` (or a clone needs one):
// text(), json() and the others then read the bytes at once. An HTTP response's body is likewise
// a `feed` (http-fetch.js) that queues what arrives until a stream is asked for or everything is
// read at once. `consumed` stands for the stream a fully read body would have (disturbed and
// locked) while none was made.
const P = internals.require("primordials").primordials;
const { webidl, isBlob } = internals.require("webidl", "blob");
/// The Streams Standard's operations, loaded when a body first needs a stream (a fetch whose
/// body is read with text() or json() needs none).
const streamOps = () => internals.streams ?? internals.require("streams").streams;
/// Whether `value` is a ReadableStream (none exists before the Streams Standard is loaded).
const isReadableStream = (value) => internals.streams !== undefined && internals.streams.isReadableStream(value);
const { urlSearchParams } = internals.require("url-search-params");
const { formData: formDataOps } = internals.require("fetch/form-data");
const { multipart } = internals.require("fetch/multipart");
const { mimeType: mimeTypes } = internals.require("fetch/mime-type");
const { headerList } = internals.require("fetch/header-list");

const emptyBytes = () => new P.Uint8Array(0);

/// A body over bytes nobody modifies.
const bodyFromBytes = (bytes, source = bytes) => ({ stream: null, bytes, source, length: P.TypedArrayPrototypeGetLength(bytes), consumed: false });
/// A body over a ReadableStream.
const bodyFromStream = (stream, length = null) => ({ stream, bytes: null, source: null, length, consumed: false });
/// A body over a feed: { materialize() → its ReadableStream, readAll() → a promise for all its
/// bytes, fail(error) } (http-fetch.js).
const bodyFromFeed = (feed) => ({ stream: null, bytes: null, source: null, length: null, consumed: false, feed });

/// The body's stream, made now if it has none yet.
function streamOf(body) {
  if (body.stream === null) {
    if (body.feed !== undefined && !body.consumed) {
      body.stream = body.feed.materialize();
    } else if (body.consumed) {
      // The stream a fully read body would have: closed, locked and disturbed.
      body.stream = streamOps().setUpReadableByteStream({});
      streamOps().readableStreamClose(body.stream);
      const reader = streamOps().getReader(body.stream);
      streamOps().readChunk(reader, { chunkSteps() {}, closeSteps() {}, errorSteps() {} });
    } else {
      body.stream = internals.require("blob-stream").blobStream.getStream(body.bytes);
    }
  }
  return body.stream;
}

const isDisturbed = (body) => (body.stream !== null ? streamOps().readableStreamIsDisturbed(body.stream) : body.consumed);
const isLocked = (body) => (body.stream !== null ? streamOps().readableStreamIsLocked(body.stream) : body.consumed);

// https://fetch.spec.whatwg.org/#body-unusable
const isUnusable = (body) => body !== null && (isDisturbed(body) || isLocked(body));

// https://fetch.spec.whatwg.org/#concept-body-clone
function cloneBody(body) {
  // Bytes are shared: neither body ever modifies them.
  if (body.stream === null && body.feed === undefined) return bodyFromBytes(body.bytes, body.source);
  streamOf(body);
  // 1–3. Tee the stream; this body takes the first branch, the clone the second.
  const [out1, out2] = streamOps().readableStreamTee(body.stream);
  body.stream = out1;
  return { ...bodyFromStream(out2, body.length), source: body.source };
}

const isUint8Array = (chunk) => P.ArrayBufferIsView(chunk) && P.TypedArrayPrototypeGetSymbolToStringTag(chunk) === "Uint8Array";

function concatenate(chunks, total) {
  if (chunks.length === 1) return chunks[0];
  const result = new P.Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    P.TypedArrayPrototypeSet(result, chunk, offset);
    offset += P.TypedArrayPrototypeGetLength(chunk);
  }
  return result;
}

// https://streams.spec.whatwg.org/#readablestreamdefaultreader-read-all-bytes: a promise for
// the concatenated chunks; a chunk that is not a Uint8Array rejects with a TypeError.
function readAllBytes(stream) {
  return new P.Promise((resolve, reject) => {
    const reader = streamOps().getReader(stream);
    const chunks = [];
    let total = 0;
    const readRequest = {
      chunkSteps(chunk) {
        if (!isUint8Array(chunk)) {
          reject(new P.TypeError(`Failed to read the body: a chunk is not a Uint8Array (got ${webidl.type(chunk) === "Object" ? P.ObjectPrototypeToString(chunk) : typeof chunk}).`));
          streamOps().cancelReader(reader, undefined);
          return;
        }
        P.ArrayPrototypePush(chunks, chunk);
        total += P.TypedArrayPrototypeGetLength(chunk);
        // The next read in a microtask, so a long queue of chunks does not deepen the stack.
        P.PromisePrototypeThen(P.PromiseResolve(), readNext);
      },
      closeSteps() { resolve(concatenate(chunks, total)); },
      errorSteps(e) { reject(e); },
    };
    const readNext = () => streamOps().readChunk(reader, readRequest);
    readNext();
  });
}

// https://fetch.spec.whatwg.org/#body-fully-read (as a promise for the bytes)
function fullyRead(body) {
  if (body.stream === null) {
    body.consumed = true;
    return body.feed !== undefined ? body.feed.readAll() : P.PromiseResolve(body.bytes);
  }
  return readAllBytes(body.stream);
}

const stripBOM = (bytes) => (P.TypedArrayPrototypeGetLength(bytes) >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
  ? P.TypedArrayPrototypeSubarray(bytes, 3) : bytes);
// https://encoding.spec.whatwg.org/#utf-8-decode
const utf8Decode = (bytes) => host.decodeUTF8(stripBOM(bytes), false);

// https://fetch.spec.whatwg.org/#concept-bodyinit-extract: { body, type } for a BodyInit.
function extractBody(object, keepalive = false) {
  const prefix = "Failed to extract a body";
  // ReadableStream: 8.6 keepalive refuses it; 1. a disturbed or locked one throws.
  if (isReadableStream(object)) {
    if (keepalive) throw new P.TypeError(`${prefix}: keepalive cannot be used with a ReadableStream body.`);
    if (streamOps().readableStreamIsDisturbed(object) || streamOps().readableStreamIsLocked(object)) {
      throw new P.TypeError(`${prefix}: the ReadableStream is disturbed or locked.`);
    }
    return { body: bodyFromStream(object), type: null };
  }
  // Blob: its bytes; the type if not empty.
  if (isBlob(object)) {
    const type = internals.blobType(object);
    return { body: bodyFromBytes(internals.blobBytes(object), object), type: type === "" ? null : type };
  }
  // BufferSource: a copy of the bytes.
  if (P.ArrayBufferIsView(object) || webidl.isArrayBuffer(object)) {
    return { body: bodyFromBytes(P.TypedArrayPrototypeSlice(webidl.bytesOf(object))), type: null };
  }
  // FormData: the multipart/form-data encoding with a fresh boundary.
  if (formDataOps.isFormData(object)) {
    const { parts, length, boundary } = multipart.serializeMultipart(formDataOps.entriesOf(object));
    return { body: bodyFromBytes(concatenate(parts, length), object), type: `multipart/form-data; boundary=${boundary}` };
  }
  // URLSearchParams: its serialization.
  if (urlSearchParams.isURLSearchParams(object)) {
    return { body: bodyFromBytes(host.encodeUTF8(urlSearchParams.serialize(object)), object), type: "application/x-www-form-urlencoded;charset=UTF-8" };
  }
  // A scalar value string (anything else converts to one).
  const text = webidl.converters.USVString(object, prefix, "body");
  return { body: bodyFromBytes(host.encodeUTF8(text), text), type: "text/plain;charset=UTF-8" };
}

// https://fetch.spec.whatwg.org/#concept-body-package-data
function packageData(bytes, kind, mimeType) {
  switch (kind) {
    case "ArrayBuffer":
      return P.TypedArrayPrototypeGetBuffer(P.TypedArrayPrototypeSlice(bytes));
    case "Blob":
      return internals.blobFromBytes(P.TypedArrayPrototypeSlice(bytes), mimeType === null ? "" : mimeTypes.serializeMIMEType(mimeType));
    case "Uint8Array":
      return P.TypedArrayPrototypeSlice(bytes);
    case "FormData": {
      const essence = mimeType === null ? null : mimeTypes.essenceOf(mimeType);
      if (essence === "multipart/form-data") {
        const boundary = P.MapPrototypeGet(mimeType.parameters, "boundary");
        if (boundary === undefined) throw new P.TypeError("Failed to parse the body as multipart/form-data: the Content-Type has no boundary.");
        return formDataOps.formDataFromEntries(multipart.parseMultipart(bytes, boundary));
      }
      if (essence === "application/x-www-form-urlencoded") {
        const entries = urlSearchParams.parseFormURLEncoded(host.decodeUTF8(bytes, false));
        return formDataOps.formDataFromEntries(entries);
      }
      throw new P.TypeError(`Failed to parse the body as FormData: the Content-Type is ${mimeType === null ? "missing" : `'${mimeTypes.serializeMIMEType(mimeType)}'`}, not multipart/form-data or application/x-www-form-urlencoded.`);
    }
    case "JSON":
      // https://infra.spec.whatwg.org/#parse-json-bytes-to-a-javascript-value
      return JSON.parse(utf8Decode(bytes));
    case "text":
      return utf8Decode(bytes);
  }
}

// https://fetch.spec.whatwg.org/#concept-body-consume
function consumeBody(body, kind, mimeTypeOf, interfaceName, method) {
  // 1. An unusable body rejects with a TypeError.
  if (isUnusable(body)) {
    return P.PromiseReject(new P.TypeError(`Failed to execute '${method}' on '${interfaceName}': body stream already read`));
  }
  // 5. A null body is the empty byte sequence.
  const bytesPromise = body === null ? P.PromiseResolve(emptyBytes()) : fullyRead(body);
  // 2–4. Package the bytes, rejecting with what packaging throws.
  return P.PromisePrototypeThen(bytesPromise, (bytes) => packageData(bytes, kind, mimeTypeOf()));
}

/// Adds the Body mixin to `Class`; `stateOf(object)` brand-checks and returns a state with
/// `body` (a body or null) and `headers` (a header list).
function defineBodyMixin(Class, stateOf) {
  const name = Class.name;
  // https://fetch.spec.whatwg.org/#concept-body-mime-type (Request and Response alike: the
  // MIME type extracted from the headers).
  const consume = (object, kind, method) => {
    let state;
    try {
      state = stateOf(object);
    } catch (error) {
      return P.PromiseReject(error);
    }
    return consumeBody(state.body, kind, () => headerList.extractMIMEType(state.headers), name, method);
  };
  const members = {
    get body() {
      const { body } = stateOf(this);
      return body === null ? null : streamOf(body);
    },
    get bodyUsed() {
      const { body } = stateOf(this);
      return body !== null && isDisturbed(body);
    },
    arrayBuffer() { return consume(this, "ArrayBuffer", "arrayBuffer"); },
    blob() { return consume(this, "Blob", "blob"); },
    bytes() { return consume(this, "Uint8Array", "bytes"); },
    formData() { return consume(this, "FormData", "formData"); },
    json() { return consume(this, "JSON", "json"); },
    text() { return consume(this, "text", "text"); },
  };
  for (const key of P.ReflectOwnKeys(members)) {
    const descriptor = P.ObjectGetOwnPropertyDescriptor(members, key);
    descriptor.enumerable = true;
    P.ObjectDefineProperty(Class.prototype, key, descriptor);
  }
}

internals.body = {
  bodyFromBytes, bodyFromStream, bodyFromFeed, streamOf, concatenate, isDisturbed, isLocked, isUnusable, cloneBody, extractBody, fullyRead,
  readAllBytes, consumeBody, defineBodyMixin, utf8Decode,
};
