import InMemoryLogging
import Logging
import Testing
import ZKProto
import ZKRPC

/// The fast and asynchronous paths of ``RPCMethodHandler``: decoding, encoding and error mapping.
@Suite("RPCMethodHandler")
struct RPCMethodHandlerTests {
    static let method = MethodDescriptor<MetadataEntry, MetadataEntry>("test.Handler/Swap")

    /// A context whose logger records into `handler`.
    static func context(_ handler: InMemoryLogHandler = InMemoryLogHandler()) -> ServerContext {
        ServerContext(
            method: method.fullName,
            requestID: 7,
            metadata: [Metadata.apiKey: "secret-key"],
            deadline: nil,
            peer: "127.0.0.1:1",
            logger: Logger(label: "test.handler") { _ in handler }
        )
    }

    static let request = MetadataEntry(key: "left", value: "right")

    /// Bytes MetadataEntry's decoder refuses: field 1 says 10 bytes follow, none do.
    static let malformed: [UInt8] = [0x0A, 0x0A]

    static func swap(_ entry: MetadataEntry) -> MetadataEntry { MetadataEntry(key: entry.value, value: entry.key) }

    /// A domain error with its own status.
    struct Busy: RPCErrorConvertible {
        var rpcError: RPCError {
            RPCError(code: .resourceExhausted, message: "busy", details: [RPCError.retryAfterKey: "9"])
        }
    }

    struct Broken: Error {}

    @Test("without a fast path every call goes to the asynchronous path, which answers the encoded response")
    func asyncOnly() async throws {
        let handler = RPCMethodHandler.unary(Self.method) { request, context in
            MetadataEntry(key: request.value, value: context.apiKey ?? "")
        }
        #expect(handler.fullName == Self.method.fullName)
        guard case .deferToAsync = handler.handleFast(Self.request.serializedBytes(), context: Self.context()) else {
            Issue.record("a handler without a fast path answered on it")
            return
        }
        let result = await handler.handle(Self.request.serializedBytes(), context: Self.context())
        let bytes = try result.get()
        #expect(try MetadataEntry(serializedBytes: bytes) == MetadataEntry(key: "right", value: "secret-key"))
    }

    @Test("a fast path answers on the spot, or defers to the asynchronous path by returning nil")
    func fastOrDefer() async throws {
        let handler = RPCMethodHandler.unary(
            Self.method,
            fast: { request, _ in request.key == "hit" ? Self.swap(request) : nil },
            { _, _ in MetadataEntry(key: "slow") }
        )
        let hit = MetadataEntry(key: "hit", value: "v")
        guard case .response(let bytes) = handler.handleFast(hit.serializedBytes(), context: Self.context()) else {
            Issue.record("the fast path did not answer")
            return
        }
        #expect(bytes == Self.swap(hit).serializedBytes())
        guard case .deferToAsync = handler.handleFast(Self.request.serializedBytes(), context: Self.context()) else {
            Issue.record("nil from the fast path did not defer")
            return
        }
        let slow = try await handler.handle(Self.request.serializedBytes(), context: Self.context()).get()
        #expect(slow == MetadataEntry(key: "slow").serializedBytes())
    }

    @Test("fastEncoded answers the cached bytes as they are")
    func fastEncoded() {
        let cached: [UInt8] = [0x0A, 0x01, 0x41, 0xFF]  // need not even decode: it is sent untouched
        let handler = RPCMethodHandler.unary(Self.method, fastEncoded: { _, _ in cached }) { _, _ in MetadataEntry() }
        guard case .response(let bytes) = handler.handleFast(Self.request.serializedBytes(), context: Self.context())
        else {
            Issue.record("fastEncoded did not answer")
            return
        }
        #expect(bytes == cached)
    }

    @Test("fastParts answers parts that join to the encoded response")
    func fastParts() throws {
        let value = SharedBytes(Array("a shared value".utf8))
        let handler = RPCMethodHandler.unary(
            Self.method,
            fastParts: { request, _ in
                ResponseParts(before: MetadataEntry(key: request.key).serializedBytes(), field: 2, shared: value)
            },
            { _, _ in MetadataEntry() }
        )
        guard
            case .responseParts(let parts) = handler.handleFast(Self.request.serializedBytes(), context: Self.context())
        else {
            Issue.record("fastParts did not answer parts")
            return
        }
        #expect(parts.shared === value)
        let joined = parts.head + parts.shared.bytes + parts.tail
        #expect(try MetadataEntry(serializedBytes: joined) == MetadataEntry(key: "left", value: "a shared value"))
    }

    @Test("a malformed request is INVALID_ARGUMENT naming the method, on both paths, and the handler never runs")
    func malformedRequest() async {
        let handler = RPCMethodHandler.unary(
            Self.method,
            fast: { _, _ -> MetadataEntry? in
                Issue.record("fast path ran"); return nil
            },
            { _, _ in
                Issue.record("handler ran"); return MetadataEntry()
            }
        )
        guard case .failure(let fast) = handler.handleFast(Self.malformed, context: Self.context()) else {
            Issue.record("a malformed request was not refused on the fast path")
            return
        }
        #expect(fast.code == .invalidArgument && fast.message.contains(Self.method.fullName))
        guard case .failure(let slow) = await handler.handle(Self.malformed, context: Self.context()) else {
            Issue.record("a malformed request was not refused on the asynchronous path")
            return
        }
        #expect(slow.code == .invalidArgument && slow.message.contains(Self.method.fullName))
    }

    @Test("handler errors keep their code; other errors become INTERNAL and only those are logged, on both paths")
    func errorMapping() async {
        let cases: [(error: any Error & Sendable, code: RPCError.Code, logged: Bool)] = [
            (Busy(), .resourceExhausted, false),
            (RPCError(code: .notFound, message: "none"), .notFound, false),
            (CancellationError(), .cancelled, false),
            (Broken(), .internalError, true),
        ]
        for (error, code, logged) in cases {
            let handler = RPCMethodHandler.unary(
                Self.method,
                fast: { _, _ -> MetadataEntry? in throw error },
                { _, _ in throw error }
            )
            let fastLog = InMemoryLogHandler()
            if case .failure(let mapped) = handler.handleFast(
                Self.request.serializedBytes(),
                context: Self.context(fastLog)
            ) {
                #expect(mapped.code == code)
                if code == .resourceExhausted { #expect(mapped.retryAfterMilliseconds == 9) }
            } else {
                Issue.record("the fast path did not fail with \(code)")
            }
            let slowLog = InMemoryLogHandler()
            if case .failure(let mapped) = await handler.handle(
                Self.request.serializedBytes(),
                context: Self.context(slowLog)
            ) {
                #expect(mapped.code == code)
            } else {
                Issue.record("the asynchronous path did not fail with \(code)")
            }
            for log in [fastLog, slowLog] {
                let errors = log.entries.filter { $0.level == .error }
                #expect(errors.count == (logged ? 1 : 0), "\(code)")
                if logged { #expect(errors.first?.metadata["rpc.error"]?.description.contains("Broken") == true) }
            }
        }
    }
}
