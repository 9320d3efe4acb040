import ZKHTTP

/// Reads the error answers of the Kubo RPC API (https://docs.ipfs.tech/reference/kubo/rpc/, section "HTTP status
/// codes"): a command that fails before streaming answers HTTP 500 with `{"Message": …, "Code": 0, "Type": "error"}`.
///
/// Kubo has no distinct status for a missing block: it answers 500 with a message such as
/// `block was not found locally (offline): ipld: could not find <cid>` (or, from older nodes, `blockservice: key not
/// found`, `merkledag: not found`). An online node usually does not answer at all for a block nobody provides: it
/// searches the network until the request times out.
enum KuboRPCError {
    /// True when `error` is an HTTP 500 whose `Message` says a block or path was not found.
    static func isNotFound(_ error: HTTPError) -> Bool {
        guard error.code == .httpStatus, error.status == 500, let message = message(in: error.body) else {
            return false
        }
        let lowered = message.lowercased()
        return lowered.contains("not found") || lowered.contains("could not find")
    }

    /// The `Message` string of a Kubo RPC error object, JSON escapes decoded (`\uXXXX` outside ASCII becomes `?`);
    /// nil when the body has none.
    static func message(in body: [UInt8]) -> String? {
        let needle = Array("\"Message\"".utf8)
        guard body.count > needle.count,
            let start = (0...(body.count - needle.count)).first(where: {
                body[$0..<$0 + needle.count].elementsEqual(needle)
            })
        else { return nil }
        var cursor = start + needle.count
        func skipSpaces() { while cursor < body.count, body[cursor] == UInt8(ascii: " ") { cursor += 1 } }
        skipSpaces()
        guard cursor < body.count, body[cursor] == UInt8(ascii: ":") else { return nil }
        cursor += 1
        skipSpaces()
        guard cursor < body.count, body[cursor] == UInt8(ascii: "\"") else { return nil }
        cursor += 1
        var text: [UInt8] = []
        while cursor < body.count {
            let byte = body[cursor]
            cursor += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: text, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard cursor < body.count else { return nil }
                let escaped = body[cursor]
                cursor += 1
                switch escaped {
                case UInt8(ascii: "n"): text.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "t"): text.append(UInt8(ascii: "\t"))
                case UInt8(ascii: "r"): text.append(UInt8(ascii: "\r"))
                case UInt8(ascii: "b"), UInt8(ascii: "f"): text.append(UInt8(ascii: " "))
                case UInt8(ascii: "u"):
                    guard cursor + 4 <= body.count else { return nil }
                    let hex = String(decoding: body[cursor..<cursor + 4], as: UTF8.self)
                    cursor += 4
                    if let scalar = UInt8(hex, radix: 16), scalar < 0x80 {
                        text.append(scalar)
                    } else {
                        text.append(UInt8(ascii: "?"))
                    }
                default: text.append(escaped)  // \" \\ \/
                }
            default:
                text.append(byte)
            }
        }
        return nil
    }
}
