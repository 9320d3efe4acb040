public import Logging
import ZKProto
public import ZKRPC
import ZKServiceKit

/// `zkfaas.v1.Storage`: content-addressed ELF storage.
public final class StorageService: RPCService {
    public let serviceName = StorageMethods.serviceName
    private let logger: Logger
    private let startedAt = ContinuousClock.now

    public init(logger: Logger) {
        self.logger = logger
    }

    public var handlers: [RPCMethodHandler] {
        [HealthHandler.make(StorageMethods.health, startedAt: startedAt)]
    }
}
