extension BlobStoreError {
    /// A stable error code.
    ///
    /// Backed by a private enum so cases can be added; compare with the static members or send ``rawValue``.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Int, Sendable {
            case invalidArgument = 1
            case tooLarge = 2
            case ioFailure = 3
            case indexFailure = 4
            case locked = 5
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

        /// An argument was invalid (e.g. metadata larger than ``BlobStore/maxMetaBytes``, a bad configuration).
        public static let invalidArgument = Code(.invalidArgument)
        /// The blob is larger than the store's byte bound, so it could never be kept.
        public static let tooLarge = Code(.tooLarge)
        /// A file system call failed (see ``BlobStoreError/errno``); e.g. disk full, permission denied.
        public static let ioFailure = Code(.ioFailure)
        /// The SQLite index failed (see ``BlobStoreError/cause``).
        public static let indexFailure = Code(.indexFailure)
        /// Another process has the store directory open.
        public static let locked = Code(.locked)
    }
}
