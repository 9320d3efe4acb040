/// A dag-pb node (https://ipld.io/specs/codecs/dag-pb/spec/): `PBNode { Links = 2 (repeated); Data = 1 }`.
///
/// Encoding is canonical: all links first, in order, then `Data`. Decoding is strict: fields other than 1 and 2,
/// `Data` appearing before links, or a link without a hash are ``ContentError/Code/malformedBlock``.
public struct PBNode: Hashable, Sendable {
    /// Ordered links.
    public var links: [PBLink]
    /// Opaque payload (for UnixFS: a serialized ``UnixFSData``).
    public var data: [UInt8]?

    public init(links: [PBLink], data: [UInt8]?) {
        self.links = links
        self.data = data
    }

    /// Canonical serialization.
    public func encoded() -> [UInt8] {
        var writer = ProtobufWriter()
        for link in links {
            var linkWriter = ProtobufWriter()
            linkWriter.bytesField(1, link.cid.bytes)
            if let name = link.name { linkWriter.bytesField(2, Array(name.utf8)) }
            if let tsize = link.tsize { linkWriter.varintField(3, tsize) }
            writer.bytesField(2, linkWriter.bytes)
        }
        if let data { writer.bytesField(1, data) }
        return writer.bytes
    }

    /// Parses a dag-pb block.
    ///
    /// - Throws: ``ContentError/Code/malformedBlock``.
    public init(decoding bytes: ArraySlice<UInt8>) throws(ContentError) {
        var reader = ProtobufReader(bytes)
        var links: [PBLink] = []
        var data: [UInt8]?
        while let (field, value) = try reader.next() {
            switch (field, value) {
            case (2, .bytes(let linkBytes)):
                guard data == nil else {
                    throw ContentError(code: .malformedBlock, message: "dag-pb Links after Data (not canonical)")
                }
                links.append(try Self.decodeLink(linkBytes))
            case (1, .bytes(let payload)):
                guard data == nil else { throw ContentError(code: .malformedBlock, message: "dag-pb Data repeated") }
                data = Array(payload)
            default:
                throw ContentError(code: .malformedBlock, message: "unexpected dag-pb PBNode field \(field)")
            }
        }
        self.links = links
        self.data = data
    }

    private static func decodeLink(_ bytes: ArraySlice<UInt8>) throws(ContentError) -> PBLink {
        var reader = ProtobufReader(bytes)
        var cid: CID?
        var name: String?
        var tsize: UInt64?
        var lastField: UInt64 = 0
        while let (field, value) = try reader.next() {
            guard field > lastField else {
                throw ContentError(code: .malformedBlock, message: "dag-pb PBLink fields out of order or repeated")
            }
            lastField = field
            switch (field, value) {
            case (1, .bytes(let hash)):
                do {
                    cid = try CID(bytes: hash)
                } catch {
                    throw ContentError(code: .malformedBlock, message: "dag-pb link hash: \(error.message)")
                }
            case (2, .bytes(let text)):
                name = String(decoding: text, as: UTF8.self)
            case (3, .varint(let size)):
                tsize = size
            default:
                throw ContentError(code: .malformedBlock, message: "unexpected dag-pb PBLink field \(field)")
            }
        }
        guard let cid else { throw ContentError(code: .malformedBlock, message: "dag-pb link without Hash") }
        return PBLink(cid: cid, name: name, tsize: tsize)
    }
}
