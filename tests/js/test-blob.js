// SPDX-License-Identifier: MIT
// File API: Blob (parts, type, endings, size, slice, text/arrayBuffer/bytes), File and
// FileReader with its events.
const done = expectCalls(1);

const bytesOf = async (blob) => [...new Uint8Array(await blob.arrayBuffer())];

(async () => {
  // Parts: strings (UTF-8), buffers, views (their window only), Blobs; other values as strings.
  const buffer = new Uint8Array([1, 2, 3, 4, 5]).buffer;
  const blob = new Blob(["é", buffer, new Uint8Array(buffer, 1, 2), new DataView(buffer, 4), new Blob(["z"]), 7]);
  assertEquals(blob.size, 2 + 5 + 2 + 1 + 1 + 1);
  assertEquals(await bytesOf(blob), [0xc3, 0xa9, 1, 2, 3, 4, 5, 2, 3, 5, 0x7a, 0x37]);
  assertEquals(blob.type, "");
  assertEquals(new Blob().size, 0);
  assertEquals(await new Blob(["a\uD800"]).text(), "a\uFFFD", "USVString parts");
  // The parts are copied: changing the buffer later does not change the Blob.
  const source = new Uint8Array([1]);
  const copy = new Blob([source]);
  source[0] = 9;
  assertEquals(await bytesOf(copy), [1]);

  // type: lowercased; any character outside U+0020–U+007E makes it "".
  assertEquals(new Blob([], { type: "Text/HTML;Charset=UTF-8" }).type, "text/html;charset=utf-8");
  assertEquals(new Blob([], { type: "a\u00e9" }).type, "");
  assertEquals(new Blob([], { type: "a\n" }).type, "");
  // endings: "native" turns \r\n and \r into \n here; "transparent" keeps them.
  assertEquals(await new Blob(["a\r\nb\rc\n"], { endings: "native" }).text(), "a\nb\nc\n");
  assertEquals(await new Blob(["a\r\nb"], { endings: "transparent" }).text(), "a\r\nb");
  assertThrows(() => new Blob([], { endings: "other" }), "TypeError");
  assertThrows(() => new Blob("not a sequence"), "TypeError");

  // slice with negative, out-of-range and swapped indices, and a content type.
  const letters = new Blob(["abcdef"], { type: "text/plain" });
  const cases = [[[], "abcdef"], [[2], "cdef"], [[-2], "ef"], [[1, -1], "bcde"], [[-100, 2], "ab"], [[4, 2], ""], [[3, 100], "def"], [[Infinity], ""], [[-Infinity, 1], "a"], [[1.5, 3.5], "cd"]] // [Clamp] rounds half to even: 2 and 4;
  for (const [args, expected] of cases) assertEquals(await letters.slice(...args).text(), expected, `slice(${args})`);
  assertEquals(letters.slice().type, "", "a slice has no type unless given");
  assertEquals(letters.slice(0, 1, "Text/X").type, "text/x");
  assertEquals(letters.slice(0, 1, "é").type, "");

  // text() decodes UTF-8 (a BOM is removed, bad bytes become U+FFFD); bytes() is a copy.
  assertEquals(await new Blob([new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0xff])]).text(), "a\uFFFD");
  const bytes = await letters.bytes();
  assert(bytes instanceof Uint8Array, "bytes() gives a Uint8Array");
  bytes[0] = 0;
  assertEquals(await letters.text(), "abcdef", "bytes() is a copy");
  assert(letters.text() instanceof Promise, "text() returns a promise");

  // Shape.
  assertEquals(Object.prototype.toString.call(letters), "[object Blob]");
  assertThrows(() => Object.getOwnPropertyDescriptor(Blob.prototype, "size").get.call({}), "TypeError");
  let rejected = null;
  await Blob.prototype.text.call({}).catch((error) => { rejected = error; });
  assertEquals(rejected?.name, "TypeError", "a bad this rejects");

  // File.
  const file = new File(["hello"], "greeting.txt", { type: "text/plain", lastModified: 42 });
  assert(file instanceof Blob, "a File is a Blob");
  assertEquals([file.name, file.size, file.type, file.lastModified], ["greeting.txt", 5, "text/plain", 42]);
  assertEquals(await file.text(), "hello");
  const before = Date.now();
  const now = new File([], "x").lastModified;
  assert(now >= before && now <= Date.now(), "lastModified defaults to now");
  assertThrows(() => new File(["x"]), "TypeError", "a name is required");
  assertEquals(Object.prototype.toString.call(file), "[object File]");

  // FileReader: events loadstart, progress, load, loadend, in tasks of their own.
  const reader = new FileReader();
  assertEquals([reader.readyState, reader.result, reader.error], [FileReader.EMPTY, null, null]);
  const events = [];
  for (const type of ["loadstart", "progress", "load", "loadend"]) {
    reader.addEventListener(type, (event) => events.push(`${type} ${event.loaded}/${event.total} ${reader.readyState}`));
  }
  const loaded = nextEvent(reader, "loadend");
  reader.readAsText(new Blob(["héllo"]));
  assertEquals(reader.readyState, FileReader.LOADING);
  assertThrows(() => reader.readAsText(new Blob([])), "InvalidStateError", "one read at a time");
  assertEquals(events, [], "no event during the call");
  await loaded;
  assertEquals(events, ["loadstart 0/6 1", "progress 6/6 1", "load 6/6 2", "loadend 6/6 2"]);
  assertEquals(reader.result, "héllo");

  const results = [];
  for (const method of ["readAsArrayBuffer", "readAsDataURL", "readAsBinaryString"]) {
    const r = new FileReader();
    const end = nextEvent(r, "load");
    r[method](new Blob([new Uint8Array([104, 105, 0xff])], { type: "application/x-test" }));
    await end;
    results.push(r.result);
  }
  assertEquals([...new Uint8Array(results[0])], [104, 105, 0xff]);
  assertEquals(results[1], "data:application/x-test;base64,aGn/");
  assertEquals(results[2], "hi\u00ff");

  // abort() during a read: abort then loadend, no load, result null.
  const aborted = new FileReader();
  const abortEvents = [];
  for (const type of ["loadstart", "load", "abort", "loadend"]) aborted.addEventListener(type, () => abortEvents.push(type));
  aborted.readAsText(new Blob(["x"]));
  aborted.abort();
  assertEquals(abortEvents, ["abort", "loadend"]);
  assertEquals([aborted.readyState, aborted.result], [FileReader.DONE, null]);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assertEquals(abortEvents, ["abort", "loadend"], "nothing after abort");

  // ProgressEvent.
  const progress = new ProgressEvent("progress", { lengthComputable: true, loaded: 5, total: 10 });
  assertEquals([progress.lengthComputable, progress.loaded, progress.total], [true, 5, 10]);
  assert(progress instanceof Event, "a ProgressEvent is an Event");
  done();
})();
