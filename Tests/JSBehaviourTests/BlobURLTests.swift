// SPDX-License-Identifier: MIT
import Foundation
import Testing

/// URL.createObjectURL: a blob URL carries the origin of `--location` (File API §8.3 "generate
/// a new blob URL"), and "null" without one (tests/js/test-blob-stream.js checks that case).
@Suite struct BlobURLTests {
    @Test func theOriginComesFromLocation() throws {
        let script = "console.log(URL.createObjectURL(new Blob(['x'])))"
        let result = try WSJSProcess.run(["--location", "https://example.org:8443/app/page", "-e", script])
        #expect(result.status == 0, "\(result.stderr)")
        let url = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let pattern = #"^blob:https://example\.org:8443/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"#
        #expect(url.range(of: pattern, options: .regularExpression) != nil, "\(url)")
    }
}
