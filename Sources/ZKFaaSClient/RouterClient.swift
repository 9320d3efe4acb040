public import ZKProto
import ZKRPC
public import ZKRPCTransportNIO

/// An async client of `zkfaas.v1.Router`.
public struct RouterClient: ServiceClient {
    public let rpc: RPCClient
    public static let healthMethod = RouterMethods.health

    public init(rpc: RPCClient) {
        self.rpc = rpc
    }
}

extension RouterClient {
    /// Asks for a proof. Not retried automatically: a retry would only join or hit the cache, but the caller decides.
    public func prove(_ request: ProveRequest, timeout: Duration? = nil) async throws -> JobStatus {
        let response = try await rpc.unary(RouterMethods.prove, request, timeout: timeout)
        guard let job = response.job else {
            throw RPCError(code: .internalError, message: "router answered without a job")
        }
        return job
    }

    public func getJob(_ id: String, timeout: Duration? = nil) async throws -> JobStatus {
        try await rpc.unary(RouterMethods.getJob, GetJobRequest(jobID: id), timeout: timeout, idempotent: true)
    }

    /// Waits up to `wait` for the job to end; returns its status either way.
    public func waitJob(_ id: String, wait: Duration, timeout: Duration? = nil) async throws -> JobStatus {
        let milliseconds = UInt32(clamping: wait.components.seconds * 1000 + wait.components.attoseconds / 1_000_000_000_000_000)
        return try await rpc.unary(
            RouterMethods.waitJob,
            WaitJobRequest(jobID: id, timeoutMs: milliseconds),
            timeout: timeout ?? (wait + .seconds(10)),
            idempotent: true
        )
    }

    public func cancelJob(_ id: String, timeout: Duration? = nil) async throws -> JobStatus {
        try await rpc.unary(RouterMethods.cancelJob, CancelJobRequest(jobID: id), timeout: timeout, idempotent: true)
    }

    public func execute(_ request: ExecuteRequest, timeout: Duration? = nil) async throws -> ExecuteResponse {
        try await rpc.unary(RouterMethods.execute, request, timeout: timeout, idempotent: true)
    }

    public func listBackends(timeout: Duration? = nil) async throws -> ListBackendsResponse {
        try await rpc.unary(RouterMethods.listBackends, ListBackendsRequest(), timeout: timeout, idempotent: true)
    }

    public func stats(timeout: Duration? = nil) async throws -> RouterStatsResponse {
        try await rpc.unary(RouterMethods.stats, RouterStatsRequest(), timeout: timeout, idempotent: true)
    }
}
