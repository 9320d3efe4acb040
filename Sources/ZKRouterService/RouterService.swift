public import Logging
import ZKProto
public import ZKRPC
import ZKServiceKit

/// `zkfaas.v1.Router`: the service users call to get proofs.
public final class RouterService: RPCService {
    public let serviceName = RouterMethods.serviceName
    private let logger: Logger
    private let startedAt = ContinuousClock.now

    public init(logger: Logger) {
        self.logger = logger
    }

    public var handlers: [RPCMethodHandler] {
        [HealthHandler.make(RouterMethods.health, startedAt: startedAt)]
    }
}
