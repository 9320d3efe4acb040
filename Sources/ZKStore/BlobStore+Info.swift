extension BlobStore {
    /// What the index records about a blob (no file access needed to get it).
    public struct Info: Sendable, Hashable {
        /// The blob's key.
        public var key: BlobKey
        /// Size of the stored bytes.
        public var size: Int
        /// SHA-256 of the stored bytes.
        public var checksum: [UInt8]
        /// Last access, in the store clock's milliseconds (updated lazily, see
        /// ``Configuration/accessUpdateIntervalMilliseconds``).
        public var lastAccessMilliseconds: Int64
        /// Whether the blob is pinned.
        public var pinned: Bool
        /// The metadata stored with the blob.
        public var meta: [UInt8]
    }
}
