import Synchronization
import ZKContent
import ZKCrypto
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
/// Lines are `<sha256 hex> <cid> <arweave tx or ->`, appended with `O_APPEND` and fsynced; a torn last line (a crash
/// mid-append) is ignored when the file is read back. Names are hints only: whatever an upstream returns for them
/// is verified against the hash before use. Calls block (the service runs them on its I/O pool).
final class ProgramNames: Sendable {
    struct Entry: Sendable, Hashable {
        var cid: CID
        var arweaveTransaction: String?
    }

    private struct State {
        var byHash: [BlobKey: Entry] = [:]
        var byMultihash: [Multihash: BlobKey] = [:]
    }

    private let path: String
    private let state = Mutex(State())

    /// Reads `path` if it exists.
    init(path: String) {
        self.path = path
        var loaded = State()
        for line in Self.read(path).split(separator: UInt8(ascii: "\n")) {
            let fields = line.split(separator: UInt8(ascii: " "))
            guard fields.count == 3,
                let key = BlobKey(hex: String(decoding: fields[0], as: UTF8.self)),
                let cid = try? CID(String(decoding: fields[1], as: UTF8.self))
            else { continue }
            let transaction = String(decoding: fields[2], as: UTF8.self)
            let entry = Entry(
                cid: cid,
                arweaveTransaction: ArweaveUpstream.isTransactionID(transaction) ? transaction : nil
            )
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

    /// Records the names of a verified program (keeping an Arweave id recorded before when none is given).
    func record(_ key: BlobKey, cid: CID, arweaveTransaction: String?) {
        let line: String? = state.withLock { state in
            let previous = state.byHash[key]
            let entry = Entry(cid: cid, arweaveTransaction: arweaveTransaction ?? previous?.arweaveTransaction)
            guard entry != previous else { return nil }
            state.byHash[key] = entry
            state.byMultihash[cid.multihash] = key
            return "\(key.hex) \(cid) \(entry.arweaveTransaction ?? "-")\n"
        }
        if let line { Self.append(path, line) }
    }

    private static func read(_ path: String) -> [UInt8] {
        // A log that cannot be read holds no names: every program is still found by its hash, and a get by CID
        // alone refetches it upstream (recording its names again).
        guard var bytes = try? FileBytes.read(path) else { return [] }
        // A torn last line (no newline) is dropped.
        if let lastNewline = bytes.lastIndex(of: UInt8(ascii: "\n")) {
            bytes.removeSubrange((lastNewline + 1)...)
        } else {
            bytes = []
        }
        return bytes
    }

    /// Appends one line durably. A failure is not reported: it loses the names at the next start, after which a get
    /// by that CID alone refetches the program upstream (and records its names again).
    private static func append(_ path: String, _ line: String) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        let bytes = Array(line.utf8)
        // Lines are short: one write(2) with O_APPEND lands them whole.
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        _ = fsync(descriptor)
    }
}
