// SPDX-License-Identifier: MIT
// Fetch Standard: Request, Response and the Body mixin: body inits (string, BufferSource, Blob,
// URLSearchParams, FormData, ReadableStream), their Content-Type, the read methods, bodyUsed,
// clone() with a teed body, Response.json/error/redirect, and the constructors' TypeErrors.

runTest(async () => {
  // A string body: text/plain;charset=UTF-8, UTF-8 bytes.
  const textResponse = new Response("héllo");
  assertEquals(textResponse.headers.get("content-type"), "text/plain;charset=UTF-8");
  assertEquals(textResponse.bodyUsed, false);
  assertEquals(await textResponse.text(), "héllo");
  assertEquals(textResponse.bodyUsed, true);
  const again = await textResponse.text().then(() => "resolved", (error) => error.name);
  assertEquals(again, "TypeError", "a used body rejects with a TypeError");

  // BufferSources are copied at construction.
  const bytes = new Uint8Array([1, 2, 3, 4]);
  const bytesResponse = new Response(bytes.subarray(1, 3));
  bytes[1] = 99;
  assertEquals([...await bytesResponse.bytes()], [2, 3]);
  assertEquals(new Response(new Uint8Array([5]).buffer).headers.get("content-type"), null);
  const arrayBuffer = await new Response(new DataView(new Uint8Array([7, 8]).buffer)).arrayBuffer();
  assert(arrayBuffer instanceof ArrayBuffer && new Uint8Array(arrayBuffer)[1] === 8);

  // A Blob body takes the Blob's type; blob() gives back a Blob with the Content-Type.
  const blobResponse = new Response(new Blob(["<a/>"], { type: "Text/XML" }));
  assertEquals(blobResponse.headers.get("content-type"), "text/xml");
  const blob = await blobResponse.blob();
  assertEquals(blob.type, "text/xml");
  assertEquals(await blob.text(), "<a/>");

  // json(): BOM stripped; invalid JSON rejects with a SyntaxError.
  assertEquals(await new Response("\ufeff{\"a\":[1,2]}").json(), { a: [1, 2] });
  assertEquals(await new Response("{").json().catch((error) => error.name), "SyntaxError");

  // URLSearchParams and its formData() round trip.
  const formResponse = new Response(new URLSearchParams("a=1&b=x+y&a=2"));
  assertEquals(formResponse.headers.get("content-type"), "application/x-www-form-urlencoded;charset=UTF-8");
  const parsed = await formResponse.formData();
  assertEquals(parsed.getAll("a"), ["1", "2"]);
  assertEquals(parsed.get("b"), "x y");

  // FormData: multipart with a boundary, strings and files, parsed back.
  const form = new FormData();
  form.append("name", "va\"lue\nline");
  form.append("file", new Blob(["file bytes"], { type: "text/plain" }), "notes.txt");
  form.append("blob", new Blob([new Uint8Array([0, 255])]));
  const multipartRequest = new Request("http://example.org/upload", { method: "POST", body: form });
  const contentType = multipartRequest.headers.get("content-type");
  assert(/^multipart\/form-data; boundary=\S+$/.test(contentType), contentType);
  const raw = await multipartRequest.clone().text();
  assert(raw.includes('Content-Disposition: form-data; name="file"; filename="notes.txt"\r\nContent-Type: text/plain\r\n\r\nfile bytes\r\n'), raw);
  assert(raw.includes('name="name"\r\n\r\nva"lue\r\nline\r\n'), "string values get CRLF newlines; quotes are escaped in names only");
  const back = await multipartRequest.formData();
  assertEquals(back.get("name"), "va\"lue\r\nline");
  const file = back.get("file");
  assert(file instanceof File, "a file part is a File");
  assertEquals([file.name, file.type, await file.text()], ["notes.txt", "text/plain", "file bytes"]);
  assertEquals(back.get("blob").name, "blob");
  assertEquals([...new Uint8Array(await back.get("blob").arrayBuffer())], [0, 255]);
  const notForm = await new Response("x").formData().then(() => "resolved", (error) => error.name);
  assertEquals(notForm, "TypeError", "text/plain is not form data");
  const truncated = new Response("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end", { headers: { "content-type": "multipart/form-data; boundary=b" } });
  assertEquals(await truncated.formData().then(() => "resolved", (error) => error.name), "TypeError");

  // body is a ReadableStream of Uint8Arrays; reading it makes bodyUsed true.
  const streamed = new Response("stream me");
  const reader = streamed.body.getReader();
  assert(streamed.body instanceof ReadableStream && streamed.body === streamed.body, "the same stream each time");
  const first = await reader.read();
  assert(first.value instanceof Uint8Array);
  assertEquals(streamed.bodyUsed, true);
  assertEquals(await streamed.text().catch((error) => error.name), "TypeError", "a locked body cannot be read");
  assertEquals(new Response(null).body, null);
  assertEquals(await new Response().text(), "");

  // A ReadableStream body; a chunk that is not a Uint8Array fails the read.
  const source = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode("ab")); c.enqueue(new TextEncoder().encode("c")); c.close(); } });
  assertEquals(await new Response(source).text(), "abc");
  assertThrows(() => new Response(source), "TypeError", "a disturbed stream cannot be a body");
  const wrong = new ReadableStream({ start(c) { c.enqueue("not bytes"); c.close(); } });
  assertEquals(await new Response(wrong).text().catch((error) => error.name), "TypeError");

  // clone(): both branches read the same bytes, also for a stream body.
  const original = new Response(new ReadableStream({ start(c) { c.enqueue(new Uint8Array([1, 2])); c.close(); } }), { status: 201, statusText: "Made", headers: { "x-a": "1" } });
  const copy = original.clone();
  assertEquals([copy.status, copy.statusText, copy.headers.get("x-a")], [201, "Made", "1"]);
  assertEquals([...await original.bytes()], [1, 2]);
  assertEquals([...await copy.bytes()], [1, 2]);
  assertThrows(() => original.clone(), "TypeError", "a used body cannot be cloned");

  // Response statics.
  const error = Response.error();
  assertEquals([error.type, error.status, error.ok, error.body], ["error", 0, false, null]);
  const redirect = Response.redirect("http://example.org/next", 307);
  assertEquals([redirect.status, redirect.headers.get("location")], [307, "http://example.org/next"]);
  assertThrows(() => Response.redirect("http://example.org/", 200), "RangeError");
  assertThrows(() => Response.redirect("not a url"), "TypeError");
  const json = Response.json({ a: 1 }, { status: 202 });
  assertEquals([json.status, json.headers.get("content-type"), await json.text()], [202, "application/json", "{\"a\":1}"]);
  assertThrows(() => Response.json(undefined), "TypeError");
  assertThrows(() => Response.json(1n), "TypeError");

  // Response constructor checks.
  assertThrows(() => new Response("", { status: 199 }), "RangeError");
  assertThrows(() => new Response("", { status: 600 }), "RangeError");
  assertThrows(() => new Response("x", { status: 204 }), "TypeError", "null body status with a body");
  assertThrows(() => new Response("", { statusText: "a\nb" }), "TypeError");
  assertEquals(new Response(null, { status: 204 }).status, 204);
  assertEquals([new Response().status, new Response().ok, new Response().type, new Response().url, new Response().redirected], [200, true, "default", "", false]);

  // Request: defaults, method normalization, refused methods, GET/HEAD bodies, credentials.
  const request = new Request("http://example.org/a#frag");
  assertEquals([request.method, request.url, request.mode, request.credentials, request.redirect, request.cache, request.referrer, request.destination, request.duplex],
    ["GET", "http://example.org/a#frag", "cors", "same-origin", "follow", "default", "about:client", "", "half"]);
  assert(request.signal instanceof AbortSignal && !request.signal.aborted);
  assertEquals(new Request("http://example.org/", { method: "post" }).method, "POST");
  assertEquals(new Request("http://example.org/", { method: "patch" }).method, "patch", "only the six standard methods are uppercased");
  assertThrows(() => new Request("http://example.org/", { method: "CONNECT" }), "TypeError");
  assertThrows(() => new Request("http://example.org/", { method: "bad method" }), "TypeError");
  assertThrows(() => new Request("http://example.org/", { body: "x" }), "TypeError", "GET with a body");
  assertThrows(() => new Request("http://example.org/", { method: "HEAD", body: "x" }), "TypeError");
  assertThrows(() => new Request("http://user:pass@example.org/"), "TypeError", "credentials in the URL");
  assertThrows(() => new Request("/relative"), "TypeError", "no --location");
  assertThrows(() => new Request("http://example.org/", { mode: "navigate" }), "TypeError");
  assertThrows(() => new Request("http://example.org/", { method: "PUT", mode: "no-cors" }), "TypeError");
  assertThrows(() => new Request("http://example.org/", { redirect: "sometimes" }), "TypeError");
  assertThrows(() => new Request("http://example.org/", { window: {} }), "TypeError");
  // A ReadableStream body needs duplex: "half".
  const uploadStream = () => new ReadableStream({ start(c) { c.enqueue(new Uint8Array([1])); c.close(); } });
  assertThrows(() => new Request("http://example.org/", { method: "POST", body: uploadStream() }), "TypeError");
  const upload = new Request("http://example.org/", { method: "POST", body: uploadStream(), duplex: "half" });
  assertEquals([...await upload.bytes()], [1]);

  // new Request(request): the body moves; the input becomes used.
  const post = new Request("http://example.org/", { method: "POST", body: "moved", headers: { "x-h": "v" } });
  const moved = new Request(post);
  assertEquals(post.bodyUsed, true);
  assertEquals(moved.headers.get("x-h"), "v");
  assertEquals(await moved.text(), "moved");
  assertThrows(() => new Request(post), "TypeError", "a used Request cannot be reused");
  const overridden = new Request(new Request("http://example.org/", { method: "POST", body: "a" }), { method: "PUT", body: "b", headers: { x: "1" } });
  assertEquals([overridden.method, await overridden.text(), overridden.headers.get("x")], ["PUT", "b", "1"]);
  // The request's signal follows the init's.
  const controller = new AbortController();
  const withSignal = new Request("http://example.org/", { signal: controller.signal });
  controller.abort("why");
  assertEquals([withSignal.signal.aborted, withSignal.signal.reason], [true, "why"]);
  const clone = new Request("http://example.org/", { method: "POST", body: "c" }).clone();
  assertEquals(await clone.text(), "c");

  // WebIDL shape.
  assertEquals([Request.length, Response.length, Headers.length, FormData.length], [1, 0, 0, 0]);
  assertEquals(Object.prototype.toString.call(new Response()), "[object Response]");
  assert(Object.getOwnPropertyDescriptor(Response.prototype, "text").enumerable, "mixin methods are enumerable");
  assertThrows(() => new FormData({}), "TypeError", "there is no HTMLFormElement");
});
