// SPDX-License-Identifier: MIT
import NIOEmbedded
import WSJS
import WSJSEngine
import CJavaScriptCore

/// The WHATWG URL parser (js/url-parser.js with ICU's UTS #46 for non-ASCII hosts) fed the input
/// as text, alone and against several bases. It runs in one runtime made once (making one per
/// input would cost more than the parse), on an embedded loop on the fuzzer's thread.
enum URLFuzzTarget {
    /// For every input and base, the URL Standard's promises: parsing either gives a URL or throws
    /// TypeError (nothing else); `URL.canParse` agrees; the serialization parses back to itself
    /// (the standard keeps serialize ∘ parse idempotent, e.g. the "/." it adds before a path
    /// that starts with "//"); `origin`, `toJSON()` and every component getter work. The same
    /// text as a query string: URLSearchParams' serialization reparses to itself.
    static let checker = """
        (input) => {
          const bases = [undefined, "http://example.com/a/b?c#d", "file:///C:/dir/file", "sc://h/p/q", "about:blank"];
          for (const base of bases) {
            let url;
            try {
              url = new URL(input, base);
            } catch (error) {
              if (!(error instanceof TypeError)) throw new Error(`new URL threw ${error}`);
              if (URL.canParse(input, base)) throw new Error("canParse is true for a URL that throws");
              continue;
            }
            if (!URL.canParse(input, base)) throw new Error("canParse is false for a URL that parses");
            const href = url.href;
            const again = new URL(href).href;
            if (again !== href) throw new Error(`not idempotent: ${JSON.stringify(href)} reparses as ${JSON.stringify(again)}`);
            if (url.toJSON() !== href) throw new Error("toJSON differs from href");
            void url.origin, url.protocol, url.username, url.password, url.host, url.hostname, url.port,
              url.pathname, url.search, url.hash, url.searchParams.toString();
          }
          const query = new URLSearchParams(input).toString();
          if (new URLSearchParams(query).toString() !== query) throw new Error(`URLSearchParams not idempotent: ${JSON.stringify(query)}`);
        }
        """

    nonisolated(unsafe) static var state: (runtime: Runtime, check: JSObjectRef)?

    static func url(_ input: UnsafeRawBufferPointer) {
        if state == nil {
            let loop = EmbeddedEventLoop()
            do {
                let runtime = try Runtime(eventLoop: loop)
                let check = try runtime.engine.evaluate(checker, sourceURL: "url-fuzz-check.js")
                runtime.engine.protect(check)
                state = (runtime, runtime.engine.object(check)!)
            } catch {
                fatalError("the URL fuzz target could not start: \(error)")
            }
        }
        let (runtime, check) = state!
        let text = runtime.engine.makeString(utf8: input)
        do {
            _ = try runtime.engine.call(check, [text])
        } catch {
            fatalError("URL parser property failed for \(String(decoding: input, as: UTF8.self).debugDescription): \(error)")
        }
    }
}
