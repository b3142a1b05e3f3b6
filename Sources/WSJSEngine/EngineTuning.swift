// SPDX-License-Identifier: MIT
import CJavaScriptCore
#if canImport(Glibc)
import Glibc
#endif

/// JavaScriptCore's options that wsjs sets differently from the library's defaults, which are
/// tuned for a browser: pages that live for minutes, on machines with many cores. wsjs runs
/// scripts that mostly last seconds, next to the servers they test, often on two cores.
///
/// Each is applied once, before the first context exists (JavaScriptCore freezes its options
/// when it creates a VM), and only when the environment does not set it: `JSC_<name>=<value>`
/// still wins, as it does for every other option.
enum EngineTuning {
    /// A value of an option of JavaScriptCore's type Int32 or Unsigned (each needs its setter).
    enum Value {
        case int(Int32)
        case unsigned(UInt32)
    }

    static let options: [(name: String, value: Value)] = [
        // The optimizing tier (DFG) compiles a function once its execution counter reaches
        // this (~15 per call, 1 per loop iteration); JavaScriptCore's default is 1,000. The
        // first DFG compilation alone costs ~5 MiB of resident memory (the compiler's code
        // pages and working memory) and its CPU runs beside the script: 500 sockets opened at
        // once ran 44 compilations, 11% of the run's CPU. At 20,000 a script that opens 500
        // sockets runs no DFG compilation at all and peaks at 43 MiB instead of 48, while a
        // function called a hundred thousand times is optimized after ~1,300 calls instead of
        // ~70 (measured: `small`, 200,000 messages, ~2% slower).
        ("thresholdForOptimizeAfterWarmUp", .int(20000)),
        // One compiler thread instead of two: compilations rarely overlap in a short script,
        // and a second thread's stack and allocation caches cost ~1 MiB.
        ("minNumberOfWorklistThreads", .unsigned(1)),
        ("maxNumberOfWorklistThreads", .unsigned(1)),
        ("numberOfBaselineCompilerThreads", .unsigned(1)),
    ]

    /// Applies the options; later calls do nothing.
    static func applyOnce() {
        _ = applied
    }

    private static let applied: Bool = {
        for (name, value) in options where getenv("JSC_" + name) == nil {
            switch value {
            case .int(let number): _ = jsc_options_set_int(name, number)
            case .unsigned(let number): _ = jsc_options_set_uint(name, number)
            }
        }
        return true
    }()
}
