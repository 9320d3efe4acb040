public import ZKProto
import ZKRPC
public import ZKRPCTransportNIO

/// An async client of `zkfaas.v1.Storage`.
public struct StorageClient: ServiceClient {
    public let rpc: RPCClient
    public static let healthMethod = StorageMethods.health

    public init(rpc: RPCClient) {
        self.rpc = rpc
    }
}

extension StorageClient {
    /// Uploads one zstd-compressed ELF. Idempotent: the same bytes give the same answer.
    public func putProgram(_ request: PutProgramRequest, timeout: Duration? = nil) async throws -> PutProgramResponse {
        try await rpc.unary(StorageMethods.putProgram, request, timeout: timeout, idempotent: true)
    }

    /// Fetches a program by SHA-256 or CID; throws NOT_FOUND when no tier has it.
    public func getProgram(_ request: StorageGetProgramRequest, timeout: Duration? = nil) async throws
        -> StorageGetProgramResponse
    {
        try await rpc.unary(StorageMethods.getProgram, request, timeout: timeout, idempotent: true)
    }

    /// As ``getProgram(_:timeout:)``, but the compressed ELF is not copied out of the received answer (hot programs
    /// are hundreds of KiB): it stays a slice of the bytes read, shared until the last reference goes.
    public func getProgramShared(_ request: StorageGetProgramRequest, timeout: Duration? = nil) async throws
        -> GetProgramSharedResponse
    {
        let payload = try await rpc.unaryShared(StorageMethods.getProgram, request, timeout: timeout, idempotent: true)
        return try GetProgramSharedResponse(decoding: payload)
    }

    public func statProgram(_ request: StatProgramRequest, timeout: Duration? = nil) async throws
        -> StatProgramResponse
    {
        try await rpc.unary(StorageMethods.statProgram, request, timeout: timeout, idempotent: true)
    }

    public func pin(_ request: PinRequest, timeout: Duration? = nil) async throws -> PinResponse {
        try await rpc.unary(StorageMethods.pin, request, timeout: timeout, idempotent: true)
    }

    public func unpin(_ request: PinRequest, timeout: Duration? = nil) async throws -> PinResponse {
        try await rpc.unary(StorageMethods.unpin, request, timeout: timeout, idempotent: true)
    }

    public func stats(timeout: Duration? = nil) async throws -> StorageStatsResponse {
        try await rpc.unary(StorageMethods.stats, StorageStatsRequest(), timeout: timeout, idempotent: true)
    }
}
