// Timer ids, arguments, clearing (also from inside callbacks), intervals and nesting clamps
// (HTML §8.6 timer initialisation steps).
const a = setTimeout(() => {}, 0);
const b = setInterval(() => {}, 1000);
assert(Number.isInteger(a) && a > 0, "ids are positive integers");
assert(b > a, "ids increase");
clearInterval(b);
clearTimeout(a);
clearTimeout(9999); // unknown ids are ignored
clearTimeout(); // so is a missing id
assertEquals(setTimeout.length, 1, "setTimeout.length");
assertEquals(clearTimeout.length, 0, "clearTimeout.length");
assertThrows(() => setTimeout("1 + 1"), "TypeError", "string handlers are refused");

// clearTimeout and clearInterval share one list of active timers.
let crossCleared = true;
const t = setTimeout(() => (crossCleared = false), 0);
clearInterval(t);

// Extra arguments are passed to the handler; `this` is the global object.
setTimeout(function (x, y) {
  assertEquals([x, y], ["x", 2]);
  assert(this === globalThis, "this is the global object");
}, 0, "x", 2);

// A timer cleared by an earlier callback never runs.
let clearedRan = false;
const later = setTimeout(() => (clearedRan = true), 2);
setTimeout(() => clearTimeout(later), 1);

// An interval that clears itself from inside its callback stops.
let ticks = 0;
const interval = setInterval(() => {
  ticks++;
  if (ticks === 3) clearInterval(interval);
}, 1);

// Past nesting level 5, timeouts below 4 ms are clamped to 4 ms. Call k of nest() runs in a
// task of nesting level k-1, so the timers set by calls 7–10 (level 6–9) are clamped.
let depth = 0;
let start = 0;
function nest() {
  depth++;
  if (depth === 7) start = performance.now();
  if (depth < 11) setTimeout(nest, 0);
  else {
    const elapsed = performance.now() - start;
    assert(elapsed >= 4 * 4 - 0.5, `4 clamped timers take at least 16 ms, took ${elapsed}`);
  }
}
nest();

// A negative or NaN timeout is 0; a timeout delays by at least that long.
const t0 = performance.now();
setTimeout(() => assert(performance.now() - t0 >= 20, "waited at least 20 ms"), 20);
setTimeout(() => {}, -5);

setTimeout(() => {
  assert(crossCleared, "clearInterval cleared a timeout");
  assert(!clearedRan, "a cleared timer did not run");
  assertEquals(ticks, 3, "interval ticks");
}, 100);
