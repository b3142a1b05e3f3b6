export * from "./star.js";
export { value as renamed } from "./star-named.js";
