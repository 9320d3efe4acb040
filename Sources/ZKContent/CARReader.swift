/// Reads CAR archives (https://ipld.io/specs/transport/car/carv1/), as served by trustless gateways with
/// `Content-Type: application/vnd.ipld.car`.
///
/// A CARv1 is `varint(headerLength) DAG-CBOR{roots, version: 1}` followed by sections
/// `varint(sectionLength) CID blockBytes`. A CARv2 (https://ipld.io/specs/transport/car/carv2/) starts with the fixed
/// 11-byte pragma, then a 40-byte header (16 bytes characteristics, little-endian u64 data offset, data size, index
/// offset); its inner CARv1 payload is unwrapped and read, the index ignored.
///
/// Blocks are returned in stream order and are *not* trusted: ``VerifiedDAGReader`` checks each one it uses
/// against its CID. ``blocks(in:limits:)`` is the reading of a whole CAR that a fetch uses.
public struct CARReader: Sendable {
    /// Size limits applied while reading.
    public struct Limits: Sendable, Hashable {
        /// Largest block accepted (Kubo refuses blocks above 2 MiB; the UnixFS importer makes at most 1 MiB).
        public var maxBlockSize: Int
        /// Largest header accepted.
        public var maxHeaderSize: Int

        public init(maxBlockSize: Int = 2 * 1_048_576, maxHeaderSize: Int = 64 * 1024) {
            self.maxBlockSize = maxBlockSize
            self.maxHeaderSize = maxHeaderSize
        }
    }

    /// The 11-byte CARv2 pragma: `varint(10) {"version": 2}`.
    public static let carV2Pragma: [UInt8] = [0x0A, 0xA1, 0x67, 0x76, 0x65, 0x72, 0x73, 0x69, 0x6F, 0x6E, 0x02]

    /// The CAR version of the input (2 when a CARv2 was unwrapped).
    public let version: Int
    /// Root CIDs from the (inner) CARv1 header.
    public let roots: [CID]
    /// The limits in use.
    public let limits: Limits

    private let bytes: [UInt8]
    private var offset: Int
    private let end: Int

    /// Parses the header(s) of a CAR held in memory.
    ///
    /// - Throws: ``ContentError`` with `invalidCAR`, `unsupportedCARVersion`, `truncated`, `varintOverflow`,
    ///   `tooLarge`.
    public init(bytes: [UInt8], limits: Limits = Limits()) throws(ContentError) {
        self.bytes = bytes
        self.limits = limits
        var start = 0
        var end = bytes.count
        var version = 1
        if bytes.starts(with: Self.carV2Pragma) {
            version = 2
            let headerEnd = Self.carV2Pragma.count + 40
            guard bytes.count >= headerEnd else {
                throw ContentError(
                    code: .truncated,
                    message: "CARv2 header needs \(headerEnd) bytes, got \(bytes.count)"
                )
            }
            let dataOffset = Self.littleEndian64(bytes, at: Self.carV2Pragma.count + 16)
            let dataSize = Self.littleEndian64(bytes, at: Self.carV2Pragma.count + 24)
            guard dataOffset >= UInt64(headerEnd), dataOffset <= UInt64(bytes.count),
                dataSize <= UInt64(bytes.count) - dataOffset
            else {
                throw ContentError(
                    code: .truncated,
                    message: "CARv2 data [\(dataOffset), +\(dataSize)) lies outside the \(bytes.count)-byte input"
                )
            }
            start = Int(dataOffset)
            end = Int(dataOffset + dataSize)
        }
        var offset = start
        let (innerVersion, roots) = try Self.readHeader(bytes, offset: &offset, end: end, limits: limits)
        guard innerVersion == 1 else {
            throw ContentError(
                code: .unsupportedCARVersion,
                message: version == 2 ? "CARv2 payload is not a CARv1" : "CAR version \(innerVersion) is not 1 or 2"
            )
        }
        self.version = version
        self.roots = roots
        self.offset = offset
        self.end = end
    }

    private static func littleEndian64(_ bytes: [UInt8], at index: Int) -> UInt64 {
        var value: UInt64 = 0
        for position in (0..<8).reversed() { value = value << 8 | UInt64(bytes[index + position]) }
        return value
    }

    private static func readHeader(
        _ bytes: [UInt8],
        offset: inout Int,
        end: Int,
        limits: Limits
    ) throws(ContentError) -> (version: UInt64, roots: [CID]) {
        let window = bytes[..<end]
        let length = try Varint.decode(window, offset: &offset)
        guard length > 0 else { throw ContentError(code: .invalidCAR, message: "CAR header length is zero") }
        guard length <= UInt64(limits.maxHeaderSize) else {
            throw ContentError(
                code: .tooLarge,
                message: "CAR header of \(length) bytes exceeds \(limits.maxHeaderSize)"
            )
        }
        guard length <= UInt64(end - offset) else {
            throw ContentError(code: .truncated, message: "CAR header declares \(length) bytes, \(end - offset) remain")
        }
        var reader = CBORHeaderReader(bytes[offset..<offset + Int(length)])
        offset += Int(length)
        let (major, entries) = try reader.head()
        guard major == 5 else { throw ContentError(code: .invalidCAR, message: "CAR header is not a CBOR map") }
        var version: UInt64?
        var roots: [CID] = []
        for _ in 0..<min(entries, 16) {
            switch try reader.text() {
            case "version":
                version = try reader.unsigned()
            case "roots":
                let (arrayMajor, count) = try reader.head()
                guard arrayMajor == 4, count <= 1024 else {
                    throw ContentError(code: .invalidCAR, message: "CAR header roots is not a short array")
                }
                for _ in 0..<count { roots.append(try reader.link()) }
            case let key:
                throw ContentError(code: .invalidCAR, message: "unexpected CAR header key '\(key)'")
            }
        }
        guard entries <= 16, reader.isAtEnd else {
            throw ContentError(code: .invalidCAR, message: "trailing data in CAR header")
        }
        guard let version else { throw ContentError(code: .invalidCAR, message: "CAR header without version") }
        if version == 1 && roots.isEmpty {
            throw ContentError(code: .invalidCAR, message: "CARv1 header has no roots")
        }
        return (version, roots)
    }

    /// The next block as stored, without verification; nil at the end of the stream.
    ///
    /// - Throws: ``ContentError`` with `truncated`, `varintOverflow`, `invalidCAR`, `tooLarge` and the CID codes.
    public mutating func next() throws(ContentError) -> Block? {
        guard offset < end else { return nil }
        let window = bytes[..<end]
        let sectionStart = offset
        let length = try Varint.decode(window, offset: &offset)
        guard length > 0 else {
            throw ContentError(code: .invalidCAR, message: "empty CAR section at byte \(sectionStart)")
        }
        guard length <= UInt64(limits.maxBlockSize + 128) else {
            throw ContentError(code: .tooLarge, message: "CAR section of \(length) bytes at byte \(sectionStart)")
        }
        guard length <= UInt64(end - offset) else {
            throw ContentError(
                code: .truncated,
                message: "CAR section at byte \(sectionStart) declares \(length) bytes, \(end - offset) remain"
            )
        }
        let sectionEnd = offset + Int(length)
        let section = bytes[offset..<sectionEnd]
        var cursor = section.startIndex
        let cid: CID
        do {
            cid = try CID.read(from: section, offset: &cursor)
        } catch {
            throw ContentError(
                code: .invalidCAR,
                message: "bad CID in CAR section at byte \(sectionStart): \(error.message)"
            )
        }
        let data = Array(section[cursor...])
        guard data.count <= limits.maxBlockSize else {
            throw ContentError(
                code: .tooLarge,
                message: "block \(cid) of \(data.count) bytes exceeds \(limits.maxBlockSize)"
            )
        }
        offset = sectionEnd
        return Block(cid: cid, bytes: data)
    }

    /// The blocks of a CAR held in memory, read as a response from an untrusted server needs: an unreadable header
    /// gives no blocks, and a truncated or malformed section ends the store with the blocks before it (a stream cut
    /// short keeps what arrived).
    ///
    /// Nothing is hashed here: a block whose bytes do not match its CID is kept like any other, and
    /// ``VerifiedDAGReader`` rejects it when it is used, then asks its next source for that block.
    public static func blocks(in bytes: [UInt8], limits: Limits = Limits()) -> InMemoryBlockStore {
        var store = InMemoryBlockStore()
        guard var reader = try? CARReader(bytes: bytes, limits: limits) else { return store }
        while let block = try? reader.next() { store.insert(block) }
        return store
    }
}
