const { value } = await import("./exports.js");
console.log("top-level await in a .js file:", value);
