/// A multicodec code identifying how a block's bytes are to be interpreted.
public struct Multicodec: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The code from the multicodec table.
    public let rawValue: UInt64

    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// `raw` (0x55): the block is opaque bytes; UnixFS raw leaves.
    public static let raw = Multicodec(rawValue: 0x55)
    /// `dag-pb` (0x70): MerkleDAG protobuf; UnixFS nodes.
    public static let dagPB = Multicodec(rawValue: 0x70)
    /// `dag-cbor` (0x71): recognised for CAR headers only.
    public static let dagCBOR = Multicodec(rawValue: 0x71)

    public var description: String {
        switch self {
        case .raw: "raw"
        case .dagPB: "dag-pb"
        case .dagCBOR: "dag-cbor"
        default: "0x" + String(rawValue, radix: 16)
        }
    }
}
