/// Where and how a ``RedisClient`` connects.
///
/// Create one from a URL with ``init(url:connectTimeout:commandTimeout:poolSize:)`` or field by field with
/// ``init(host:port:username:password:database:connectTimeout:commandTimeout:poolSize:)``.
///
/// | Setting | Default | Meaning |
/// |---|---|---|
/// | ``host`` | (required) | Host name or IP address (IPv6 without brackets). |
/// | ``port`` | 6379 | TCP port. |
/// | ``username`` | `nil` | ACL user; with a password sends `AUTH username password`. |
/// | ``password`` | `nil` | Sends `AUTH [username] password` on every new connection. |
/// | ``database`` | 0 | Sends `SELECT database` on every new connection when not 0. |
/// | ``connectTimeout`` | 2 s | Limit for TCP connect (and for `AUTH`/`SELECT` on connect). |
/// | ``commandTimeout`` | 2 s | Socket send/receive limit for each command. |
/// | ``poolSize`` | 4 | Most connections open at once (callers beyond it wait for a free one). |
public struct RedisConfiguration: Sendable, Hashable {
    /// The default Redis port, 6379.
    public static let defaultPort = 6379

    /// The default connect and command timeout, 2 seconds.
    public static let defaultTimeout: Duration = .seconds(2)

    /// The default number of connections, 4.
    public static let defaultPoolSize = 4

    /// Host name or IP address of the server.
    public var host: String

    /// TCP port of the server.
    public var port: Int

    /// ACL user name for `AUTH`, or `nil` for the default user.
    public var username: String?

    /// Password for `AUTH`, or `nil` to skip authentication.
    public var password: String?

    /// Logical database selected on connect.
    public var database: Int

    /// Limit for establishing a connection, including `AUTH` and `SELECT`.
    public var connectTimeout: Duration

    /// Limit for each command's send and receive (socket timeouts; a slow server yields ``RedisError/Code/timeout``).
    public var commandTimeout: Duration

    /// The most connections the client opens at once; they stay open for reuse. Concurrent callers beyond this number
    /// wait for a free connection, for at most ``connectTimeout``. Values below 1 are treated as 1.
    public var poolSize: Int

    /// Creates a configuration field by field.
    public init(
        host: String,
        port: Int = RedisConfiguration.defaultPort,
        username: String? = nil,
        password: String? = nil,
        database: Int = 0,
        connectTimeout: Duration = RedisConfiguration.defaultTimeout,
        commandTimeout: Duration = RedisConfiguration.defaultTimeout,
        poolSize: Int = RedisConfiguration.defaultPoolSize
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.poolSize = poolSize
    }

    /// Creates a configuration from a URL of the form `redis://[[user]:password@]host[:port][/db]`.
    ///
    /// The port defaults to 6379 and the database to 0. User and password may be percent-encoded
    /// (`redis://:p%40ss@host` has the password `p@ss`). IPv6 hosts are written in brackets
    /// (`redis://[::1]:6380`). TLS (`rediss://`), query strings and fragments are not supported.
    ///
    /// - Throws: ``RedisError`` with ``RedisError/Code/invalidURL`` when the URL does not have that form.
    public init(
        url: String,
        connectTimeout: Duration = RedisConfiguration.defaultTimeout,
        commandTimeout: Duration = RedisConfiguration.defaultTimeout,
        poolSize: Int = RedisConfiguration.defaultPoolSize
    ) throws(RedisError) {
        let parsed = try RedisURLParser.parse(url)
        self.init(
            host: parsed.host,
            port: parsed.port,
            username: parsed.username,
            password: parsed.password,
            database: parsed.database,
            connectTimeout: connectTimeout,
            commandTimeout: commandTimeout,
            poolSize: poolSize
        )
    }
}

extension RedisConfiguration: CustomStringConvertible {
    /// The configuration as a URL with the password masked; safe to log.
    public var description: String {
        var text = "redis://"
        if password != nil { text += "\(username ?? ""):***@" }
        text += host.contains(":") ? "[\(host)]" : host
        text += ":\(port)"
        if database != 0 { text += "/\(database)" }
        return text
    }
}
