// SPDX-License-Identifier: MIT
// Blob's "get stream" (https://w3c.github.io/FileAPI/#blob-get-stream): a readable byte stream
// of the Blob's bytes, in chunks of at most 64 KiB (a BYOB read gets at most its view's size).
//
// Deviation: the standard reads all of the Blob "in parallel" and queues every chunk in a task
// of its own, whatever the consumer wants; here each chunk is made when the stream is pulled
// (the bytes are in memory), so a stream nobody reads holds no copies, as in Chrome and Deno.
const P = internals.require("primordials").primordials;
const { streams } = internals.require("streams");

/// The largest chunk a Blob's stream enqueues.
const chunkSize = 65536;

/// A ReadableStream (type "bytes") over `bytes`, a Uint8Array that nobody modifies.
function getStream(bytes) {
  let offset = 0;
  let stream;
  // 1–2. A new ReadableStream, set up with byte reading support.
  stream = streams.setUpReadableByteStream({
    pullAlgorithm() {
      // 3. The next chunk of the Blob: pull from bytes (into the BYOB request's view when there
      // is one) and close the stream after the last one.
      const end = P.MathMin(offset + chunkSize, P.TypedArrayPrototypeGetLength(bytes));
      offset += streams.pullFromBytes(stream, P.TypedArrayPrototypeSubarray(bytes, offset, end));
      if (offset === P.TypedArrayPrototypeGetLength(bytes)) {
        bytes = undefined;
        streams.readableStreamClose(stream);
      }
    },
    cancelAlgorithm() {
      bytes = undefined;
    },
  });
  if (P.TypedArrayPrototypeGetLength(bytes) === 0) streams.readableStreamClose(stream);
  // 4. Return stream.
  return stream;
}

internals.blobStream = { getStream, chunkSize };
