// A small suite against the built-in echo server:
//   wsjs test --serve-echo 8080 examples/test-suite
const URL = "ws://127.0.0.1:8080/";

describe("echo server", () => {
  let ws;
  beforeEach(async () => {
    ws = new WebSocket(URL);
    await expect(ws).toOpen({ timeout: 2000 });
  });
  afterEach(async () => {
    ws.close(1000, "done");
    await expect(ws).toClose({ code: 1000, wasClean: true });
  });

  test("echoes text", async () => {
    ws.send("hello");
    await expect(ws).toReceive("hello", { timeout: 1000 });
  });

  test("echoes bytes by value", async () => {
    ws.binaryType = "arraybuffer";
    ws.send(new Uint8Array([1, 2, 3]));
    await expect(ws).toReceive(new Uint8Array([1, 2, 3]));
  });

  test("keeps the order of messages", async () => {
    for (let i = 0; i < 5; i++) ws.send(`m${i}`);
    for (let i = 0; i < 5; i++) await expect(ws).toReceive(`m${i}`);
  });

  test("echoes JSON", async () => {
    ws.send(JSON.stringify({ type: "ping", id: 7 }));
    await expect(ws).toReceive(expect.stringContaining('"ping"'));
  });
});

test("once() waits for an event with a timeout", async () => {
  const ws = new WebSocket(URL);
  const event = await once(ws, "open", { timeout: 2000 });
  expect(event.type).toBe("open");
  ws.close();
});

test("assert works too", () => {
  assert.deepEqual(new Map([["a", 1]]), new Map([["a", 1]]));
});
