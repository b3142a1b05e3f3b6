// The leak check: sockets not CLOSED and timers still pending fail the test that made them;
// a socket whose close() was called and whose closing handshake ends in time is no leak.
test("leaves a socket open", async () => {
  const ws = new WebSocket("ws://echo.test/chat");
  await expect(ws).toOpen();
});

test("closes its socket", async () => {
  const ws = new WebSocket("ws://echo.test/chat");
  await once(ws, "open");
  ws.close();
});

test("leaves an interval", () => {
  setInterval(() => {}, 1000);
});

test("opts out", { leakCheck: false }, () => {
  setTimeout(() => {}, 1000);
});

test("next test runs at once", () => {
  expect(1).toBe(1);
});
