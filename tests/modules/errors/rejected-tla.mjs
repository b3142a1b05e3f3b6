await new Promise((resolve) => setTimeout(resolve, 5));
await Promise.reject(new TypeError("rejected top-level await"));
