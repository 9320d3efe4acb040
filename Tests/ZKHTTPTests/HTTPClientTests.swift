import Foundation
import Testing
import ZKTestSupport

@testable import ZKHTTP

@Suite("HTTPClient", .serialized, .timeLimit(.minutes(1)))
struct HTTPClientTests {
    let client = HTTPClient()

    @Test("GET returns status, headers and the exact body, with or without Content-Length")
    func get() async throws {
        try await FakeServer.with(script: "echo_server.py", dataDir: false) { server in
            for chunked in ["0", "1"] {
                let response = try await client.get(
                    url: server.baseURL + "/bytes?n=300000&chunked=\(chunked)",
                    maxBytes: 1 << 20,
                    timeout: .seconds(10)
                )
                #expect(response.status == 200)
                #expect(response.body.count == 300_000)
                #expect(response.body.enumerated().allSatisfy { $0.element == UInt8($0.offset % 251) })
                if chunked == "0" { #expect(response.header("x-TEST") == "yes") }
            }
        }
    }

    @Test("a body above maxBytes aborts with tooLarge (known length and chunked)")
    func tooLarge() async throws {
        try await FakeServer.with(script: "echo_server.py", dataDir: false) { server in
            for chunked in ["0", "1"] {
                do {
                    _ = try await client.get(
                        url: server.baseURL + "/bytes?n=300000&chunked=\(chunked)",
                        maxBytes: 100_000,
                        timeout: .seconds(10)
                    )
                    Issue.record("oversize body accepted")
                } catch let error as HTTPError {
                    #expect(error.code == .tooLarge, "\(error)")
                }
            }
            let exact = try await client.get(
                url: server.baseURL + "/bytes?n=1000",
                maxBytes: 1000,
                timeout: .seconds(5)
            )
            #expect(exact.body.count == 1000)
        }
    }

    @Test("non-2xx gives httpStatus(code) with the body; requireSuccess false returns it")
    func status() async throws {
        try await FakeServer.with(script: "echo_server.py", dataDir: false) { server in
            do {
                _ = try await client.get(url: server.baseURL + "/status?code=404", maxBytes: 1000, timeout: .seconds(5))
                Issue.record("404 accepted")
            } catch let error as HTTPError {
                #expect(error.code == .httpStatus)
                #expect(error.status == 404)
                #expect(String(decoding: error.body, as: UTF8.self) == "status 404")
            }
            let response = try await client.execute(
                HTTPRequest(
                    url: server.baseURL + "/status?code=503",
                    maxBytes: 1000,
                    timeout: .seconds(5),
                    requireSuccess: false
                )
            )
            #expect(response.status == 503)
        }
    }

    @Test("timeout and connection refused are told apart")
    func timeoutAndRefused() async throws {
        try await FakeServer.with(script: "echo_server.py", dataDir: false) { server in
            do {
                _ = try await client.get(
                    url: server.baseURL + "/slow?ms=3000",
                    maxBytes: 100,
                    timeout: .milliseconds(300)
                )
                Issue.record("slow response accepted")
            } catch let error as HTTPError {
                // The 300 ms limit ended it: the 3 s answer would have succeeded (or been refused otherwise).
                #expect(error.code == .timeout)
            }
        }
        // Port 1 on loopback: nothing listens there.
        do {
            _ = try await client.get(url: "http://127.0.0.1:1/", maxBytes: 100, timeout: .seconds(5))
            Issue.record("connected to port 1")
        } catch {
            #expect(error.code == .connectFailed)
        }
        do {
            _ = try await client.get(url: "ftp://127.0.0.1/x", maxBytes: 100, timeout: .seconds(5))
            Issue.record("ftp accepted")
        } catch {
            #expect(error.code == .invalidURL)
        }
    }

    @Test("POST sends the body and headers intact")
    func post() async throws {
        try await FakeServer.with(script: "echo_server.py", dataDir: false) { server in
            let body = (0..<2_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            let response = try await client.post(
                url: server.baseURL + "/echo",
                headers: [
                    HTTPHeader(name: "Content-Type", value: "application/x-test"),
                    HTTPHeader(name: "X-One", value: "1"),
                ],
                body: body,
                maxBytes: 1 << 16,
                timeout: .seconds(10)
            )
            let json = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
            let headers = json?["headers"] as? [String: String]
            #expect(json?["length"] as? Int == body.count)
            #expect(json?["sha256"] as? String == sha256Hex(body))
            #expect(headers?["Content-Type"] == "application/x-test")
            #expect(headers?["X-One"] == "1")
            #expect(headers?["Expect"] == nil)
        }
    }

    @Test("multipart/form-data parts arrive with names, file names and exact bytes")
    func multipart() async throws {
        try await FakeServer.with(script: "echo_server.py", dataDir: false) { server in
            let file = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
            let note = Array("hello\r\n--not-a-boundary".utf8)
            let form = MultipartFormData(parts: [
                .init(name: "file", fileName: "guest \"v1\".elf", body: file),
                .init(name: "note", body: note),
            ])
            let response = try await client.postMultipart(
                url: server.baseURL + "/multipart",
                form: form,
                maxBytes: 1 << 16,
                timeout: .seconds(10)
            )
            let parts = try JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]]
            #expect(parts?.count == 2)
            #expect(parts?[0]["name"] as? String == "file")
            #expect(parts?[0]["filename"] as? String == "guest \"v1\".elf")
            #expect(parts?[0]["sha256"] as? String == sha256Hex(file))
            #expect(parts?[1]["length"] as? Int == note.count)
        }
    }

    @Test("cancelling the task aborts a stalled transfer promptly")
    func cancellation() async throws {
        try await FakeServer.with(script: "echo_server.py", dataDir: false) { server in
            let client = self.client
            let url = server.baseURL + "/stall"
            let task = Task { try await client.get(url: url, maxBytes: 2_000_000, timeout: .seconds(20)) }
            try await Task.sleep(for: .milliseconds(300))
            task.cancel()
            let result = await task.result
            // Ended by the cancellation (its own code), not by the 20 s timeout or the stalled server: no clock involved.
            switch result {
            case .success: Issue.record("stalled transfer completed")
            case .failure(let error): #expect((error as? HTTPError)?.code == .cancelled, "\(error)")
            }
        }
    }

    @Test("many concurrent requests complete")
    func concurrent() async throws {
        try await FakeServer.with(script: "echo_server.py", dataDir: false) { server in
            let client = self.client
            let base = server.baseURL
            let sizes = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<16 {
                    group.addTask {
                        try await client.get(
                            url: base + "/bytes?n=\(index * 1000)",
                            maxBytes: 1 << 20,
                            timeout: .seconds(10)
                        ).body.count
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(sizes.sorted() == (0..<16).map { $0 * 1000 })
        }
    }
}

/// SHA-256 through the system's `sha256sum`, as an independent check of bytes on the wire.
func sha256Hex(_ bytes: [UInt8]) -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["sha256sum"]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try? process.run()
    let data = Data(bytes)
    DispatchQueue.global().async {
        input.fileHandleForWriting.write(data)
        try? input.fileHandleForWriting.close()
    }
    let result = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(String(decoding: result, as: UTF8.self).prefix(64))
}

/// H5 of the security review: transfers run on a bounded pool, and a full pool is an error, never a new thread.
@Suite("HTTPWorkerPool", .serialized, .timeLimit(.minutes(1)))
struct HTTPWorkerPoolTests {
    private static func processThreads() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count) ?? 0
    }

    @Test("40 concurrent stalled requests on a pool of 4 threads and 4 queued: 32 are overloaded at once, 4 threads")
    func saturation() async throws {
        try await FakeServer.with(script: "echo_server.py", dataDir: false) { server in
            let pool = HTTPWorkerPool(maxThreads: 4, maxQueued: 4)
            let client = HTTPClient(pool: pool)
            let url = server.baseURL + "/stall"
            let before = Self.processThreads()
            let (overloaded, rest, threadsDuring) = await withTaskGroup(of: HTTPError?.self) { group in
                for _ in 0..<40 {
                    group.addTask {
                        do throws(HTTPError) {
                            _ = try await client.get(url: url, maxBytes: 2_000_000, timeout: .seconds(50))
                            return nil
                        } catch {
                            return error
                        }
                    }
                }
                // The refusals come back at once; the 8 accepted transfers stall until they are cancelled. A refusal
                // means 8 were in the pool then, so after 32 refusals the other 8 tasks are all in it.
                var overloaded = 0
                var rest: [HTTPError?] = []
                while overloaded < 32, let result = await group.next() {
                    if result?.code == .overloaded { overloaded += 1 } else { rest.append(result) }
                }
                let threadsDuring = Self.processThreads()
                group.cancelAll()
                for await result in group { rest.append(result) }
                return (overloaded, rest, threadsDuring)
            }
            #expect(overloaded == 32)
            #expect(rest.count == 8)
            #expect(rest.allSatisfy { $0?.code == .cancelled }, "\(rest)")
            #expect(pool.threadCount == 4)
            // The 4 pool threads, and some slack for the concurrency runtime's own: never one per request.
            #expect(threadsDuring - before <= 4 + 8, "threads: \(before) before, \(threadsDuring) during")
            // The pool serves again once the stalled transfers are gone.
            let response = try await client.get(
                url: server.baseURL + "/bytes?n=10",
                maxBytes: 100,
                timeout: .seconds(10)
            )
            #expect(response.body.count == 10)
            #expect(pool.threadCount == 4)
        }
    }
}
