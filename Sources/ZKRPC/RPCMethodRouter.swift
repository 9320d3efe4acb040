/// Finds the handler of a full method name among the services a server hosts.
public struct RPCMethodRouter: Sendable {
    private let handlers: [String: RPCMethodHandler]

    public init(services: [any RPCService]) {
        var handlers: [String: RPCMethodHandler] = [:]
        for service in services {
            for handler in service.handlers {
                precondition(handlers[handler.fullName] == nil, "method \(handler.fullName) registered twice")
                handlers[handler.fullName] = handler
            }
        }
        self.handlers = handlers
    }

    public subscript(method: String) -> RPCMethodHandler? { handlers[method] }

    /// Every method name, sorted.
    public var methods: [String] { handlers.keys.sorted() }
}
