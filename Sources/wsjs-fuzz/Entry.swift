// SPDX-License-Identifier: MIT
#if canImport(Glibc)
import Glibc
#endif

#if FUZZING
// Built by scripts/fuzz with -sanitize=fuzzer: libFuzzer calls this for every input; the target
// is named by WSJS_FUZZ_TARGET.
let selectedTarget: @Sendable (UnsafeRawBufferPointer) -> Void = {
    let name = getenv("WSJS_FUZZ_TARGET").map { String(cString: $0) } ?? ""
    guard let target = FuzzTargets.all[name] else {
        print("wsjs-fuzz: set WSJS_FUZZ_TARGET to one of \(FuzzTargets.all.keys.sorted())")
        exit(2)
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    selectedTarget(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}

/// libFuzzer's entry for programs that have their own main (libFuzzer's FuzzerInterface.h).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// SwiftPM links an executable's entry point as `<module>_main` (and aliases `main` to it), so
/// this is the program's main: it hands control to libFuzzer.
@_cdecl("wsjs_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in fuzzOneInput(data, size) }
}
#else
/// The normal build replays inputs: `wsjs-fuzz <target> <file>…` runs the target on each file
/// (the seed corpus and the regression inputs in scripts/test; a crash fails the run).
@main
struct FuzzReplay {
    static func main() {
        let arguments = CommandLine.arguments
        guard arguments.count >= 2, let target = FuzzTargets.all[arguments[1]] else {
            print("usage: wsjs-fuzz <\(FuzzTargets.all.keys.sorted().joined(separator: "|"))> <input file>…")
            exit(2)
        }
        var count = 0
        for path in arguments.dropFirst(2) {
            guard let file = fopen(path, "rb") else {
                print("wsjs-fuzz: cannot read \(path)")
                exit(2)
            }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                let read = fread(&chunk, 1, chunk.count, file)
                if read <= 0 { break }
                bytes += chunk[..<read]
            }
            fclose(file)
            bytes.withUnsafeBytes { target($0) }
            count += 1
        }
        print("wsjs-fuzz: \(arguments[1]): \(count) inputs replayed, no failure")
    }
}
#endif
