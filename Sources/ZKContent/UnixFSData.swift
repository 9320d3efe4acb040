/// The UnixFS `Data` message carried in a dag-pb node's `Data` field (ipfs/boxo `ipld/unixfs/pb/unixfs.proto`):
/// `Type = 1`, `Data = 2`, `filesize = 3`, `blocksizes = 4` (repeated), `hashType = 5`, `fanout = 6`,
/// `mode = 7`, `mtime = 8`.
public struct UnixFSData: Hashable, Sendable {
    /// `DataType` enum values.
    public enum Kind: UInt64, Sendable {
        case raw = 0
        case directory = 1
        case file = 2
        case metadata = 3
        case symlink = 4
        case hamtShard = 5
    }

    /// The node type.
    public var kind: Kind
    /// Inline file bytes (leaf nodes, or the head of a file node).
    public var data: [UInt8]?
    /// Total bytes of file data under this node.
    public var filesize: UInt64?
    /// File bytes under each child link, in link order.
    public var blocksizes: [UInt64]

    public init(kind: Kind, data: [UInt8]? = nil, filesize: UInt64?, blocksizes: [UInt64] = []) {
        self.kind = kind
        self.data = data
        self.filesize = filesize
        self.blocksizes = blocksizes
    }

    /// Serialization in field order, `blocksizes` unpacked (proto2), as Go's encoder writes it.
    public func encoded() -> [UInt8] {
        var writer = ProtobufWriter()
        writer.varintField(1, kind.rawValue)
        if let data { writer.bytesField(2, data) }
        if let filesize { writer.varintField(3, filesize) }
        for size in blocksizes { writer.varintField(4, size) }
        return writer.bytes
    }

    /// The largest `mtime` accepted: a UnixTime message (int64 seconds, fixed32 nanos) takes at most 16 bytes.
    static let maxMtimeBytes = 32

    /// Parses a UnixFS `Data` message; accepts packed or unpacked `blocksizes`, ignores the hashType, fanout and mode
    /// varints and a short mtime; any other field (a length-delimited 5–7, a long mtime) is `malformedBlock`.
    ///
    /// - Throws: ``ContentError/Code/malformedBlock``.
    public init(decoding bytes: ArraySlice<UInt8>) throws(ContentError) {
        var reader = ProtobufReader(bytes)
        var kind: Kind?
        var data: [UInt8]?
        var filesize: UInt64?
        var blocksizes: [UInt64] = []
        while let (field, value) = try reader.next() {
            switch (field, value) {
            case (1, .varint(let raw)):
                guard let parsed = Kind(rawValue: raw) else {
                    throw ContentError(code: .malformedBlock, message: "unknown UnixFS type \(raw)")
                }
                kind = parsed
            case (2, .bytes(let payload)):
                data = Array(payload)
            case (3, .varint(let size)):
                filesize = size
            case (4, .varint(let size)):
                blocksizes.append(size)
            case (4, .bytes(let packed)):
                var offset = packed.startIndex
                while offset < packed.endIndex {
                    do {
                        blocksizes.append(try Varint.decode(packed, offset: &offset))
                    } catch {
                        throw ContentError(code: .malformedBlock, message: "packed blocksizes: \(error.message)")
                    }
                }
            case (5...7, .varint):
                continue  // hashType, fanout, mode: no bearing on a file's bytes
            case (8, .bytes(let mtime)):
                // UnixTime {seconds, nanos}: a few bytes. Anything bigger is padding that costs a reader work for
                // nothing (a 2 MiB node that produces no bytes).
                guard mtime.count <= Self.maxMtimeBytes else {
                    throw ContentError(
                        code: .malformedBlock,
                        message: "UnixFS mtime of \(mtime.count) bytes (at most \(Self.maxMtimeBytes))"
                    )
                }
            default:
                throw ContentError(code: .malformedBlock, message: "unexpected UnixFS Data field \(field)")
            }
        }
        guard let kind else { throw ContentError(code: .malformedBlock, message: "UnixFS Data without Type") }
        self.init(kind: kind, data: data, filesize: filesize, blocksizes: blocksizes)
    }
}
