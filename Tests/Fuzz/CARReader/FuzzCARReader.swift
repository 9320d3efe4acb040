import FuzzSupport
import ZKContent

/// The CAR reader (``CARReader``: CARv1 and CARv2 headers, the DAG-CBOR header reader, sections, binary CIDs) and
/// the dag-pb / UnixFS decoders (``PBNode``, ``UnixFSData``) of every dag-pb block it yields.
///
/// Input: a CAR file.
///
/// Checks: nothing traps; failures are `ContentError`s (typed throws); blocks respect the size limit; every CID read
/// survives its binary and text forms (base32, base58btc, base36); a decoded node or UnixFS `Data` re-encodes to
/// bytes that decode to the same value; ``CARReader/blocks(in:limits:)`` keeps no more blocks than were read.
@main
struct FuzzCARReader {
    static func main() { FuzzDriver.main(run) }

    static let limits = CARReader.Limits(maxBlockSize: 64 << 10, maxHeaderSize: 4096)

    static func run(_ data: UnsafeRawBufferPointer) {
        let bytes = Array(data)
        var read = 0
        do {
            var reader = try CARReader(bytes: bytes, limits: limits)
            FuzzCheck.require(reader.version == 1 || reader.version == 2, "CAR version \(reader.version)")
            for root in reader.roots { checkCID(root) }
            while let block = try reader.next() {
                read += 1
                checkCID(block.cid)
                FuzzCheck.require(block.bytes.count <= limits.maxBlockSize, "block of \(block.bytes.count) bytes")
                if block.cid.codec == .dagPB { checkNode(block.bytes) }
            }
        } catch {
            _ = error.code
        }
        let store = CARReader.blocks(in: bytes, limits: limits)
        // Both stop at the first bad section; the store keeps one block per CID.
        FuzzCheck.require(store.count <= read, "blocks(in:) kept \(store.count) blocks, \(read) were read")
        // The input as one dag-pb block too: the node decoder sees the fuzzer's bytes directly.
        checkNode(bytes)
    }

    static func checkCID(_ cid: CID) {
        do {
            let fromBytes = try CID(bytes: cid.bytes)
            FuzzCheck.require(fromBytes == cid, "binary CID round trip: \(cid) vs \(fromBytes)")
            for base in [CID.Base.base32, .base58btc, .base36] {
                let text = cid.string(base: base)
                let parsed = try CID(text)
                FuzzCheck.require(parsed == cid, "CID text round trip \(text): \(parsed) vs \(cid)")
            }
        } catch {
            FuzzCheck.fail("a CID that was read does not round-trip: \(cid): \(error)")
        }
    }

    static func checkNode(_ bytes: [UInt8]) {
        let node: PBNode
        do {
            node = try PBNode(decoding: bytes[...])
        } catch {
            FuzzCheck.require(error.code == .malformedBlock, "PBNode failed with \(error.code)")
            return
        }
        for link in node.links { checkCID(link.cid) }
        do {
            let again = try PBNode(decoding: node.encoded()[...])
            FuzzCheck.require(again == node, "PBNode round trip differs")
        } catch {
            FuzzCheck.fail("PBNode.encoded() does not decode: \(error)")
        }
        guard let payload = node.data else { return }
        let unixfs: UnixFSData
        do {
            unixfs = try UnixFSData(decoding: payload[...])
        } catch {
            FuzzCheck.require(error.code == .malformedBlock, "UnixFSData failed with \(error.code)")
            return
        }
        do {
            let again = try UnixFSData(decoding: unixfs.encoded()[...])
            FuzzCheck.require(again == unixfs, "UnixFSData round trip differs")
        } catch {
            FuzzCheck.fail("UnixFSData.encoded() does not decode: \(error)")
        }
    }
}
