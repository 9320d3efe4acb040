/// A snapshot of ``BlobStore`` counters.
///
/// ``bytes`` and ``count`` describe what is on disk; the other counters count since the store was opened.
public struct BlobStoreStats: Sendable, Hashable {
    /// ``BlobStore/get(_:verify:)`` calls that returned a blob.
    public var hits: UInt64 = 0
    /// ``BlobStore/get(_:verify:)`` calls that returned `nil` (absent, or dropped as corrupted).
    public var misses: UInt64 = 0
    /// ``BlobStore/put(_:_:meta:pinned:)`` calls that completed.
    public var puts: UInt64 = 0
    /// Total size of stored blobs in bytes (pinned included).
    public var bytes: Int = 0
    /// Number of stored blobs (pinned included).
    public var count: Int = 0
    /// Blobs evicted to respect the byte bound.
    public var evictions: UInt64 = 0
    /// Blobs found corrupted (checksum or size mismatch, missing file, rejected by a verifier) and dropped,
    /// including those found while opening.
    public var integrityFailures: UInt64 = 0

    /// Creates zeroed stats.
    public init() {}
}
