// SPDX-License-Identifier: MIT
// Scripts that misbehave get clean errors, never a crash: unbounded recursion, impossible
// allocations, thousands of timers, and exceptions thrown from every kind of callback reach the
// runtime's error path (the global error / unhandledrejection events).
const done = expectCalls(1, 20000);

// Unbounded recursion is a RangeError the script can catch.
function recurse(depth) { return recurse(depth + 1) + 1; }
const overflow = assertThrows(() => recurse(0), "RangeError");
assert(/stack|call/i.test(overflow.message), overflow.message);

// Impossible allocations are RangeErrors too.
assertThrows(() => new ArrayBuffer(2 ** 53), "RangeError");
assertThrows(() => new Uint8Array(2 ** 40), "RangeError");
assertThrows(() => "x".repeat(2 ** 31), "RangeError");
assertThrows(() => new Array(2 ** 32), "RangeError");

// Exceptions from each kind of callback are reported at the global object, in order.
const reported = [];
globalThis.addEventListener("error", (event) => {
  reported.push(`error: ${event.error?.message ?? event.message}`);
  event.preventDefault();
});
globalThis.addEventListener("unhandledrejection", (event) => {
  reported.push(`rejection: ${event.reason?.message}`);
  event.preventDefault();
});
setTimeout(() => { throw new Error("from a timer"); }, 0);
queueMicrotask(() => { throw new Error("from a microtask"); });
const target = new EventTarget();
target.addEventListener("x", () => { throw new Error("from a listener"); });
target.dispatchEvent(new Event("x"));
new Blob(["a"]).text().then(() => { throw new Error("from a Blob promise"); });
const reader = new FileReader();
reader.onload = () => { throw new Error("from a FileReader handler"); };
reader.readAsText(new Blob(["b"]));

// Ten thousand timers at once all fire, in the order they were created (same delay).
const fired = [];
const count = 10000;
for (let i = 0; i < count; i++) setTimeout(() => fired.push(i), 0);
setTimeout(() => {
  assertEquals(fired.length, count);
  assert(fired.every((value, index) => value === index), "timers fired out of order");
  assertEquals(reported.sort(), [
    "error: from a FileReader handler",
    "error: from a listener",
    "error: from a microtask",
    "error: from a timer",
    "rejection: from a Blob promise",
  ]);
  done();
}, 200);
