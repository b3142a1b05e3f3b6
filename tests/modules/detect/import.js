import { value } from "./exports.js";
console.log("import in a .js file:", value);
