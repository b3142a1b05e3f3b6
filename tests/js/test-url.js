// SPDX-License-Identifier: MIT
// URL Standard: the basic URL parser (special schemes, hosts, percent-encoding, IDNA, relative
// resolution, file URLs), serialization, the URL setters and URLSearchParams.

// [input, base, expected href or null for failure]
const parseCases = [
  ["http://example.com/a/b/../c", undefined, "http://example.com/a/c"],
  ["  http://example.com  ", undefined, "http://example.com/"],
  ["ht\ntp://ex\tample.com/", undefined, "http://example.com/"],
  ["HTTP://EXAMPLE.COM:8080/", undefined, "http://example.com:8080/"],
  ["http://example.com:80/", undefined, "http://example.com/"],
  ["https://example.com:443/", undefined, "https://example.com/"],
  ["ws://example.com:80/", undefined, "ws://example.com/"],
  ["wss://example.com:443/x", undefined, "wss://example.com/x"],
  ["http://a:0080/", undefined, "http://a/"],
  ["http://a:65536/", undefined, null],
  ["http://a:b/", undefined, null],
  ["http://[::1]/", undefined, "http://[::1]/"],
  ["http://[2001:db8:0:0:0:0:2:1]/", undefined, "http://[2001:db8::2:1]/"],
  ["http://[0:0:0:0:0:ffff:127.0.0.1]/", undefined, "http://[::ffff:7f00:1]/"],
  ["http://[1:0:0:2::3:0]/", undefined, "http://[1::2:0:0:3:0]/"],
  ["http://[::1", undefined, null],
  ["http://[::1::2]/", undefined, null],
  ["http://0x7F.0.0.1/", undefined, "http://127.0.0.1/"],
  ["http://2130706433/", undefined, "http://127.0.0.1/"],
  ["http://0177.0.0.1/", undefined, "http://127.0.0.1/"],
  ["http://1.2.3.4./", undefined, "http://1.2.3.4/"],
  ["http://256.0.0.1/", undefined, null],
  ["http://1.2.3.4.5/", undefined, null],
  ["http://ex%41mple.com/", undefined, "http://example.com/"],
  ["http://example.com./", undefined, "http://example.com./"],
  ["http://faß.de/", undefined, "http://xn--fa-hia.de/"],
  ["http://münchen.de/", undefined, "http://xn--mnchen-3ya.de/"],
  ["http://EXAMPLE.公司/", undefined, "http://example.xn--55qx5d/"],
  ["http://a b/", undefined, null],
  ["http://a<b/", undefined, null],
  ["http://a%00b/", undefined, null],
  ["http://", undefined, null],
  ["http://us@er:p@ss@host/", undefined, "http://us%40er:p%40ss@host/"],
  ["http://:@host/", undefined, "http://host/"],
  ["http://a/{}^`\"<> |", undefined, "http://a/%7B%7D%5E%60%22%3C%3E%20|"],
  ["http://a/?'\"<>`", undefined, "http://a/?%27%22%3C%3E`"],
  ["non-special://a/?'", undefined, "non-special://a/?'"],
  ["http://a/#<>`\" x", undefined, "http://a/#%3C%3E%60%22%20x"],
  ["http://a/é?é#é", undefined, "http://a/%C3%A9?%C3%A9#%C3%A9"],
  ["http://a/%2e/%2E%2e/b", undefined, "http://a/b"],
  ["http://a\\b\\c", undefined, "http://a/b/c"],
  ["non-special://host/p a t h?q u#f r", undefined, "non-special://host/p%20a%20t%20h?q%20u#f%20r"],
  ["non-special://a b/", undefined, null],
  ["mailto:someone@example.com", undefined, "mailto:someone@example.com"],
  ["data:text/plain,hello world", undefined, "data:text/plain,hello world"],
  ["javascript:alert(1)", undefined, "javascript:alert(1)"],
  ["file:///C:/a/../../b", undefined, "file:///C:/b"],
  ["file://localhost/etc", undefined, "file:///etc"],
  ["file:c:\\foo\\bar", undefined, "file:///c:/foo/bar"],
  ["../c", "http://a/b/d/e", "http://a/b/c"],
  ["?x", "http://a/b?y#z", "http://a/b?x"],
  ["#f", "http://a/b?y", "http://a/b?y#f"],
  ["", "http://a/b?c#d", "http://a/b?c"],
  ["//other/x", "https://a/b", "https://other/x"],
  ["/x", "file:///C:/a/b", "file:///C:/x"],
  ["http:/example.com/", "http://a/", "http://a/example.com/"],
  ["http:example.com/", "http://a/b", "http://a/example.com/"],
  ["https:example.com/", "http://a/b", "https://example.com/"],
  ["x", "mailto:a@b", null],
  ["#frag", "mailto:a@b", "mailto:a@b#frag"],
  ["relative", undefined, null],
  ["a", "not a url", null],
];

for (const [input, base, expected] of parseCases) {
  const label = `new URL(${JSON.stringify(input)}${base === undefined ? "" : ", " + JSON.stringify(base)})`;
  assertEquals(URL.canParse(input, base), expected !== null, `canParse for ${label}`);
  if (expected === null) {
    assertThrows(() => new URL(input, base), "TypeError", label);
    assertEquals(URL.parse(input, base), null, `URL.parse for ${label}`);
  } else {
    assertEquals(new URL(input, base).href, expected, label);
    assertEquals(URL.parse(input, base).href, expected, `URL.parse for ${label}`);
  }
}

// The parts.
{
  const url = new URL("https://user:pa%20ss@Example.com:8443/p/a?q=1&r=2#h");
  assertEquals(
    [url.protocol, url.username, url.password, url.host, url.hostname, url.port, url.pathname, url.search, url.hash, url.origin],
    ["https:", "user", "pa%20ss", "example.com:8443", "example.com", "8443", "/p/a", "?q=1&r=2", "#h", "https://example.com:8443"]);
  assertEquals(url.toString(), url.href);
  assertEquals(url.toJSON(), url.href);
  assertEquals(JSON.stringify({ url }), `{"url":"${url.href}"}`);
  assertEquals(new URL("mailto:x@y").origin, "null");
  assertEquals(new URL("blob:https://a.example/uuid").origin, "https://a.example");
  assertEquals(new URL("ws://[::1]:81/").origin, "ws://[::1]:81");
  assertEquals(new URL("http://a/?").search, "");
  assertEquals(new URL("http://a/?").href, "http://a/?");
}

// Setters.
{
  const url = new URL("http://a/b?c#d");
  url.protocol = "https";
  assertEquals(url.href, "https://a/b?c#d");
  url.protocol = "foo:";
  assertEquals(url.protocol, "https:", "a special URL keeps a special scheme");
  url.host = "b:81";
  assertEquals(url.host, "b:81");
  url.hostname = "c:82";
  assertEquals(url.host, "b:81", "hostname refuses a port");
  url.hostname = "D";
  assertEquals(url.host, "d:81");
  url.port = "8080abc";
  assertEquals(url.port, "8080");
  url.port = "99999";
  assertEquals(url.port, "8080", "an out-of-range port is refused");
  url.port = "443";
  assertEquals(url.port, "", "the default port is dropped");
  url.port = "";
  url.pathname = "x y/./z";
  assertEquals(url.pathname, "/x%20y/z");
  url.search = "a=1 2";
  assertEquals(url.search, "?a=1%202");
  assertEquals(url.searchParams.get("a"), "1 2");
  url.searchParams.append("q", "a b");
  assertEquals(url.search, "?a=1+2&q=a+b", "the search params write back");
  url.hash = "h h";
  assertEquals(url.hash, "#h%20h");
  url.hash = "";
  assertEquals(url.href, "https://d/x%20y/z?a=1+2&q=a+b");
  url.username = "us er";
  url.password = "p:w";
  assertEquals(url.href, "https://us%20er:p%3Aw@d/x%20y/z?a=1+2&q=a+b");
  url.search = "";
  assertEquals(url.searchParams.size, 0);
  url.href = "http://new.example/path?x=1";
  assertEquals(url.searchParams.get("x"), "1", "href resets the search params");
  assertThrows(() => { url.href = "not a url"; }, "TypeError");
  const file = new URL("file:///tmp");
  file.username = "x";
  file.port = "1";
  assertEquals(file.href, "file:///tmp", "file URLs have no credentials or port");
}

// Shape and conversions.
{
  assertThrows(() => new URL(), "TypeError");
  assertThrows(() => URL("http://a/"), "TypeError");
  assertEquals(Object.prototype.toString.call(new URL("http://a/")), "[object URL]");
  const descriptor = Object.getOwnPropertyDescriptor(URL.prototype, "href");
  assertEquals([typeof descriptor.get, typeof descriptor.set, descriptor.enumerable], ["function", "function", true]);
  assertThrows(() => descriptor.get.call({}), "TypeError");
  // USVString: a lone surrogate becomes U+FFFD.
  assertEquals(new URL("http://a/\uD800").pathname, "/%EF%BF%BD");
  assertEquals(new URL({ toString: () => "http://obj/" }).href, "http://obj/");
}

// URLSearchParams.
{
  const params = new URLSearchParams("?a=1&b=2&a=3&c=%zz&d=x+y%2B");
  assertEquals(params.get("a"), "1");
  assertEquals(params.getAll("a"), ["1", "3"]);
  assertEquals(params.get("c"), "%zz");
  assertEquals(params.get("d"), "x y+");
  assertEquals(params.get("missing"), null);
  assertEquals(params.has("a", "3"), true);
  assertEquals(params.has("a", "4"), false);
  params.delete("a", "1");
  assertEquals(params.getAll("a"), ["3"]);
  params.set("b", "a b&c=d/é");
  assertEquals(params.toString(), "b=a+b%26c%3Dd%2F%C3%A9&a=3&c=%25zz&d=x+y%2B");
  assertEquals(params.size, 4);
  assertEquals([...params.keys()], ["b", "a", "c", "d"]);
  assertEquals(Object.prototype.toString.call(params.entries()), "[object URLSearchParams Iterator]");
  assertEquals(URLSearchParams.prototype[Symbol.iterator], URLSearchParams.prototype.entries);

  const sorted = new URLSearchParams("z=1&a=2&z=0&a=1");
  sorted.sort();
  assertEquals(sorted.toString(), "a=2&a=1&z=1&z=0", "sort is stable");
  assertEquals(new URLSearchParams([["a", "1"], ["b", "2"]]).toString(), "a=1&b=2");
  assertEquals(new URLSearchParams({ a: "1", b: "2" }).toString(), "a=1&b=2");
  assertEquals(new URLSearchParams(new Map([["m", "1"]])).toString(), "m=1");
  assertThrows(() => new URLSearchParams([["a"]]), "TypeError");
  assertEquals(new URLSearchParams("a=\uD800").get("a"), "\uFFFD");
  const seen = [];
  new URLSearchParams("x=1&y=2").forEach((value, name, object) => seen.push(`${name}=${value}`, object instanceof URLSearchParams));
  assertEquals(seen, ["x=1", true, "y=2", true]);
}
