// A classic script: await is an identifier here, and `this` is the global object.
var await = 3;
console.log("classic", await, this === globalThis);
import("./exports.js").then((ns) => console.log("import() from a classic script:", ns.value));
