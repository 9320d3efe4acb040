/// A service: the handlers of its methods, and what it holds while it serves them.
public protocol RPCService: Sendable {
    /// The full service name, e.g. `zkfaas.v1.Registry`.
    var serviceName: String { get }
    var handlers: [RPCMethodHandler] { get }

    /// Releases everything the service holds — folder locks, databases, thread pools, clients, background work —
    /// and returns once it is released. Called once, after the server that served the handlers has stopped (and
    /// its in-flight calls have ended); nothing is left to `deinit`. The default does nothing.
    func shutdown() async
}

extension RPCService {
    /// Holds nothing.
    public func shutdown() async {}
}
