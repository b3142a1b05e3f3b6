// The prelude captures the built-ins it relies on (primordials) when the first Web API module
// loads: a script that patches built-ins afterwards cannot break console, events or timers.
console.log("loads the prelude modules first");
const target = new EventTarget();
const pushed = [];
Array.prototype.push = function () { throw new Error("patched Array.prototype.push was called"); };
Map.prototype.get = function () { throw new Error("patched Map.prototype.get was called"); };
Function.prototype.call = function () { throw new Error("patched Function.prototype.call was called"); };
target.addEventListener("x", () => pushed[pushed.length] = "listener ran");
target.dispatchEvent(new Event("x"));
console.log("console still formats", [1, 2], new Map([["k", "v"]]));
setTimeout(() => {
  if (pushed[0] !== "listener ran") throw new Error("listener did not run");
}, 1);
