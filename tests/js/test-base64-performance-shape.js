// atob/btoa (HTML §8.3, forgiving-base64), performance, and the WebIDL shape of the globals.
assertEquals(btoa("hello"), "aGVsbG8=");
assertEquals(btoa(""), "");
assertEquals(btoa("\xff\xfe"), "//4=");
assertEquals(atob("aGVsbG8="), "hello");
assertEquals(atob(" aGVs\nbG8 "), "hello", "ASCII whitespace ignored");
assertEquals(atob("aGVsbG8"), "hello", "padding optional");
assertThrows(() => btoa("€"), "InvalidCharacterError");
assertThrows(() => atob("a"), "InvalidCharacterError");
assertThrows(() => atob("a*bc"), "InvalidCharacterError");
assertThrows(() => atob("ab=c"), "InvalidCharacterError");

const t1 = performance.now();
const t2 = performance.now();
assert(t2 >= t1 && t1 >= 0, "monotonic");
assert(Math.abs(performance.timeOrigin + t2 - Date.now()) < 50, "timeOrigin + now() ≈ Date.now()");
assertEquals(typeof performance.toJSON().timeOrigin, "number");

// Interfaces: non-enumerable globals; methods and accessors on the prototype, enumerable.
for (const name of ["Event", "EventTarget", "DOMException", "AbortController", "AbortSignal", "TextEncoder", "TextDecoder", "ErrorEvent", "PromiseRejectionEvent", "CustomEvent"]) {
  assertEquals(typeof globalThis[name], "function", name);
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, name);
  assertEquals([descriptor.enumerable, descriptor.writable, descriptor.configurable], [false, true, true], `${name} descriptor`);
  assertEquals(globalThis[name].prototype[Symbol.toStringTag], name);
}
const typeDescriptor = Object.getOwnPropertyDescriptor(Event.prototype, "type");
assert(typeof typeDescriptor.get === "function" && typeDescriptor.enumerable, "Event.prototype.type is an enumerable accessor");
assertEquals(Object.getOwnPropertyDescriptor(new Event("x"), "isTrusted").configurable, false, "isTrusted is unforgeable");
assertEquals([Event.NONE, Event.CAPTURING_PHASE, Event.AT_TARGET, Event.BUBBLING_PHASE], [0, 1, 2, 3]);
assertEquals(Event.prototype.AT_TARGET, 2);
assertEquals(Event.length, 1);
assertThrows(() => Event("x"), "TypeError", "constructors need new");
class MyEvent extends Event { constructor() { super("mine"); } }
assertEquals(new MyEvent().type, "mine");
assert(new MyEvent() instanceof Event, "subclassing works");
assert(self === globalThis, "self");
assertEquals(typeof wsjs.version, "string");
assert(Array.isArray(wsjs.args), "wsjs.args");

// ErrorEvent and PromiseRejectionEvent carry their init dictionaries.
const errorEvent = new ErrorEvent("error", { message: "m", filename: "f.js", lineno: 3, colno: 4, error: 42 });
assertEquals([errorEvent.message, errorEvent.filename, errorEvent.lineno, errorEvent.colno, errorEvent.error], ["m", "f.js", 3, 4, 42]);
const promise = Promise.resolve();
const rejection = new PromiseRejectionEvent("unhandledrejection", { promise, reason: "r" });
assert(rejection.promise === promise && rejection.reason === "r", "PromiseRejectionEvent");
assertThrows(() => new PromiseRejectionEvent("x", {}), "TypeError", "promise is required");
assertEquals(new CustomEvent("c", { detail: { d: 1 } }).detail.d, 1);
