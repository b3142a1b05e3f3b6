// SPDX-License-Identifier: MIT
import CJavaScriptCore
import WSJSEngine
import WSJSWebAPI

/// ES modules: the main module, its top-level await and the import map.
extension Runtime {
    /// Runs the module at `url` (a file: URL, or a path: relative paths resolve against the
    /// working directory) as the main module, after `preloads` (classic scripts) have run.
    /// The run ends when the module's evaluation has settled and nothing else keeps it alive;
    /// a top-level await that can never settle ends it with status 1, naming the module.
    public func runMainModule(url: String, preloads: [(source: String, sourceURL: String)] = []) {
        startMainModule(url: url, source: nil, preloads: preloads)
    }

    /// Runs `source` as the main module at `url` (its imports resolve against `url`).
    public func runMainModule(source: String, url: String, preloads: [(source: String, sourceURL: String)] = []) {
        startMainModule(url: url, source: source, preloads: preloads)
    }

    private func startMainModule(url: String, source: String?, preloads: [(source: String, sourceURL: String)]) {
        retain()
        for script in preloads {
            runTask { engine in
                try engine.evaluate(script.source, sourceURL: script.sourceURL)
            }
        }
        if let failure = moduleHooksFailure {
            let text = "wsjs: ES modules are unavailable on this JavaScriptCore: \(failure)\n"
            text.utf8CString.withUnsafeBytes { options.output.write(2, UnsafeRawBufferPointer(rebasing: $0.dropLast())) }
            exit(status: ExitStatus.uncaughtError)
        }
        mainModuleURL = url
        runTask { engine in
            var arguments = [engine.makeString(url)]
            if let source { arguments.append(engine.makeString(source)) }
            let key = try engine.call(callbacks.runMainModule, arguments)
            if mainModuleURL != nil, engine.isString(key) { mainModuleURL = engine.string(key) }
        }
        release()
        finishIfIdle()
    }

    /// True when `source` (a `.js` file's text) must run as a module: it does not parse as a
    /// classic script but does as a module (Node's detection; see ``ScriptEngine/isModuleOnlySyntax(_:sourceURL:)``).
    public func needsModule(_ source: String, sourceURL: String) -> Bool {
        engine.isModuleOnlySyntax(source, sourceURL: sourceURL)
    }

    /// Fills the loader's hooks (at start-up, so `import()` works from classic scripts too) and
    /// sets the import map, if one is given. Cheap: a table copy, after a one-time layout check.
    func installModules() throws {
        moduleHooksFailure = engine.installModuleHooks(importHook: callbacks.moduleImportHook, metaHook: callbacks.moduleMetaHook)
        if let importMap = options.importMap {
            try engine.call(callbacks.setImportMap, [engine.makeString(importMap.text), engine.makeString(importMap.url)])
        }
    }

    public func mainModuleSettled() {
        mainModuleURL = nil
    }

    /// Called when nothing keeps the run alive: a main module still evaluating then awaits
    /// something that can never settle (Deno's behaviour: an error and status 1).
    func endPendingMainModule() -> Bool {
        guard let url = mainModuleURL else { return false }
        mainModuleURL = nil
        let text = "error: Top-level await promise never resolved: the module \(url) awaits something that nothing left running can settle\n"
        text.utf8CString.withUnsafeBytes { options.output.write(2, UnsafeRawBufferPointer(rebasing: $0.dropLast())) }
        exit(status: ExitStatus.uncaughtError)
        return true
    }
}
