// An uncaught error inside a test fails that test; between tests, it fails the file.
test("throws later", async () => {
  setTimeout(() => {
    throw new RangeError("in a timer");
  }, 1);
  await new Promise((resolve) => setTimeout(resolve, 50));
});

test("rejects unhandled", async () => {
  Promise.reject(new TypeError("nobody listens"));
  await new Promise((resolve) => setTimeout(resolve, 10));
});

test("schedules an error for after it ended", { leakCheck: false }, () => {
  setTimeout(() => {
    throw new Error("between tests");
  }, 0);
});

test("waits", async () => {
  await new Promise((resolve) => setTimeout(resolve, 20));
});
