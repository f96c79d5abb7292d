internal import CLZMA

/// Decodes an xz stream from `base` as it is read, with the system liblzma.
///
/// Concatenated xz streams decode as one (`LZMA_CONCATENATED`), as xz(1) does.
final class XZSource: ByteSource {
    private let base: any ByteSource
    // liblzma's internal state points into the lzma_stream, so it gets a fixed address.
    private let stream: UnsafeMutablePointer<lzma_stream>
    private var input: [UInt8] = []
    private var inputStart = 0
    private var baseEnded = false
    private var finished = false
    private var consumed = 0

    init(_ base: any ByteSource) throws(InputProblem) {
        self.base = base
        stream = .allocate(capacity: 1)
        stream.initialize(to: lzma_stream())
        // 0x08 is LZMA_CONCATENATED (a UINT32_C macro, which Swift does not import).
        let code = lzma_stream_decoder(stream, UInt64.max, 0x08)
        if code != LZMA_OK {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw InputProblem(.failed, "xz: liblzma could not start (error \(code.rawValue))")
        }
    }

    deinit {
        lzma_end(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    func read(upTo limit: Int) throws(InputProblem) -> [UInt8] {
        let limit = min(limit, maximumChunk)
        var output = [UInt8](repeating: 0, count: limit)
        var produced = 0
        while produced == 0 && !finished {
            if inputStart == input.count && !baseEnded {
                input = try base.read(upTo: chunkSize)
                inputStart = 0
                baseEnded = input.isEmpty
            }
            let available = input.count - inputStart
            // NOTE: with LZMA_CONCATENATED only LZMA_FINISH tells liblzma that no stream follows.
            let action = baseEnded ? LZMA_FINISH : LZMA_RUN
            let (code, left, room) = input.withUnsafeBufferPointer { inputBytes in
                output.withUnsafeMutableBufferPointer { outputBytes in
                    stream.pointee.next_in = available > 0 ? inputBytes.baseAddress! + inputStart : nil
                    stream.pointee.avail_in = available
                    stream.pointee.next_out = outputBytes.baseAddress! + produced
                    stream.pointee.avail_out = limit - produced
                    let code = lzma_code(stream, action)
                    let left = stream.pointee.avail_in
                    let room = stream.pointee.avail_out
                    stream.pointee.next_in = nil
                    stream.pointee.next_out = nil
                    return (code, left, room)
                }
            }
            consumed += available - left
            inputStart += available - left
            produced = limit - room
            switch code {
            case LZMA_OK:
                continue
            case LZMA_STREAM_END:
                finished = true
            case LZMA_BUF_ERROR:
                throw InputProblem(.failed, "corrupt xz: unexpected end of data at byte \(consumed)")
            case LZMA_MEM_ERROR, LZMA_MEMLIMIT_ERROR:
                throw InputProblem(.failed, "xz: out of memory")
            case LZMA_FORMAT_ERROR:
                throw InputProblem(.failed, "corrupt xz: not in the xz format")
            case LZMA_OPTIONS_ERROR:
                throw InputProblem(.failed, "corrupt xz: unsupported options at byte \(consumed)")
            default:
                throw InputProblem(.failed, "corrupt xz: compressed data is corrupt at byte \(consumed)")
            }
        }
        output.removeLast(limit - produced)
        return output
    }
}
