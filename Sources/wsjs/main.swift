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

// Before any thread starts: the descriptor limit, and a table sized for many sockets.
DescriptorTable.prepare()

let argv = CommandLine.arguments
if let request = RunRequest.fastPath(argv) {
    request.execute()
}
/// Runs a subcommand; usage errors exit with 2 (ArgumentParser's default is 64).
func runSubcommand<Command: ParsableCommand>(_ type: Command.Type, _ arguments: [String]) -> Never {
    do {
        var command = try type.parseAsRoot(arguments)
        try command.run()
        exit(0)
    } catch {
        let status = type.exitCode(for: error)
        if status == .success {
            print(type.fullMessage(for: error))
            exit(0)
        }
        if error is ExitCode { exit(status.rawValue) }
        fail("\(type.configuration.commandName ?? "wsjs"): " + type.fullMessage(for: error), status: status == .validationFailure ? ExitStatus.usage : status.rawValue)
    }
}

if argv.count >= 2, argv[1] == "serve" { runSubcommand(ServeCommand.self, Array(argv.dropFirst(2))) }
if argv.count >= 2, argv[1] == "check" { runSubcommand(CheckCommand.self, Array(argv.dropFirst(2))) }
if argv.count >= 2, argv[1] == "test" { TestCommand.main(Array(argv.dropFirst(2))) }

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
