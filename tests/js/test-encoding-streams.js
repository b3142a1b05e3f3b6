// SPDX-License-Identifier: MIT
// Encoding Standard: TextEncoderStream and TextDecoderStream — UTF-8 through a transform
// stream, a multi-byte sequence split over chunks (and a surrogate pair split over strings)
// coming out whole, fatal and ignoreBOM, the BOM, bad chunks, and the interfaces' shape.

const finished = expectCalls(1);

async function collect(readable) {
  const out = [];
  for await (const chunk of readable) out.push(chunk);
  return out;
}

async function decodeChunks(chunks, options) {
  const stream = new TextDecoderStream("utf-8", options);
  const writer = stream.writable.getWriter();
  for (const chunk of chunks) writer.write(chunk);
  writer.close();
  return (await collect(stream.readable)).join("");
}

async function rejectionOf(promise) {
  try {
    await promise;
  } catch (reason) {
    return reason;
  }
  throw new Error("expected a rejection");
}

runTest(async () => {
  // Encoding: one Uint8Array per string that has bytes; a surrogate pair split over two writes
  // is one code point; a lone surrogate at the end becomes U+FFFD when the stream closes.
  const encoder = new TextEncoderStream();
  assertEquals(encoder.encoding, "utf-8");
  const writer = encoder.writable.getWriter();
  for (const text of ["a\uD83D", "\uDE00b", "", "\uDC00", "c\uD800"]) writer.write(text);
  writer.close();
  const encoded = (await collect(encoder.readable)).map((chunk) => {
    assert(chunk instanceof Uint8Array, "chunks are Uint8Arrays");
    return [...chunk];
  });
  assertEquals(encoded, [[0x61], [0xf0, 0x9f, 0x98, 0x80, 0x62], [0xef, 0xbf, 0xbd], [0x63], [0xef, 0xbf, 0xbd]]);
  // Non-strings are converted with ToString.
  const numbers = new TextEncoderStream();
  const numberWriter = numbers.writable.getWriter();
  numberWriter.write(42);
  numberWriter.close();
  assertEquals((await collect(numbers.readable)).map((c) => [...c]), [[0x34, 0x32]]);

  // Decoding a byte at a time gives the text whole; the BOM is dropped unless ignoreBOM.
  const bytes = new TextEncoder().encode("\uFEFFhé€😀");
  const oneByOne = [...bytes].map((b) => new Uint8Array([b]));
  assertEquals(await decodeChunks(oneByOne), "hé€😀");
  assertEquals(await decodeChunks(oneByOne, { ignoreBOM: true }), "\uFEFFhé€😀");
  // Any BufferSource: ArrayBuffers and DataViews too.
  assertEquals(await decodeChunks([new Uint8Array([0x68, 0x69]).buffer, new DataView(new Uint8Array([0x21]).buffer)]), "hi!");
  // An unfinished sequence at the end is U+FFFD, or a TypeError with fatal.
  assertEquals(await decodeChunks([new Uint8Array([0x61, 0xe2, 0x82])]), "a\uFFFD");
  {
    const stream = new TextDecoderStream("utf-8", { fatal: true });
    assertEquals([stream.fatal, stream.ignoreBOM], [true, false]);
    const w = stream.writable.getWriter();
    w.write(new Uint8Array([0x61, 0xe2]));
    const closing = w.close();
    const reader = stream.readable.getReader();
    assertEquals(await reader.read(), { value: "a", done: false });
    assertEquals((await rejectionOf(closing)).name, "TypeError", "fatal: an unfinished sequence at the end");
  }
  {
    // Invalid bytes with fatal error the stream; a chunk that is not a BufferSource does too.
    const stream = new TextDecoderStream("utf-8", { fatal: true });
    const reading = stream.readable.getReader().read();
    const written = stream.writable.getWriter().write(new Uint8Array([0xff]));
    assertEquals((await rejectionOf(written)).name, "TypeError");
    assertEquals((await rejectionOf(reading)).name, "TypeError");
    const other = new TextDecoderStream();
    const otherReading = other.readable.getReader().read();
    assertEquals((await rejectionOf(other.writable.getWriter().write("text"))).name, "TypeError");
    assertEquals((await rejectionOf(otherReading)).name, "TypeError");
  }
  // Labels: any UTF-8 label; others are RangeErrors (wsjs decodes UTF-8 only).
  assertEquals(new TextDecoderStream(" UTF8 ").encoding, "utf-8");
  assertThrows(() => new TextDecoderStream("latin2"), "RangeError");

  // Piping a Blob through a TextDecoderStream.
  const piped = new Blob(["streams ", "of text"]).stream().pipeThrough(new TextDecoderStream());
  assertEquals((await collect(piped)).join(""), "streams of text");

  // Shape: readable and writable getters (GenericTransformStream), brand checks.
  for (const Class of [TextEncoderStream, TextDecoderStream]) {
    const names = Object.getOwnPropertyNames(Class.prototype).sort();
    const expected = Class === TextEncoderStream ? ["constructor", "encoding", "readable", "writable"] : ["constructor", "encoding", "fatal", "ignoreBOM", "readable", "writable"];
    assertEquals(names, expected, Class.name);
    assertEquals(Object.prototype.toString.call(Class.prototype), `[object ${Class.name}]`);
    assertThrows(() => Object.getOwnPropertyDescriptor(Class.prototype, "readable").get.call({}), "TypeError");
    const instance = new Class();
    assert(instance.readable instanceof ReadableStream && instance.writable instanceof WritableStream, `${Class.name} sides`);
    assertEquals(instance.readable, instance.readable, "the same readable each time");
  }
  assertEquals(TextEncoderStream.length, 0);
  assertEquals(TextDecoderStream.length, 0);
  finished();
});
