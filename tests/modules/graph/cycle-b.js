import { nameA } from "./cycle-a.js";
export function cycleB() { return `b->${nameA}`; }
let early;
try { early = nameA; } catch (error) { early = error.constructor.name; }
console.log("cycle-b sees a's binding before a ran:", early);
