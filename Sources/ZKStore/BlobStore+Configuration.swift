import ZKCrypto
public import ZKFileSystem

extension BlobStore {
    /// Settings of a ``BlobStore``.
    ///
    /// Only ``directory`` is required; every other setting has the documented default.
    public struct Configuration: Sendable {
        /// Directory holding the store (created if missing): `index.sqlite`, `lock`, `tmp/`, `blobs/00…ff/`.
        public var directory: String
        /// Upper bound on the total size of stored blobs; least recently accessed unpinned blobs are evicted to stay
        /// under it. Default 10 GiB.
        public var maxBytes: Int
        /// A read only schedules an update of the blob's last-access time when the recorded one is at least this
        /// old, so hot reads don't write. Default 60 000 ms. Eviction order has this granularity.
        public var accessUpdateIntervalMilliseconds: Int64
        /// Scheduled last-access updates are written in one transaction once this many are pending (or on the next
        /// put, ``BlobStore/flushAccessTimes()``, or when the store is released). Default 256.
        public var accessFlushThreshold: Int
        /// The clock for last-access times, in milliseconds. Default: wall clock (`CLOCK_REALTIME`).
        public var clock: @Sendable () -> Int64
        /// Called (synchronously, on the calling thread, with no lock held) for every blob dropped as corrupted.
        /// Default `nil`.
        public var onIntegrityFailure: (@Sendable (IntegrityFailure) -> Void)?
        /// The files under the store: each blob write, fsync, rename and directory fsync goes through it.
        /// Default ``PosixFileSystem``; tests record the order with a ``RecordingFileSystem``.
        public var fileSystem: any FileSystem

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - directory: The store directory.
        ///   - maxBytes: Byte bound; default 10 GiB.
        ///   - accessUpdateIntervalMilliseconds: Last-access write granularity; default one minute.
        ///   - accessFlushThreshold: Pending last-access updates that trigger a write; default 256.
        ///   - clock: Millisecond clock; `nil` (default) means the wall clock.
        ///   - onIntegrityFailure: Corruption callback; default none.
        ///   - fileSystem: The file operations; `nil` (default) means the real ones.
        public init(
            directory: String,
            maxBytes: Int = 10 << 30,
            accessUpdateIntervalMilliseconds: Int64 = 60_000,
            accessFlushThreshold: Int = 256,
            clock: (@Sendable () -> Int64)? = nil,
            onIntegrityFailure: (@Sendable (IntegrityFailure) -> Void)? = nil,
            fileSystem: (any FileSystem)? = nil
        ) {
            self.directory = directory
            self.maxBytes = maxBytes
            self.accessUpdateIntervalMilliseconds = accessUpdateIntervalMilliseconds
            self.accessFlushThreshold = accessFlushThreshold
            self.clock = clock ?? { Int64(clamping: WallClock.milliseconds()) }
            self.onIntegrityFailure = onIntegrityFailure
            self.fileSystem = fileSystem ?? PosixFileSystem()
        }
    }
}
