import Synchronization
import ZKContent
import ZKCrypto
import ZKRPC
import ZKFileSystem
import ZKStore

#if canImport(Glibc)
    import Glibc
#endif

/// Every name a program has been known by — its SHA-256, its CID and an Arweave transaction id given at put —
/// kept in an append-only file (`names.log` in the data folder) so that they outlive the program's eviction or
/// removal from the disk tier. A get by hash of an evicted or corrupted program can then refetch it from IPFS by
/// its CID, or from Arweave by the recorded transaction.
///
/// It is also the service's only CID → hash index: a get, stat or pin by CID alone finds the program's hash here,
/// then the tiers by hash. Every program is recorded before it enters the disk tier, so after a restart each one
/// on disk is found by its CID without the tiers reading their index.
///
/// Lines are `<sha256 hex> <cid> <arweave tx or ->`, appended with `O_APPEND` and fsynced (``DurableFile/append(_:_:mode:fileSystem:)``:
/// the append that creates the file fsyncs the data folder too); a torn last line (a crash mid-append) is cut off, and
/// the cut fsynced, when the file is opened, so the next line starts clean. Names are hints only: whatever an
/// upstream returns for them is verified against the hash before use. Calls block (the service runs them on its I/O
/// pool).
final class ProgramNames: Sendable {
    struct Entry: Sendable, Hashable {
        var cid: CID
        /// An Arweave transaction known to hold the program: one this service uploaded, or one whose bytes it fetched
        /// and verified.
        var arweaveTransaction: String?
        /// A transaction a client named at put, not verified: a place to look on a miss (whatever it returns is
        /// verified), never a reason to skip an upload.
        var arweaveHint: String?

        /// Where to look on Arweave: the verified transaction, else the hint.
        var arweaveCandidate: String? { arweaveTransaction ?? arweaveHint }
    }

    private struct State {
        var byHash: [BlobKey: Entry] = [:]
        var byMultihash: [Multihash: BlobKey] = [:]
    }

    private let path: String
    private let fileSystem: any FileSystem
    private let state = Mutex(State())
    /// Held while a record is appended (through its fsync), so records reach the file one at a time.
    private let writer = Mutex(())

    /// Reads `path` if it exists, cutting off a torn last line.
    ///
    /// - Throws: ``RPCError`` INTERNAL when the file exists but cannot be read or repaired: starting without it
    ///   would leave every program on disk unreachable by its CID.
    init(path: String, fileSystem: any FileSystem = PosixFileSystem()) throws(RPCError) {
        self.path = path
        self.fileSystem = fileSystem
        var loaded = State()
        for line in try Self.read(path, fileSystem).split(separator: UInt8(ascii: "\n")) {
            let fields = line.split(separator: UInt8(ascii: " "))
            guard fields.count == 3,
                let key = BlobKey(hex: String(decoding: fields[0], as: UTF8.self)),
                let cid = try? CID(String(decoding: fields[1], as: UTF8.self))
            else { continue }
            let transaction = String(decoding: fields[2], as: UTF8.self)
            var entry = loaded.byHash[key] ?? Entry(cid: cid)
            entry.cid = cid
            if ArweaveUpstream.isTransactionID(transaction) {
                entry.arweaveTransaction = entry.arweaveTransaction ?? transaction
            } else if transaction.hasPrefix("?"), ArweaveUpstream.isTransactionID(String(transaction.dropFirst())) {
                entry.arweaveHint = entry.arweaveHint ?? String(transaction.dropFirst())
            }
            loaded.byHash[key] = entry
            loaded.byMultihash[cid.multihash] = key
        }
        state.withLock { $0 = loaded }
    }

    /// The names recorded for `key`.
    func entry(for key: BlobKey) -> Entry? {
        state.withLock { $0.byHash[key] }
    }

    /// The hash of the program named `cid`, if recorded.
    func key(for cid: CID) -> BlobKey? {
        state.withLock { $0.byMultihash[cid.multihash] }
    }

    /// Records the names of a verified program. A verified Arweave id recorded before is kept: a later one never
    /// replaces it. An unverified one (`verified` false: a client's hint at put) is recorded as a hint (`?id` in the
    /// file), only when no id or hint is known yet; a verified id supersedes a hint.
    ///
    /// The line is appended durably before the names are visible, so a name this run serves is one the next run
    /// reads back; records are serialised (by `writer`, not the lock readers on the event loop take), so the file
    /// holds them in the order memory does.
    ///
    /// - Throws: ``RPCError`` INTERNAL when the line cannot be appended durably (nothing is recorded then).
    func record(_ key: BlobKey, cid: CID, arweaveTransaction: String?, verified: Bool = true) throws(RPCError) {
        try writer.withLock { _ throws(RPCError) in
            let previous = state.withLock { $0.byHash[key] }
            var entry = Entry(
                cid: cid,
                arweaveTransaction: previous?.arweaveTransaction,
                arweaveHint: previous?.arweaveHint
            )
            if verified {
                entry.arweaveTransaction = entry.arweaveTransaction ?? arweaveTransaction
            } else if entry.arweaveTransaction == nil {
                entry.arweaveHint = entry.arweaveHint ?? arweaveTransaction
            }
            guard entry != previous else { return }
            let field = entry.arweaveTransaction ?? entry.arweaveHint.map { "?" + $0 } ?? "-"
            do {
                try DurableFile.append(path, Array("\(key.hex) \(cid) \(field)\n".utf8), fileSystem: fileSystem)
            } catch {
                throw RPCError(code: .internalError, message: "cannot record the program's names (\(error))")
            }
            state.withLock { state in
                state.byHash[key] = entry
                state.byMultihash[cid.multihash] = key
            }
        }
    }

    /// The file's complete lines; a torn last line (no newline) is removed from the file too.
    private static func read(_ path: String, _ fileSystem: any FileSystem) throws(RPCError) -> [UInt8] {
        var bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path)
        } catch where error.errno == ENOENT {
            return []
        } catch {
            throw RPCError(code: .internalError, message: "cannot read the names log: \(error)")
        }
        let complete = bytes.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
        guard complete < bytes.count else { return bytes }
        bytes.removeSubrange(complete...)
        do {
            try DurableFile.truncate(path, to: complete, fileSystem: fileSystem)
        } catch {
            throw RPCError(code: .internalError, message: "cannot cut the torn last line of \(path): \(error)")
        }
        return bytes
    }
}
