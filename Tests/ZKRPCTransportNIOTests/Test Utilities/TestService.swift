import Synchronization
import ZKProto
import ZKRPC

/// A service for transport tests, built on existing messages: `Echo` returns the request's key/value swapped,
/// `Slow` sleeps for `value` milliseconds (cancellable) and records whether it saw cancellation, `Fail` throws the
/// code named in `key`, `Fast` answers on the event loop, `Parts` answers on the event loop with `key` echoed and
/// ``sharedValue`` as the value, sent from shared storage (``ResponseParts``), `Trace` answers the `rpc.trace_id`
/// its logger carries.
final class TestService: RPCService {
    static let echo = MethodDescriptor<MetadataEntry, MetadataEntry>("test.Test/Echo")
    static let slow = MethodDescriptor<MetadataEntry, MetadataEntry>("test.Test/Slow")
    static let fail = MethodDescriptor<MetadataEntry, MetadataEntry>("test.Test/Fail")
    static let fast = MethodDescriptor<MetadataEntry, MetadataEntry>("test.Test/Fast")
    static let parts = MethodDescriptor<MetadataEntry, MetadataEntry>("test.Test/Parts")
    static let trace = MethodDescriptor<MetadataEntry, MetadataEntry>("test.Test/Trace")
    /// The large `value` `Parts` answers with, shared by every answer.
    static let sharedValue = SharedBytes((0..<300_000).map { UInt8(ascii: "a") + UInt8($0 % 26) })

    let serviceName = "test.Test"
    let cancellations = Atomic<Int>(0)
    let completions = Atomic<Int>(0)
    let started = Atomic<Int>(0)

    var handlers: [RPCMethodHandler] {
        [
            .unary(Self.echo) { request, context in
                MetadataEntry(key: request.value, value: request.key + (context.apiKey.map { "|\($0)" } ?? ""))
            },
            .unary(Self.slow) { [self] request, _ in
                started.add(1, ordering: .relaxed)
                do {
                    try await Task.sleep(for: .milliseconds(Int(request.value) ?? 0))
                } catch {
                    cancellations.add(1, ordering: .relaxed)
                    throw error
                }
                completions.add(1, ordering: .relaxed)
                return MetadataEntry(key: "slept", value: request.value)
            },
            .unary(Self.fail) { request, _ in
                throw RPCError(code: RPCError.Code(name: request.key) ?? .unknown, message: "asked to fail", details: ["why": request.value])
            },
            .unary(Self.trace) { _, context in
                MetadataEntry(key: "trace", value: context.logger[metadataKey: "rpc.trace_id"].map { "\($0)" } ?? "")
            },
            .unary(Self.fast, fast: { request, _ in MetadataEntry(key: "fast", value: request.value) }) { _, _ in
                MetadataEntry(key: "slow-path", value: "")
            },
            .unary(Self.parts, fastParts: { request, _ in
                // key (field 1), then value (field 2) whose bytes are the shared part.
                let key = MetadataEntry(key: request.key).serializedBytes()
                return ResponseParts(before: key, field: 2, shared: Self.sharedValue)
            }) { _, _ in
                MetadataEntry(key: "slow-path", value: "")
            },
        ]
    }
}
