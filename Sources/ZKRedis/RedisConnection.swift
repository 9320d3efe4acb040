import CHiredis

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// One synchronous hiredis connection; the only owner of its `redisContext`.
///
/// Not thread-safe: ``RedisClient`` hands a connection to exactly one caller at a time (it is `@unchecked Sendable`
/// only so that it can move between threads through the pool's mutex). Once a call fails at the connection level
/// (I/O error, timeout, protocol error) the connection is marked ``failure`` and must be dropped.
final class RedisConnection: @unchecked Sendable {
    private let context: UnsafeMutablePointer<redisContext>

    /// The pool generation this connection was opened in; see ``RedisClient``.
    let generation: Int

    /// The code of the connection-level failure that broke this connection, or `nil` while it is healthy.
    private(set) var failure: RedisError.Code?

    private init(context: UnsafeMutablePointer<redisContext>, generation: Int) {
        self.context = context
        self.generation = generation
    }

    deinit {
        redisFree(context)
    }

    /// Connects, authenticates and selects the database as `configuration` says.
    ///
    /// - Throws: ``RedisError`` with ``RedisError/Code/connectFailed`` when TCP connect or the handshake fails,
    ///   ``RedisError/Code/authenticationFailed`` when `AUTH` is rejected, ``RedisError/Code/serverError`` when
    ///   `SELECT` is rejected, ``RedisError/Code/timeout`` when the handshake does not finish in time.
    static func connect(_ configuration: RedisConfiguration, generation: Int) throws(RedisError) -> RedisConnection {
        let connectTimeout = timeval(configuration.connectTimeout)
        guard (1...65535).contains(configuration.port) else {
            throw RedisError(code: .invalidArgument, message: "port \(configuration.port) is out of range")
        }
        guard let context = redisConnectWithTimeout(configuration.host, Int32(configuration.port), connectTimeout)
        else {
            throw RedisError(code: .connectFailed, message: "cannot allocate a Redis context")
        }
        if context.pointee.err != 0 {
            let reason = errorString(context)
            redisFree(context)
            throw RedisError(
                code: .connectFailed,
                message: "cannot connect to \(configuration.host):\(configuration.port): \(reason)"
            )
        }
        zk_redis_after_connect(context)
        let connection = RedisConnection(context: context, generation: generation)
        // The handshake runs under the connect timeout, later commands under the command timeout.
        _ = redisSetTimeout(context, connectTimeout)
        do throws(RedisError) {
            if let password = configuration.password {
                var auth: [[UInt8]] = [Array("AUTH".utf8)]
                if let username = configuration.username { auth.append(Array(username.utf8)) }
                auth.append(Array(password.utf8))
                if case .error(let line) = try connection.execute(auth) {
                    throw RedisError(code: .authenticationFailed, message: line)
                }
            }
            if configuration.database != 0 {
                let select = [Array("SELECT".utf8), Array(String(configuration.database).utf8)]
                if case .error(let line) = try connection.execute(select) {
                    throw RedisError(code: .serverError, message: line)
                }
            }
        } catch {
            if error.code == .ioError {
                throw RedisError(code: .connectFailed, message: "handshake failed: \(error.message)")
            }
            throw error
        }
        _ = redisSetTimeout(context, timeval(configuration.commandTimeout))
        return connection
    }

    /// Whether an idle connection can be reused: healthy and with no pending EOF, reset or stray data.
    var isUsableWhenIdle: Bool {
        failure == nil && zk_redis_idle_connection_is_usable(context) == 1
    }

    /// Sends one command and reads its reply. Error replies are returned as ``RedisValue/error(_:)``.
    ///
    /// - Throws: ``RedisError`` with ``RedisError/Code/ioError``, ``RedisError/Code/timeout`` or
    ///   ``RedisError/Code/protocolError``; the connection is then marked failed.
    func execute(_ arguments: [[UInt8]]) throws(RedisError) -> RedisValue {
        precondition(failure == nil, "a failed Redis connection must not be reused")
        precondition(!arguments.isEmpty, "a Redis command needs at least one argument")
        // One contiguous buffer holds every argument; argv points into it and argvlen gives the lengths, so
        // arguments may contain any bytes, including NUL. A trailing byte keeps the base address non-nil.
        var lengths: [Int] = []
        var offsets: [Int] = []
        lengths.reserveCapacity(arguments.count)
        offsets.reserveCapacity(arguments.count)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(arguments.reduce(1) { $0 + $1.count })
        for argument in arguments {
            offsets.append(buffer.count)
            lengths.append(argument.count)
            buffer.append(contentsOf: argument)
        }
        buffer.append(0)
        var savedErrno: Int32 = 0
        let context = self.context
        let reply: UnsafeMutablePointer<redisReply>? = buffer.withUnsafeBufferPointer { bytes in
            let base = UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self)
            var argv: [UnsafePointer<CChar>?] = offsets.map { base + $0 }
            return argv.withUnsafeMutableBufferPointer { argvBuffer in
                lengths.withUnsafeBufferPointer { lengthBuffer in
                    zk_redis_command_argv(
                        context,
                        Int32(arguments.count),
                        argvBuffer.baseAddress,
                        lengthBuffer.baseAddress,
                        &savedErrno
                    )
                }
            }
        }
        guard let reply else {
            let error = Self.connectionError(context, savedErrno: savedErrno)
            failure = error.code
            throw error
        }
        defer { freeReplyObject(reply) }
        do {
            return try Self.value(of: reply)
        } catch {
            failure = error.code
            throw error
        }
    }

    private static func connectionError(_ context: UnsafeMutablePointer<redisContext>, savedErrno: Int32) -> RedisError
    {
        let reason = errorString(context)
        switch context.pointee.err {
        case REDIS_ERR_IO where savedErrno == EAGAIN || savedErrno == EWOULDBLOCK || savedErrno == ETIMEDOUT:
            return RedisError(code: .timeout, message: "no reply within the command timeout (\(reason))")
        case REDIS_ERR_PROTOCOL:
            return RedisError(code: .protocolError, message: reason)
        case REDIS_ERR_EOF:
            return RedisError(code: .ioError, message: "server closed the connection (\(reason))")
        default:
            return RedisError(code: .ioError, message: reason.isEmpty ? "connection failed" : reason)
        }
    }

    private static func errorString(_ context: UnsafeMutablePointer<redisContext>) -> String {
        withUnsafeBytes(of: context.pointee.errstr) { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let end = bytes.firstIndex(of: 0) ?? bytes.endIndex
            return String(decoding: bytes[..<end], as: UTF8.self)
        }
    }

    private static func value(of reply: UnsafePointer<redisReply>) throws(RedisError) -> RedisValue {
        let node = reply.pointee
        switch node.type {
        case REDIS_REPLY_STRING:
            return .bytes(Self.bytes(node))
        case REDIS_REPLY_INTEGER:
            return .integer(Int(node.integer))
        case REDIS_REPLY_NIL:
            return .null
        case REDIS_REPLY_STATUS:
            return .status(String(decoding: Self.bytes(node), as: UTF8.self))
        case REDIS_REPLY_ERROR:
            return .error(String(decoding: Self.bytes(node), as: UTF8.self))
        case REDIS_REPLY_ARRAY:
            var elements: [RedisValue] = []
            elements.reserveCapacity(node.elements)
            for index in 0..<node.elements {
                guard let element = node.element[index] else {
                    throw RedisError(code: .protocolError, message: "array reply has a missing element")
                }
                elements.append(try value(of: element))
            }
            return .array(elements)
        default:
            throw RedisError(code: .protocolError, message: "unsupported reply type \(node.type)")
        }
    }

    private static func bytes(_ node: redisReply) -> [UInt8] {
        guard let str = node.str, node.len > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: str, count: node.len))
    }
}

extension timeval {
    /// A socket timeout of `duration`, at least one millisecond (hiredis treats zero as "no time at all").
    fileprivate init(_ duration: Duration) {
        let microseconds = max(Int64(duration / .microseconds(1)), 1_000)
        self.init(tv_sec: .init(microseconds / 1_000_000), tv_usec: .init(microseconds % 1_000_000))
    }
}
