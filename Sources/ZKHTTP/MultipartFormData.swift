/// A `multipart/form-data` body (RFC 7578), e.g. for Kubo's `POST /api/v0/add` whose file part is named `file`.
public struct MultipartFormData: Sendable {
    /// One part.
    public struct Part: Sendable {
        /// Form field name (`file` for Kubo).
        public var name: String
        /// File name sent in `Content-Disposition`, if any.
        public var fileName: String?
        /// The part's `Content-Type`.
        public var contentType: String
        /// The part's bytes.
        public var body: [UInt8]

        public init(
            name: String,
            fileName: String? = nil,
            contentType: String = "application/octet-stream",
            body: [UInt8]
        ) {
            self.name = name
            self.fileName = fileName
            self.contentType = contentType
            self.body = body
        }
    }

    /// The boundary string (random unless given).
    public let boundary: String
    /// The parts, in order.
    public var parts: [Part]

    public init(parts: [Part], boundary: String? = nil) {
        self.parts = parts
        self.boundary =
            boundary ?? "zkfaas-" + String(UInt64.random(in: .min ... .max), radix: 36)
            + String(UInt64.random(in: .min ... .max), radix: 36)
    }

    /// The `Content-Type` header value for this body.
    public var contentType: String { "multipart/form-data; boundary=" + boundary }

    /// The encoded body.
    public func encoded() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(parts.reduce(256) { $0 + $1.body.count + 256 })
        for part in parts {
            var head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(Self.quote(part.name))\""
            if let fileName = part.fileName { head += "; filename=\"\(Self.quote(fileName))\"" }
            head += "\r\nContent-Type: \(part.contentType)\r\n\r\n"
            output += Array(head.utf8)
            output += part.body
            output += Array("\r\n".utf8)
        }
        output += Array("--\(boundary)--\r\n".utf8)
        return output
    }

    /// Percent-encodes the characters that would break a quoted parameter (RFC 7578 section 2).
    private static func quote(_ text: String) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "%22"
            case "\r": output += "%0D"
            case "\n": output += "%0A"
            case "%": output += "%25"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}
