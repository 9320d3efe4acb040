extension BlobStore {
    /// What opening the store had to repair.
    public struct RecoveryReport: Sendable, Hashable {
        /// Leftover files in `tmp/` (interrupted puts) deleted.
        public var temporaryFilesRemoved = 0
        /// Blob files without an index row (a put killed after its rename, before its commit, or an older
        /// generation whose deletion was interrupted) deleted. Such puts were never acknowledged.
        public var orphanFilesRemoved = 0
        /// Index rows dropped because their file was missing or had the wrong size (also integrity failures).
        public var rowsDropped = 0

        /// Creates an empty report.
        public init() {}
    }
}
