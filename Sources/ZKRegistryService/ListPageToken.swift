/// The `page_token` of `ListPrograms`: the registration sequence number of the last record returned, in base 10.
///
/// Clients treat it as opaque. Only canonical decimal numbers ≥ 1 (no sign, no leading zero) decode.
enum ListPageToken {
    static func encode(_ sequence: Int64) -> String {
        String(sequence)
    }

    static func decode(_ token: String) -> Int64? {
        guard let first = token.utf8.first, first != UInt8(ascii: "0"),
            token.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let value = Int64(token), value >= 1
        else { return nil }
        return value
    }
}
