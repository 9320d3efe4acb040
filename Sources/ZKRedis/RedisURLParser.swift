/// Parses `redis://[[user]:password@]host[:port][/db]` without Foundation.
enum RedisURLParser {
    struct Parsed: Equatable {
        var host: String
        var port: Int
        var username: String?
        var password: String?
        var database: Int
    }

    static func parse(_ url: String) throws(RedisError) -> Parsed {
        let bytes = Array(url.utf8)
        let scheme = Array("redis://".utf8)
        guard bytes.count >= scheme.count,
            zip(bytes.prefix(scheme.count), scheme).allSatisfy({ lowercased($0) == $1 })
        else {
            throw invalid(url, "scheme must be redis://")
        }
        var rest = bytes[scheme.count...]
        if rest.contains(UInt8(ascii: "?")) || rest.contains(UInt8(ascii: "#")) {
            throw invalid(url, "query strings and fragments are not supported")
        }

        // Path: "" or "/" or "/<db>".
        var database = 0
        if let slash = rest.firstIndex(of: UInt8(ascii: "/")) {
            let path = rest[(slash + 1)...]
            rest = rest[..<slash]
            if !path.isEmpty {
                guard let value = decimal(path), value <= Int(Int32.max) else {
                    throw invalid(url, "database must be a non-negative integer")
                }
                database = value
            }
        }

        // User info: everything before the last "@".
        var username: String?
        var password: String?
        if let at = rest.lastIndex(of: UInt8(ascii: "@")) {
            let userInfo = rest[..<at]
            rest = rest[(at + 1)...]
            guard let colon = userInfo.firstIndex(of: UInt8(ascii: ":")) else {
                throw invalid(url, "user info must be ':password' or 'user:password'")
            }
            let user = try percentDecoded(userInfo[..<colon], url: url)
            username = user.isEmpty ? nil : user
            password = try percentDecoded(userInfo[(colon + 1)...], url: url)
        }

        // Host and port.
        var host: String
        var portPart: ArraySlice<UInt8>?
        if rest.first == UInt8(ascii: "[") {
            guard let close = rest.firstIndex(of: UInt8(ascii: "]")) else {
                throw invalid(url, "unterminated IPv6 address")
            }
            host = String(decoding: rest[(rest.startIndex + 1)..<close], as: UTF8.self)
            let after = rest[(close + 1)...]
            if !after.isEmpty {
                guard after.first == UInt8(ascii: ":") else { throw invalid(url, "unexpected text after ']'") }
                portPart = after.dropFirst()
            }
        } else {
            if let colon = rest.firstIndex(of: UInt8(ascii: ":")) {
                portPart = rest[(colon + 1)...]
                rest = rest[..<colon]
            }
            host = String(decoding: rest, as: UTF8.self)
        }
        guard !host.isEmpty, host.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f && $0 != UInt8(ascii: "%") }) else {
            throw invalid(url, "missing or malformed host")
        }
        var port = RedisConfiguration.defaultPort
        if let portPart {
            guard let value = decimal(portPart), (1...65535).contains(value) else {
                throw invalid(url, "port must be 1...65535")
            }
            port = value
        }
        return Parsed(host: host, port: port, username: username, password: password, database: database)
    }

    private static func invalid(_ url: String, _ reason: String) -> RedisError {
        // Never echo the URL itself: it may contain a password.
        RedisError(code: .invalidURL, message: "invalid Redis URL: \(reason)")
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }

    /// Parses 1...9 ASCII digits.
    private static func decimal(_ digits: ArraySlice<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        var value = 0
        for byte in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private static func percentDecoded(_ text: ArraySlice<UInt8>, url: String) throws(RedisError) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.count)
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < text.endIndex,
                    let high = hexValue(text[index + 1]), let low = hexValue(text[index + 2])
                else {
                    throw invalid(url, "malformed percent escape in user info")
                }
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(byte)
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
