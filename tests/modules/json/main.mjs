import data from "./data.json" with { type: "json" };
const again = await import("./data.json", { with: { type: "json" } });
console.log(data.answer, data.list.length, again.default === data);
