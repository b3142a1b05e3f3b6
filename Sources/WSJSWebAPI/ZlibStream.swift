// SPDX-License-Identifier: MIT
import CZlib

/// One zlib stream behind a CompressionStream or DecompressionStream (Compression Standard
/// §4–5): the formats "deflate" (RFC 1950), "deflate-raw" (RFC 1951) and "gzip" (RFC 1952).
///
/// Input is pushed (copied); output is pulled at most `limit` bytes at a time, so whatever the
/// input expands to, one step allocates no more than that. Decompression fails (with a message
/// for the TypeError the streams raise) on corrupt data, on data after the end of the compressed
/// stream, and on a stream that ends before its end (truncated).
final class ZlibStream {
    enum Format: String {
        case deflate
        case deflateRaw = "deflate-raw"
        case gzip
    }

    enum Mode {
        case compress
        case decompress
    }

    struct Failure: Error {
        let message: String
    }

    let mode: Mode
    private let stream: UnsafeMutablePointer<z_stream>
    /// Input not yet consumed by zlib: `input[inputOffset...]`. zlib only points into it during
    /// a call.
    private var input: [UInt8] = []
    private var inputOffset = 0
    /// Decompression: the end of the compressed stream was reached. Compression: the stream was
    /// finished.
    private(set) var ended = false

    init(mode: Mode, format: Format) throws {
        self.mode = mode
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let windowBits: Int32 = switch format {
        case .deflate: 15
        case .deflateRaw: -15
        case .gzip: 15 + 16
        }
        let result = mode == .compress
            ? wsjs_deflateInit2(stream, Z_DEFAULT_COMPRESSION, windowBits)
            : wsjs_inflateInit2(stream, windowBits)
        guard result == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw Failure(message: "zlib could not start a stream (error \(result))")
        }
    }

    deinit {
        if mode == .compress { deflateEnd(stream) } else { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Appends `bytes` to the input. Decompression refuses bytes after the end of the stream.
    func push(_ bytes: UnsafeRawBufferPointer) throws {
        guard !bytes.isEmpty else { return }
        if ended {
            throw Failure(message: mode == .decompress ? "there is data after the end of the compressed stream" : "the stream was already finished")
        }
        if inputOffset == input.count {
            input.removeAll(keepingCapacity: input.count <= 1 << 20)
            inputOffset = 0
        }
        input.append(contentsOf: bytes)
    }

    /// Runs zlib over the pending input and returns at most `limit` bytes of output: empty when
    /// nothing more comes until more input is pushed, or (after `finish`) when the stream is
    /// complete. `finish` says no more input will come: compression then writes the stream's
    /// end, and decompression fails if the stream has not ended.
    func pull(limit: Int, finish: Bool) throws -> [UInt8] {
        if ended {
            if inputOffset < input.count { throw Failure(message: "there is data after the end of the compressed stream") }
            return []
        }
        var output = [UInt8](repeating: 0, count: max(limit, 1))
        let pending = input.count - inputOffset
        let result = input.withUnsafeMutableBytes { inputBytes in
            output.withUnsafeMutableBytes { outputBytes in
                stream.pointee.next_in = pending > 0 ? inputBytes.baseAddress!.advanced(by: inputOffset).assumingMemoryBound(to: Bytef.self) : nil
                stream.pointee.avail_in = uInt(pending)
                stream.pointee.next_out = outputBytes.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = uInt(outputBytes.count)
                let result = mode == .compress
                    ? deflate(stream, finish ? Z_FINISH : Z_NO_FLUSH)
                    : inflate(stream, Z_NO_FLUSH)
                stream.pointee.next_in = nil
                stream.pointee.next_out = nil
                return result
            }
        }
        let consumed = pending - Int(stream.pointee.avail_in)
        let produced = output.count - Int(stream.pointee.avail_out)
        inputOffset += consumed
        output.removeLast(output.count - produced)
        switch result {
        case Z_STREAM_END:
            ended = true
            if mode == .decompress, inputOffset < input.count {
                throw Failure(message: "there is data after the end of the compressed stream")
            }
        case Z_OK:
            break
        case Z_BUF_ERROR:
            // No progress was possible: all input is used and nothing is pending.
            if finish, mode == .decompress { throw Failure(message: "the compressed data ended before the end of its stream (truncated)") }
        case Z_NEED_DICT:
            throw Failure(message: "the compressed data needs a preset dictionary, which the format does not allow")
        case Z_DATA_ERROR:
            throw Failure(message: "the compressed data is corrupt (\(errorMessage ?? "invalid data"))")
        case Z_MEM_ERROR:
            throw Failure(message: "zlib ran out of memory")
        default:
            throw Failure(message: "zlib failed (error \(result))")
        }
        if finish, mode == .decompress, produced == 0, !ended {
            throw Failure(message: "the compressed data ended before the end of its stream (truncated)")
        }
        return output
    }

    private var errorMessage: String? {
        stream.pointee.msg.map { String(cString: $0) }
    }
}
