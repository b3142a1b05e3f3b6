import { cycleB } from "./cycle-b.js";
export function cycleA() { return `a->${cycleB()}`; }
export const nameA = "A";
