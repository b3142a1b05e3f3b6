// Async tests and the t context.
test("awaits a timer", async () => {
  await new Promise((resolve) => setTimeout(resolve, 5));
  expect(true).toBeTruthy();
});

test("t.name and t.skip", (t) => {
  expect(t.name).toBe("t.name and t.skip");
  t.skip("skipped at run time");
});
