// structuredClone (HTML §2.7): each serializable type, shared and circular references, errors,
// and DataCloneError for what cannot be cloned.
const date = new Date(1234567890);
const regexp = /a+b/gi;
regexp.lastIndex = 3;
const buffer = new Uint8Array([1, 2, 3, 4, 5]).buffer;
const view = new Uint16Array(buffer, 2, 1);
const dataView = new DataView(buffer, 1, 3);
const map = new Map([["k", { v: 1 }], [1, [2]]]);
const set = new Set(["a", 1]);
const shared = { s: 1 };
const source = {
  number: -0, string: "s", boolean: true, nothing: null, missing: undefined, big: 12n,
  date, regexp, buffer, view, dataView, map, set,
  array: [1, , "three"],
  boxed: [new Number(1), new String("s"), new Boolean(false), Object(2n)],
  errors: [new Error("e"), new TypeError("t"), new RangeError("r")],
  nested: { deep: { deeper: [shared, shared] } },
};
source.self = source;
const copy = structuredClone(source);

assert(copy !== source, "a new object");
assert(Object.is(copy.number, -0), "-0 kept");
assertEquals([copy.string, copy.boolean, copy.nothing, copy.missing, copy.big], ["s", true, null, undefined, 12n]);
assert("missing" in copy, "undefined-valued keys kept");
assert(copy.date instanceof Date && copy.date !== date && copy.date.getTime() === 1234567890, "Date");
assert(copy.regexp instanceof RegExp && copy.regexp.source === "a+b" && copy.regexp.flags === "gi", "RegExp");
assertEquals(copy.regexp.lastIndex, 0, "lastIndex is not cloned");
assert(copy.buffer instanceof ArrayBuffer && copy.buffer !== buffer, "ArrayBuffer copied");
assertEquals([...new Uint8Array(copy.buffer)], [1, 2, 3, 4, 5]);
assert(copy.view instanceof Uint16Array && copy.view.byteOffset === 2 && copy.view.length === 1, "typed array view");
assert(copy.view.buffer === copy.buffer, "views share the copied buffer");
assert(copy.dataView instanceof DataView && copy.dataView.byteOffset === 1 && copy.dataView.byteLength === 3, "DataView");
assert(copy.map instanceof Map && copy.map.get("k").v === 1 && copy.map.get(1)[0] === 2, "Map");
assert(copy.set instanceof Set && copy.set.has("a") && copy.set.has(1), "Set");
assertEquals(copy.array.length, 3);
assert(!(1 in copy.array), "holes stay holes");
assert(copy.boxed[0] instanceof Number && copy.boxed[0].valueOf() === 1, "Number object");
assert(copy.boxed[1] instanceof String && copy.boxed[2] instanceof Boolean && typeof copy.boxed[3] === "object", "boxed");
assert(copy.errors[1] instanceof TypeError && copy.errors[1].message === "t", "TypeError");
assert(copy.errors[2] instanceof RangeError && copy.errors[0] instanceof Error, "errors");
assert(copy.self === copy, "circular reference");
assert(copy.nested.deep.deeper[0] === copy.nested.deep.deeper[1], "shared reference stays shared");

// Class instances become plain objects with their own enumerable properties.
class Point { constructor() { this.x = 1; } get y() { return 2; } }
const point = structuredClone(new Point());
assertEquals(Object.getPrototypeOf(point), Object.prototype);
assertEquals(point, { x: 1 });

// Not cloneable: functions, symbols, WeakMaps, Promises, platform objects.
for (const value of [() => {}, Symbol("s"), new WeakMap(), Promise.resolve(), { f() {} }, new EventTarget()]) {
  const error = assertThrows(() => structuredClone(value), "DataCloneError");
  assertEquals(error.code, 25);
  assert(error instanceof DOMException, "DOMException");
}
assertThrows(() => structuredClone(), "TypeError");

// transfer moves an ArrayBuffer: the original is detached.
const moving = new Uint8Array([9, 8]).buffer;
const moved = structuredClone(moving, { transfer: [moving] });
assertEquals(moving.byteLength, 0);
assertEquals([...new Uint8Array(moved)], [9, 8]);
