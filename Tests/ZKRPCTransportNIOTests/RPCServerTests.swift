import NIOCore
import ServiceLifecycle
import ServiceLifecycleTestKit
import Testing
import ZKProto
import ZKRPC
import ZKRPCTransportNIO
import ZKWire
import ZKTestSupport

@Suite("RPC server and client over real TCP")
struct RPCServerTests {
    @Test("1,000 concurrent calls over 8 connections are each answered with their own response")
    func concurrentCalls() async throws {
        try await withServer(services: [TestService()]) { port, _ in
            var connections: [RPCConnection] = []
            for _ in 0..<8 { connections.append(try await RPCConnection.connect(host: "127.0.0.1", port: port)) }
            let pool = connections
            try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<1000 {
                    group.addTask {
                        let connection = pool[index % pool.count]
                        let response = try await connection.call(
                            TestService.echo,
                            MetadataEntry(key: "k\(index)", value: "v\(index)")
                        )
                        return response == MetadataEntry(key: "v\(index)", value: "k\(index)")
                    }
                }
                var matched = 0
                for try await ok in group where ok { matched += 1 }
                #expect(matched == 1000)
            }
            for connection in pool { await connection.close() }
        }
    }

    @Test("responses in parts: shared bytes reach every caller intact over several connections, and stay intact")
    func responseParts() async throws {
        try await withServer(services: [TestService()]) { port, _ in
            var connections: [RPCConnection] = []
            for _ in 0..<4 { connections.append(try await RPCConnection.connect(host: "127.0.0.1", port: port)) }
            let pool = connections
            let expected = String(decoding: TestService.sharedValue.bytes, as: UTF8.self)
            try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        let response = try await pool[index % pool.count].call(
                            TestService.parts,
                            MetadataEntry(key: "k\(index)")
                        )
                        return response.key == "k\(index)" && response.value == expected
                    }
                }
                var matched = 0
                for try await ok in group where ok { matched += 1 }
                #expect(matched == 200)
            }
            // The connections' send-ready form replaced the array; the bytes read back are unchanged.
            #expect(String(decoding: TestService.sharedValue.bytes, as: UTF8.self) == expected)
            // Small calls between large ones still work on the same connection.
            #expect(try await pool[0].call(TestService.echo, MetadataEntry(key: "a", value: "b")).key == "b")
            for connection in pool { await connection.close() }
        }
    }

    @Test("responses come back out of order when handlers finish out of order")
    func outOfOrder() async throws {
        try await withServer(services: [TestService()]) { port, _ in
            let connection = try await RPCConnection.connect(host: "127.0.0.1", port: port)
            async let slow = connection.call(TestService.slow, MetadataEntry(key: "", value: "300"))
            async let fast = connection.call(TestService.echo, MetadataEntry(key: "a", value: "b"))
            let fastResult = try await fast
            let start = ContinuousClock.now
            let slowResult = try await slow
            #expect(fastResult.key == "b")
            #expect(slowResult.value == "300")
            #expect(ContinuousClock.now - start > .milliseconds(50))  // the fast one did not wait for the slow one
            await connection.close()
        }
    }

    @Test("metadata reaches the handler")
    func metadata() async throws {
        try await withServer(services: [TestService()]) { port, _ in
            let connection = try await RPCConnection.connect(host: "127.0.0.1", port: port)
            let response = try await connection.call(
                TestService.echo,
                MetadataEntry(key: "a", value: "b"),
                metadata: [Metadata.apiKey: "secret-key"]
            )
            #expect(response.value == "a|secret-key")
            await connection.close()
        }
    }

    @Test("an unknown method gets UNIMPLEMENTED and the connection stays usable")
    func unknownMethod() async throws {
        try await withServer(services: [TestService()]) { port, _ in
            let connection = try await RPCConnection.connect(host: "127.0.0.1", port: port)
            let error = try await #require(throws: RPCError.self) {
                try await connection.call(method: "test.Test/Nope", payload: [])
            }
            #expect(error.code == .unimplemented)
            #expect(try await connection.call(TestService.echo, MetadataEntry(key: "x", value: "y")).key == "y")
            await connection.close()
        }
    }

    @Test("a malformed payload gets INVALID_ARGUMENT and the connection stays usable")
    func malformedPayload() async throws {
        try await withServer(services: [TestService()]) { port, _ in
            let connection = try await RPCConnection.connect(host: "127.0.0.1", port: port)
            let error = try await #require(throws: RPCError.self) {
                try await connection.call(method: TestService.echo.fullName, payload: [0xFF, 0xFF, 0xFF])
            }
            #expect(error.code == .invalidArgument)
            #expect(try await connection.call(TestService.echo, MetadataEntry(key: "x", value: "y")).key == "y")
            await connection.close()
        }
    }

    @Test("handler errors keep their code, message and details", arguments: ["NOT_FOUND", "RESOURCE_EXHAUSTED", "DATA_LOSS"])
    func errorsTravel(code: String) async throws {
        try await withServer(services: [TestService()]) { port, _ in
            let connection = try await RPCConnection.connect(host: "127.0.0.1", port: port)
            let error = try await #require(throws: RPCError.self) {
                try await connection.call(TestService.fail, MetadataEntry(key: code, value: "because"))
            }
            #expect(error.code.name == code)
            #expect(error.message == "asked to fail")
            #expect(error.details["why"] == "because")
            await connection.close()
        }
    }

    @Test("a deadline shorter than the work gets DEADLINE_EXCEEDED and the server stops the work")
    func deadline() async throws {
        let service = TestService()
        try await withServer(services: [service]) { port, _ in
            let connection = try await RPCConnection.connect(host: "127.0.0.1", port: port)
            let error = try await #require(throws: RPCError.self) {
                try await connection.call(
                    TestService.slow,
                    MetadataEntry(key: "", value: "5000"),
                    timeout: .milliseconds(100)
                )
            }
            #expect(error.code == .deadlineExceeded)
            try await Task.sleep(for: .milliseconds(200))
            #expect(service.cancellations.load(ordering: .relaxed) == 1)
            #expect(service.completions.load(ordering: .relaxed) == 0)
            await connection.close()
        }
    }

    @Test("cancelling the calling task sends CANCEL and the server stops the work")
    func cancel() async throws {
        let service = TestService()
        try await withServer(services: [service]) { port, _ in
            let connection = try await RPCConnection.connect(host: "127.0.0.1", port: port)
            let task = Task {
                try await connection.call(TestService.slow, MetadataEntry(key: "", value: "5000"))
            }
            while service.started.load(ordering: .relaxed) == 0 { try await Task.sleep(for: .milliseconds(5)) }
            task.cancel()
            let result = await task.result
            #expect(throws: RPCError.self) { try result.get() }
            for _ in 0..<100 where service.cancellations.load(ordering: .relaxed) == 0 {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(service.cancellations.load(ordering: .relaxed) == 1)
            #expect(try await connection.call(TestService.echo, MetadataEntry(key: "x", value: "y")).key == "y")
            await connection.close()
        }
    }

    @Test("the fast path answers on the event loop")
    func fastPath() async throws {
        try await withServer(services: [TestService()]) { port, _ in
            let connection = try await RPCConnection.connect(host: "127.0.0.1", port: port)
            #expect(try await connection.call(TestService.fast, MetadataEntry(key: "", value: "v")).key == "fast")
            await connection.close()
        }
    }

    @Test("ping gets pong")
    func ping() async throws {
        try await withServer(services: [TestService()]) { port, _ in
            let connection = try await RPCConnection.connect(host: "127.0.0.1", port: port)
            let rtt = try await connection.ping()
            #expect(rtt < .seconds(5))
            await connection.close()
        }
    }

    @Test("an oversized length header gets RESOURCE_EXHAUSTED, then the connection closes; others are unaffected")
    func oversizedFrame() async throws {
        try await withServer(services: [TestService()], maximumFrameBytes: 4096) { port, _ in
            let socket = try RawSocket(port: port)
            socket.send([0x00, 0x01, 0x00, 0x00])  // 65,536 > 4,096
            var reply = ByteBuffer(bytes: socket.readToEnd())
            let decoder = FrameDecoder(maximumFrameBytes: 4096)
            let frame = try #require(try decoder.decodeFrame(from: &reply))
            #expect(frame.kind == .error)
            #expect(frame.requestID == 0)
            #expect(frame.status?.code == RPCError.Code.resourceExhausted.rawValue)
            let connection = try await RPCConnection.connect(host: "127.0.0.1", port: port)
            #expect(try await connection.call(TestService.echo, MetadataEntry(key: "x", value: "y")).key == "y")
            await connection.close()
        }
    }

    @Test(
        "random bytes, a truncated frame or a malformed frame close that connection only",
        arguments: [
            [0x00, 0x00, 0x00, 0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF] as [UInt8],
            [0x00, 0x00, 0x00, 0x10, 0x08, 0x01],
            (0..<512).map { UInt8(truncatingIfNeeded: $0 &* 97 &+ 13) },
        ]
    )
    func garbage(bytes: [UInt8]) async throws {
        try await withServer(services: [TestService()]) { port, _ in
            let healthy = try await RPCConnection.connect(host: "127.0.0.1", port: port)
            let socket = try RawSocket(port: port)
            socket.send(bytes)
            if bytes.count == 6 {
                // Truncated: the server waits for the rest; the client gives up and closes.
                try await Task.sleep(for: .milliseconds(50))
            } else {
                _ = socket.readToEnd()  // returns because the server closed the connection
            }
            #expect(try await healthy.call(TestService.echo, MetadataEntry(key: "x", value: "y")).key == "y")
            let fresh = try await RPCConnection.connect(host: "127.0.0.1", port: port)
            #expect(try await fresh.call(TestService.echo, MetadataEntry(key: "x", value: "y")).key == "y")
            await healthy.close()
            await fresh.close()
        }
    }

    @Test("graceful shutdown: in-flight calls complete, new calls are refused, run() returns")
    func gracefulShutdown() async throws {
        let service = TestService()
        let server = RPCServer(
            configuration: RPCServerConfiguration(port: 0, drainTimeout: .seconds(5)),
            services: [service],
            logger: .init(label: "test")
        )
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await server.run() }
                while server.localAddress == nil { try await Task.sleep(for: .milliseconds(5)) }
                let port = server.localAddress!.port!
                let connection = try await RPCConnection.connect(host: "127.0.0.1", port: port)
                let calls = (0..<10).map { _ in
                    Task { try await connection.call(TestService.slow, MetadataEntry(key: "", value: "400")) }
                }
                while service.started.load(ordering: .relaxed) < 10 { try await Task.sleep(for: .milliseconds(5)) }
                trigger.triggerGracefulShutdown()
                for call in calls {
                    #expect(try await call.value.value == "400")
                }
                try await group.waitForAll()
                #expect(service.completions.load(ordering: .relaxed) == 10)
                await #expect(throws: RPCError.self) {
                    _ = try await RPCConnection.connect(host: "127.0.0.1", port: port)
                }
            }
        }
    }

    @Test("RPCClient retries idempotent calls when the server is not up yet")
    func retry() async throws {
        let port = try await withServer(services: [TestService()]) { port, _ in port }
        var configuration = RPCClient.Configuration(host: "127.0.0.1", port: port)
        configuration.maximumAttempts = 2
        let client = RPCClient(configuration: configuration)
        let error = try await #require(throws: RPCError.self) {
            try await client.unary(TestService.echo, MetadataEntry(), idempotent: true)
        }
        #expect(error.code == .unavailable)
        await client.close()
    }
}
