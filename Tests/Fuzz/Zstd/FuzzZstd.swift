import FuzzSupport
import ZKWire

/// Bounded zstd decompression (``Zstd/decompress(_:declaredSize:maximumSize:)``), applied to every ELF a client
/// uploads or a store returns.
///
/// Input: bytes 0–3 the declared size (little-endian; the cap is 256 KiB, so most declarations are refused, as an
/// oversized one must be); the rest is the compressed frame.
///
/// Checks: nothing traps; failures are `ZstdError`s (typed throws); a success has exactly the declared size, within
/// the cap, and compresses back to bytes that decompress to it.
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
        do {
            let again = try Zstd.compress(output, level: 1)
            let back = try Zstd.decompress(again, declaredSize: declared, maximumSize: maximumSize)
            FuzzCheck.require(back == output, "compress/decompress round trip differs")
        } catch {
            FuzzCheck.fail("round trip failed: \(error)")
        }
    }
}
