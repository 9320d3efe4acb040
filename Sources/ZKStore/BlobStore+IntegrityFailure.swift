extension BlobStore {
    /// A stored blob that failed verification and was dropped (file deleted, index row removed), never served.
    ///
    /// Delivered to ``Configuration/onIntegrityFailure`` and counted in ``BlobStoreStats/integrityFailures``.
    public struct IntegrityFailure: Sendable, Hashable, CustomStringConvertible {
        /// Why the blob was rejected.
        public enum Reason: Int, Sendable, Hashable {
            /// The file's SHA-256 differs from the checksum recorded when it was stored (bit rot, tampering).
            case checksumMismatch = 1
            /// The file's length differs from the recorded size (truncation).
            case sizeMismatch = 2
            /// The index has a row but the file is gone.
            case missingFile = 3
            /// The caller's `verify` closure rejected the content.
            case rejectedByVerifier = 4
        }

        /// The blob's key.
        public var key: BlobKey
        /// Why it was dropped.
        public var reason: Reason
        /// Whether it was found while opening the store (rather than by a read).
        public var duringOpen: Bool

        /// Creates a failure record.
        public init(key: BlobKey, reason: Reason, duringOpen: Bool) {
            self.key = key
            self.reason = reason
            self.duringOpen = duringOpen
        }

        public var description: String { "IntegrityFailure(\(key), \(reason)\(duringOpen ? ", on open" : ""))" }
    }
}
