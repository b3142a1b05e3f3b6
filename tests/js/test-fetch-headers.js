// SPDX-License-Identifier: MIT
// Fetch Standard: Headers (validation, normalization, guards, sorted and combined iteration,
// getSetCookie, no forbidden-header filtering) as the standard and WPT's fetch/api/headers say.

// Names are case-insensitive; get() joins repeated values with ", ".
const headers = new Headers({ "X-B": "1", "x-a": " spaced\t " });
headers.append("x-b", "2");
assertEquals(headers.get("X-b"), "1, 2");
assertEquals(headers.get("x-a"), "spaced", "values lose leading and trailing HTTP whitespace");
assertEquals(headers.get("missing"), null);
assert(headers.has("X-A") && !headers.has("x-c"));

// Iteration: lowercase names in byte order, combined values.
assertEquals([...headers], [["x-a", "spaced"], ["x-b", "1, 2"]]);
assertEquals([...headers.keys()], ["x-a", "x-b"]);
assertEquals([...headers.values()], ["spaced", "1, 2"]);
assertEquals(Object.prototype.toString.call(headers.entries()), "[object Headers Iterator]");

// Set-Cookie is never combined: iteration yields each, getSetCookie() lists them.
const cookies = new Headers([["Set-Cookie", "a=1"], ["set-cookie", "b=2"], ["Content-Type", "text/plain"]]);
assertEquals([...cookies], [["content-type", "text/plain"], ["set-cookie", "a=1"], ["set-cookie", "b=2"]]);
assertEquals(cookies.getSetCookie(), ["a=1", "b=2"]);
assertEquals(cookies.get("set-cookie"), "a=1, b=2");
assertEquals(new Headers().getSetCookie(), []);

// set() replaces every value; delete() removes all.
headers.set("X-B", "3");
assertEquals(headers.get("x-b"), "3");
headers.delete("X-B");
assert(!headers.has("x-b"));

// Changes during iteration are seen (the pairs are recomputed at each step).
const live = new Headers({ a: "1", c: "3" });
const seen = [];
for (const [name] of live) {
  seen.push(name);
  if (name === "a") live.append("b", "2");
}
assertEquals(seen, ["a", "b", "c"]);

// Invalid names and values are TypeErrors; so are malformed inits.
assertThrows(() => new Headers({ "bad name": "x" }), "TypeError");
assertThrows(() => headers.append("x", "a\nb"), "TypeError");
assertThrows(() => headers.append("x", "nul\0"), "TypeError");
assertThrows(() => headers.get("(bad)"), "TypeError");
assertThrows(() => headers.append("x", "\u0100"), "TypeError", "not a ByteString");
assertThrows(() => new Headers([["only-name"]]), "TypeError");
assertThrows(() => new Headers("a: b"), "TypeError");

// wsjs extension (as Deno and Node): forbidden header names are kept.
const forbidden = new Headers({ Cookie: "c=1", Host: "example.org", "Set-Cookie2": "x" });
assertEquals(forbidden.get("cookie"), "c=1");
assertEquals(forbidden.get("host"), "example.org");
const request = new Request("http://example.org/", { headers: { Cookie: "c=1", Connection: "close" } });
assertEquals(request.headers.get("cookie"), "c=1");
assertEquals(new Response("", { headers: { "Set-Cookie": "s=1" } }).headers.getSetCookie(), ["s=1"]);

// Guards: a fetched or Response.error()/redirect() response's headers are immutable.
assertThrows(() => Response.error().headers.set("a", "b"), "TypeError");
assertThrows(() => Response.redirect("http://example.org/").headers.append("a", "b"), "TypeError");
// request-no-cors keeps only CORS-safelisted request headers.
const noCors = new Request("http://example.org/", { mode: "no-cors", headers: { Accept: "text/plain", "X-Custom": "1" } });
assertEquals([...noCors.headers], [["accept", "text/plain"]]);

// forEach passes (value, name, headers); the WebIDL shape.
const pairs = [];
new Headers({ b: "2", a: "1" }).forEach(function (value, name, object) { pairs.push([name, value, object instanceof Headers, this.tag]); }, { tag: "t" });
assertEquals(pairs, [["a", "1", true, "t"], ["b", "2", true, "t"]]);
assertEquals(Headers.prototype[Symbol.iterator], Headers.prototype.entries);
assertEquals(Object.prototype.toString.call(new Headers()), "[object Headers]");
assertThrows(() => Headers(), "TypeError", "the constructor needs new");
assertThrows(() => Headers.prototype.get.call({}, "a"), "TypeError");
console.log("done");
