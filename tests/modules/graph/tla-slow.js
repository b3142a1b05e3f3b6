globalThis.order.push("tla-slow starts");
await new Promise((resolve) => setTimeout(resolve, 20));
globalThis.order.push("tla-slow ends");
export const slow = "awaited";
