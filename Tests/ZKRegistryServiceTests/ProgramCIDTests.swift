import Foundation
import Testing
import ZKCrypto
import ZKContent
import ZKTestSupport

@Suite("Registry CIDs: what the registry accepts and compares")
struct ProgramCIDTests {
    /// CIDs aleph-cid (PyPI) computes for some contents: Kubo's default CIDv0 and `--cid-version=1 --raw-leaves`,
    /// plus the CIDv0's multihash digest and its CIDv1 dag-pb form, computed with Python's base64/base58 by hand.
    struct Oracle: Decodable {
        var v0: String
        var v1raw: String
        var v0digest: String
        var v0asv1: String
    }

    static func oracle(_ content: String) throws -> Oracle {
        let script = """
            import sys, json, base64, hashlib, aleph_cid
            data = sys.argv[1].encode()
            v0 = str(aleph_cid.compute_cid(data))
            h = aleph_cid.CidHasher.for_ipfs_v1_raw_leaves(); h.update(data); v1raw = str(h.finalize())
            alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
            n = 0
            for c in v0: n = n * 58 + alphabet.index(c)
            mh = n.to_bytes(34, 'big')
            v0asv1 = 'b' + base64.b32encode(bytes([1, 0x70]) + mh).decode().lower().rstrip('=')
            print(json.dumps({'v0': v0, 'v1raw': v1raw, 'v0digest': mh[2:].hex(), 'v0asv1': v0asv1}))
            """
        let output = try CommandRunner.python(script, arguments: [content])
        #expect(output.status == 0, "\(output.stderr)")
        return try JSONDecoder().decode(Oracle.self, from: Data(output.stdout.utf8))
    }

    @Test(
        "CIDs made by aleph-cid parse; v0 and its v1 dag-pb form name the same content",
        arguments: ["", "hello", "x"])
    func parsesOracleCIDs(content: String) throws {
        let oracle = try Self.oracle(content)
        let v0 = try CID(oracle.v0)
        #expect(v0.version == .v0)
        #expect(Hex.encode(v0.multihash.digest) == oracle.v0digest)
        #expect(v0.description == oracle.v0)
        let v1 = try CID(oracle.v1raw)
        #expect(v1.version == .v1)
        #expect(v1.codec == .raw)
        #expect(v1.multihash.digest == SHA256.hash(Array(content.utf8)))
        #expect(v1.description == oracle.v1raw)
        let v0AsV1 = try CID(oracle.v0asv1)
        #expect(v0AsV1.v1 == v0.v1)
        #expect(v1.v1 != v0.v1)
    }
}
