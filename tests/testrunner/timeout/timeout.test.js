// A test that never settles fails at its timeout, naming what it awaited.
test("never settles", { timeout: 300 }, () => new Promise(() => {}));

test("awaits a message that never comes", { timeout: 300 }, async (t) => {
  const ws = new WebSocket("ws://echo.test/");
  t.after(() => ws.close());
  await expect(ws).toReceive("nothing");
});

test("signal aborts at the timeout", { timeout: 100 }, async (t) => {
  await new Promise((resolve) => t.signal.addEventListener("abort", resolve));
  console.log(t.signal.reason.name);
});
