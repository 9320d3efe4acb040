/// Just enough DAG-CBOR to read a CAR header: `{"roots": [CID...], "version": N}` (maps, text, uint, arrays,
/// byte strings, tag 42). Anything else is ``ContentError/Code/invalidCAR``.
struct CBORHeaderReader {
    private let bytes: ArraySlice<UInt8>
    private var offset: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.offset = bytes.startIndex
    }

    var isAtEnd: Bool { offset == bytes.endIndex }

    private static func fail(_ message: String) -> ContentError {
        ContentError(code: .invalidCAR, message: "CAR header: " + message)
    }

    /// Reads an item head: major type and argument.
    mutating func head() throws(ContentError) -> (major: UInt8, argument: UInt64) {
        guard offset < bytes.endIndex else { throw Self.fail("truncated") }
        let initial = bytes[offset]
        offset += 1
        let major = initial >> 5
        let info = initial & 0x1F
        let width: Int
        switch info {
        case 0..<24: return (major, UInt64(info))
        case 24: width = 1
        case 25: width = 2
        case 26: width = 4
        case 27: width = 8
        default: throw Self.fail("indefinite or reserved length (additional info \(info))")
        }
        guard bytes.endIndex - offset >= width else { throw Self.fail("truncated") }
        var value: UInt64 = 0
        for _ in 0..<width {
            value = value << 8 | UInt64(bytes[offset])
            offset += 1
        }
        return (major, value)
    }

    mutating func unsigned() throws(ContentError) -> UInt64 {
        let (major, argument) = try head()
        guard major == 0 else { throw Self.fail("expected an unsigned integer, got major type \(major)") }
        return argument
    }

    mutating func text() throws(ContentError) -> String {
        let (major, argument) = try head()
        guard major == 3 else { throw Self.fail("expected a text key, got major type \(major)") }
        return String(decoding: try take(argument), as: UTF8.self)
    }

    mutating func take(_ count: UInt64) throws(ContentError) -> ArraySlice<UInt8> {
        guard count <= UInt64(bytes.endIndex - offset) else { throw Self.fail("truncated string") }
        let start = offset
        offset += Int(count)
        return bytes[start..<offset]
    }

    /// A tag-42 CID link: tag 42, byte string starting with the 0x00 multibase-identity prefix.
    mutating func link() throws(ContentError) -> CID {
        let (tagMajor, tag) = try head()
        guard tagMajor == 6, tag == 42 else { throw Self.fail("root is not a CID (tag 42)") }
        let (major, length) = try head()
        guard major == 2 else { throw Self.fail("CID link is not a byte string") }
        let content = try take(length)
        guard content.first == 0x00 else { throw Self.fail("CID link lacks the 0x00 multibase prefix") }
        do {
            return try CID(bytes: content.dropFirst())
        } catch {
            throw Self.fail("bad root CID: \(error.message)")
        }
    }
}
