// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// ES modules through the engine's own loader: graphs of fixture modules under tests/modules,
/// run by the wsjs binary, with their output and their error messages asserted exactly.
@Suite struct ModuleTests {
    /// tests/modules, as a file: URL (what import.meta.url and errors show) and as a path.
    static let root = WSJSProcess.packageRoot.appendingPathComponent("tests/modules")
    static var rootURL: String { "file://" + root.path }

    static func run(_ arguments: [String], stdin: String? = nil) throws -> WSJSProcess.Result {
        try WSJSProcess.run(arguments, stdin: stdin, timeout: 30)
    }

    static func fixture(_ name: String) -> String { root.appendingPathComponent(name).path }

    @Test func aGraphOfEveryImportAndExportFormRunsInOrder() throws {
        let result = try Self.run([Self.fixture("graph/main.mjs")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == """
            cycle-b sees a's binding before a ran: ReferenceError
            main starts order-1,order-2,tla-slow starts,tla-slow ends
            default the default counter 1
            live binding 2 2 counter,default,increment
            re-exports from export * renamed re-export
            cycle a->b->A awaited
            meta true true function
            one instance true 2
            same URL same module true

            """)
    }

    @Test func importMetaHasURLMainFilenameDirnameAndResolve() throws {
        let code = "console.log(import.meta.url, import.meta.main, import.meta.filename, import.meta.dirname, import.meta.resolve('./x.js'))"
        let result = try Self.run(["--module", "-e", code])
        let cwd = WSJSProcess.jsTests.path
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "file://\(cwd)/[eval] true \(cwd)/[eval] \(cwd) file://\(cwd)/x.js\n")
    }

    @Test func topLevelAwaitKeepsTheEventLoopRunning() throws {
        let code = "const start = performance.now(); await new Promise((r) => setTimeout(r, 30)); console.log(performance.now() - start >= 29)"
        let result = try Self.run(["--module", "-e", code])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "true\n")
    }

    @Test func standardInputRunsAsAModuleWithTheModuleFlag() throws {
        let result = try Self.run(["--module", "-"], stdin: "await 0;\nconsole.log(typeof import.meta.url)")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "string\n")
    }

    @Test func jsFilesWithModuleSyntaxRunAsModulesAndClassicScriptsStayClassic() throws {
        var result = try Self.run([Self.fixture("detect/tla.js")])
        #expect(result.stdout == "top-level await in a .js file: module\n", "\(result.stderr)")
        result = try Self.run([Self.fixture("detect/import.js")])
        #expect(result.stdout == "import in a .js file: module\n", "\(result.stderr)")
        result = try Self.run([Self.fixture("detect/meta.js")])
        #expect(result.stdout == "meta string\n", "\(result.stderr)")
        result = try Self.run([Self.fixture("detect/classic.js")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "classic 3 true\nimport() from a classic script: module\n")
        // A script that is neither keeps today's classic syntax error.
        result = try Self.run(["../modules/detect/classic-syntax-error.js"])
        #expect(result.status == 1)
        #expect(result.stderr == "Uncaught SyntaxError: Cannot declare a let variable twice: 'x'.\n    at ../modules/detect/classic-syntax-error.js:2\n")
    }

    @Test func jsonModulesNeedTheTypeAttribute() throws {
        let result = try Self.run([Self.fixture("json/main.mjs")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "42 2 true\n")
    }

    @Test func importMapsMapBareSpecifiersPrefixesAndScopes() throws {
        let result = try Self.run(["--import-map", Self.fixture("importmap/map.json"), Self.fixture("importmap/main.mjs")])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "hello from the map\nlib/tool.js via a prefix\nhello from the scope\ntrue\n")
    }

    // MARK: Errors, each with the file and line that caused it

    /// Runs an error fixture: status 1, nothing on stdout beyond `stdout`, exactly `stderr`.
    static func expectError(_ name: String, stdout: String = "", _ stderr: String) throws {
        let result = try run([fixture("errors/" + name)])
        #expect(result.status == 1)
        #expect(result.stdout == stdout)
        #expect(result.stderr == stderr)
    }

    @Test func aSyntaxErrorInAnImportedModuleNamesItsFileAndLine() throws {
        try Self.expectError("syntax-error.mjs", "Uncaught SyntaxError: Unexpected token ';'\n    at \(Self.rootURL)/errors/syntax-error-dep.js:2\n")
    }

    @Test func aMissingFileNamesTheImporterAndTheSpecifier() throws {
        let path = Self.fixture("errors/missing.js")
        try Self.expectError("missing-file.mjs", "Uncaught TypeError: Cannot find module \"./missing.js\" imported from \(Self.rootURL)/errors/missing-file.mjs: \(path): No such file or directory\n    at \(Self.rootURL)/errors/missing-file.mjs:2:22\n")
    }

    @Test func aMissingExportIsReportedAtTheImportingLine() throws {
        try Self.expectError("missing-export.mjs", "Uncaught SyntaxError: The requested module './ok.js' does not provide an export named 'absent'\n    at \(Self.rootURL)/errors/missing-export.mjs:2:30\n")
    }

    @Test func aThrowDuringEvaluationIsUncaught() throws {
        try Self.expectError("evaluation-throw.mjs", stdout: "before\n", "Uncaught RangeError: thrown while evaluating\n    at module code (\(Self.rootURL)/errors/evaluation-throw.mjs:2:21)\n")
    }

    @Test func aRejectedTopLevelAwaitIsUncaught() throws {
        try Self.expectError("rejected-tla.mjs", "Uncaught TypeError: rejected top-level await\n    at module code (\(Self.rootURL)/errors/rejected-tla.mjs:2:35)\n")
    }

    @Test func aTopLevelAwaitThatCanNeverSettleEndsTheRunWithStatusOne() throws {
        try Self.expectError("never-settles.mjs", stdout: "waiting forever\n", "error: Top-level await promise never resolved: the module \(Self.rootURL)/errors/never-settles.mjs awaits something that nothing left running can settle\n")
    }

    @Test func bareSpecifiersWithoutAnImportMapAreRefusedWithHowToMapThem() throws {
        try Self.expectError("bare.mjs", "Uncaught TypeError: Cannot resolve the bare specifier \"lodash\" from \(Self.rootURL)/errors/bare.mjs: wsjs imports paths (\"./\", \"../\", \"/\") and file: URLs; map a bare name to a file in an import map given with --import-map FILE, e.g. { \"imports\": { \"lodash\": \"./vendor/lodash.js\" } }\n    at \(Self.rootURL)/errors/bare.mjs:1:15\n")
    }

    @Test func networkImportsAreRefused() throws {
        try Self.expectError("network.mjs", "Uncaught TypeError: Import of \"https://example.com/x.js\" refused: wsjs does not load code over the network; save the module and import it from a file\n    at \(Self.rootURL)/errors/network.mjs:1:15\n")
    }

    @Test func aJSONImportWithoutTheTypeAttributeFails() throws {
        try Self.expectError("json-without-type.mjs", "Uncaught TypeError: Cannot import \(Self.rootURL)/json/data.json: it is a JSON module: import it with { type: \"json\" }\n    at \(Self.rootURL)/errors/json-without-type.mjs:1:18\n")
        try Self.expectError("js-as-json.mjs", "Uncaught TypeError: Cannot import \(Self.rootURL)/errors/ok.js: it is a JavaScript module, not JSON (\"type\": \"json\" asks for JSON)\n    at \(Self.rootURL)/errors/js-as-json.mjs:1:15\n")
    }

    @Test func importFromAClassicScriptRejectsCatchablyForAMissingModule() throws {
        let result = try Self.run(["-e", "import('./nowhere.js').catch((e) => console.log(e.name, e.message.startsWith('Cannot find module \"./nowhere.js\"')))"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "TypeError true\n")
    }
}

/// The runtime's own modules under the wsjs: scheme.
@Suite struct BuiltinModuleTests {
    @Test func wsjsModulesGiveNamedAndDefaultExports() throws {
        let code = "import { version } from 'wsjs:version'; import all from 'wsjs:version'; console.log(version === wsjs.version, all.version === version)"
        let result = try WSJSProcess.run(["--module", "-e", code])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "true true\n")
    }

    @Test func anUnknownWsjsModuleIsAnError() throws {
        let result = try WSJSProcess.run(["-e", "import('wsjs:nothing').catch((e) => console.log(e.message))"])
        #expect(result.stdout == "There is no built-in module \"wsjs:nothing\"\n", "\(result.stderr)")
    }
}

/// `wsjs check` runs a Markdown block that uses import or top-level await as a module.
@Suite struct CheckModuleBlockTests {
    @Test func blocksWithImportOrTopLevelAwaitRunAsModules() throws {
        let result = try WSJSProcess.run(["check", "../check/modules.md"])
        let page = "../check/modules.md"
        #expect(result.stdout.split(separator: "\n").map(String.init) == [
            "\(page):6 block 1 `import { value } from \"../modules/detect/exports.js\";` passed",
            "\(page):14 block 2 `await Promise.reject(new Error(\"rejected in a module block\"…` failed: Uncaught Error: rejected in a module block",
            "1 passed, 1 failed, 0 skipped",
        ], "\(result.stderr)")
    }
}
