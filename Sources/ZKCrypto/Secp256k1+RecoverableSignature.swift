extension Secp256k1 {
    /// An Ethereum recoverable ECDSA signature `r ‖ s ‖ v`.
    ///
    /// Construction checks only the shape (lengths and `v`); the numeric rules (`0 < r, s < n`, `s ≤ n/2`) are
    /// checked by `Secp256k1.recoverPublicKey(digest:signature:)`.
    public struct RecoverableSignature: Sendable, Hashable {
        /// Length of ``rawRepresentation``.
        public static let byteCount = 65

        /// `r`, 32 bytes big-endian.
        public let r: [UInt8]
        /// `s`, 32 bytes big-endian.
        public let s: [UInt8]
        /// The recovery id, 0 or 1: the parity of `R.y`.
        public let recoveryID: UInt8

        /// Creates a signature from its parts.
        ///
        /// - Parameters:
        ///   - r: 32 bytes.
        ///   - s: 32 bytes.
        ///   - v: 0, 1, 27 or 28.
        /// - Throws: ``CryptoError`` with ``CryptoError/Code/invalidLength`` or
        ///   ``CryptoError/Code/invalidRecoveryID``.
        public init(r: some Collection<UInt8>, s: some Collection<UInt8>, v: UInt8) throws(CryptoError) {
            guard r.count == 32, s.count == 32 else {
                throw CryptoError(code: .invalidLength, message: "signature r and s must be 32 bytes each")
            }
            let id: UInt8
            switch v {
            case 0, 1: id = v
            case 27, 28: id = v - 27
            default:
                throw CryptoError(code: .invalidRecoveryID, message: "signature v must be 0, 1, 27 or 28, got \(v)")
            }
            self.r = Array(r)
            self.s = Array(s)
            self.recoveryID = id
        }

        /// Parses 65 bytes `r ‖ s ‖ v`, accepting `v` ∈ {0, 1, 27, 28}.
        ///
        /// - Throws: ``CryptoError`` with ``CryptoError/Code/invalidLength`` if not 65 bytes,
        ///   ``CryptoError/Code/invalidRecoveryID`` for any other `v`.
        public init(rawRepresentation: some Collection<UInt8>) throws(CryptoError) {
            let bytes = Array(rawRepresentation)
            guard bytes.count == Self.byteCount else {
                throw CryptoError(
                    code: .invalidLength,
                    message: "signature must be \(Self.byteCount) bytes, got \(bytes.count)"
                )
            }
            try self.init(r: bytes[0..<32], s: bytes[32..<64], v: bytes[64])
        }

        init(trustedR r: [UInt8], s: [UInt8], recoveryID: UInt8) {
            self.r = r
            self.s = s
            self.recoveryID = recoveryID
        }

        /// Ethereum's `v`: 27 + ``recoveryID``.
        public var v: UInt8 { 27 + recoveryID }

        /// `r ‖ s ‖ v` with `v` = 27 or 28.
        public var rawRepresentation: [UInt8] { r + s + [v] }
    }
}
