import Foundation
import Logging
import ZKCrypto
import ZKFaaSClient
import ZKProto
import ZKStorageService
import ZKTestSupport
import ZKWire

/// A ``StorageService`` in this process on a real TCP port, over a fresh data folder, with a client.
struct StorageHarness: Sendable {
    let client: StorageClient
    let directory: String
    let address: String

    /// Runs `body` against a fresh service; `configure` adjusts the configuration (bounds, upstreams).
    ///
    /// - Parameter directory: the data folder to open (kept afterwards, so a second call restarts over it); nil for a
    ///   fresh temporary folder, removed afterwards.
    static func with<Result: Sendable>(
        directory given: String? = nil,
        _ configure: (inout StorageConfiguration) -> Void = { _ in },
        _ body: (StorageHarness) async throws -> Result
    ) async throws -> Result {
        let directory = try given ?? TestEnvironment.temporaryDirectory("storage").path
        defer { if given == nil { try? FileManager.default.removeItem(atPath: directory) } }
        var configuration = StorageConfiguration(dataDirectory: directory, upstreamTimeout: .seconds(10))
        configure(&configuration)
        let service = try StorageService(configuration: configuration, logger: Logger(label: "test.storage"))
        return try await withServer(services: [service]) { port, _ in
            try await StorageClient(address: "127.0.0.1:\(port)").closing { client in
                try await body(StorageHarness(client: client, directory: directory, address: "127.0.0.1:\(port)"))
            }
        }
    }
}

extension StorageClient {
    /// Puts `elf` compressed with zstd -3, declaring its true size.
    func put(_ elf: [UInt8], pin: Bool = false, arweaveTx: String = "") async throws -> PutProgramResponse {
        try await putProgram(
            PutProgramRequest(
                elfZstd: try Zstd.compress(elf),
                elfSize: UInt64(elf.count),
                pin: pin,
                arweaveTx: arweaveTx
            )
        )
    }

    /// Gets a program by hash and returns its decompressed bytes, after checking them against the answer's hash.
    func elf(hash: [UInt8] = [], cid: String = "", arweaveTx: String = "") async throws
        -> (elf: [UInt8], response: StorageGetProgramResponse)
    {
        let response = try await getProgram(StorageGetProgramRequest(elfHash: hash, cid: cid, arweaveTx: arweaveTx))
        let elf = try Zstd.decompress(response.elfZstd, declaredSize: response.elfSize, maximumSize: 64 << 20)
        return (elf, response)
    }

    /// The counters of one tier.
    func tier(_ name: String) async throws -> TierStats? {
        try await stats().tiers.first { $0.tier == name }
    }
}
