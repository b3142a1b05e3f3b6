// SPDX-License-Identifier: MIT
// fetch() against nginx (FetchNginxTests.swift): files over HTTP/1.1 and over TLS with HTTP/2,
// gzip decoded, a 3 MiB body exactly, keep-alive under sequential and parallel load, redirects,
// Range, HEAD, 404, uploads of known and unknown length.
runTest(async () => {
  for (const origin of [servers.http, servers.https]) {
    const small = await fetch(`${origin}/small.txt`);
    assertEquals([small.status, small.headers.get("content-type"), await small.text()], [200, "text/plain", "hello from nginx\n"]);
    // nginx compresses text/plain (gzip on); the body comes out decoded.
    const text = await fetch(`${origin}/text.txt`);
    assertEquals(text.headers.get("content-encoding"), "gzip", origin);
    assertEquals(await text.text(), "compressible text ".repeat(10000));
    // 3 MiB, byte i = (7i + 3) mod 256.
    const big = new Uint8Array(await (await fetch(`${origin}/big.bin`)).arrayBuffer());
    assertEquals(big.length, 3 << 20);
    let wrong = -1;
    for (let i = 0; i < big.length; i++) if (big[i] !== ((i * 7 + 3) & 0xff)) { wrong = i; break; }
    assertEquals(wrong, -1);
    // Sequential requests on kept-alive connections, then 16 at once.
    for (let i = 0; i < 200; i++) assertEquals((await fetch(`${origin}/small.txt`)).status, 200);
    const parallel = await Promise.all(Array.from({ length: 16 }, () => fetch(`${origin}/small.txt`).then((r) => r.text())));
    assert(parallel.every((t) => t === "hello from nginx\n"));
    // Redirect, Range, HEAD, 404.
    const moved = await fetch(`${origin}/moved`);
    assertEquals([moved.redirected, moved.url, await moved.text()], [true, `${origin}/small.txt`, "hello from nginx\n"]);
    const range = await fetch(`${origin}/big.bin`, { headers: { Range: "bytes=10-13" } });
    assertEquals([range.status, range.headers.get("content-range"), [...new Uint8Array(await range.arrayBuffer())]], [206, `bytes 10-13/${3 << 20}`, [73, 80, 87, 94]]);
    const head = await fetch(`${origin}/big.bin`, { method: "HEAD" });
    assertEquals([head.status, head.headers.get("content-length"), head.body], [200, `${3 << 20}`, null]);
    assertEquals((await fetch(`${origin}/missing`)).status, 404);
    // Methods and uploads: nginx reports the method, Content-Length and a header it got.
    assertEquals(await (await fetch(`${origin}/method`, { method: "DELETE", headers: { "X-Test": "t" } })).text(), "DELETE  t");
    assertEquals(await (await fetch(`${origin}/method`, { method: "POST", body: "12345" })).text(), "POST 5 ");
    const stream = new ReadableStream({ start(c) { c.enqueue(new Uint8Array(1000)); c.enqueue(new Uint8Array(24)); c.close(); } });
    assertEquals(await (await fetch(`${origin}/upload`, { method: "PUT", body: stream, duplex: "half" })).text(), "PUT 1024 ");
  }
});
