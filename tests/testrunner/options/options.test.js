// Runtime options reach every worker; --timeout sets the default timeout.
test("sees --location", () => {
  expect(location.href).toBe("https://example.com/app/");
});

test("slow", async () => {
  await new Promise((resolve) => setTimeout(resolve, 300));
});

test("logs", () => {
  console.log("to stdout");
  console.error("to stderr");
});
