// A first script: the event loop, timers, promises and console formatting.
console.log("wsjs %s says hello to %s", wsjs.version, wsjs.args[0] ?? "the world");
const started = performance.now();
setTimeout(() => {
  console.log("a timer fired after %d ms", Math.round(performance.now() - started));
}, 50);
Promise.resolve({ answer: 42, list: [1, 2, 3] }).then((value) => console.log("a promise resolved:", value));
