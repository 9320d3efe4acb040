import Dispatch
import Synchronization

/// A small pool of synchronous Redis connections (hiredis), safe to share between threads.
///
/// Each command borrows an idle connection (or opens one), runs one binary-safe `redisCommandArgv` call and returns
/// the connection to the pool. Nothing is connected until the first command. A connection that fails (I/O error,
/// timeout, protocol error) is closed instead of being returned, and the next command reconnects; an I/O error also
/// discards the other idle connections, which most likely point at the same dead server. Idle connections are
/// checked for a pending EOF or reset before reuse, so a server restart costs no failed command. `AUTH` and
/// `SELECT` are sent on every new connection when the configuration asks for them.
///
/// Commands are not retried: after ``RedisError/Code/ioError`` or ``RedisError/Code/timeout`` the command may or
/// may not have run on the server.
///
/// ## Threading
///
/// Every method **blocks the calling thread** for one network round trip, bounded by
/// ``RedisConfiguration/commandTimeout`` (plus ``RedisConfiguration/connectTimeout`` when it has to connect). There
/// is deliberately no `async` variant: blocking I/O must not run on Swift's cooperative thread pool, and this module
/// does not own threads. Callers in async code run the calls on a thread pool they own, for example NIO's:
///
/// ```swift
/// let cached = try await threadPool.runIfActive { try redis.get(key: proofKey) }
/// ```
///
/// At most ``RedisConfiguration/poolSize`` connections are open at once. A caller that finds all of them busy waits
/// (blocking) for one to be returned, up to ``RedisConfiguration/connectTimeout``, then gets
/// ``RedisError/Code/timeout``; so the thread pool running the calls may be larger than the connection pool.
public final class RedisClient: Sendable {
    /// The configuration the client connects with.
    public let configuration: RedisConfiguration

    private let state: Mutex<State>

    /// One permit per connection that may be open; taken for the whole of a command.
    private let permits: DispatchSemaphore

    private struct State: ~Copyable {
        var idle: [RedisConnection] = []
        /// Bumped when a connection sees an I/O error; connections of older generations are not pooled again.
        var generation = 0
        var isClosed = false
    }

    /// Creates a client; it connects lazily, on the first command.
    public init(configuration: RedisConfiguration) {
        self.configuration = configuration
        self.state = Mutex(State())
        self.permits = DispatchSemaphore(value: max(configuration.poolSize, 1))
    }

    /// Creates a client from a `redis://` URL with default timeouts and pool size
    /// (see ``RedisConfiguration/init(url:connectTimeout:commandTimeout:poolSize:)``).
    ///
    /// - Throws: ``RedisError`` with ``RedisError/Code/invalidURL``.
    public convenience init(url: String) throws(RedisError) {
        self.init(configuration: try RedisConfiguration(url: url))
    }

    /// Closes the idle connections; later commands throw ``RedisError/Code/clientClosed``. Commands already running
    /// finish and close their connection afterwards.
    public func close() {
        let dropped = state.withLock { state in
            state.isClosed = true
            let idle = state.idle
            state.idle = []
            return idle
        }
        _ = dropped  // Connections close when the last reference goes, outside the lock.
    }

    /// Sends one command and returns the server's reply as is (error replies as ``RedisValue/error(_:)``).
    ///
    /// Arguments are binary-safe: `command([Array("SET".utf8), key, value])`.
    ///
    /// - Throws: ``RedisError`` with ``RedisError/Code/connectFailed``, ``RedisError/Code/authenticationFailed``,
    ///   ``RedisError/Code/ioError``, ``RedisError/Code/timeout`` (no reply in time, or no free connection in time),
    ///   ``RedisError/Code/protocolError``, ``RedisError/Code/clientClosed``, or
    ///   ``RedisError/Code/invalidArgument`` when `arguments` is empty.
    public func command(_ arguments: [[UInt8]]) throws(RedisError) -> RedisValue {
        guard !arguments.isEmpty else {
            throw RedisError(code: .invalidArgument, message: "a command needs at least its name")
        }
        guard permits.wait(timeout: .now() + Self.dispatchInterval(configuration.connectTimeout)) == .success else {
            throw RedisError(
                code: .timeout,
                message: "all \(max(configuration.poolSize, 1)) Redis connections stayed busy for the connect timeout"
            )
        }
        defer { permits.signal() }
        let connection = try borrow()
        defer { giveBack(connection) }
        return try connection.execute(arguments)
    }

    /// The number of idle connections currently pooled (for tests and metrics).
    public var idleConnectionCount: Int {
        state.withLock { $0.idle.count }
    }

    /// Takes an idle, still usable connection or opens a new one. The caller holds a permit.
    private func borrow() throws(RedisError) -> RedisConnection {
        while true {
            let (candidate, generation) = try state.withLock { state throws(RedisError) in
                guard !state.isClosed else {
                    throw RedisError(code: .clientClosed, message: "the Redis client is closed")
                }
                return (state.idle.popLast(), state.generation)
            }
            guard let candidate else {
                do {
                    return try RedisConnection.connect(configuration, generation: generation)
                } catch {
                    if error.code == .connectFailed { discardIdle(generation: generation) }
                    throw error
                }
            }
            if candidate.isUsableWhenIdle { return candidate }
            // A stale connection (the server closed or reset it): drop it and try the next one.
        }
    }

    /// Pools a healthy connection; drops a failed one, and on an I/O error every idle one of its generation.
    private func giveBack(_ connection: RedisConnection) {
        let dropped: [RedisConnection] = state.withLock { state in
            if let failure = connection.failure {
                guard failure == .ioError, connection.generation == state.generation else { return [] }
                state.generation += 1
                let stale = state.idle
                state.idle = []
                return stale
            }
            if !state.isClosed, connection.generation == state.generation {
                state.idle.append(connection)
            }
            return []
        }
        _ = dropped  // Closed here, outside the lock, together with `connection` if it was not pooled.
    }

    /// Drops the idle connections after a failed connect: the server is unreachable, so they are stale too.
    private func discardIdle(generation: Int) {
        let dropped: [RedisConnection] = state.withLock { state in
            guard state.generation == generation else { return [] }
            state.generation += 1
            let stale = state.idle
            state.idle = []
            return stale
        }
        _ = dropped
    }

    private static func dispatchInterval(_ duration: Duration) -> DispatchTimeInterval {
        .microseconds(max(Int(duration / .microseconds(1)), 0))
    }
}
