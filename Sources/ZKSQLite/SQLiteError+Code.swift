extension SQLiteError {
    /// SQLite's primary result code (the low byte of a result code).
    ///
    /// The set of values is owned by SQLite, so this is an open struct over the number rather than an enum; the
    /// static members name the codes callers usually match on.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The numeric SQLite result code (`SQLITE_BUSY` is 5, ...).
        public var rawValue: Int32

        /// Creates a code from SQLite's number.
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// Generic error (`SQLITE_ERROR`), e.g. an SQL syntax error.
        public static let error = Code(rawValue: 1)
        /// Internal logic error in SQLite (`SQLITE_INTERNAL`).
        public static let `internal` = Code(rawValue: 2)
        /// Access permission denied (`SQLITE_PERM`).
        public static let permission = Code(rawValue: 3)
        /// The database file is locked by another connection and the busy timeout expired (`SQLITE_BUSY`).
        public static let busy = Code(rawValue: 5)
        /// A table in the database is locked (`SQLITE_LOCKED`).
        public static let locked = Code(rawValue: 6)
        /// Out of memory (`SQLITE_NOMEM`).
        public static let noMemory = Code(rawValue: 7)
        /// Attempt to write a read-only database (`SQLITE_READONLY`).
        public static let readOnly = Code(rawValue: 8)
        /// Disk I/O error (`SQLITE_IOERR`).
        public static let ioError = Code(rawValue: 10)
        /// The database file is malformed (`SQLITE_CORRUPT`).
        public static let corrupt = Code(rawValue: 11)
        /// The disk is full (`SQLITE_FULL`).
        public static let full = Code(rawValue: 13)
        /// The database file cannot be opened (`SQLITE_CANTOPEN`).
        public static let cannotOpen = Code(rawValue: 14)
        /// A constraint (unique, not-null, check, ...) was violated (`SQLITE_CONSTRAINT`).
        public static let constraint = Code(rawValue: 19)
        /// Data type mismatch (`SQLITE_MISMATCH`).
        public static let mismatch = Code(rawValue: 20)
        /// The library was used incorrectly (`SQLITE_MISUSE`); also used for API misuse detected by ``SQLiteDatabase``.
        public static let misuse = Code(rawValue: 21)
        /// A bind index is out of range (`SQLITE_RANGE`).
        public static let range = Code(rawValue: 25)
        /// The file is not a database (`SQLITE_NOTADB`).
        public static let notADatabase = Code(rawValue: 26)

        public var description: String {
            switch self {
            case .error: "error"
            case .internal: "internal"
            case .permission: "permission"
            case .busy: "busy"
            case .locked: "locked"
            case .noMemory: "noMemory"
            case .readOnly: "readOnly"
            case .ioError: "ioError"
            case .corrupt: "corrupt"
            case .full: "full"
            case .cannotOpen: "cannotOpen"
            case .constraint: "constraint"
            case .mismatch: "mismatch"
            case .misuse: "misuse"
            case .range: "range"
            case .notADatabase: "notADatabase"
            default: "sqlite(\(rawValue))"
            }
        }
    }
}
