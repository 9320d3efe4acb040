import ZKProto
import ZKRPC

/// Answers `zkfaas.v1.Storage/Health` with ``answer``, for tests of the typed clients.
struct StorageHealthService: RPCService {
    static let answer = HealthResponse(status: .serving, service: "storage-health-test")

    let serviceName = "zkfaas.v1.Storage"

    var handlers: [RPCMethodHandler] {
        [.unary(StorageMethods.health) { _, _ in Self.answer }]
    }
}
