// SPDX-License-Identifier: MIT
// fetch()'s bad input and misbehaving servers: each is a TypeError (a network error) or the
// abort reason, with a message saying which, never a hang. Content-Encoding gzip, deflate
// and br decoded as streams; a corrupt stream is a TypeError.
const base = servers.http;
const failure = (promise) => promise.then(() => "resolved", (error) => `${error.name}: ${error.message}`);

runTest(async () => {
  // Content-Encoding: decoded.
  const expected = "hello compressed world ".repeat(200);
  for (const coding of ["gzip", "deflate"]) {
    const response = await fetch(`${base}/${coding}`);
    assertEquals(response.headers.get("content-encoding"), coding);
    assertEquals(await response.text(), expected, coding);
  }
  assertEquals(await (await fetch(`${base}/br`)).text(), "hello brotli world ".repeat(50), "br");
  const corrupt = await failure((await fetch(`${base}/corrupt-gzip`)).text());
  assert(corrupt.startsWith("TypeError"), corrupt);

  // A body shorter than its Content-Length, a chunked body cut off: the read fails.
  const truncated = await failure((await fetch(`${base}/truncated`)).text());
  assert(truncated.startsWith("TypeError"), truncated);
  const truncatedChunked = await failure((await fetch(`${base}/truncated-chunked`)).text());
  assert(truncatedChunked.startsWith("TypeError"), truncatedChunked);

  // A server that never answers: the signal's reason, here a TimeoutError.
  const never = await failure(fetch(`${base}/never`, { signal: AbortSignal.timeout(200) }));
  assert(never.startsWith("TimeoutError"), never);
  // Abort while the body is arriving: the read rejects with the reason.
  const controller = new AbortController();
  const stalled = await fetch(`${base}/stall`, { signal: controller.signal });
  const reader = stalled.body.getReader();
  assertEquals((await reader.read()).value.length, 5);
  const pending = failure(reader.read());
  controller.abort();
  assert((await pending).startsWith("AbortError"), "the pending read gets the abort reason");
  // A custom reason comes back as it was given.
  const reason = new RangeError("mine");
  assertEquals(await fetch(`${base}/never`, { signal: AbortSignal.abort(reason) }).catch((error) => error), reason);
  // Cancelling the body closes the connection; later requests still work.
  await (await fetch(`${base}/stall`)).body.cancel();
  assertEquals((await fetch(`${base}/status/204`)).status, 204);

  // Nothing listens: a TypeError naming the target.
  const refused = await failure(fetch("http://127.0.0.1:1/"));
  assert(refused.startsWith("TypeError: fetch failed"), refused);
  // Bad input, each a TypeError.
  for (const [what, input, init] of [
    ["credentials in the URL", `${base.replace("http://", "http://user:pw@")}/echo`],
    ["an invalid URL", "http://[::1/"],
    ["a forbidden method", `${base}/echo`, { method: "TRACE" }],
    ["a GET with a body", `${base}/echo`, { body: "x" }],
    ["an invalid header name", `${base}/echo`, { headers: { "a b": "c" } }],
    ["an invalid header value", `${base}/echo`, { headers: { a: "b\r\nc: d" } }],
  ]) {
    const result = await failure(fetch(input, init));
    assert(result.startsWith("TypeError"), `${what}: ${result}`);
  }
  // A body read twice.
  const once = await fetch(`${base}/echo`);
  await once.text();
  assert((await failure(once.text())).startsWith("TypeError"), "a used body");
});
