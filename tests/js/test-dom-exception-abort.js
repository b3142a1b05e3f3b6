// DOMException (WebIDL §2.8: names, legacy codes, prototype chain) and AbortController /
// AbortSignal (DOM §3.1–3.2).
const e = new DOMException("msg", "InvalidAccessError");
assertEquals([e.name, e.message, e.code], ["InvalidAccessError", "msg", 15]);
assert(e instanceof Error, "inherits from Error.prototype");
assertEquals(Object.prototype.toString.call(e), "[object DOMException]");
assertEquals([new DOMException().name, new DOMException().message, new DOMException().code], ["Error", "", 0]);
assertEquals(new DOMException("", "SyntaxError").code, 12);
assertEquals(new DOMException("", "NotARealName").code, 0);
assertEquals(DOMException.INVALID_STATE_ERR, 11);
assertEquals(DOMException.prototype.DATA_CLONE_ERR, 25);
assertThrows(() => Object.getOwnPropertyDescriptor(DOMException.prototype, "name").get.call({}), "TypeError");
assert(typeof e.stack === "string", "has a stack");

const controller = new AbortController();
const signal = controller.signal;
assert(signal instanceof EventTarget, "AbortSignal is an EventTarget");
assertEquals([signal.aborted, signal.reason], [false, undefined]);
const seen = [];
signal.addEventListener("abort", (event) => seen.push([event.type, event.isTrusted, signal.aborted]));
controller.abort();
controller.abort("again"); // a second abort does nothing
assertEquals(seen, [["abort", true, true]]);
assertEquals(signal.reason.name, "AbortError");
assertThrows(() => signal.throwIfAborted(), "AbortError");
assertThrows(() => new AbortSignal(), "TypeError");

const custom = AbortSignal.abort("why");
assertEquals([custom.aborted, custom.reason], [true, "why"]);

// AbortSignal.any follows its sources, with their reason.
const a = new AbortController();
const b = new AbortController();
const any = AbortSignal.any([a.signal, b.signal]);
assertEquals(any.aborted, false);
b.abort("b first");
assertEquals([any.aborted, any.reason], [true, "b first"]);
assertEquals(AbortSignal.any([custom]).reason, "why", "already aborted source");

// AbortSignal.timeout aborts with a TimeoutError and does not keep the process alive alone.
const timed = AbortSignal.timeout(5);
const done = expectCalls(1);
timed.onabort = () => {
  assertEquals(timed.reason.name, "TimeoutError");
  done();
};
setTimeout(() => assert(timed.aborted, "timed out"), 50);
