public import Logging
import ZKProto
public import ZKRPC
import ZKServiceKit

/// `zkfaas.v1.Registry`: programHash → metadata, registered once, immutable.
public final class RegistryService: RPCService {
    public let serviceName = RegistryMethods.serviceName
    private let logger: Logger
    private let startedAt = ContinuousClock.now

    public init(logger: Logger) {
        self.logger = logger
    }

    public var handlers: [RPCMethodHandler] {
        [HealthHandler.make(RegistryMethods.health, startedAt: startedAt)]
    }
}
