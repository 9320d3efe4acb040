extension Secp256k1 {
    /// A secp256k1 public key, stored as its 65-byte uncompressed SEC1 encoding `04 ‖ x ‖ y`.
    public struct PublicKey: Sendable, Hashable {
        /// Length of the uncompressed encoding.
        public static let uncompressedByteCount = 65

        /// `04 ‖ x ‖ y`, 65 bytes.
        public let uncompressedRepresentation: [UInt8]

        /// Parses a SEC1 public key (33-byte compressed or 65-byte uncompressed) and checks it is on the curve.
        ///
        /// - Throws: ``CryptoError`` with ``CryptoError/Code/invalidPublicKey`` if the bytes are not a curve point.
        public init(sec1Representation bytes: some Collection<UInt8>) throws(CryptoError) {
            let curve = Curve.shared
            let context = try BigNumberContext()
            let point = try curve.point(from: Array(bytes), context: context)
            uncompressedRepresentation = try curve.uncompressed(point, context: context)
        }

        init(trustedUncompressed bytes: [UInt8]) {
            precondition(bytes.count == Self.uncompressedByteCount && bytes.first == 0x04)
            uncompressedRepresentation = bytes
        }

        /// The Ethereum address: the last 20 bytes of keccak256(x ‖ y).
        public var ethereumAddress: EthereumAddress { EthereumAddress(publicKey: self) }

        /// Whether `signature` over `digest` recovers to this key (Ethereum semantics, so high-s is rejected).
        public func isValidSignature(_ signature: RecoverableSignature, for digest: some Collection<UInt8>) -> Bool {
            (try? Secp256k1.recoverPublicKey(digest: digest, signature: signature)) == self
        }
    }
}
