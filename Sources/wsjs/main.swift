// SPDX-License-Identifier: MIT
import ArgumentParser
import WSJS
#if canImport(Glibc)
import Glibc
#endif

// A parent may have spawned us with signals blocked (the mask is inherited): unblock them, as
// Node does at start-up, so SIGTERM and Ctrl-C always reach wsjs.
var noSignals = sigset_t()
sigemptyset(&noSignals)
sigprocmask(SIG_SETMASK, &noSignals, nil)

let argv = CommandLine.arguments
if let request = RunRequest.fastPath(argv) {
    request.execute()
}
if argv.count >= 2, argv[1] == "serve" {
    ServeCommand.main(Array(argv.dropFirst(2)))
    exit(0)
}

// ArgumentParser exits with 64 on usage errors; wsjs uses 2, like Deno and most Unix tools.
do {
    var command = try RunCommand.parseAsRoot()
    try command.run()
} catch {
    let status = RunCommand.exitCode(for: error)
    if status == .success {
        print(RunCommand.fullMessage(for: error))
        exit(0)
    }
    fail("wsjs: " + RunCommand.fullMessage(for: error) + "\nRun 'wsjs --help' for usage.", status: ExitStatus.usage)
}
