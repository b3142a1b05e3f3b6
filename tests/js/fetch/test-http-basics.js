// SPDX-License-Identifier: MIT
// fetch() over HTTP against the loopback test server (HTTPTestServer.swift): statuses, the
// request head as sent (Deno's default headers, the script's own, forbidden names included),
// request bodies of every kind (a ReadableStream chunked with duplex "half"), response bodies
// (Content-Length, chunked, several MiB read back exactly), HEAD, Set-Cookie, and https:.
const base = servers.http;

runTest(async () => {
  // A plain GET: status, statusText, ok, url, type, headers immutable.
  const notFound = await fetch(`${base}/status/404`);
  assertEquals([notFound.status, notFound.statusText, notFound.ok, notFound.type, notFound.redirected], [404, "Not Found", false, "basic", false]);
  assertEquals(notFound.url, `${base}/status/404`);
  assertThrows(() => notFound.headers.set("x", "y"), "TypeError", "a fetched response's headers are immutable");
  assertEquals(await notFound.text(), "");
  assertEquals((await fetch(`${base}/status/500`)).ok, false);

  // The request head: Deno's defaults, and the script's headers as given (Cookie and Host too).
  const echo = await (await fetch(`${base}/echo?x=1`, { headers: { "X-Custom": "v", Cookie: "c=1" } })).json();
  const sent = Object.fromEntries(echo.headers.map(([name, value]) => [name.toLowerCase(), value]));
  assertEquals([echo.method, echo.uri], ["GET", "/echo?x=1"]);
  assert(sent["user-agent"].startsWith("wsjs/"), sent["user-agent"]);
  assertEquals([sent.accept, sent["accept-language"], sent["x-custom"], sent.cookie], ["*/*", "*", "v", "c=1"]);
  assert(sent["accept-encoding"].includes("gzip"), sent["accept-encoding"]);
  assertEquals(sent["content-length"], undefined, "a GET has no Content-Length");
  const own = await (await fetch(`${base}/echo`, { headers: { Accept: "text/plain", "User-Agent": "mine" } })).json();
  const ownSent = Object.fromEntries(own.headers.map(([name, value]) => [name.toLowerCase(), value]));
  assertEquals([ownSent.accept, ownSent["user-agent"]], ["text/plain", "mine"]);

  // Request bodies: each with its Content-Type and length.
  const post = async (body, init = {}) => (await fetch(`${base}/echo`, { method: "POST", body, ...init })).json();
  const headerOf = (echoed, name) => echoed.headers.find(([n]) => n.toLowerCase() === name)?.[1];
  const text = await post("héllo");
  assertEquals([text.body, text.bodyLength, headerOf(text, "content-type"), headerOf(text, "content-length")], ["héllo", 6, "text/plain;charset=UTF-8", "6"]);
  const binary = await post(new Uint8Array([104, 105]));
  assertEquals([binary.body, headerOf(binary, "content-type")], ["hi", undefined]);
  const form = await post(new URLSearchParams({ a: "1 2" }));
  assertEquals([form.body, headerOf(form, "content-type")], ["a=1+2", "application/x-www-form-urlencoded;charset=UTF-8"]);
  const multipart = new FormData();
  multipart.append("field", "value");
  const multipartEcho = await post(multipart);
  assert(multipartEcho.body.includes('name="field"\r\n\r\nvalue\r\n'), multipartEcho.body);
  const empty = await post(undefined);
  assertEquals(headerOf(empty, "content-length"), "0", "a bodiless POST sends Content-Length: 0");
  // A streamed upload: chunked, the chunks in order.
  const encoder = new TextEncoder();
  let n = 0;
  const upload = new ReadableStream({
    pull(controller) {
      if (n === 3) controller.close();
      else controller.enqueue(encoder.encode(`part${n++};`));
    },
  });
  const streamed = await post(upload, { duplex: "half" });
  assertEquals([streamed.body, headerOf(streamed, "transfer-encoding")], ["part0;part1;part2;", "chunked"]);

  // Response bodies: Content-Length, chunked, and 5 MiB exactly, through arrayBuffer() and body.
  assertEquals(await (await fetch(`${base}/chunked?count=3&size=4`)).text(), "aaaabbbbcccc");
  const size = 5 * 1024 * 1024 + 3;
  const bytes = new Uint8Array(await (await fetch(`${base}/bytes?size=${size}`)).arrayBuffer());
  assertEquals(bytes.length, size);
  let wrong = -1;
  for (let i = 0; i < size; i++) if (bytes[i] !== ((i * 7 + 3) & 0xff)) { wrong = i; break; }
  assertEquals(wrong, -1, "every byte as sent");
  let streamedLength = 0;
  for await (const chunk of (await fetch(`${base}/bytes?size=${size}`)).body) {
    assert(chunk instanceof Uint8Array);
    streamedLength += chunk.length;
  }
  assertEquals(streamedLength, size);

  // HEAD has no body; Set-Cookie is readable, each value apart.
  const head = await fetch(`${base}/bytes?size=10`, { method: "HEAD" });
  assertEquals([head.status, head.body], [200, null]);
  const cookies = await fetch(`${base}/cookies`);
  assertEquals(cookies.headers.getSetCookie(), ["a=1; Path=/", "b=2"]);

  // Many requests in flight at once, each with its own answer.
  const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => fetch(`${base}/echo?i=${i}`).then((r) => r.json())));
  assertEquals(answers.map((a) => a.uri), Array.from({ length: 16 }, (_, i) => `/echo?i=${i}`));

  // https: with the test CA given by --ca-file.
  const secure = await fetch(`${servers.https}/echo`);
  assertEquals([secure.status, (await secure.json()).method], [200, "GET"]);
});
