/// Writes CARv1 archives (https://ipld.io/specs/transport/car/carv1/).
public struct CARWriter: Sendable {
    /// The archive bytes written so far.
    public private(set) var bytes: [UInt8]

    /// Starts an archive with a header naming `roots`.
    public init(roots: [CID]) {
        precondition(!roots.isEmpty, "a CARv1 needs at least one root")
        precondition(roots.count < 24, "CARWriter supports fewer than 24 roots")
        // DAG-CBOR map, keys in length-then-bytewise order: "roots" (5) before "version" (7).
        var header: [UInt8] = [0xA2, 0x65] + Array("roots".utf8) + [0x80 | UInt8(roots.count)]
        for root in roots {
            let link = [0x00] + root.bytes
            header += [0xD8, 0x2A]
            if link.count < 24 {
                header.append(0x40 | UInt8(link.count))
            } else {
                header += [0x58, UInt8(link.count)]
            }
            header += link
        }
        header += [0x67] + Array("version".utf8) + [0x01]
        bytes = Varint.encode(UInt64(header.count)) + header
    }

    /// Appends a section `varint(len) cid data`.
    public mutating func append(_ block: Block) {
        let cid = block.cid.bytes
        Varint.encode(UInt64(cid.count + block.bytes.count), into: &bytes)
        bytes += cid
        bytes += block.bytes
    }
}
