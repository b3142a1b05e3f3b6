// SPDX-License-Identifier: MIT
// File API: Blob.prototype.stream() (a byte stream in chunks of at most 64 KiB, BYOB reads,
// cancel), FileReader reading through it (the bytes, the events and their order, abort in the
// middle of a read), and URL.createObjectURL / revokeObjectURL.

const finished = expectCalls(1);

function patterned(size) {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 7 + 3) & 0xff;
  return bytes;
}

function sameBytes(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

runTest(async () => {
  // stream(): a byte stream of the Blob's bytes, each chunk a Uint8Array of at most 64 KiB.
  const source = patterned(200000);
  const blob = new Blob([source]);
  const stream = blob.stream();
  assert(stream instanceof ReadableStream, "stream() returns a ReadableStream");
  assert(blob.stream() !== stream, "each call gives a new stream");
  const chunks = [];
  for await (const chunk of stream) {
    assert(chunk instanceof Uint8Array, "chunks are Uint8Arrays");
    assert(chunk.byteLength > 0 && chunk.byteLength <= 65536, `a chunk of ${chunk.byteLength} bytes`);
    chunks.push(chunk);
  }
  const joined = new Uint8Array(await new Blob(chunks).arrayBuffer());
  assert(sameBytes(joined, source), "the chunks hold the Blob's bytes in order");
  assertEquals(chunks.length, 4);

  // A BYOB reader gets at most its view's size; the Blob stays readable afterwards.
  const byob = blob.stream().getReader({ mode: "byob" });
  const first = await byob.read(new Uint8Array(10));
  assertEquals([...first.value], [...source.subarray(0, 10)]);
  const second = await byob.read(new Uint16Array(3));
  assertEquals(second.value.byteLength, 6);
  await byob.cancel();
  assertEquals((await blob.bytes()).length, 200000, "cancel leaves the Blob as it was");

  // An empty Blob's stream is closed at once; slices stream their own bytes.
  assertEquals(await new Blob().stream().getReader().read(), { value: undefined, done: true });
  const text = await readText(new Blob(["hello world"]).slice(6).stream());
  assertEquals(text, "world");
  assertThrows(() => Blob.prototype.stream.call({}), "TypeError");

  // FileReader reads through the stream: loadstart, progress (loaded never above total),
  // load, loadend, in that order, each in a task of its own.
  const reader = new FileReader();
  const events = [];
  for (const type of ["loadstart", "progress", "load", "loadend"]) {
    reader.addEventListener(type, (e) => events.push([type, e.loaded, e.total]));
  }
  reader.readAsArrayBuffer(blob);
  assertEquals(events, [], "no event inside readAsArrayBuffer()");
  await nextEvent(reader, "loadend");
  assertEquals(events[0], ["loadstart", 0, 200000]);
  assertEquals(events.at(-2), ["load", 200000, 200000]);
  assertEquals(events.at(-1), ["loadend", 200000, 200000]);
  const progress = events.filter(([type]) => type === "progress");
  assert(progress.length >= 1, "at least one progress event");
  for (const [, loaded, total] of progress) assert(loaded > 0 && loaded <= total, `progress ${loaded}/${total}`);
  assert(sameBytes(new Uint8Array(reader.result), source), "the result holds every chunk");

  // abort() during a read: abort and loadend, no load, no result.
  const aborting = new FileReader();
  const seen = [];
  for (const type of ["loadstart", "progress", "load", "abort", "loadend"]) aborting.addEventListener(type, () => seen.push(type));
  aborting.readAsText(new Blob([patterned(300000)]));
  aborting.abort();
  await new Promise((resolve) => setTimeout(resolve, 20));
  assertEquals(seen, ["abort", "loadend"]);
  assertEquals([aborting.readyState, aborting.result], [FileReader.DONE, null]);

  // Blob URLs: blob:<origin>/<uuid v4>; the origin is "null" without --location. Every call
  // makes a new URL; revoking is idempotent and ignores what is not a blob: URL.
  const url = URL.createObjectURL(blob);
  assert(/^blob:null\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(url), `a blob URL: ${url}`);
  assert(URL.createObjectURL(blob) !== url, "each URL is new");
  assertEquals(new URL(url).protocol, "blob:");
  URL.revokeObjectURL(url);
  URL.revokeObjectURL(url);
  URL.revokeObjectURL("https://example.org/");
  URL.revokeObjectURL("not a url");
  assertThrows(() => URL.createObjectURL("text"), "TypeError");
  assertThrows(() => URL.createObjectURL(), "TypeError");
  finished();
});

/// Reads a byte stream as UTF-8 text (what new Response(stream).text() does).
async function readText(stream) {
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of stream) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}
