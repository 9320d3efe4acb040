import Foundation
import Synchronization
import ZKRedis

#if canImport(Glibc)
    import Glibc
#endif

/// A real `redis-server` process on a free loopback port, without persistence, for one test.
///
/// The executable is `$ZKFAAS_REDIS_SERVER`, else `/usr/bin/redis-server`, else `redis-server` on `PATH`.
public final class RedisTestServer: Sendable {
    /// Whether a `redis-server` executable was found; tests needing one are disabled otherwise.
    public static let isAvailable = executable != nil

    public static let executable: String? = {
        let environment = ProcessInfo.processInfo.environment
        var candidates = [environment["ZKFAAS_REDIS_SERVER"], "/usr/bin/redis-server"].compactMap { $0 }
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            candidates.append("\(directory)/redis-server")
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    public let port: Int
    public let password: String?
    private let directory: URL
    private let process: Mutex<Process?> = Mutex(nil)

    private init(port: Int, password: String?, directory: URL) {
        self.port = port
        self.password = password
        self.directory = directory
    }

    /// A URL for this server with its password (percent-encoded) and `database`.
    public func url(password: String? = nil, database: Int = 0) -> String {
        var text = "redis://"
        if let secret = password ?? self.password {
            let encoded = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? secret
            text += ":\(encoded)@"
        }
        return text + "127.0.0.1:\(port)/\(database)"
    }

    /// A client for this server with short timeouts.
    public func client(
        poolSize: Int = 4,
        connectTimeout: Duration = .seconds(1),
        commandTimeout: Duration = .seconds(2),
        password: String? = nil,
        database: Int = 0
    ) throws -> RedisClient {
        let configuration = try RedisConfiguration(
            url: url(password: password, database: database),
            connectTimeout: connectTimeout,
            commandTimeout: commandTimeout,
            poolSize: poolSize
        )
        return RedisClient(configuration: configuration)
    }

    /// Starts a server on a free port and waits until it answers.
    public static func start(password: String? = nil) throws -> RedisTestServer {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("zkredis-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var lastError: (any Error)?
        for _ in 0..<5 {  // Another process may grab the free port between probing and binding it.
            let server = RedisTestServer(port: try freePort(), password: password, directory: directory)
            do {
                try server.launch()
                return server
            } catch {
                lastError = error
            }
        }
        throw lastError ?? ServerError.didNotStart("no attempt made")
    }

    /// Starts the server again on the same port (after ``kill()`` or ``stop()``).
    public func restart() throws {
        try launch()
    }

    /// Kills the server with SIGKILL and waits for it to exit.
    public func kill() {
        terminate(signal: SIGKILL)
    }

    /// Stops the server, waits for it to exit and removes its directory.
    ///
    /// Uses SIGKILL: the server keeps nothing worth saving, and a child spawned from a Dispatch worker thread
    /// inherits that thread's signal mask, in which SIGTERM may be blocked.
    public func stop() {
        terminate(signal: SIGKILL)
        try? FileManager.default.removeItem(at: directory)
    }

    deinit {
        terminate(signal: SIGKILL)
    }

    private func launch() throws {
        guard let executable = Self.executable else { throw ServerError.didNotStart("redis-server not found") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        var arguments = [
            "--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", directory.path, "--daemonize", "no", "--loglevel", "warning",
        ]
        if let password { arguments += ["--requirepass", password] }
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process.withLock { $0 = process }

        // Wait until PING answers (NOAUTH counts: the server is up).
        let probe = RedisClient(
            configuration: RedisConfiguration(
                host: "127.0.0.1",
                port: port,
                connectTimeout: .milliseconds(200),
                commandTimeout: .milliseconds(500),
                poolSize: 1
            )
        )
        defer { probe.close() }
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            guard process.isRunning else { break }
            do {
                try probe.ping()
                return
            } catch  where error.code == .authenticationFailed {
                return
            } catch {
                Thread.sleep(forTimeInterval: 0.01)
            }
        }
        terminate(signal: SIGKILL)
        throw ServerError.didNotStart("redis-server on port \(port) did not answer PING")
    }

    private func terminate(signal: Int32) {
        guard
            let process = self.process.withLock({ state -> Process? in
                defer { state = nil }
                return state
            })
        else { return }
        if process.isRunning {
            Glibc.kill(process.processIdentifier, signal)
        }
        process.waitUntilExit()
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago.
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerError.didNotStart("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddrPointer in
                bind(fd, sockaddrPointer, length) == 0 && getsockname(fd, sockaddrPointer, &length) == 0
            }
        }
        guard bound else { throw ServerError.didNotStart("cannot find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    enum ServerError: Error {
        case didNotStart(String)
    }
}

