import ArgumentParser
import ZKCrypto
import ZKFaaSClient
import ZKProto
import ZKRPC
import ZKServiceKit
import ZKWire

/// `zkfaas-bench storage-transfer`: PutProgram and GetProgram throughput of one large file, in MB/s (10^6 bytes of
/// uncompressed ELF per second).
///
/// Prints `RESULT label=put mbps=…` (PutProgram of a precompressed, never-seen variant of the file: decompression,
/// ELF check, SHA-256, CID and the durable disk write, over loopback), `label=put_with_compress` (the same plus the
/// client's `zstd -3`), `label=get` (GetProgram from the memory tier, payload received) and
/// `label=get_with_decompress` (plus the client's decompression and SHA-256 check).
struct StorageTransfer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage-transfer",
        abstract: "PutProgram / GetProgram throughput of one file (MB/s)."
    )

    @Option(help: "storage-cache-service HOST:PORT.") var target: String
    @Option(help: "The ELF-like file.") var file: String
    @Option(help: "Fresh puts (and gets) measured; the median is printed.") var rounds: Int = 5

    func run() async throws {
        MallocTuning.apply()  // as the services do
        let base = try StorageFiles.read(file)
        let size = Double(base.count)
        // Distinct variants (a counter in the last 8 bytes) so every put stores new bytes.
        let variants = (0...rounds).map { round -> [UInt8] in
            var bytes = base
            for index in 0..<8 {
                bytes[bytes.count - 1 - index] = UInt8(truncatingIfNeeded: (round + 1) >> (index * 8))
            }
            return bytes
        }
        let compressed = try variants.map { try Zstd.compress($0) }
        let client = try StorageClient(address: target)
        _ = try await client.putProgram(PutProgramRequest(elfZstd: compressed[0], elfSize: UInt64(size)))  // warm-up
        var put: [Double] = []
        var putWithCompress: [Double] = []
        var get: [Double] = []
        var getWithDecompress: [Double] = []
        var hash: [UInt8] = []
        for round in 1...rounds {
            let started = ContinuousClock.now
            let response = try await client.putProgram(
                PutProgramRequest(elfZstd: compressed[round], elfSize: UInt64(size)),
                timeout: .seconds(120)
            )
            put.append((ContinuousClock.now - started) / .seconds(1))
            guard !response.alreadyPresent else { throw ValidationError("variant \(round) was already stored") }
            hash = response.elfHash
        }
        // Put including the client's compression: variants are re-stamped so they are new again.
        for round in 1...rounds {
            var bytes = variants[round]
            bytes[bytes.count - 9] ^= 0x5A
            let started = ContinuousClock.now
            let zstd = try Zstd.compress(bytes)
            _ = try await client.putProgram(
                PutProgramRequest(elfZstd: zstd, elfSize: UInt64(size)),
                timeout: .seconds(120)
            )
            putWithCompress.append((ContinuousClock.now - started) / .seconds(1))
        }
        let request = StorageGetProgramRequest(elfHash: hash)
        _ = try await client.getProgram(request)
        for _ in 1...rounds {
            let started = ContinuousClock.now
            let response = try await client.getProgram(request)
            get.append((ContinuousClock.now - started) / .seconds(1))
            let elf = try Zstd.decompress(response.elfZstd, declaredSize: response.elfSize, maximumSize: 1 << 30)
            guard SHA256.hash(elf) == hash else { throw ValidationError("GetProgram returned other bytes") }
            getWithDecompress.append((ContinuousClock.now - started) / .seconds(1))
        }
        await client.close()
        for (label, times) in [
            ("put", put), ("put_with_compress", putWithCompress), ("get", get),
            ("get_with_decompress", getWithDecompress),
        ] {
            let median = times.sorted()[times.count / 2]
            print("RESULT label=\(label) mbps=\(Self.format(size / median / 1e6)) ms=\(Self.format(median * 1000))")
        }
    }

    private static func format(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
