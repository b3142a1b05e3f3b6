// Microtasks run after each task, before the next timer; timers with equal timeouts run in the
// order they were set (HTML §8.1.7 event loop, §8.6 timers).
const order = [];
setTimeout(() => {
  order.push("timer 1");
  Promise.resolve().then(() => order.push("microtask from timer 1"));
  queueMicrotask(() => order.push("queueMicrotask from timer 1"));
}, 0);
setTimeout(() => order.push("timer 2"), 0);
Promise.resolve().then(() => {
  order.push("microtask 1");
  Promise.resolve().then(() => order.push("nested microtask"));
});
queueMicrotask(() => order.push("microtask 2"));
// Calls into the host (native functions that use the engine's C API) are not checkpoints: the
// microtasks queued above must not run inside them (HTML §8.1.7.3: only after a task).
new TextEncoder().encode("host call");
performance.now();
atob(btoa("x"));
structuredClone({ a: 1 });
new Blob(["b"]).size;
assertEquals(order, [], "microtasks ran during host calls");
order.push("script");
setTimeout(() => {
  assertEquals(order, [
    "script",
    "microtask 1",
    "microtask 2",
    "nested microtask",
    "timer 1",
    "microtask from timer 1",
    "queueMicrotask from timer 1",
    "timer 2",
  ]);
}, 5);
