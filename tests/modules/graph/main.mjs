// A module graph in every form of import and export the language has, run by ModuleTests.
import defaultValue, { counter, increment as bump } from "./counter.js";
import * as namespace from "./counter.js";
import { fromStar, renamed } from "./reexports.js";
import { cycleA } from "./cycle-a.js";
import "./order-1.js";
import "./order-2.js";
import { slow } from "./tla-slow.js";

console.log("main starts", globalThis.order.join(","));
console.log("default", defaultValue, "counter", counter);
bump();
console.log("live binding", counter, namespace.counter, Object.keys(namespace).join(","));
console.log("re-exports", fromStar, renamed);
console.log("cycle", cycleA(), slow);
console.log("meta", import.meta.url.endsWith("/tests/modules/graph/main.mjs"), import.meta.main, typeof import.meta.resolve);
const again = await import("./counter.js");
console.log("one instance", again === namespace, again.counter);
const relative = await import("../graph/counter.js?x".replace("?x", ""));
console.log("same URL same module", relative === namespace);
