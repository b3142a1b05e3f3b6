import x from "./ok.js" with { type: "json" };
