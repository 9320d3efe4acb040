/// Reads the NDJSON answer of Kubo's `/api/v0/add` (https://docs.ipfs.tech/reference/kubo/rpc/#api-v0-add):
/// one `{"Name": …, "Hash": …, "Size": …}` object per line (plus progress objects without `Hash` when progress is
/// on); the last line with a `Hash` names the root of the added file.
enum KuboAddResponse {
    /// The `Hash` of the last line that has one, or nil.
    static func lastHash(_ body: [UInt8]) -> String? {
        var found: String?
        for line in body.split(separator: UInt8(ascii: "\n")) {
            if let hash = stringValue(of: "Hash", in: Array(line)) { found = hash }
        }
        return found
    }

    /// The string value of `"key"` in one flat JSON object (CIDs need no escapes; a value with escapes is rejected).
    private static func stringValue(of key: String, in line: [UInt8]) -> String? {
        let needle = Array("\"\(key)\"".utf8)
        guard line.count > needle.count else { return nil }
        var index = 0
        while index + needle.count <= line.count {
            if Array(line[index..<index + needle.count]) == needle {
                var cursor = index + needle.count
                while cursor < line.count, line[cursor] == UInt8(ascii: " ") { cursor += 1 }
                guard cursor < line.count, line[cursor] == UInt8(ascii: ":") else { return nil }
                cursor += 1
                while cursor < line.count, line[cursor] == UInt8(ascii: " ") { cursor += 1 }
                guard cursor < line.count, line[cursor] == UInt8(ascii: "\"") else { return nil }
                cursor += 1
                guard let end = line[cursor...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
                let value = line[cursor..<end]
                guard !value.contains(UInt8(ascii: "\\")) else { return nil }
                return String(decoding: value, as: UTF8.self)
            }
            index += 1
        }
        return nil
    }
}
