globalThis.order.push("order-2");
