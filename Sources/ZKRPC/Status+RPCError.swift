public import ZKProto

extension Status {
    /// The wire form of `error`: its code, message and details (sorted by key, so equal errors encode equally).
    public init(_ error: RPCError) {
        self.init(
            code: error.code.rawValue,
            message: error.message,
            details: error.details.sorted { $0.key < $1.key }.map { MetadataEntry(key: $0.key, value: $0.value) }
        )
    }
}

extension RPCError {
    /// The error a ``Status`` carries; an unknown code becomes UNKNOWN.
    public init(status: Status) {
        var details: [String: String] = [:]
        for entry in status.details { details[entry.key] = entry.value }
        self.init(code: Code(rawValue: status.code) ?? .unknown, message: status.message, details: details)
    }
}
