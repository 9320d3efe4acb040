import ZKServiceKit
import NIOPosix
public import ZKProto
import ZKSQLite

/// The embedded ``RegistryStore``: one SQLite file in WAL mode with `synchronous=FULL`, so a registration that was
/// acknowledged has been fsynced and survives `kill -9` and power loss.
///
/// Table `programs` keeps an `AUTOINCREMENT` registration sequence (`seq`, the order of ``list(_:)`` and the page
/// token) and a `UNIQUE` program hash; triggers abort any `UPDATE` or `DELETE`, so records are immutable even to a
/// stray SQL statement. Blocking SQLite calls run on NIO's blocking thread pool, never on an event loop or the
/// cooperative pool.
public final class SQLiteRegistryStore: RegistryStore {
    /// The file name inside the service's data directory.
    public static let fileName = "registry.sqlite"

    private static let schema = """
        CREATE TABLE IF NOT EXISTS programs (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            program_hash BLOB NOT NULL UNIQUE CHECK (length(program_hash) = 32),
            ipfs_cid TEXT NOT NULL,
            elf_hash BLOB NOT NULL CHECK (length(elf_hash) = 32),
            author TEXT NOT NULL,
            timestamp INTEGER NOT NULL,
            description TEXT NOT NULL,
            zkvm TEXT NOT NULL,
            zkvm_version TEXT NOT NULL,
            vk_hash BLOB NOT NULL,
            signature BLOB NOT NULL
        );
        CREATE INDEX IF NOT EXISTS programs_by_author ON programs (author, seq);
        CREATE INDEX IF NOT EXISTS programs_by_zkvm ON programs (zkvm, seq);
        CREATE TRIGGER IF NOT EXISTS programs_no_update BEFORE UPDATE ON programs
            BEGIN SELECT RAISE(ABORT, 'registry records are immutable'); END;
        CREATE TRIGGER IF NOT EXISTS programs_no_delete BEFORE DELETE ON programs
            BEGIN SELECT RAISE(ABORT, 'registry records are immutable'); END;
        """

    private static let columns =
        "seq, program_hash, ipfs_cid, elf_hash, author, timestamp, description, zkvm, zkvm_version, vk_hash, signature"

    private let database: SQLiteDatabase
    private let threadPool: NIOThreadPool

    /// Opens (creating if needed) the store at `path`.
    ///
    /// - Throws: ``SQLiteError`` if the file cannot be opened or the schema cannot be created.
    public init(path: String) throws {
        self.database = try SQLiteDatabase(path: path)
        self.threadPool = NIOThreadPool.singleton
        try database.executeScript(Self.schema)
    }

    /// Opens `<directory>/registry.sqlite`, creating the directory if needed.
    public convenience init(directory: String) throws {
        try DataDirectory.create(directory)
        try self.init(path: directory + "/" + Self.fileName)
    }

    /// Closes the database file now; later calls fail with ``SQLiteError/Code/misuse``.
    public func close() async {
        database.close()
    }

    public func insert(_ program: ProgramMetadata) async throws -> RegistryInsertOutcome {
        let database = self.database
        return try await threadPool.runIfActive {
            try database.transaction { connection in
                try connection.execute(
                    """
                    INSERT INTO programs (program_hash, ipfs_cid, elf_hash, author, timestamp, description, zkvm,
                        zkvm_version, vk_hash, signature)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (program_hash) DO NOTHING
                    """,
                    [
                        .blob(program.programHash), .text(program.ipfsCid), .blob(program.elfHash),
                        .text(program.author), .integer(Int64(clamping: program.timestamp)),
                        .text(program.description), .text(program.zkvm), .text(program.zkvmVersion),
                        .blob(program.vkHash), .blob(program.signature),
                    ]
                )
                if connection.changes == 1 { return RegistryInsertOutcome.inserted }
                let existing = try connection.queryFirst(
                    "SELECT \(Self.columns) FROM programs WHERE program_hash = ?",
                    [.blob(program.programHash)],
                    Self.record
                )
                guard let existing else {
                    throw SQLiteError(code: .internal, message: "insert changed nothing but no record exists")
                }
                return .alreadyExists(existing.program)
            }
        }
    }

    public func program(hash programHash: [UInt8]) async throws -> ProgramMetadata? {
        let database = self.database
        return try await threadPool.runIfActive {
            try database.queryFirst(
                "SELECT \(Self.columns) FROM programs WHERE program_hash = ?",
                [.blob(programHash)],
                Self.record
            )?.program
        }
    }

    public func list(_ query: RegistryListQuery) async throws -> RegistryListPage {
        let database = self.database
        return try await threadPool.runIfActive {
            var sql = "SELECT \(Self.columns) FROM programs WHERE seq > ?"
            var bindings: [SQLiteValue] = [.integer(query.after)]
            if let author = query.author {
                sql += " AND author = ?"
                bindings.append(.text(author))
            }
            if let zkvm = query.zkvm {
                sql += " AND zkvm = ?"
                bindings.append(.text(zkvm))
            }
            sql += " ORDER BY seq LIMIT ?"
            bindings.append(.integer(Int64(query.limit) + 1))
            let rows = try database.query(sql, bindings, Self.record)
            let page = rows.prefix(query.limit)
            let more = rows.count > query.limit
            return RegistryListPage(
                programs: page.map(\.program), nextAfter: more ? page.last?.sequence : nil)
        }
    }

    private struct Record: Sendable {
        var sequence: Int64
        var program: ProgramMetadata
    }

    private static func record(_ row: SQLiteRow) -> Record {
        Record(
            sequence: row.int64(0),
            program: ProgramMetadata(
                programHash: row.blob(1),
                ipfsCid: row.text(2),
                elfHash: row.blob(3),
                author: row.text(4),
                timestamp: UInt64(clamping: row.int64(5)),
                description: row.text(6),
                zkvm: row.text(7),
                zkvmVersion: row.text(8),
                vkHash: row.blob(9),
                signature: row.blob(10)
            )
        )
    }
}
