// SPDX-License-Identifier: MIT
import Testing

/// The built-in echo server (`--serve-echo`, `builtin:echo`, `wsjs check`) selects the first
/// subprotocol a script offers: MDN's examples offer made-up ones, and since a connection whose
/// offer nobody acknowledged fails (WebSockets "establish a WebSocket connection" step 11.2),
/// an echo server that selected none would fail them all.
@Suite struct BuiltInEchoSubprotocolTests {
    @Test func theBuiltInEchoServerSelectsTheFirstOfferedSubprotocol() throws {
        let script = """
            const ws = new WebSocket("wss://www.example.com/socketserver", ["protocolOne", "protocolTwo"]);
            ws.onopen = () => { console.log(ws.protocol); ws.close(); };
            ws.onerror = () => console.log("error");
            """
        let result = try WSJSProcess.run(["--timeout", "30", "--map", "wss://www.example.com/=builtin:echo", "-e", script])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "protocolOne\n", "\(result.stderr)")
    }
}
