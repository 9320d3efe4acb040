import Foundation
import NIOCore
import Testing
import ZKFaaSClient
import ZKProto
import ZKRPC
import ZKRPCTransportNIO
import ZKTestSupport
import ZKWire

#if canImport(Glibc)
import Glibc
#endif

/// The three executables as real processes on free loopback ports.
@Suite("Three services as processes", .serialized)
struct ThreeServicesTests {
    static let services: [(binary: String, service: String)] = [
        ("registry-service", "Registry"),
        ("storage-cache-service", "Storage"),
        ("prover-router", "Router"),
    ]

    static func start(_ binary: String, data: URL) throws -> ServiceProcess {
        let arguments = ["--data-dir", data.appendingPathComponent(binary).path, "--max-frame-bytes", "1048576"]
        return try ServiceProcess(binary, arguments: arguments)
    }

    @Test("each service answers Health, and 1,000 concurrent calls over 8 connections are matched by id")
    func healthUnderLoad() async throws {
        let data = try TestEnvironment.temporaryDirectory("three")
        defer { try? FileManager.default.removeItem(at: data) }
        for (binary, service) in Self.services {
            let process = try Self.start(binary, data: data)
            defer { process.stop() }
            let method = MethodDescriptor<HealthRequest, HealthResponse>("zkfaas.v1.\(service)/Health")
            var connections: [RPCConnection] = []
            for _ in 0..<8 { connections.append(try await RPCConnection.connect(host: "127.0.0.1", port: process.port)) }
            let pool = connections
            let answered = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<1000 {
                    group.addTask {
                        let response = try await pool[index % 8].call(method, HealthRequest())
                        return response.status == .serving && response.service == "zkfaas.v1.\(service)"
                    }
                }
                var count = 0
                for try await ok in group where ok { count += 1 }
                return count
            }
            #expect(answered == 1000, "\(binary)")
            for connection in pool { await connection.close() }
        }
    }

    @Test("bad input gets its code or closes only that connection; the server then serves a fresh client")
    func badInput() async throws {
        let data = try TestEnvironment.temporaryDirectory("bad")
        defer { try? FileManager.default.removeItem(at: data) }
        for (binary, service) in Self.services {
            let process = try Self.start(binary, data: data)
            defer { process.stop() }
            let health = MethodDescriptor<HealthRequest, HealthResponse>("zkfaas.v1.\(service)/Health")

            // Oversized length header: RESOURCE_EXHAUSTED error frame, then close.
            let socket = try RawSocket(port: process.port)
            socket.send([0x7F, 0xFF, 0xFF, 0xFF])
            var reply = ByteBuffer(bytes: await socket.readToEnd())
            let frame = try #require(try FrameDecoder(maximumFrameBytes: 1 << 20).decodeFrame(from: &reply))
            #expect(frame.kind == .error && frame.status?.code == RPCError.Code.resourceExhausted.rawValue, "\(binary)")

            // Random bytes and a malformed frame: the connection closes.
            for bytes in [(0..<300).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }, [0, 0, 0, 3, 0xFF, 0xFF, 0xFF]] {
                let garbage = try RawSocket(port: process.port)
                garbage.send(bytes)
                _ = await garbage.readToEnd()
            }
            // A truncated frame followed by a close.
            do {
                let truncated = try RawSocket(port: process.port)
                truncated.send([0, 0, 0, 100, 0x08, 0x01])
            }

            let connection = try await RPCConnection.connect(host: "127.0.0.1", port: process.port)
            // Unknown method: UNIMPLEMENTED; malformed payload: INVALID_ARGUMENT; same connection keeps working.
            let unknown = try await #require(throws: RPCError.self) {
                try await connection.call(method: "zkfaas.v1.\(service)/NoSuchMethod", payload: [])
            }
            #expect(unknown.code == .unimplemented)
            let malformed = try await #require(throws: RPCError.self) {
                try await connection.call(method: health.fullName, payload: [0xFF, 0xFF])
            }
            #expect(malformed.code == .invalidArgument)
            #expect(try await connection.call(health, HealthRequest()).status == .serving)
            await connection.close()

            let fresh = try await RPCConnection.connect(host: "127.0.0.1", port: process.port)
            #expect(try await fresh.call(health, HealthRequest()).status == .serving, "\(binary) after bad input")
            await fresh.close()
            #expect(process.process.isRunning, "\(binary) must survive bad input")
        }
    }

    @Test("`zkfaas health` reports each service and exits non-zero when one is down")
    func healthCommand() async throws {
        let data = try TestEnvironment.temporaryDirectory("cli")
        defer { try? FileManager.default.removeItem(at: data) }
        let registry = try Self.start("registry-service", data: data)
        defer { registry.stop() }
        let storage = try Self.start("storage-cache-service", data: data)
        defer { storage.stop() }
        let router = try Self.start("prover-router", data: data)
        let up = try CommandRunner.run(
            "zkfaas",
            ["health", "--router", router.address, "--registry", registry.address, "--storage", storage.address]
        )
        #expect(up.status == 0)
        #expect(up.stdout.components(separatedBy: "SERVING").count == 4)
        router.stop()
        let down = try CommandRunner.run(
            "zkfaas",
            ["health", "--router", router.address, "--registry", registry.address, "--json"]
        )
        #expect(down.status != 0)
        #expect(down.stdout.contains("\"status\":\"DOWN\""))
    }

    @Test("SIGTERM: the server stops accepting, finishes in-flight calls, exits 0")
    func sigterm() async throws {
        let data = try TestEnvironment.temporaryDirectory("term")
        defer { try? FileManager.default.removeItem(at: data) }
        for (binary, service) in Self.services {
            let process = try Self.start(binary, data: data)
            let health = MethodDescriptor<HealthRequest, HealthResponse>("zkfaas.v1.\(service)/Health")
            let connection = try await RPCConnection.connect(host: "127.0.0.1", port: process.port)
            // Keep calls in flight continuously while the signal arrives.
            let load = Task {
                var ok = 0
                var refused = 0
                while !Task.isCancelled {
                    do {
                        _ = try await connection.call(health, HealthRequest())
                        ok += 1
                    } catch let error as RPCError {
                        #expect(error.code == .unavailable, "only UNAVAILABLE is acceptable while draining")
                        refused += 1
                        if !connection.isActive { break }
                    }
                }
                return ok
            }
            try await Task.sleep(for: .milliseconds(100))
            process.signal(SIGTERM)
            let status = process.waitForExit(timeout: 20)
            load.cancel()
            let completed = try await load.value
            #expect(status == 0, "\(binary) exit status; log: \(process.log)")
            #expect(completed > 0)
            await #expect(throws: RPCError.self) {
                _ = try await RPCConnection.connect(host: "127.0.0.1", port: process.port)
            }
        }
    }
}
