extension BlobStore {
    /// A blob read from the store: verified content plus its metadata.
    public struct Blob: Sendable, Hashable {
        /// The stored bytes (their SHA-256 matched the index before being returned).
        public var bytes: [UInt8]
        /// The metadata stored with the blob.
        public var meta: [UInt8]
        /// Whether the blob is pinned.
        public var pinned: Bool

        /// Creates a blob value.
        public init(bytes: [UInt8], meta: [UInt8], pinned: Bool) {
            self.bytes = bytes
            self.meta = meta
            self.pinned = pinned
        }
    }
}
