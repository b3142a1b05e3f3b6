// SPDX-License-Identifier: MIT
// fetch()'s redirects (HTTP-redirect fetch): follow with the URL list, the 20-redirect limit
// and loops, the method and body rewrites of 301/302/303 and their absence for 307/308,
// credentials dropped across origins, a streamed body that cannot be sent again, and the
// "manual" and "error" modes.
const base = servers.http;
const other = base.replace("127.0.0.1", "localhost");

runTest(async () => {
  // follow: the final response, redirected, with the last URL.
  const chain = await fetch(`${base}/redirects/3`);
  assertEquals([chain.status, chain.redirected, chain.url, await chain.text()], [200, true, `${base}/redirects/0`, "done"]);
  assertEquals((await fetch(`${base}/redirects/20`)).status, 200, "20 redirects are followed");
  const tooMany = await fetch(`${base}/redirects/21`).then(() => "resolved", (error) => `${error.name}: ${error.message}`);
  assert(tooMany.startsWith("TypeError") && tooMany.includes("too many redirects"), tooMany);
  const loop = await fetch(`${base}/loop`).catch((error) => error.name);
  assertEquals(loop, "TypeError", "a redirect loop ends at the limit");

  // 301/302 turn POST into GET without a body; 303 anything but HEAD; 307/308 keep both.
  const redirect = (status) => `${base}/redirect?status=${status}&to=/echo`;
  for (const status of [301, 302, 303]) {
    const echoed = await (await fetch(redirect(status), { method: "POST", body: "payload" })).json();
    assertEquals([echoed.method, echoed.bodyLength], ["GET", 0], `${status} after POST`);
    assert(!echoed.headers.some(([name]) => name.toLowerCase() === "content-type"), "request-body headers removed");
  }
  assertEquals((await (await fetch(redirect(303), { method: "PUT", body: "x" })).json()).method, "GET");
  assertEquals((await (await fetch(redirect(302), { method: "PUT", body: "x" })).json()).method, "PUT", "302 keeps PUT");
  for (const status of [307, 308]) {
    const echoed = await (await fetch(redirect(status), { method: "POST", body: "payload" })).json();
    assertEquals([echoed.method, echoed.body], ["POST", "payload"], `${status} keeps the method and body`);
  }
  // A streamed body cannot be sent again on 307; a 303 drops it.
  const stream = () => new ReadableStream({ start(c) { c.enqueue(new Uint8Array([1])); c.close(); } });
  const replay = await fetch(redirect(307), { method: "POST", body: stream(), duplex: "half" }).catch((error) => error.name);
  assertEquals(replay, "TypeError");
  assertEquals((await (await fetch(redirect(303), { method: "POST", body: stream(), duplex: "half" })).json()).method, "GET");

  // Authorization and Cookie go to the same origin only.
  const headers = { Authorization: "Bearer secret", Cookie: "c=1", "X-Kept": "yes" };
  const same = await (await fetch(`${base}/redirect?to=/echo`, { headers })).json();
  assert(same.headers.some(([name]) => name.toLowerCase() === "authorization"), "kept on the same origin");
  const cross = await (await fetch(`${base}/redirect?to=${encodeURIComponent(`${other}/echo`)}`, { headers })).json();
  const crossNames = cross.headers.map(([name]) => name.toLowerCase());
  assert(!crossNames.includes("authorization") && !crossNames.includes("cookie"), crossNames.join());
  assert(crossNames.includes("x-kept"));

  // manual: the 3xx itself, Location readable (as Deno and Node); error: a TypeError.
  const manual = await fetch(`${base}/redirects/2`, { redirect: "manual" });
  assertEquals([manual.status, manual.redirected, manual.headers.get("location"), manual.type], [302, false, "/redirects/1", "basic"]);
  const refused = await fetch(`${base}/redirects/2`, { redirect: "error" }).then(() => "resolved", (error) => error.message);
  assert(refused.includes("redirect"), refused);
  // A redirect to a non-HTTP(S) scheme is a network error.
  assertEquals(await fetch(`${base}/redirect?to=data:,x`).catch((error) => error.name), "TypeError");
});
