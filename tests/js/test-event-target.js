// EventTarget dispatch (DOM §2.9): listener order, capture before bubble at the target, once,
// passive, handleEvent objects, stopImmediatePropagation, AbortSignal removal, event handlers.
const target = new EventTarget();
const calls = [];
target.addEventListener("x", () => calls.push("bubble 1"));
target.addEventListener("x", () => calls.push("capture"), { capture: true });
target.addEventListener("x", { handleEvent(e) { calls.push(`object ${e.eventPhase}`); } });
target.addEventListener("x", () => calls.push("once"), { once: true });
target.dispatchEvent(new Event("x"));
target.dispatchEvent(new Event("x"));
assertEquals(calls, ["capture", "bubble 1", "object 2", "once", "capture", "bubble 1", "object 2"]);

// The same callback with the same capture is added once.
let count = 0;
const counter = () => count++;
target.addEventListener("y", counter);
target.addEventListener("y", counter);
target.addEventListener("y", counter, true);
target.dispatchEvent(new Event("y"));
assertEquals(count, 2, "duplicate listener ignored, capture one added");
target.removeEventListener("y", counter);
target.removeEventListener("y", counter, { capture: true });
target.dispatchEvent(new Event("y"));
assertEquals(count, 2, "both removed");

// stopImmediatePropagation stops the remaining listeners.
const stopped = [];
target.addEventListener("z", (e) => { stopped.push(1); e.stopImmediatePropagation(); });
target.addEventListener("z", () => stopped.push(2));
target.dispatchEvent(new Event("z"));
assertEquals(stopped, [1]);

// A listener removed by an earlier listener during dispatch does not run.
const removed = [];
const second = () => removed.push("second");
target.addEventListener("r", () => { removed.push("first"); target.removeEventListener("r", second); });
target.addEventListener("r", second);
target.dispatchEvent(new Event("r"));
assertEquals(removed, ["first"]);

// An AbortSignal removes the listener; an already aborted signal never adds it.
const controller = new AbortController();
let signalled = 0;
target.addEventListener("s", () => signalled++, { signal: controller.signal });
target.dispatchEvent(new Event("s"));
controller.abort();
target.dispatchEvent(new Event("s"));
target.addEventListener("s", () => signalled++, { signal: controller.signal });
target.dispatchEvent(new Event("s"));
assertEquals(signalled, 1);

// preventDefault works only for cancelable events, and not in passive listeners.
const cancelable = new Event("c", { cancelable: true });
target.addEventListener("c", (e) => e.preventDefault(), { passive: true });
assert(target.dispatchEvent(cancelable), "passive listener cannot cancel");
const target2 = new EventTarget();
target2.addEventListener("c", (e) => e.preventDefault());
assert(!target2.dispatchEvent(new Event("c", { cancelable: true })), "canceled");
assert(target2.dispatchEvent(new Event("c")), "not cancelable");

// Event state during and after dispatch.
const probe = new EventTarget();
probe.addEventListener("p", (e) => {
  assert(e.target === probe && e.currentTarget === probe, "targets during dispatch");
  assertEquals(e.eventPhase, Event.AT_TARGET);
  assertEquals(e.composedPath(), [probe]);
  assertThrows(() => probe.dispatchEvent(e), "InvalidStateError", "redispatch during dispatch");
});
const event = new Event("p");
assertEquals(event.isTrusted, false);
probe.dispatchEvent(event);
assert(event.target === probe && event.currentTarget === null, "after dispatch");
assertEquals(event.eventPhase, Event.NONE);

// Event handler attributes: one listener, position kept on reassignment, false cancels.
const handlers = [];
const h = new AbortController().signal;
h.addEventListener("abort", () => handlers.push("listener 1"));
h.onabort = () => handlers.push("handler A");
h.addEventListener("abort", () => handlers.push("listener 2"));
h.onabort = () => handlers.push("handler B");
assertEquals(typeof h.onabort, "function");
// Abort it through the signal's own controller is not possible here; dispatch directly.
h.dispatchEvent(new Event("abort"));
assertEquals(handlers, ["listener 1", "handler B", "listener 2"]);
h.onabort = null;
assertEquals(h.onabort, null);

// An exception in a listener is reported (error event) and the next listener still runs.
const after = [];
addEventListener("error", (e) => { after.push(`reported ${e.error.message}`); e.preventDefault(); }, { once: true });
probe.addEventListener("boom", () => { throw new Error("listener failed"); });
probe.addEventListener("boom", () => after.push("next listener ran"));
probe.dispatchEvent(new Event("boom"));
assertEquals(after, ["reported listener failed", "next listener ran"]);

{
  // An event handler alone (the path every WebSocket event takes): `this` is the target, false
  // cancels a cancelable event, an exception is reported, and an event whose propagation was
  // stopped before dispatch runs no handler.
  const lone = new AbortController().signal;
  const seen = [];
  lone.onabort = function (e) { seen.push([this === lone, e.currentTarget === lone, e.eventPhase]); return false; };
  const cancelableAbort = new Event("abort", { cancelable: true });
  assertEquals(lone.dispatchEvent(cancelableAbort), false, "returning false cancels");
  assertEquals(seen, [[true, true, Event.AT_TARGET]]);
  const stopped = new Event("abort");
  stopped.stopPropagation();
  lone.dispatchEvent(stopped);
  assertEquals(seen.length, 1, "stopped before dispatch: the handler does not run");
  const reported = [];
  addEventListener("error", (e) => { reported.push(e.error.message); e.preventDefault(); }, { once: true });
  lone.onabort = () => { throw new Error("handler failed"); };
  assertEquals(lone.dispatchEvent(new Event("abort")), true);
  assertEquals(reported, ["handler failed"]);
}

// WebIDL argument checks.
assertThrows(() => target.addEventListener("x"), "TypeError");
assertThrows(() => target.dispatchEvent({}), "TypeError");
assertThrows(() => new Event(), "TypeError");
assertThrows(() => EventTarget.prototype.addEventListener.call({}, "x", () => {}), "TypeError");
assert(globalThis instanceof EventTarget, "the global is an EventTarget");
