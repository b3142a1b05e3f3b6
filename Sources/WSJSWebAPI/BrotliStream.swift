// SPDX-License-Identifier: MIT
import CBrotli

/// A Brotli (RFC 7932) decoder for fetch()'s `Content-Encoding: br`, with ``ZlibStream``'s
/// push/pull shape: input is pushed (copied), output pulled at most `limit` bytes at a time, so
/// a body that expands enormously is never held beyond one step. Fails (with a message for the
/// TypeError) on corrupt data, data after the end of the stream and a truncated stream.
final class BrotliStream: CodingStream {
    struct Failure: Error {
        let message: String
    }

    private let state: OpaquePointer
    private var input: [UInt8] = []
    private var inputOffset = 0
    private(set) var ended = false

    init() throws {
        guard let state = BrotliDecoderCreateInstance(nil, nil, nil) else { throw ZlibStream.Failure(message: "brotli could not start a stream") }
        self.state = state
    }

    deinit {
        BrotliDecoderDestroyInstance(state)
    }

    func push(_ bytes: UnsafeRawBufferPointer) throws {
        guard !bytes.isEmpty else { return }
        if ended { throw ZlibStream.Failure(message: "there is data after the end of the compressed stream") }
        if inputOffset == input.count {
            input.removeAll(keepingCapacity: input.count <= 1 << 20)
            inputOffset = 0
        }
        input.append(contentsOf: bytes)
    }

    func pull(limit: Int, finish: Bool) throws -> [UInt8] {
        if ended {
            if inputOffset < input.count { throw ZlibStream.Failure(message: "there is data after the end of the compressed stream") }
            return []
        }
        var output = [UInt8](repeating: 0, count: max(limit, 1))
        let pending = input.count - inputOffset
        var availableIn = pending
        var availableOut = output.count
        let result = input.withUnsafeBytes { inputBytes in
            output.withUnsafeMutableBytes { outputBytes in
                var nextIn: UnsafePointer<UInt8>? = pending > 0 ? inputBytes.baseAddress!.advanced(by: inputOffset).assumingMemoryBound(to: UInt8.self) : nil
                var nextOut: UnsafeMutablePointer<UInt8>? = outputBytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
                return BrotliDecoderDecompressStream(state, &availableIn, &nextIn, &availableOut, &nextOut, nil)
            }
        }
        inputOffset += pending - availableIn
        let produced = output.count - availableOut
        output.removeLast(availableOut)
        switch result {
        case BROTLI_DECODER_RESULT_SUCCESS:
            ended = true
            if inputOffset < input.count { throw ZlibStream.Failure(message: "there is data after the end of the compressed stream") }
        case BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT:
            if finish, produced == 0 { throw ZlibStream.Failure(message: "the compressed data ended before the end of its stream (truncated)") }
        case BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT:
            break
        default:
            let reason = BrotliDecoderErrorString(BrotliDecoderGetErrorCode(state)).map { String(cString: $0) } ?? "invalid data"
            throw ZlibStream.Failure(message: "the compressed data is corrupt (brotli: \(reason))")
        }
        return output
    }
}

/// What the compression host operations drive: ``ZlibStream`` or ``BrotliStream``.
protocol CodingStream: AnyObject {
    func push(_ bytes: UnsafeRawBufferPointer) throws
    func pull(limit: Int, finish: Bool) throws -> [UInt8]
}

extension ZlibStream: CodingStream {}
