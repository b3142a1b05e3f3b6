// SPDX-License-Identifier: MIT

extension FrameTraceWriter {
    /// One line of fetch()'s traffic (`> GET url`, `< HTTP/1.1 200 OK`, `! why it failed`):
    /// on stderr after `[trace] +ms fetch`; in the file as `{"t":…,"fetch":"…"}`. Header values
    /// are never traced, so Authorization and Cookie stay out of traces.
    func write(milliseconds: Double, http line: String) {
        switch output {
        case .standardError:
            emit("[trace] +\(Self.format(milliseconds)) ms fetch \(Self.printable(line))\n")
        case .file:
            emit("{\"t\":\(Self.format(milliseconds)),\"fetch\":\(JSONText.quoted(line))}\n")
        }
    }
}

extension Runtime {
    public func traceHTTP(_ line: String) {
        guard exitStatus == nil else { return }
        frameTraceWriter?.write(milliseconds: monotonicMilliseconds(), http: line)
    }
}
