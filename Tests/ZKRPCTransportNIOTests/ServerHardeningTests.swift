import Logging

#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import Testing
import ZKProto
import ZKRPC
import ZKTestSupport
import ZKWire

@testable import ZKRPCTransportNIO

/// What the server does with hostile or careless input on a real socket: reused request ids, frames of no or an
/// unknown kind, strings that protobuf-c would cut short, client-chosen trace ids, and too many connections.
@Suite("Server hardening over real TCP")
struct ServerHardeningTests {
    static func request(_ id: UInt64, _ method: String, _ value: String, metadata: [MetadataEntry] = []) -> Frame {
        Frame(
            requestID: id,
            kind: .request,
            method: method,
            metadata: metadata,
            payload: MetadataEntry(value: value).serializedBytes()
        )
    }

    @Test("a request id reused after CANCEL, in the same write, gets its own answer, never the cancelled call's")
    func requestIDReuse() async throws {
        let service = TestService()
        try await withServer(services: [service]) { port, _ in
            let socket = try RawSocket(port: port)
            socket.send([Self.request(7, TestService.slow.fullName, "5000")])
            for _ in 0..<1000 where service.started.load(ordering: .relaxed) < 1 {
                try await Task.sleep(for: .milliseconds(5))
            }
            socket.send([Frame(requestID: 7, kind: .cancel), Self.request(7, TestService.slow.fullName, "300")])
            let (frames, _) = try await socket.readFrames(count: 2)
            try #require(frames.count == 2)
            #expect(frames[0].requestID == 7)
            #expect(frames[0].kind == .error)
            #expect(frames[0].status?.code == RPCError.Code.cancelled.rawValue)
            // The cancelled first call ends at once; its late completion must not answer (or end) the second call.
            #expect(frames[1].requestID == 7)
            #expect(frames[1].kind == .response)
            #expect(try MetadataEntry(serializedBytes: frames[1].payload).value == "300")
            #expect(service.started.load(ordering: .relaxed) == 2)
            #expect(service.cancellations.load(ordering: .relaxed) == 1)
        }
    }

    @Test("an empty frame (kind UNSPECIFIED, request id 0) gets ERROR INVALID_ARGUMENT, then the connection closes")
    func emptyFrame() async throws {
        try await withServer(services: [TestService()]) { port, _ in
            let socket = try RawSocket(port: port)
            socket.send([0, 0, 0, 0])
            let (frames, closed) = try await socket.readFrames(count: 2)
            try #require(frames.count == 1)
            #expect(frames[0].kind == .error)
            #expect(frames[0].requestID == 0)
            #expect(frames[0].status?.code == RPCError.Code.invalidArgument.rawValue)
            #expect(closed)
        }
    }

    @Test(
        "a frame of no or an unknown kind with a request id gets a coded ERROR for that id; the connection stays",
        arguments: [(FrameKind.unspecified, RPCError.Code.invalidArgument), (FrameKind(rawValue: 42), .unimplemented)]
    )
    func unknownKind(kind: FrameKind, code: RPCError.Code) async throws {
        try await withServer(services: [TestService()]) { port, _ in
            let socket = try RawSocket(port: port)
            socket.send([Frame(requestID: 5, kind: kind), Frame(requestID: 6, kind: .ping)])
            let (frames, _) = try await socket.readFrames(count: 2)
            try #require(frames.count == 2)
            #expect(frames[0].kind == .error)
            #expect(frames[0].requestID == 5)
            #expect(frames[0].status?.code == code.rawValue)
            #expect(frames[1].kind == .pong)
            #expect(frames[1].requestID == 6)
        }
    }

    /// A REQUEST for `test.Test/Echo` with the metadata entry `api-key: "valid\0junk"`, encoded by hand: libprotobuf-c
    /// packs a string only up to its first NUL, so encoding the `Frame` would send `"valid"`.
    static let requestWithNULInAPIKey: [UInt8] = {
        let method = Array(TestService.echo.fullName.utf8)
        let entry: [UInt8] = [0x0A, 7] + Array("api-key".utf8) + [0x12, 10] + Array("valid\0junk".utf8)
        let payload = MetadataEntry(value: "v").serializedBytes()
        var body: [UInt8] = [0x08, 1, 0x10, 1, 0x1A, UInt8(method.count)] + method
        body += [0x2A, UInt8(entry.count)] + entry + [0x32, UInt8(payload.count)] + payload
        return [0, 0, 0, UInt8(body.count)] + body
    }()

    @Test(
        "a method or an api-key with a NUL is not cut short: the frame is refused and its connection closed",
        arguments: [
            ServerHardeningTests.frameBytes(ServerHardeningTests.request(1, TestService.echo.fullName + "\0x", "v")),
            ServerHardeningTests.requestWithNULInAPIKey,
        ]
    )
    func nulInStrings(bytes: [UInt8]) async throws {
        try await withServer(services: [TestService()]) { port, _ in
            let socket = try RawSocket(port: port)
            socket.send(bytes)
            let (frames, closed) = try await socket.readFrames(count: 1)
            #expect(frames.isEmpty)  // not dispatched to Echo as "test.Test/Echo", not answered "v|valid"
            #expect(closed)
        }
    }

    static func frameBytes(_ frame: Frame) -> [UInt8] {
        var buffer = ByteBuffer()
        FrameEncoder.encode(frame, into: &buffer)
        return Array(buffer.readableBytesView)
    }

    @Test("a trace id with a newline or an escape sequence reaches the call's logger escaped")
    func traceIDEscaped() async throws {
        try await withServer(services: [TestService()]) { port, _ in
            let connection = try await RPCConnection.connect(host: "127.0.0.1", port: port)
            let forged = "abc\n2026-01-01T00:00:00 critical : forged\u{1B}[31m"
            let answer = try await connection.call(
                TestService.trace,
                MetadataEntry(),
                metadata: [Metadata.traceID: forged]
            )
            #expect(answer.value == #"abc\x0A2026-01-01T00:00:00 critical : forged\x1B[31m"#)
            let plain = try await connection.call(TestService.trace, MetadataEntry(), metadata: [Metadata.traceID: "t-1"])
            #expect(plain.value == "t-1")
            await connection.close()
        }
    }

    @Test("connections beyond maximumConnections are closed at once and counted; a freed slot is reused")
    func connectionLimit() async throws {
        let server = RPCServer(
            configuration: RPCServerConfiguration(port: 0, maximumConnections: 2),
            services: [TestService()],
            logger: Logger(label: "test.server")
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            defer { group.cancelAll() }
            for _ in 0..<500 where server.localAddress == nil { try await Task.sleep(for: .milliseconds(5)) }
            let port = try #require(server.localAddress?.port)
            let first = try RawSocket(port: port)
            let second = try RawSocket(port: port)
            for socket in [first, second] {
                socket.send([Frame(requestID: 1, kind: .ping)])
                #expect(try await socket.readFrames(count: 1).frames.first?.kind == .pong)
            }
            let third = try RawSocket(port: port)
            third.send([Frame(requestID: 1, kind: .ping)])
            let (frames, closed) = try await third.readFrames(count: 1)
            #expect(frames.isEmpty)
            #expect(closed)
            #expect(server.rejectedConnections.load(ordering: .relaxed) == 1)

            shutdown(first.fd, Int32(SHUT_RDWR))
            var answered = false
            for _ in 0..<200 where !answered {
                let next = try RawSocket(port: port)
                next.send([Frame(requestID: 1, kind: .ping)])
                answered = try await next.readFrames(count: 1).frames.first?.kind == .pong
                if !answered { try await Task.sleep(for: .milliseconds(10)) }
            }
            #expect(answered)
        }
    }
}
