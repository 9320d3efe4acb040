import ZKCrypto
public import ZKProto
public import ZKRPC
public import ZKRPCTransportNIO

/// An async client of `zkfaas.v1.Registry`.
public struct RegistryClient: ServiceClient {
    public let rpc: RPCClient
    public static let healthMethod = RegistryMethods.health

    public init(rpc: RPCClient) {
        self.rpc = rpc
    }
}

extension RegistryClient {
    /// Registers a program (not retried: a retry after a lost answer would get ALREADY_EXISTS).
    public func registerProgram(
        _ request: RegisterProgramRequest,
        metadata: Metadata = Metadata(),
        timeout: Duration? = nil
    ) async throws -> ProgramMetadata? {
        try await rpc.unary(RegistryMethods.registerProgram, request, metadata: metadata, timeout: timeout).program
    }

    /// The metadata of `programHash`.
    ///
    /// - Throws: NOT_FOUND when it is not registered; DATA_LOSS when the registry answers with the metadata of
    ///   another program hash (a lying or broken registry), which must then not be used or cached.
    public func getProgram(_ programHash: [UInt8], timeout: Duration? = nil) async throws -> ProgramMetadata {
        let response = try await rpc.unary(
            RegistryMethods.getProgram,
            GetProgramRequest(programHash: programHash),
            timeout: timeout,
            idempotent: true
        )
        guard let program = response.program else {
            throw RPCError(code: .internalError, message: "registry answered without a program")
        }
        guard program.programHash == programHash else {
            throw RPCError(
                code: .dataLoss,
                message: "the registry answered for program \(Hex.encode(program.programHash)), "
                    + "not the requested \(Hex.encode(programHash))"
            )
        }
        return program
    }

    public func listPrograms(_ request: ListProgramsRequest, timeout: Duration? = nil) async throws
        -> ListProgramsResponse
    {
        try await rpc.unary(RegistryMethods.listPrograms, request, timeout: timeout, idempotent: true)
    }
}
