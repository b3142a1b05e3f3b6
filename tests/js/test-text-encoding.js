// TextEncoder / TextDecoder (Encoding Standard): USVString conversion, BOM handling, fatal mode,
// replacement of invalid sequences, and streaming across chunk boundaries.
const encoder = new TextEncoder();
assertEquals(encoder.encoding, "utf-8");
assertEquals([...encoder.encode("aé€😀")], [0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]);
assertEquals([...encoder.encode("\ud800")], [0xef, 0xbf, 0xbd], "lone lead surrogate → U+FFFD");
assertEquals([...encoder.encode("a\udc00b")], [0x61, 0xef, 0xbf, 0xbd, 0x62], "lone trail surrogate → U+FFFD");
assertEquals(encoder.encode().length, 0);
assert(encoder.encode("x") instanceof Uint8Array, "encode returns a Uint8Array");

// encodeInto writes whole scalars only.
const small = new Uint8Array(4);
assertEquals(encoder.encodeInto("a😀b", small), { read: 1, written: 1 }, "the emoji does not fit in 3 remaining bytes");
const exact = new Uint8Array(5);
assertEquals(encoder.encodeInto("a😀", exact), { read: 3, written: 5 });
const offsetView = new Uint8Array(new ArrayBuffer(8), 2, 3);
assertEquals(encoder.encodeInto("€x", offsetView), { read: 1, written: 3 });

const decoder = new TextDecoder();
assertEquals(decoder.encoding, "utf-8");
assertEquals(decoder.fatal, false);
assertEquals(decoder.ignoreBOM, false);
assertEquals(decoder.decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0x69])), "hi", "BOM removed");
assertEquals(new TextDecoder("utf-8", { ignoreBOM: true }).decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x68])), "\ufeffh", "BOM kept");
assertEquals(decoder.decode(new Uint8Array([0xff, 0x61, 0xc3])), "\ufffda\ufffd", "invalid and truncated");
assertEquals(decoder.decode(new Uint8Array([0xe0, 0x80, 0x61])), "\ufffd\ufffda", "maximal subparts");
assertEquals(decoder.decode(new Uint8Array([0xed, 0xa0, 0x80])), "\ufffd\ufffd\ufffd", "encoded surrogate");
assertEquals(decoder.decode(new Uint8Array([0xf4, 0x90, 0x80, 0x80])), "\ufffd\ufffd\ufffd\ufffd", "above U+10FFFF");
assertEquals(decoder.decode(), "");
assertEquals(decoder.decode(new Uint8Array([0x68, 0x69, 0x21]).buffer), "hi!", "ArrayBuffer input");
const bytes = new Uint8Array([0x78, 0x68, 0x69, 0x78]);
assertEquals(decoder.decode(new DataView(bytes.buffer, 1, 2)), "hi", "DataView window");
assertEquals(decoder.decode(bytes.subarray(1, 3)), "hi", "typed array window");

// fatal: invalid input throws TypeError.
const fatal = new TextDecoder("utf-8", { fatal: true });
assertThrows(() => fatal.decode(new Uint8Array([0xc3])), "TypeError");
assertThrows(() => fatal.decode(new Uint8Array([0x80])), "TypeError");
assertEquals(fatal.decode(new Uint8Array([0xc3, 0xa9])), "é");

// Streaming: a sequence split over chunks is held back, then completed.
const streaming = new TextDecoder();
const euro = [0xe2, 0x82, 0xac];
let text = "";
text += streaming.decode(new Uint8Array([0x61, euro[0]]), { stream: true });
text += streaming.decode(new Uint8Array([euro[1]]), { stream: true });
text += streaming.decode(new Uint8Array([euro[2], 0x62]), { stream: true });
text += streaming.decode();
assertEquals(text, "a€b");
// A BOM split across chunks is still removed; an unfinished sequence at the end is replaced.
const bom = new TextDecoder();
assertEquals(bom.decode(new Uint8Array([0xef, 0xbb]), { stream: true }) + bom.decode(new Uint8Array([0xbf, 0x41]), { stream: true }) + bom.decode(new Uint8Array([0xf0, 0x9f]), { stream: true }) + bom.decode(), "A\ufffd");
// In fatal mode, a stream that ends inside a sequence throws.
const fatalStream = new TextDecoder("utf-8", { fatal: true });
assertEquals(fatalStream.decode(new Uint8Array([0xf0, 0x9f]), { stream: true }), "");
assertThrows(() => fatalStream.decode(), "TypeError");

// Labels: case-insensitive, trimmed; other encodings raise RangeError.
assertEquals(new TextDecoder(" UTF8 ").encoding, "utf-8");
assertEquals(new TextDecoder("unicode-1-1-utf-8").encoding, "utf-8");
assertThrows(() => new TextDecoder("latin2"), "RangeError");
assertThrows(() => decoder.decode("not a buffer"), "TypeError");
