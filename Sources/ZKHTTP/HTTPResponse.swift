/// A complete HTTP response.
public struct HTTPResponse: Sendable {
    /// Status code of the final response (after any interim 1xx responses).
    public var status: Int
    /// Header fields of the final response, in order.
    public var headers: [HTTPHeader]
    /// The body, at most the request's `maxBytes`.
    public var body: [UInt8]

    public init(status: Int, headers: [HTTPHeader], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of the header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}
