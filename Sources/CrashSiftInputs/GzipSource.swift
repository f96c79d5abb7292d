internal import CZlib

/// Inflates a gzip stream from `base` as it is read, with the system zlib.
///
/// Several gzip members one after the other (`cat a.gz b.gz`, what log rotation and `pigz`
/// write) decode as one stream, as gzip(1) does; bytes after the last member that do not start
/// a new member are ignored, as gzip(1) ignores "trailing garbage".
final class GzipSource: ByteSource {
    private let base: any ByteSource
    // zlib keeps a pointer back to its z_stream and checks it, so the stream needs a fixed address.
    private let stream: UnsafeMutablePointer<z_stream>
    private var input: [UInt8] = []
    private var inputStart = 0
    private var baseEnded = false
    private var betweenMembers = false
    private var finished = false
    /// Compressed bytes consumed so far, so a corruption can say where it is.
    private var consumed = 0

    init(_ base: any ByteSource) throws(InputProblem) {
        self.base = base
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // 15 + 32: the largest window, and zlib detects the gzip (or zlib) header itself.
        let code = inflateInit2_(stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        if code != Z_OK {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw InputProblem(.failed, "gzip: zlib could not start (error \(code))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Appends the next chunk of `base` to the unread input; false at the end of `base`.
    private func fillInput() throws(InputProblem) -> Bool {
        if baseEnded { return false }
        let chunk = try base.read(upTo: chunkSize)
        if chunk.isEmpty {
            baseEnded = true
            return false
        }
        input = inputStart < input.count ? Array(input[inputStart...]) + chunk : chunk
        inputStart = 0
        return true
    }

    func read(upTo limit: Int) throws(InputProblem) -> [UInt8] {
        let limit = min(limit, maximumChunk)
        var output = [UInt8](repeating: 0, count: limit)
        var produced = 0
        while produced == 0 && !finished {
            if betweenMembers {
                while input.count - inputStart < 2, try fillInput() {}
                if input.count - inputStart >= 2 && input[inputStart] == 0x1F && input[inputStart + 1] == 0x8B {
                    inflateReset(stream)
                    betweenMembers = false
                } else {
                    finished = true
                    break
                }
            }
            if inputStart == input.count, !(try fillInput()) {
                throw InputProblem(.failed, "corrupt gzip: unexpected end of data at byte \(consumed)")
            }
            let available = input.count - inputStart
            let (code, left, room) = input.withUnsafeBufferPointer { inputBytes in
                output.withUnsafeMutableBufferPointer { outputBytes in
                    stream.pointee.next_in = UnsafeMutablePointer(mutating: inputBytes.baseAddress! + inputStart)
                    stream.pointee.avail_in = UInt32(available)
                    stream.pointee.next_out = outputBytes.baseAddress! + produced
                    stream.pointee.avail_out = UInt32(limit - produced)
                    let code = inflate(stream, Z_NO_FLUSH)
                    let left = Int(stream.pointee.avail_in)
                    let room = Int(stream.pointee.avail_out)
                    stream.pointee.next_in = nil
                    stream.pointee.next_out = nil
                    return (code, left, room)
                }
            }
            consumed += available - left
            inputStart += available - left
            produced = limit - room
            switch code {
            case Z_BUF_ERROR where left == available && available > 0 && produced == 0:
                // No progress with input and room to spare: give up rather than loop forever.
                throw InputProblem(.failed, "corrupt gzip: zlib made no progress at byte \(consumed)")
            case Z_OK, Z_BUF_ERROR:
                continue
            case Z_STREAM_END:
                betweenMembers = true
            case Z_MEM_ERROR:
                throw InputProblem(.failed, "gzip: out of memory")
            default:
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "error \(code)"
                throw InputProblem(.failed, "corrupt gzip: \(message) at byte \(consumed)")
            }
        }
        output.removeLast(limit - produced)
        return output
    }
}
