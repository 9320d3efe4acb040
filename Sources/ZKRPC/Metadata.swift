/// Call metadata: ordered key/value pairs such as `api-key` and `trace-id`. Keys are case-insensitive: they are kept
/// lowercase, whichever way they are added.
public struct Metadata: Sendable, Hashable, ExpressibleByDictionaryLiteral, Sequence {
    public private(set) var entries: [(key: String, value: String)] = []

    public init() {}

    public init(dictionaryLiteral elements: (String, String)...) {
        for (key, value) in elements { self.add(key, value) }
    }

    public init(_ entries: [(key: String, value: String)]) {
        self.entries = entries.map { ($0.key.lowercased(), $0.value) }
    }

    public mutating func add(_ key: String, _ value: String) {
        entries.append((key.lowercased(), value))
    }

    /// The first value of `key`.
    public subscript(key: String) -> String? {
        let lowered = key.lowercased()
        return entries.first { $0.key == lowered }?.value
    }

    public var isEmpty: Bool { entries.isEmpty }

    public func makeIterator() -> IndexingIterator<[(key: String, value: String)]> {
        entries.makeIterator()
    }

    public static func == (lhs: Metadata, rhs: Metadata) -> Bool {
        lhs.entries.elementsEqual(rhs.entries) { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for (key, value) in entries {
            hasher.combine(key)
            hasher.combine(value)
        }
    }

    /// Well-known keys.
    public static let apiKey = "api-key"
    public static let traceID = "trace-id"
}
