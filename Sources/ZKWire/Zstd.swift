internal import CZstd

/// zstd compression for ELF payloads, with a hard cap on what decompression may produce.
///
/// ELFs travel as one zstd frame plus a declared uncompressed size. ``decompress(_:declaredSize:maximumSize:)``
/// allocates at most the declared size (itself capped), stops as soon as the data would produce more, and fails
/// if it produces less, so a 1 KB bomb that expands to 1 GB costs no more than the declared size.
public enum Zstd {
    /// The level clients use by default (zstd's own default).
    public static let defaultLevel: Int32 = 3

    /// Compresses `bytes` into one zstd frame that records the content size.
    public static func compress(_ bytes: [UInt8], level: Int32 = defaultLevel) throws(ZstdError) -> [UInt8] {
        let bound = ZSTD_compressBound(bytes.count)
        var out = [UInt8](repeating: 0, count: bound)
        let written = out.withUnsafeMutableBytes { dst in
            bytes.withUnsafeBytes { src in
                ZSTD_compress(dst.baseAddress, bound, src.baseAddress, src.count, level)
            }
        }
        guard ZSTD_isError(written) == 0 else {
            throw ZstdError(code: .compressionFailed, message: String(cString: ZSTD_getErrorName(written)))
        }
        out.removeSubrange(written...)
        return out
    }

    /// Decompresses `compressed`, which must expand to exactly `declaredSize` bytes.
    ///
    /// - Parameters:
    ///   - declaredSize: the size the sender declared; at most this many bytes are ever allocated.
    ///   - maximumSize: the configured cap on any declared size.
    /// - Throws: ``ZstdError`` — `declaredSizeTooLarge`, `exceedsDeclaredSize`, `shorterThanDeclared`, `corrupt`.
    public static func decompress(
        _ compressed: [UInt8],
        declaredSize: UInt64,
        maximumSize: Int
    ) throws(ZstdError) -> [UInt8] {
        // `withUnsafeBytes` only rethrows untyped errors: carry the typed one out by hand.
        var failure: ZstdError?
        let output: [UInt8]? = compressed.withUnsafeBytes { bytes in
            do throws(ZstdError) {
                return try decompress(bytes, declaredSize: declaredSize, maximumSize: maximumSize)
            } catch {
                failure = error
                return nil
            }
        }
        guard let output else { throw failure! }
        return output
    }

    /// As the array form of `decompress(_:declaredSize:maximumSize:)`, from bytes held anywhere — e.g. a program a
    /// client received and kept as shared bytes, decompressed without copying it into an array first.
    public static func decompress(
        _ compressed: UnsafeRawBufferPointer,
        declaredSize: UInt64,
        maximumSize: Int
    ) throws(ZstdError) -> [UInt8] {
        guard declaredSize <= UInt64(maximumSize) else {
            throw ZstdError(
                code: .declaredSizeTooLarge,
                message: "declared size \(declaredSize) exceeds the limit of \(maximumSize) bytes"
            )
        }
        let expected = Int(declaredSize)
        let headerSize = ZSTD_getFrameContentSize(compressed.baseAddress, compressed.count)
        if headerSize == zk_zstd_contentsize_error() {
            throw ZstdError(code: .corrupt, message: "not a zstd frame")
        }
        if headerSize != zk_zstd_contentsize_unknown(), headerSize != declaredSize {
            let code: ZstdError.Code = headerSize > declaredSize ? .exceedsDeclaredSize : .shorterThanDeclared
            throw ZstdError(
                code: code,
                message: "zstd frame holds \(headerSize) bytes but \(declaredSize) were declared"
            )
        }
        guard let stream = ZSTD_createDStream() else {
            throw ZstdError(code: .corrupt, message: "could not create a zstd decompression context")
        }
        defer { ZSTD_freeDStream(stream) }
        // Bound the window so a hostile frame cannot ask for a huge history buffer.
        _ = ZSTD_DCtx_setParameter(stream, ZSTD_d_windowLogMax, 27)

        var output = [UInt8](repeating: 0, count: expected)
        let probeByte = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)
        defer { probeByte.deallocate() }
        let src = compressed
        let status: Result<Int, ZstdError> = output.withUnsafeMutableBytes { dst in
            var input = ZSTD_inBuffer(src: src.baseAddress, size: src.count, pos: 0)
            var out = ZSTD_outBuffer(dst: dst.baseAddress, size: dst.count, pos: 0)
            var result = 0
            while true {
                result = ZSTD_decompressStream(stream, &out, &input)
                if ZSTD_isError(result) != 0 { return .failure(corrupt(result)) }
                if out.pos == out.size { break }
                if input.pos == input.size {
                    // All input consumed: a complete frame (result 0) or a truncated one.
                    return result == 0
                        ? .success(out.pos) : .failure(ZstdError(code: .corrupt, message: "truncated zstd frame"))
                }
            }
            // The output is full. A finished frame with all input consumed is the expected end.
            if result == 0 && input.pos == input.size { return .success(out.pos) }
            // Otherwise any further byte means the data is bigger than declared.
            var last = result
            while last != 0 {
                var probe = ZSTD_outBuffer(dst: probeByte, size: 1, pos: 0)
                let before = input.pos
                last = ZSTD_decompressStream(stream, &probe, &input)
                if ZSTD_isError(last) != 0 { return .failure(corrupt(last)) }
                if probe.pos > 0 {
                    return .failure(
                        ZstdError(
                            code: .exceedsDeclaredSize,
                            message: "data expands beyond the declared \(declaredSize) bytes"
                        )
                    )
                }
                if input.pos == input.size || input.pos == before { break }
            }
            guard input.pos == input.size, last == 0 else {
                return .failure(ZstdError(code: .corrupt, message: "truncated zstd frame or trailing bytes"))
            }
            return .success(out.pos)
        }
        let produced = try status.get()
        guard produced == expected else {
            throw ZstdError(
                code: .shorterThanDeclared,
                message: "data expands to \(produced) bytes but \(declaredSize) were declared"
            )
        }
        return output
    }

    private static func corrupt(_ result: Int) -> ZstdError {
        ZstdError(code: .corrupt, message: String(cString: ZSTD_getErrorName(result)))
    }
}
