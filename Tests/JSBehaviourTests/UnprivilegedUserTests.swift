// SPDX-License-Identifier: MIT
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Most users run wsjs without privileges. A socket option that needs one (SO_DEBUG needs
/// CAP_NET_ADMIN) made every connect and every accept fail for them, while tests run as root
/// passed. When the suite runs as root, this runs wsjs as `nobody` (util-linux's setpriv).
@Suite struct UnprivilegedUserTests {
    /// An echo round trip and a clean close through the built-in echo server: the client's
    /// socket options and the server's accepted sockets' options both apply.
    static let echoRoundTrip = """
        const ws = new WebSocket("ws://echo.test/");
        ws.onopen = () => ws.send("hello");
        ws.onmessage = (e) => { console.log("echo", e.data); ws.close(1000); };
        ws.onclose = (e) => console.log("close", e.code, e.wasClean);
        ws.onerror = () => console.log("error");
        """

    @Test func aUserWithoutPrivilegesConnectsAndServes() throws {
        let arguments = ["--timeout", "30", "--map", "ws://echo.test/=builtin:echo", "-e", Self.echoRoundTrip]
        let result: WSJSProcess.Result
        if geteuid() == 0 {
            let setpriv = "/usr/bin/setpriv"
            try #require(FileManager.default.isExecutableFile(atPath: setpriv), "running as root needs \(setpriv) to drop privileges")
            // A copy in a folder anyone may enter: the build folder may be in one only root can.
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wsjs-unprivileged-\(getpid())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
            defer { try? FileManager.default.removeItem(at: folder) }
            let copy = folder.appendingPathComponent("wsjs")
            // Copied by cp(1), not in this process: a descriptor this process held open for
            // writing would be inherited by the children that tests running in parallel spawn,
            // and exec of a file open for writing fails (ETXTBSY).
            let cp = try Process.run(URL(fileURLWithPath: "/bin/cp"), arguments: [WSJSProcess.binary.path, copy.path])
            cp.waitUntilExit()
            try #require(cp.terminationStatus == 0)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: copy.path)
            result = try WSJSProcess.run(["--reuid=65534", "--regid=65534", "--clear-groups", "--", copy.path] + arguments, executable: URL(fileURLWithPath: setpriv))
        } else {
            result = try WSJSProcess.run(arguments)
        }
        #expect(result.stdout == "echo hello\nclose 1000 true\n", "stderr: \(result.stderr)")
        #expect(result.status == 0)
    }
}
