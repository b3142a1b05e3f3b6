// SPDX-License-Identifier: MIT
// fetch() of URLs that need no network: data: (the data: URL processor), blob: (the blob URL
// store, with single byte ranges), about:blank; network errors and aborts.

runTest(async () => {
  // data: URLs: percent-decoding, base64, the MIME type and its default.
  const plain = await fetch("data:,Hello%2C%20World!");
  assertEquals([plain.status, plain.statusText, plain.ok, plain.type, plain.url, plain.redirected], [200, "OK", true, "basic", "data:,Hello%2C%20World!", false]);
  assertEquals(plain.headers.get("content-type"), "text/plain;charset=US-ASCII");
  assertEquals(await plain.text(), "Hello, World!");
  const base64 = await fetch("data:application/json ; BASE64,eyJhIjoxfQ==#fragment");
  assertEquals(base64.headers.get("content-type"), "application/json");
  assertEquals(await base64.json(), { a: 1 });
  assertEquals(base64.url, "data:application/json ; BASE64,eyJhIjoxfQ==", "url drops the fragment");
  assertEquals((await fetch("data:;charset=utf-8,x")).headers.get("content-type"), "text/plain;charset=utf-8");
  assertEquals([...await (await fetch("data:application/octet-stream;base64,AAH/")).bytes()], [0, 1, 255]);
  const badBase64 = await fetch("data:;base64,a").then(() => "resolved", (error) => `${error.name}: ${error.message}`);
  assert(badBase64.startsWith("TypeError: fetch failed:"), badBase64);
  assertEquals(await fetch("data:no-comma").catch((error) => error.name), "TypeError");
  // A HEAD response has no body.
  assertEquals((await fetch("data:,x", { method: "HEAD" })).body, null);

  // blob: URLs from URL.createObjectURL; revoked ones and other methods fail.
  const blob = new Blob(["0123456789"], { type: "text/plain" });
  const url = URL.createObjectURL(blob);
  const whole = await fetch(url);
  assertEquals([whole.status, whole.headers.get("content-type"), whole.headers.get("content-length")], [200, "text/plain", "10"]);
  assertEquals(await whole.text(), "0123456789");
  const range = await fetch(url, { headers: { Range: "bytes=2-4" } });
  assertEquals([range.status, range.statusText, range.headers.get("content-range"), await range.text()], [206, "Partial Content", "bytes 2-4/10", "234"]);
  assertEquals(await (await fetch(url, { headers: { Range: "bytes=-3" } })).text(), "789");
  assertEquals(await (await fetch(url, { headers: { Range: "bytes=8-" } })).text(), "89");
  assertEquals(await fetch(url, { headers: { Range: "bytes=20-" } }).catch((error) => error.name), "TypeError");
  assertEquals(await fetch(url, { headers: { Range: "bytes=1-2,4-5" } }).catch((error) => error.name), "TypeError");
  assertEquals(await fetch(url, { method: "POST", body: "x" }).catch((error) => error.name), "TypeError");
  URL.revokeObjectURL(url);
  const revoked = await fetch(url).then(() => "resolved", (error) => error.message);
  assert(revoked.includes("revoked"), revoked);

  assertEquals(await (await fetch("about:blank")).text(), "");
  assertEquals(await fetch("about:other").catch((error) => error.name), "TypeError");
  assertEquals(await fetch("file:///etc/hostname").catch((error) => error.name), "TypeError");
  assertEquals(await fetch("gopher://example.org/").catch((error) => error.name), "TypeError");
  // Bad input rejects (never throws synchronously).
  const badURL = fetch("http://exa mple.org/");
  assert(badURL instanceof Promise);
  assertEquals(await badURL.catch((error) => error.name), "TypeError");
  assertEquals(await fetch().catch((error) => error.name), "TypeError");

  // An aborted signal rejects with its reason, before or after the response.
  const aborted = await fetch("data:,x", { signal: AbortSignal.abort() }).catch((error) => error.name);
  assertEquals(aborted, "AbortError");
  const reason = new Error("custom reason");
  assertEquals(await fetch("data:,x", { signal: AbortSignal.abort(reason) }).catch((error) => error), reason);
  const controller = new AbortController();
  const response = await fetch("data:,late", { signal: controller.signal });
  controller.abort();
  assertEquals(await response.text().catch((error) => error.name), "AbortError", "the unread body errors");
  // A Request object as input.
  assertEquals(await (await fetch(new Request("data:,from-request"))).text(), "from-request");
});
