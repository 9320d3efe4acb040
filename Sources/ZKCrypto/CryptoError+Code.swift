extension CryptoError {
    /// A stable error code.
    ///
    /// Codes are backed by a private enum so new cases can be added without breaking clients; compare with the
    /// static members (`error.code == .invalidHex`) or send ``rawValue`` over the wire.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Int, Sendable {
            case invalidHex = 1
            case invalidLength = 2
            case invalidPrivateKey = 3
            case invalidPublicKey = 4
            case invalidSignature = 5
            case signatureHighS = 6
            case invalidRecoveryID = 7
            case recoveryFailed = 8
            case invalidABIValue = 9
            case invalidAddress = 10
            case invalidChecksum = 11
            case randomFailure = 12
            case openSSLFailure = 13
            case inconsistentKeyPair = 14
        }

        private let wrapped: Wrapped

        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// The numeric value of the code; stable across releases.
        public var rawValue: Int { wrapped.rawValue }

        /// Creates a code from its numeric value, or `nil` if the value is unknown.
        public init?(rawValue: Int) {
            guard let wrapped = Wrapped(rawValue: rawValue) else { return nil }
            self.wrapped = wrapped
        }

        public var description: String { "\(wrapped)" }

        /// A hex string had an odd number of digits or a character that is not a hex digit.
        public static let invalidHex = Code(.invalidHex)
        /// An input (digest, key, signature, ...) had the wrong number of bytes.
        public static let invalidLength = Code(.invalidLength)
        /// A private key scalar was zero or not below the group order, or an RSA key component was zero.
        public static let invalidPrivateKey = Code(.invalidPrivateKey)
        /// Public key bytes did not encode a point on the curve.
        public static let invalidPublicKey = Code(.invalidPublicKey)
        /// A signature component was zero or not below the group order, or `r` is not an x coordinate on the curve.
        public static let invalidSignature = Code(.invalidSignature)
        /// A secp256k1 signature has `s > n/2`, which Ethereum rejects (EIP-2).
        public static let signatureHighS = Code(.signatureHighS)
        /// A recovery id / `v` value was not one of 0, 1, 27, 28.
        public static let invalidRecoveryID = Code(.invalidRecoveryID)
        /// Public key recovery produced the point at infinity.
        public static let recoveryFailed = Code(.recoveryFailed)
        /// A value cannot be ABI-encoded as the requested type.
        public static let invalidABIValue = Code(.invalidABIValue)
        /// An Ethereum address string was malformed.
        public static let invalidAddress = Code(.invalidAddress)
        /// A mixed-case Ethereum address failed its EIP-55 checksum.
        public static let invalidChecksum = Code(.invalidChecksum)
        /// The OpenSSL random generator failed.
        public static let randomFailure = Code(.randomFailure)
        /// An OpenSSL call failed unexpectedly (out of memory, provider missing, ...).
        public static let openSSLFailure = Code(.openSSLFailure)
        /// Private key components do not form one key pair: OpenSSL's pairwise check failed (for RSA: `p` and `q`
        /// are not primes whose product is `n`, `d` is not `e`'s inverse, or a CRT value is wrong).
        public static let inconsistentKeyPair = Code(.inconsistentKeyPair)
    }
}
