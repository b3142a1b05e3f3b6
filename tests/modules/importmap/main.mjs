import greeting from "greeting";
import { tool } from "lib/tool.js";
import scoped from "./scoped/user.js";
console.log(greeting);
console.log(tool);
console.log(scoped);
console.log(import.meta.resolve("greeting").endsWith("/importmap/vendor/greeting.js"));
