// SPDX-License-Identifier: MIT
import CJavaScriptCore
import Testing
@testable import WSJSEngine

/// The JavaScriptCore binding: evaluation, exceptions, host functions, strings and buffers.
@Suite struct ScriptEngineTests {
    @Test func evaluatesAndConvertsValues() throws {
        let engine = ScriptEngine()
        #expect(engine.number(try engine.evaluate("6 * 7", sourceURL: "t.js")) == 42)
        #expect(engine.string(try engine.evaluate("'a' + 'é' + '😀'", sourceURL: "t.js")) == "aé😀")
        #expect(engine.boolean(try engine.evaluate("[] instanceof Array", sourceURL: "t.js")))
    }

    @Test func thrownValuesBecomeScriptErrorsWithLocation() throws {
        let engine = ScriptEngine()
        do {
            try engine.evaluate("\n\nthrow new TypeError('nope')", sourceURL: "where.js")
            Issue.record("expected a throw")
        } catch {
            #expect(error.summary == "TypeError: nope")
            let line = try engine.property(engine.object(error.value)!, "line")
            #expect(engine.number(line) == 3)
        }
    }

    @Test func syntaxErrorsAreReportedWithoutRunning() throws {
        let engine = ScriptEngine()
        #expect(throws: ScriptError.self) { try engine.checkSyntax("let = ;", sourceURL: "bad.js") }
        try engine.checkSyntax("let fine = 1", sourceURL: "good.js")
    }

    /// Both kinds of host function: direct (JavaScriptCore calls them like built-ins) and C-API
    /// callbacks (the fallback for a library without the direct functions' symbols).
    @Test(arguments: [true, false]) func hostFunctionsReceiveArgumentsAndRaiseTypedErrors(direct: Bool) throws {
        let engine = ScriptEngine(directHostFunctions: direct)
        let add = engine.makeHostFunction { engine, args in
            guard args.count == 2 else { throw HostError.typeError("two arguments, please") }
            return engine.makeNumber(engine.number(args[0]!) + engine.number(args[1]!))
        }
        engine.setProperty(engine.globalObject, "add", add)
        #expect(engine.number(try engine.evaluate("add(2, 3)", sourceURL: "t.js")) == 5)
        let name = try engine.evaluate("try { add(1) } catch (e) { e instanceof TypeError ? e.message : 'wrong class' }", sourceURL: "t.js")
        #expect(engine.string(name) == "two arguments, please")
        // Hot enough for the JIT's tiers (a loop of 30,000 reaches the optimizing tier): the
        // arguments and results stay right when the caller is compiled code.
        let sum = try engine.evaluate("let s = 0; for (let i = 0; i < 30000; i++) s = add(s, i % 7); s", sourceURL: "t.js")
        #expect(engine.number(sum) == Double((0..<30000).reduce(0) { $0 + $1 % 7 }))
        // An exception thrown by the body reaches a catch in compiled code too.
        let caught = try engine.evaluate("let c = 0; for (let i = 0; i < 30000; i++) { try { i % 1000 === 0 ? add(i) : add(i, 1) } catch { c++ } } c", sourceURL: "t.js")
        #expect(engine.number(caught) == 30)
    }

    @Test func aDirectHostFunctionIsAFunctionThatCannotBeConstructed() throws {
        let engine = ScriptEngine(directHostFunctions: true)
        let count = engine.makeHostFunction { engine, args in engine.makeNumber(Double(args.count)) }
        engine.setProperty(engine.globalObject, "count", count)
        let description = try engine.evaluate("""
            [typeof count, count.call(null, 1, 2, 3), count.apply(null, [1]), count(),
             (() => { try { new count(); return 'constructed' } catch (e) { return e.constructor.name } })()].join()
            """, sourceURL: "t.js")
        #expect(engine.string(description) == "function,3,1,0,TypeError")
    }

    @Test func enginesForgetTheirDirectFunctions() throws {
        // Engines come and go (a test run makes hundreds); each forgets its direct functions, so
        // a later engine never reaches a stale one at a reused address.
        for round in 0..<50 {
            let engine = ScriptEngine(directHostFunctions: true)
            let echo = engine.makeHostFunction { _, args in args.first ?? nil }
            engine.setProperty(engine.globalObject, "echo", echo)
            #expect(engine.number(try engine.evaluate("echo(\(round))", sourceURL: "t.js")) == Double(round))
        }
    }

    @Test func aCollectedDirectFunctionsAddressServesItsSuccessor() throws {
        // JavaScriptCore reuses a collected cell's address for the next cell of its size, so
        // a host function made after another was collected often sits where it sat; the table
        // of direct functions must then call the new one's body, not the old one's.
        let engine = ScriptEngine(directHostFunctions: true)
        for round in 0..<100 {
            let function = engine.makeHostFunction { engine, _ in engine.makeNumber(Double(round)) }
            engine.setProperty(engine.globalObject, "current", function)
            #expect(engine.number(try engine.evaluate("current()", sourceURL: "t.js")) == Double(round))
            _ = try engine.evaluate("delete globalThis.current", sourceURL: "t.js")
            JSSynchronousGarbageCollectForDebugging(engine.context)
        }
    }

    @Test func domExceptionsUseTheRegisteredConstructor() throws {
        let engine = ScriptEngine()
        let constructor = try engine.evaluate("(class FakeDOMException extends Error { constructor(m, n) { super(m); this.name = n } })", sourceURL: "t.js")
        engine.domExceptionConstructor = engine.object(constructor)
        let error = engine.makeError(HostError(.domException("InvalidStateError"), "not now"))
        #expect(engine.describeThrownValue(error) == "InvalidStateError: not now")
    }

    @Test func stringsCrossAsUTF16AndLoneSurrogatesBecomeReplacementCharacters() throws {
        let engine = ScriptEngine()
        // JSStringGetUTF8CString would stop at the lone surrogate; the binding must not.
        let value = try engine.evaluate("'a\\uD800b'", sourceURL: "t.js")
        #expect(engine.string(value) == "a\u{FFFD}b")
        #expect(engine.utf8Bytes(of: value) == [0x61, 0xEF, 0xBF, 0xBD, 0x62])
        let nul = try engine.evaluate("'x\\u0000y'", sourceURL: "t.js")
        #expect(engine.utf8Bytes(of: nul) == [0x78, 0x00, 0x79], "embedded NUL kept")
    }

    @Test func bufferSourcesGiveExactlyTheViewsBytes() throws {
        let engine = ScriptEngine()
        func bytes(_ source: String) throws -> [UInt8]? {
            engine.withBufferSourceBytes(try engine.evaluate(source, sourceURL: "t.js")) { Array($0) }
        }
        let buffer = "new Uint8Array([0,1,2,3,4,5,6,7]).buffer"
        #expect(try bytes(buffer) == [0, 1, 2, 3, 4, 5, 6, 7])
        #expect(try bytes("new Uint8Array(\(buffer), 3, 2)") == [3, 4], "offset added to the buffer pointer")
        #expect(try bytes("new Uint16Array(\(buffer), 2, 2)") == [2, 3, 4, 5])
        #expect(try bytes("new DataView(\(buffer), 5, 3)") == [5, 6, 7], "DataView reported as a view")
        #expect(try bytes("new Uint8Array(0)") == [])
        #expect(try bytes("'not a buffer'") == nil)
        // A script can redefine a DataView's byteOffset/byteLength: a lie past the buffer, or a
        // throwing getter, must not read outside it.
        #expect(try bytes("Object.defineProperty(new DataView(new ArrayBuffer(4)), 'byteLength', { get: () => 1e6 })") == [])
        #expect(try bytes("Object.defineProperty(new DataView(new ArrayBuffer(4)), 'byteOffset', { get() { throw 1 } })") == [])
        #expect(try bytes("({})") == nil)
    }

    @Test func arrayBuffersMadeFromSwiftHoldACopy() throws {
        let engine = ScriptEngine()
        var source: [UInt8] = [9, 8, 7]
        let array = source.withUnsafeBytes { engine.makeUint8Array(copying: $0) }
        source[0] = 0
        engine.setProperty(engine.globalObject, "made", array)
        #expect(engine.string(try engine.evaluate("Array.from(made).join()", sourceURL: "t.js")) == "9,8,7")
    }

    @Test func executionDeadlineStopsAnEndlessLoop() throws {
        let engine = ScriptEngine()
        engine.setExecutionDeadline(.now + .milliseconds(200))
        let start = ContinuousClock.now
        #expect(throws: ScriptError.self) { try engine.evaluate("for (;;) {}", sourceURL: "loop.js") }
        #expect(engine.wasTerminated)
        #expect(ContinuousClock.now - start < .seconds(10))
    }
}
