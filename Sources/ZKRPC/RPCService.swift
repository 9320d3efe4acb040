/// A service: the handlers of its methods.
public protocol RPCService: Sendable {
    /// The full service name, e.g. `zkfaas.v1.Registry`.
    var serviceName: String { get }
    var handlers: [RPCMethodHandler] { get }
}
