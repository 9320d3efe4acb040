/// An HTTP request for ``HTTPClient/execute(_:)``.
public struct HTTPRequest: Sendable {
    /// The request method.
    public var method: String
    /// Absolute `http://` or `https://` URL.
    public var url: String
    /// Header fields to send.
    public var headers: [HTTPHeader]
    /// Request body (sent with a `Content-Length`), or nil.
    public var body: [UInt8]?
    /// Abort with ``HTTPError/Code/tooLarge`` as soon as the response body exceeds this many bytes.
    public var maxBytes: Int
    /// Limit for the whole exchange.
    public var timeout: Duration
    /// When true (the default), a status outside 200...299 throws ``HTTPError/Code/httpStatus``.
    public var requireSuccess: Bool

    public init(
        method: String = "GET",
        url: String,
        headers: [HTTPHeader] = [],
        body: [UInt8]? = nil,
        maxBytes: Int,
        timeout: Duration,
        requireSuccess: Bool = true
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.maxBytes = maxBytes
        self.timeout = timeout
        self.requireSuccess = requireSuccess
    }
}
