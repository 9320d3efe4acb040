/// Reassembles a UnixFS file from untrusted blocks, verifying each block against its CID before using it.
///
/// This is the one place where blocks are hashed. Sources never check what they return, so a source cannot vouch for
/// a block and no path into the file skips the check. Fallbacks are expressed as an ordered list of sources, tried
/// here for each block: the first bytes that hash to the block's CID are used, each candidate hashed once. When no
/// source has good bytes, the first rejected candidate's error is thrown (`hashMismatch` or `tooLarge`), else the
/// first source's error (an unreachable server is not a clean miss), else `missingBlock`.
///
/// Each distinct block is fetched and hashed once per read, however often it is linked: later visits reuse the
/// verified bytes. Every visit still costs its block's size against ``Limits/maxBytesRead``, so a small DAG whose
/// nodes link one big block many times cannot make a read parse gigabytes.
///
/// Walks the DAG depth-first in link order. `raw` blocks are file bytes; `dag-pb` blocks must carry a UnixFS
/// `Data` of type `File` or `Raw`, whose inline `Data` comes before its children's bytes. Structural claims are
/// checked too: a node's `blocksizes` must match what each child actually produced and `filesize` must equal the
/// total, so a gateway cannot pad or truncate a file with well-formed blocks.
///
/// Errors (all ``ContentError``): `hashMismatch` (a block does not hash to its CID), `missingBlock` (the source lacks
/// a block), `malformedBlock` (bad dag-pb/UnixFS or inconsistent sizes), `tooLarge` (block, file, or block-count
/// limit), `unsupportedCodec`, `unsupportedUnixFSType` (directories, symlinks, HAMT shards). Errors thrown by a
/// ``BlockSource`` itself are passed through unchanged.
public struct VerifiedDAGReader: Sendable {
    /// Limits on what the reader will accept.
    public struct Limits: Sendable, Hashable {
        /// Largest file produced.
        public var maxFileSize: UInt64
        /// Largest single block (Kubo refuses blocks over 2 MiB; boxo's importer makes at most 1 MiB).
        public var maxBlockSize: Int
        /// Most block visits (bounds work on DAGs that reference the same empty block many times).
        public var maxBlocks: Int
        /// Deepest DAG walked.
        public var maxDepth: Int
        /// Most block bytes one read hashes or parses, summed over every visit (default: twice ``maxFileSize`` plus
        /// four blocks). An honest file's blocks add up to little more than the file; a DAG that links big blocks
        /// many times stops here with `tooLarge`.
        public var maxBytesRead: UInt64

        public init(
            maxFileSize: UInt64 = 1 << 30,
            maxBlockSize: Int = 2 * 1_048_576,
            maxBlocks: Int = 1 << 20,
            maxDepth: Int = 32,
            maxBytesRead: UInt64? = nil
        ) {
            self.maxFileSize = maxFileSize
            self.maxBlockSize = maxBlockSize
            self.maxBlocks = maxBlocks
            self.maxDepth = maxDepth
            self.maxBytesRead =
                maxBytesRead ?? Self.saturatingSum(maxFileSize, maxFileSize, 4 * UInt64(max(0, maxBlockSize)))
        }

        private static func saturatingSum(_ terms: UInt64...) -> UInt64 {
            terms.reduce(0) { total, term in
                let (sum, overflow) = total.addingReportingOverflow(term)
                return overflow ? .max : sum
            }
        }
    }

    /// The limits in use.
    public let limits: Limits

    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Reads the whole file under `root` into memory.
    public func read(root: CID, from source: some BlockSource) async throws -> [UInt8] {
        try await read(root: root, from: [source])
    }

    /// Reads the whole file under `root` into memory, asking `sources` in order for each block.
    public func read(root: CID, from sources: [any BlockSource]) async throws -> [UInt8] {
        var output: [UInt8] = []
        try await read(root: root, from: sources) { output.append(contentsOf: $0) }
        return output
    }

    /// Streams the file under `root` to `sink`, in order, asking `sources` in order for each block; returns the file
    /// size.
    ///
    /// Bytes handed to `sink` come only from verified blocks, but a later block may still fail: treat the output as
    /// provisional until this returns.
    @discardableResult
    public func read(
        root: CID,
        from sources: [any BlockSource],
        sink: (ArraySlice<UInt8>) async throws -> Void
    ) async throws -> UInt64 {
        var state = WalkState()
        return try await visit(root, expected: nil, depth: 0, sources: sources, state: &state, sink: sink)
    }

    private struct WalkState {
        var total: UInt64 = 0
        var visits = 0
        /// Block bytes hashed or parsed so far, every visit counted.
        var bytesRead: UInt64 = 0
        /// Blocks already verified in this read, by CID: a block linked again is not fetched or hashed again.
        var verified: [CID: [UInt8]] = [:]
    }

    /// The verified bytes of `cid`: from an earlier visit, else the first bytes from `sources` that are within the
    /// block limit and hash to `cid`.
    private func fetch(_ cid: CID, sources: [any BlockSource], state: inout WalkState) async throws -> [UInt8] {
        state.visits += 1
        guard state.visits <= limits.maxBlocks else {
            throw ContentError(code: .tooLarge, message: "DAG has more than \(limits.maxBlocks) block visits")
        }
        if cid.multihash.code == Multihash.identityCode { return cid.multihash.digest }
        let bytes: [UInt8]
        if let known = state.verified[cid] {
            bytes = known
        } else {
            bytes = try await fetchUnverified(cid, sources: sources)
            state.verified[cid] = bytes
        }
        state.bytesRead += UInt64(bytes.count)
        guard state.bytesRead <= limits.maxBytesRead else {
            throw ContentError(
                code: .tooLarge,
                message: "DAG makes a read of more than \(limits.maxBytesRead) block bytes (blocks linked many times)"
            )
        }
        return bytes
    }

    /// The first bytes from `sources` that are within the block limit and hash to `cid` (each candidate hashed once).
    private func fetchUnverified(_ cid: CID, sources: [any BlockSource]) async throws -> [UInt8] {
        var rejected: ContentError?
        var failure: (any Error)?
        for source in sources {
            let bytes: [UInt8]?
            do { bytes = try await source.block(for: cid) } catch {
                failure = failure ?? error
                continue
            }
            guard let bytes else { continue }
            do {
                try check(bytes, cid)
                return bytes
            } catch {
                rejected = rejected ?? error
            }
        }
        if let rejected { throw rejected }
        if let failure { throw failure }
        throw ContentError(code: .missingBlock, message: "block \(cid) is not available")
    }

    /// Size first (no hashing of oversize input), then the hash.
    private func check(_ bytes: [UInt8], _ cid: CID) throws(ContentError) {
        guard bytes.count <= limits.maxBlockSize else {
            throw ContentError(
                code: .tooLarge,
                message: "block \(cid) has \(bytes.count) bytes, limit \(limits.maxBlockSize)"
            )
        }
        try cid.verify(bytes)
    }

    private func emit(
        _ bytes: ArraySlice<UInt8>,
        state: inout WalkState,
        sink: (ArraySlice<UInt8>) async throws -> Void
    ) async throws {
        state.total += UInt64(bytes.count)
        guard state.total <= limits.maxFileSize else {
            throw ContentError(code: .tooLarge, message: "file exceeds \(limits.maxFileSize) bytes")
        }
        if !bytes.isEmpty { try await sink(bytes) }
    }

    /// Visits one node; returns the number of file bytes it produced.
    private func visit(
        _ cid: CID,
        expected: UInt64?,
        depth: Int,
        sources: [any BlockSource],
        state: inout WalkState,
        sink: (ArraySlice<UInt8>) async throws -> Void
    ) async throws -> UInt64 {
        guard depth <= limits.maxDepth else {
            throw ContentError(code: .tooLarge, message: "DAG deeper than \(limits.maxDepth) levels")
        }
        let bytes = try await fetch(cid, sources: sources, state: &state)
        let produced: UInt64
        switch cid.codec {
        case .raw:
            try await emit(bytes[...], state: &state, sink: sink)
            produced = UInt64(bytes.count)
        case .dagPB:
            produced = try await visitNode(cid, bytes: bytes, depth: depth, sources: sources, state: &state, sink: sink)
        default:
            throw ContentError(
                code: .unsupportedCodec,
                message: "block \(cid) has codec \(cid.codec), not raw or dag-pb"
            )
        }
        if let expected, expected != produced {
            throw ContentError(
                code: .malformedBlock,
                message: "block \(cid) produced \(produced) bytes but its parent's blocksizes says \(expected)"
            )
        }
        return produced
    }

    private func visitNode(
        _ cid: CID,
        bytes: [UInt8],
        depth: Int,
        sources: [any BlockSource],
        state: inout WalkState,
        sink: (ArraySlice<UInt8>) async throws -> Void
    ) async throws -> UInt64 {
        let node = try PBNode(decoding: bytes[...])
        guard let payload = node.data else {
            throw ContentError(code: .malformedBlock, message: "dag-pb block \(cid) has no UnixFS Data")
        }
        let unixfs = try UnixFSData(decoding: payload[...])
        guard unixfs.kind == .file || unixfs.kind == .raw else {
            throw ContentError(
                code: .unsupportedUnixFSType,
                message: "block \(cid) is a UnixFS \(unixfs.kind), only files can be read"
            )
        }
        if depth == 0, let filesize = unixfs.filesize, filesize > limits.maxFileSize {
            throw ContentError(code: .tooLarge, message: "file declares \(filesize) bytes, limit \(limits.maxFileSize)")
        }
        guard node.links.isEmpty || unixfs.blocksizes.count == node.links.count else {
            throw ContentError(
                code: .malformedBlock,
                message: "block \(cid) has \(node.links.count) links but \(unixfs.blocksizes.count) blocksizes"
            )
        }
        let inline = unixfs.data ?? []
        try await emit(inline[...], state: &state, sink: sink)
        var produced = UInt64(inline.count)
        for (index, link) in node.links.enumerated() {
            produced += try await visit(
                link.cid,
                expected: unixfs.blocksizes[index],
                depth: depth + 1,
                sources: sources,
                state: &state,
                sink: sink
            )
        }
        if let filesize = unixfs.filesize, filesize != produced {
            throw ContentError(
                code: .malformedBlock,
                message: "block \(cid) declares filesize \(filesize) but its content is \(produced) bytes"
            )
        }
        return produced
    }
}
