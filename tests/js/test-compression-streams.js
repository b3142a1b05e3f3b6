// SPDX-License-Identifier: MIT
// Compression Standard: CompressionStream and DecompressionStream for gzip, deflate and
// deflate-raw — round trips through real zlib, interoperable bytes (gzip's header, a stream
// compressed elsewhere), output in pieces of at most 64 KiB made only as the reader asks (a
// decompression bomb stays bounded), and corrupt, truncated or over-long input as a TypeError.

const finished = expectCalls(1, 20000);

async function readAll(readable) {
  const pieces = [];
  let total = 0;
  for await (const piece of readable) {
    assert(piece instanceof Uint8Array, "pieces are Uint8Arrays");
    assert(piece.byteLength <= 65536, `a piece of ${piece.byteLength} bytes`);
    pieces.push(piece);
    total += piece.byteLength;
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const piece of pieces) {
    out.set(piece, offset);
    offset += piece.byteLength;
  }
  return out;
}

async function through(bytes, stream, chunkSize = bytes.length) {
  const writer = stream.writable.getWriter();
  const done = readAll(stream.readable);
  // The stream reports a failure through the readable side; the writes see it too.
  for (let i = 0; i < bytes.length; i += Math.max(chunkSize, 1)) writer.write(bytes.subarray(i, i + chunkSize)).catch(() => {});
  writer.close().catch(() => {});
  return done;
}

async function rejectionOf(promise) {
  try {
    await promise;
  } catch (reason) {
    return reason;
  }
  throw new Error("expected a rejection");
}

function pseudoRandom(size, seed) {
  const bytes = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = (x >>> 16) & 0xff;
  }
  return bytes;
}

const sameBytes = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

runTest(async () => {
  const text = new TextEncoder().encode("streams of text, streams of text, streams of text\n".repeat(2000));
  const noise = pseudoRandom(150000, 7);
  for (const format of ["gzip", "deflate", "deflate-raw"]) {
    for (const input of [text, noise, new Uint8Array(0)]) {
      // Written in one chunk or a byte at a time (for small inputs), read back whole.
      const compressed = await through(input, new CompressionStream(format), 4096);
      const restored = await through(compressed, new DecompressionStream(format), 1000);
      assert(sameBytes(restored, input), `${format} round trip of ${input.length} bytes`);
    }
    // Bytes split at every position of a short stream come out the same.
    const small = await through(text.subarray(0, 300), new CompressionStream(format));
    assert(sameBytes(await through(small, new DecompressionStream(format), 1), text.subarray(0, 300)), `${format} byte by byte`);
  }
  // The formats' framing: gzip starts 1f 8b 08, zlib's deflate 78.
  const gzip = await through(text, new CompressionStream("gzip"));
  assertEquals([...gzip.subarray(0, 3)], [0x1f, 0x8b, 0x08]);
  assertEquals((await through(text, new CompressionStream("deflate")))[0], 0x78);
  // A gzip stream made elsewhere (gzip of "hello\n", as the gzip command writes it).
  const foreign = new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0xe7, 0x02, 0x00, 0x20, 0x30, 0x3a, 0x36, 0x06, 0x00, 0x00, 0x00]);
  assertEquals(new TextDecoder().decode(await through(foreign, new DecompressionStream("gzip"))), "hello\n");
  // Any BufferSource is a chunk; anything else errors the stream.
  assert(sameBytes(await through(new Uint8Array(await new Blob([gzip]).arrayBuffer()), new DecompressionStream("gzip")), text), "from an ArrayBuffer's view");
  {
    const stream = new CompressionStream("gzip");
    const reading = stream.readable.getReader().read();
    assertEquals((await rejectionOf(stream.writable.getWriter().write("text"))).name, "TypeError");
    assertEquals((await rejectionOf(reading)).name, "TypeError");
  }

  // Bad compressed input: corrupt, truncated, data after the end, the wrong format.
  const cases = [
    ["corrupt", new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), "gzip"],
    ["truncated", gzip.subarray(0, gzip.length - 5), "gzip"],
    ["trailing data", new Uint8Array([...gzip, 1, 2, 3]), "gzip"],
    ["gzip read as deflate", gzip, "deflate"],
    ["empty input", new Uint8Array(0), "deflate-raw"],
  ];
  for (const [label, bytes, format] of cases) {
    const reason = await rejectionOf(through(bytes, new DecompressionStream(format)));
    assertEquals(reason.name, "TypeError", label);
  }

  // A decompression bomb: 64 MiB of zeros compress to ~64 KiB; reading it makes 64 KiB pieces
  // only as they are read, so reading three and cancelling is quick and holds little.
  const zeros = await through(new Uint8Array(64 << 20), new CompressionStream("gzip"), 1 << 20);
  assert(zeros.length < 128 << 10, `the bomb is ${zeros.length} bytes`);
  const bomb = new DecompressionStream("gzip");
  const bombWriter = bomb.writable.getWriter();
  const written = bombWriter.write(zeros);
  const reader = bomb.readable.getReader();
  for (let i = 0; i < 3; i++) {
    const { value } = await reader.read();
    assertEquals(value.byteLength, 65536);
  }
  await reader.cancel("enough");
  await written;
  assertEquals(await rejectionOf(bombWriter.closed), "enough", "cancelling the readable side errors the writable side");

  // Formats and shape.
  assertThrows(() => new CompressionStream("brotli-ish"), "TypeError");
  assertThrows(() => new DecompressionStream(), "TypeError");
  for (const Class of [CompressionStream, DecompressionStream]) {
    assertEquals(Class.length, 1);
    assertEquals(Object.getOwnPropertyNames(Class.prototype).sort(), ["constructor", "readable", "writable"]);
    assertThrows(() => Object.getOwnPropertyDescriptor(Class.prototype, "writable").get.call({}), "TypeError");
    const instance = new Class("deflate");
    assert(instance.readable instanceof ReadableStream && instance.writable instanceof WritableStream, Class.name);
  }
  finished();
});
