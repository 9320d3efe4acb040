/// The configured API keys, looked up by their UTF-8 bytes.
///
/// Swift `String` equality (and so `Dictionary<String, _>` lookup) is Unicode-canonical: `"é"` (U+00E9) equals
/// `"e\u{301}"`, so a byte string that differs from a configured key would be admitted, and the comparison stops at
/// the first differing character. Here a presented key matches only a configured key with exactly the same bytes,
/// and every configured key is compared in full, in time that depends on the lengths only, whatever the contents.
struct APIKeyTable: Sendable {
    private struct Entry: Sendable {
        let bytes: [UInt8]
        let key: String
        let policy: APIKeyPolicy
    }

    private let entries: [Entry]

    init(_ policies: [String: APIKeyPolicy]) {
        entries = policies.map { Entry(bytes: Array($0.key.utf8), key: $0.key, policy: $0.value) }
    }

    /// The configured key whose UTF-8 bytes are exactly `presented`'s, and its policy.
    func lookup(_ presented: String) -> (key: String, policy: APIKeyPolicy)? {
        let bytes = Array(presented.utf8)
        var found: Entry?
        // No early exit: every candidate is compared, each in full.
        for entry in entries where Self.constantTimeEqual(entry.bytes, bytes) {
            found = entry
        }
        return found.map { ($0.key, $0.policy) }
    }

    /// Byte equality in time that depends on the lengths only.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt64(truncatingIfNeeded: a.count ^ b.count)
        let length = max(a.count, b.count)
        var index = 0
        while index < length {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= UInt64(x ^ y)
            index += 1
        }
        return difference == 0
    }
}
