import CZstd
import FuzzSupport
import ZKWire

/// Bounded zstd decompression (``Zstd/decompress(_:declaredSize:maximumSize:)``), applied to every ELF a client
/// uploads or a store returns.
///
/// Input: bytes 0–3 the declared size (little-endian; the cap is 256 KiB, so most declarations are refused, as an
/// oversized one must be); the rest is the compressed frame.
///
/// Checks: nothing traps; failures are `ZstdError`s (typed throws); a success has exactly the declared size, within
/// the cap, and is what libzstd's one-shot decoder (`ZSTD_decompress`, given one byte more room) makes of the input.
@main
struct FuzzZstd {
    static func main() { FuzzDriver.main(run) }

    static let maximumSize = 256 << 10

    static func run(_ data: UnsafeRawBufferPointer) {
        var input = FuzzInput(data)
        // Small declarations are the common, interesting case: fold 3 of 4 values below 64 KiB.
        let raw = input.uint32()
        let declared = raw & 0xC000_0000 == 0 ? UInt64(raw) : UInt64(raw & 0xFFFF)
        let compressed = Array(input.remaining)
        let output: [UInt8]
        do {
            output = try Zstd.decompress(compressed, declaredSize: declared, maximumSize: maximumSize)
        } catch {
            _ = error.code
            return
        }
        FuzzCheck.require(UInt64(output.count) == declared, "\(output.count) bytes, \(declared) declared")
        FuzzCheck.require(output.count <= maximumSize, "\(output.count) bytes past the cap")
        var reference = [UInt8](repeating: 0, count: output.count + 1)
        let produced = reference.withUnsafeMutableBytes { dst in
            compressed.withUnsafeBytes { src in ZSTD_decompress(dst.baseAddress, dst.count, src.baseAddress, src.count) }
        }
        FuzzCheck.require(ZSTD_isError(produced) == 0, "libzstd rejects what Zstd.decompress accepted")
        FuzzCheck.require(produced == output.count && reference.prefix(produced).elementsEqual(output), "output differs")
    }
}
