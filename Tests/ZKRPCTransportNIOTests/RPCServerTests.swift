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
            var reply = ByteBuffer(bytes: await socket.readToEnd())
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
                _ = await socket.readToEnd()  // returns because the server closed the connection
            }
            #expect(try await healthy.call(TestService.echo, MetadataEntry(key: "x", value: "y")).key == "y")
            let fresh = try await RPCConnection.connect(host: "127.0.0.1", port: port)
            #expect(try await fresh.call(TestService.echo, MetadataEntry(key: "x", value: "y")).key == "y")
            await healthy.close()
            await fresh.close()
        }
    }

    @Test("graceful shutdown: during the drain in-flight calls complete, new calls and connections are refused")
    func gracefulShutdown() async throws {
        let service = TestService()
        let server = RPCServer(
            configuration: RPCServerConfiguration(port: 0, drainTimeout: .seconds(10)),
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
                    Task { try await connection.call(TestService.slow, MetadataEntry(key: "", value: "1500")) }
                }
                while service.started.load(ordering: .relaxed) < 10 { try await Task.sleep(for: .milliseconds(5)) }
                trigger.triggerGracefulShutdown()

                // While the slow calls run: the listener is closed, so a new connection is refused…
                var refused: RPCError?
                for _ in 0..<100 where refused == nil {
                    do {
                        let late = try await RPCConnection.connect(host: "127.0.0.1", port: port)
                        await late.close()
                        try await Task.sleep(for: .milliseconds(5))
                    } catch let error as RPCError {
                        refused = error
                    }
                }
                #expect(refused?.code == .unavailable)
                // …and a new call on the open connection gets UNAVAILABLE once that connection drains.
                var rejected: RPCError?
                for _ in 0..<100 where rejected == nil {
                    do {
                        _ = try await connection.call(TestService.echo, MetadataEntry(key: "a", value: "b"))
                        try await Task.sleep(for: .milliseconds(5))
                    } catch let error as RPCError {
                        rejected = error
                    }
                }
                #expect(rejected?.code == .unavailable)
                #expect(rejected?.message == "server is shutting down")
                // Both happened during the drain, before any in-flight call finished.
                #expect(service.completions.load(ordering: .relaxed) == 0)

                for call in calls {
                    #expect(try await call.value.value == "1500")
                }
                try await group.waitForAll()  // run() returns once the drained connection closed
                #expect(service.completions.load(ordering: .relaxed) == 10)
                #expect(service.cancellations.load(ordering: .relaxed) == 0)
                // The server closed its side; the client sees the close when its event loop reads it (not
                // necessarily before run() returns here), so wait for it, within a deadline a loaded machine meets.
                let closeDeadline = ContinuousClock.now + .seconds(30)
                while connection.isActive && ContinuousClock.now < closeDeadline {
                    try await Task.sleep(for: .milliseconds(5))
                }
                #expect(!connection.isActive)
            }
        }
    }

    @Test("graceful shutdown: a call still running when the drain timeout passes is cut off, and run() returns")
    func drainTimeout() async throws {
        let service = TestService()
        let server = RPCServer(
            configuration: RPCServerConfiguration(port: 0, drainTimeout: .milliseconds(200)),
            services: [service],
            logger: .init(label: "test")
        )
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await server.run() }
                while server.localAddress == nil { try await Task.sleep(for: .milliseconds(5)) }
                let connection = try await RPCConnection.connect(host: "127.0.0.1", port: server.localAddress!.port!)
                let call = Task { try await connection.call(TestService.slow, MetadataEntry(key: "", value: "10000")) }
                while service.started.load(ordering: .relaxed) < 1 { try await Task.sleep(for: .milliseconds(5)) }
                let start = ContinuousClock.now
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
                #expect(ContinuousClock.now - start < .seconds(5))  // far less than the call's 10 s
                let error = await #expect(throws: RPCError.self) { try await call.value }
                #expect(error?.code == .unavailable)
                for _ in 0..<100 where service.cancellations.load(ordering: .relaxed) == 0 {
                    try await Task.sleep(for: .milliseconds(10))
                }
                #expect(service.cancellations.load(ordering: .relaxed) == 1)
                #expect(service.completions.load(ordering: .relaxed) == 0)
            }
        }
    }

    @Test("RPCClient retries an idempotent call whose answer was lost, on a new connection per attempt, then succeeds")
    func retryIdempotent() async throws {
        try await FlakyServer.with(dropping: 2) { server in
            var configuration = RPCClient.Configuration(host: "127.0.0.1", port: server.port, connections: 1)
            configuration.maximumAttempts = 3
            let client = RPCClient(configuration: configuration)
            let response = try await client.unary(TestService.echo, MetadataEntry(), idempotent: true)
            #expect(response == FlakyServerHandler.answer)
            #expect(server.acceptedConnections == 3)  // two dropped attempts, the third answered
            await client.close()
        }
    }

    @Test("RPCClient gives up after maximumAttempts and reports UNAVAILABLE")
    func retryGivesUp() async throws {
        try await FlakyServer.with(dropping: 100) { server in
            var configuration = RPCClient.Configuration(host: "127.0.0.1", port: server.port, connections: 1)
            configuration.maximumAttempts = 4
            let client = RPCClient(configuration: configuration)
            let error = try await #require(throws: RPCError.self) {
                try await client.unary(TestService.echo, MetadataEntry(), idempotent: true)
            }
            #expect(error.code == .unavailable)
            #expect(server.acceptedConnections == 4)
            await client.close()
        }
    }

    @Test("RPCClient does not retry a call that is not idempotent once its request was sent")
    func noRetryWhenNotIdempotent() async throws {
        try await FlakyServer.with(dropping: 1) { server in
            var configuration = RPCClient.Configuration(host: "127.0.0.1", port: server.port, connections: 1)
            configuration.maximumAttempts = 3
            let client = RPCClient(configuration: configuration)
            let error = try await #require(throws: RPCError.self) {
                try await client.unary(TestService.echo, MetadataEntry(), idempotent: false)
            }
            #expect(error.code == .unavailable)
            #expect(server.acceptedConnections == 1)
            // The next call makes a new connection, which the server answers.
            #expect(try await client.unary(TestService.echo, MetadataEntry()) == FlakyServerHandler.answer)
            #expect(server.acceptedConnections == 2)
            await client.close()
        }
    }

    @Test("RPCClient retries refused connections of any call, with backoff, until the server is up")
    func retryUntilServerIsUp() async throws {
        // A port nothing listens on (yet).
        let port = try await FlakyServer.with(dropping: 0) { $0.port }
        var configuration = RPCClient.Configuration(host: "127.0.0.1", port: port, connections: 1)
        configuration.maximumAttempts = 3
        let refusedClient = RPCClient(configuration: configuration)
        let start = ContinuousClock.now
        let error = try await #require(throws: RPCError.self) {
            try await refusedClient.unary(TestService.echo, MetadataEntry(), idempotent: false)
        }
        #expect(error.code == .unavailable)
        #expect(ContinuousClock.now - start >= .milliseconds(150))  // slept 50 ms, then 100 ms: three attempts
        await refusedClient.close()

        configuration.maximumAttempts = 8  // backoff 50 ms, 100 ms, … : over 6 s in all
        let client = RPCClient(configuration: configuration)
        let call = Task { try await client.unary(TestService.echo, MetadataEntry(), idempotent: false) }
        try await Task.sleep(for: .milliseconds(120))  // the first attempts are refused
        try await FlakyServer.with(dropping: 0, port: port) { server in
            let answer = try await call.value
            #expect(answer == FlakyServerHandler.answer)
            #expect(server.acceptedConnections == 1)
        }
        await client.close()
    }
}
