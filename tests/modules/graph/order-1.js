globalThis.order ??= [];
globalThis.order.push("order-1");
