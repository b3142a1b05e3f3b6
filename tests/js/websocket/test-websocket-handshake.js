// SPDX-License-Identifier: MIT
// The opening handshake as a script sees it. WebSockets Standard, "establish a WebSocket
// connection" step 11.2: protocols were asked for and the server acknowledged none, so the
// connection fails (error, then close 1006, never open). Fetch, "HTTP-network-or-cache fetch": a
// URL's credentials become `Authorization: Basic …` (RFC 7617), unless the headers option has an
// Authorization of its own; ws.url keeps them as the URL parser serialized them.
runTest(async () => {
  // The echo server knows no subprotocols: it selects none of those offered.
  {
    const ws = new WebSocket(servers.echo, ["a", "b"]);
    const seen = recordEvents(ws);
    const close = await nextEvent(ws, "close");
    assertEquals(seen, ["error", "close"], "no open event");
    assertEquals([close.code, close.wasClean, close.reason], [1006, false, ""]);
    assertEquals([ws.readyState, ws.protocol], [WebSocket.CLOSED, ""]);
  }
  // The same offer to a server that selects one of them opens with it.
  {
    const ws = new WebSocket(servers.subprotocols, ["x", "superchat"]);
    await nextEvent(ws, "open");
    assertEquals(ws.protocol, "superchat");
    ws.close();
    await nextEvent(ws, "close");
  }

  // servers.requestHead sends back the request head it received, as its first message.
  async function authorizationSent(url, options) {
    const ws = new WebSocket(url, options);
    const message = await nextEvent(ws, "message");
    ws.close();
    await nextEvent(ws, "close");
    return message.data.split("\r\n").filter((line) => /^authorization:/i.test(line));
  }
  const withUserinfo = (userinfo) => servers.requestHead.replace("ws://", `ws://${userinfo}@`);

  // RFC 7617 §2's example (the space percent-encoded by the URL parser, decoded for the header).
  {
    const ws = new WebSocket(withUserinfo("Aladdin:open sesame"));
    assertEquals(ws.url, withUserinfo("Aladdin:open%20sesame"), "ws.url keeps the serialized credentials");
    ws.close();
    await nextEvent(ws, "close");
    assertEquals(await authorizationSent(withUserinfo("Aladdin:open sesame")), ["Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="]);
  }
  // RFC 7617 §2.1's example: the password's "£" is sent as UTF-8 (C2 A3).
  {
    const ws = new WebSocket(withUserinfo("test:123£"));
    assertEquals(ws.url, withUserinfo("test:123%C2%A3"));
    ws.close();
    await nextEvent(ws, "close");
  }
  assertEquals(await authorizationSent(withUserinfo("test:123%C2%A3")), ["Authorization: Basic dGVzdDoxMjPCow=="]);
  // A username alone ("user:"), a password alone (":pw"), a percent-encoded ":" in a username.
  assertEquals(await authorizationSent(withUserinfo("user")), ["Authorization: Basic dXNlcjo="]);
  assertEquals(await authorizationSent(withUserinfo(":pw")), ["Authorization: Basic OnB3"]);
  assertEquals(await authorizationSent(withUserinfo("a%3Ab:c")), ["Authorization: Basic YTpiOmM="]);
  // An Authorization in the headers option wins, whatever the case of its name.
  assertEquals(await authorizationSent(withUserinfo("u:p"), { headers: { authorization: "Bearer t" } }), ["authorization: Bearer t"]);
  assertEquals(await authorizationSent(withUserinfo("u:p"), { headers: [["AUTHORIZATION", "Basic eDp5"]] }), ["AUTHORIZATION: Basic eDp5"]);
  // No credentials, no Authorization.
  assertEquals(await authorizationSent(servers.requestHead), []);
});
