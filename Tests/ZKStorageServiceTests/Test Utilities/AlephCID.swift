import Foundation
import ZKTestSupport

/// The independent CID oracle: PyPI `aleph-cid`'s `CidHasher.for_ipfs_v1_raw_leaves()`, the CID that
/// `ipfs add --cid-version=1` gives with Kubo's defaults (256 KiB chunks, raw leaves, balanced layout).
enum AlephCID {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func cidV1(of bytes: [UInt8]) throws -> String {
        let output = try CommandRunner.python(
            """
            import sys, aleph_cid
            h = aleph_cid.CidHasher.for_ipfs_v1_raw_leaves()
            h.update(sys.stdin.buffer.read())
            print(h.finalize())
            """,
            stdin: Data(bytes)
        )
        guard output.status == 0 else { throw Failure(description: "aleph-cid failed: \(output.stderr)") }
        return output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
