// MessageEvent (HTML §9.4.3) and CloseEvent (WebSockets §5): constructors, init dictionaries
// with their WebIDL conversions and defaults, and interface shape.
const plain = new MessageEvent("message");
assertEquals([plain.type, plain.data, plain.origin, plain.lastEventId, plain.source], ["message", null, "", "", null]);
assertEquals(plain.ports.length, 0);
assert(Object.isFrozen(plain.ports), "ports is a FrozenArray");
assert(plain.ports === plain.ports, "the same array each time");
assert(plain instanceof Event, "a MessageEvent is an Event");

const buffer = new ArrayBuffer(2);
const full = new MessageEvent("message", { data: buffer, origin: "ws://example.com", lastEventId: "7", bubbles: true });
assert(full.data === buffer, "data is passed through as is (any)");
assertEquals([full.origin, full.lastEventId, full.bubbles, full.cancelable], ["ws://example.com", "7", true, false]);
assertEquals(new MessageEvent("m", { origin: "a\ud800b" }).origin, "a\ufffdb", "origin is a USVString");
assertThrows(() => new MessageEvent("m", { source: {} }), "TypeError", "no MessageEventSource exists here");
assertThrows(() => new MessageEvent("m", { ports: [{}] }), "TypeError", "no MessagePort exists here");
assertThrows(() => new MessageEvent(), "TypeError");

const reused = new MessageEvent("a");
reused.initMessageEvent("b", true, true, 42, "o", "id");
assertEquals([reused.type, reused.bubbles, reused.cancelable, reused.data, reused.origin, reused.lastEventId], ["b", true, true, 42, "o", "id"]);

const closeDefaults = new CloseEvent("close");
assertEquals([closeDefaults.wasClean, closeDefaults.code, closeDefaults.reason], [false, 0, ""]);
const close = new CloseEvent("close", { wasClean: 1, code: 1000, reason: "done" });
assertEquals([close.wasClean, close.code, close.reason], [true, 1000, "done"]);
assertEquals(new CloseEvent("close", { code: 65537 }).code, 1, "unsigned short wraps modulo 2^16");
assertEquals(new CloseEvent("close", { reason: "\udc00" }).reason, "\ufffd", "reason is a USVString");

for (const Interface of [MessageEvent, CloseEvent]) {
  assertEquals(Interface.length, 1);
  assertEquals(Object.getPrototypeOf(Interface.prototype), Event.prototype);
  assertEquals(Object.getOwnPropertyDescriptor(globalThis, Interface.name).enumerable, false);
}
for (const name of ["wasClean", "code", "reason"]) {
  const descriptor = Object.getOwnPropertyDescriptor(CloseEvent.prototype, name);
  assert(descriptor.get && descriptor.enumerable && !descriptor.set, `CloseEvent.prototype.${name} is a read-only accessor`);
  assertThrows(() => descriptor.get.call(new Event("x")), "TypeError", `brand check on ${name}`);
}
assertThrows(() => Object.getOwnPropertyDescriptor(MessageEvent.prototype, "data").get.call(close), "TypeError");
