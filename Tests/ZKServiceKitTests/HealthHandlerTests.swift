import Logging
import Testing
import ZKProto
import ZKRPC
import ZKServiceKit

@Suite("HealthHandler")
struct HealthHandlerTests {
    static let context = ServerContext(
        method: RouterMethods.health.fullName,
        requestID: 1,
        metadata: Metadata(),
        deadline: nil,
        peer: "test",
        logger: Logger(label: "test.health")
    )

    @Test("answers on the event loop: SERVING, the service's name, the version, the uptime and the dependencies")
    func fastAnswer() throws {
        let dependencies = [DependencyStatus(name: "redis", status: .notServing, detail: "connection refused")]
        let handler = HealthHandler.make(
            RouterMethods.health,
            startedAt: .now - .milliseconds(1500),
            dependencies: { dependencies }
        )
        #expect(handler.fullName == RouterMethods.health.fullName)
        guard case .response(let bytes) = handler.handleFast(HealthRequest().serializedBytes(), context: Self.context)
        else {
            Issue.record("Health did not answer on the fast path")
            return
        }
        let response = try HealthResponse(serializedBytes: bytes)
        #expect(response.status == .serving)
        #expect(response.service == "zkfaas.v1.Router")
        #expect(response.version == ZKFaaSVersion.current)
        #expect(response.uptimeMs >= 1500 && response.uptimeMs < 60_000)
        #expect(response.dependencies == dependencies)
    }

    @Test("dependencies are read on every call, and the asynchronous path answers the same")
    func dependenciesPerCall() async throws {
        let calls = CallCounter()
        let handler = HealthHandler.make(StorageMethods.health) {
            [DependencyStatus(name: "call-\(calls.next())", status: .serving)]
        }
        var names: [String] = []
        for _ in 0..<2 {
            if case .response(let bytes) = handler.handleFast([], context: Self.context) {
                names += try HealthResponse(serializedBytes: bytes).dependencies.map(\.name)
            }
        }
        let slow = try HealthResponse(serializedBytes: await handler.handle([], context: Self.context).get())
        names += slow.dependencies.map(\.name)
        #expect(names == ["call-0", "call-1", "call-2"])
        #expect(slow.service == "zkfaas.v1.Storage" && slow.status == .serving)
    }

    @Test("a start in the future reports zero uptime rather than trapping")
    func futureStart() throws {
        let handler = HealthHandler.make(RegistryMethods.health, startedAt: .now + .seconds(60))
        guard case .response(let bytes) = handler.handleFast([], context: Self.context) else {
            Issue.record("Health did not answer on the fast path")
            return
        }
        #expect(try HealthResponse(serializedBytes: bytes).uptimeMs == 0)
    }
}
