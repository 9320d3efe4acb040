/// An error raised while parsing, importing or verifying content-addressed data.
///
/// Errors carry a numeric ``Code`` (stable across releases, safe to send over the wire) and a human-readable
/// `message` explaining what exactly was wrong.
public struct ContentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure. Backed by a private enum so that cases can be added without breaking clients.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Int, Sendable {
            case invalidCID = 1
            case unsupportedMultibase = 2
            case invalidEncoding = 3
            case unsupportedCodec = 4
            case unsupportedMultihash = 5
            case invalidDigestLength = 6
            case varintOverflow = 7
            case truncated = 8
            case hashMismatch = 9
            case missingBlock = 10
            case malformedBlock = 11
            case tooLarge = 12
            case invalidCAR = 13
            case unsupportedCARVersion = 14
            case notELF = 15
            case notRISCV = 16
            case unsupportedUnixFSType = 17
        }

        private let wrapped: Wrapped

        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// The stable numeric value of this code.
        public var rawValue: Int { wrapped.rawValue }

        public var description: String { String(describing: wrapped) }

        /// The text is not a CID at all (wrong length, wrong version, trailing bytes, ...).
        public static let invalidCID = Code(.invalidCID)
        /// The multibase prefix is not one of `b` (base32), `z` (base58btc), `k` (base36).
        public static let unsupportedMultibase = Code(.unsupportedMultibase)
        /// A character or bit pattern is not valid in the declared base encoding.
        public static let invalidEncoding = Code(.invalidEncoding)
        /// The multicodec is not one this module understands (dag-pb, raw).
        public static let unsupportedCodec = Code(.unsupportedCodec)
        /// The multihash function is not sha2-256 or identity.
        public static let unsupportedMultihash = Code(.unsupportedMultihash)
        /// The digest length does not match the hash function (32 for sha2-256).
        public static let invalidDigestLength = Code(.invalidDigestLength)
        /// An unsigned varint is longer than 9 bytes, exceeds 63 bits, or is not minimally encoded.
        public static let varintOverflow = Code(.varintOverflow)
        /// Input ended before a complete structure was read.
        public static let truncated = Code(.truncated)
        /// A block's bytes do not hash to the digest in its CID.
        public static let hashMismatch = Code(.hashMismatch)
        /// A block referenced by the DAG is not available.
        public static let missingBlock = Code(.missingBlock)
        /// A block is not valid dag-pb / UnixFS, or its sizes are inconsistent.
        public static let malformedBlock = Code(.malformedBlock)
        /// A size limit (block, file, CAR) was exceeded.
        public static let tooLarge = Code(.tooLarge)
        /// A CAR stream is structurally invalid.
        public static let invalidCAR = Code(.invalidCAR)
        /// A CAR stream declares a version other than 1 or 2.
        public static let unsupportedCARVersion = Code(.unsupportedCARVersion)
        /// The bytes are not an ELF image.
        public static let notELF = Code(.notELF)
        /// The ELF image is not a little-endian RISC-V image.
        public static let notRISCV = Code(.notRISCV)
        /// The UnixFS node is not a file (directory, symlink, HAMT shard, ...).
        public static let unsupportedUnixFSType = Code(.unsupportedUnixFSType)
    }

    /// What kind of failure this is.
    public var code: Code
    /// What exactly was wrong.
    public var message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "ContentError(\(code), \(code.rawValue)): \(message)" }
}
