public import ZKProto
public import ZKRPC

/// The `Health` method every service has: answered on the event loop, never blocked by work in progress.
public enum HealthHandler {
    /// Makes the handler.
    ///
    /// - Parameters:
    ///   - method: the service's `Health` descriptor.
    ///   - startedAt: when the service started, for `uptime_ms`.
    ///   - dependencies: current readiness of what the service relies on; must not block.
    public static func make(
        _ method: MethodDescriptor<HealthRequest, HealthResponse>,
        startedAt: ContinuousClock.Instant = .now,
        dependencies: @escaping @Sendable () -> [DependencyStatus] = { [] }
    ) -> RPCMethodHandler {
        let service = String(method.serviceName)
        let answer: @Sendable () -> HealthResponse = {
            let deps = dependencies()
            let elapsed = ContinuousClock.now - startedAt
            return HealthResponse(
                status: .serving,
                service: service,
                version: ZKFaaSVersion.current,
                uptimeMs: UInt64(max(.zero, elapsed) / .milliseconds(1)),
                dependencies: deps
            )
        }
        return .unary(method, fast: { _, _ in answer() }) { _, _ in answer() }
    }
}
