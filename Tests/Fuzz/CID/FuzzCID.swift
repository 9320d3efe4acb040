import FuzzSupport
import ZKContent

/// CID strings as clients and gateways send them (``CID/init(_:)``: CIDv0 base58btc, multibase base32, base58btc,
/// base36) and binary CIDs (``CID/init(bytes:)``, the multihash and varint readers).
///
/// Input: byte 0 even → the rest is a CID string (UTF-8, repaired); odd → a binary CID.
///
/// Checks: nothing traps; failures are `ContentError`s (typed throws); a parsed CID survives its binary form and its
/// three text forms; its v1 form is v1 with the same multihash.
@main
struct FuzzCID {
    static func main() { FuzzDriver.main(run) }

    static func run(_ data: UnsafeRawBufferPointer) {
        guard let selector = data.first else { return }
        let body = UnsafeRawBufferPointer(rebasing: data.dropFirst())
        let cid: CID
        do {
            if selector & 1 == 0 {
                cid = try CID(String(decoding: body, as: UTF8.self))
            } else {
                cid = try CID(bytes: body)
            }
        } catch {
            _ = error.code
            return
        }
        do {
            let binary = try CID(bytes: cid.bytes)
            FuzzCheck.require(binary == cid, "binary round trip of \(cid)")
            for base in [CID.Base.base32, .base58btc, .base36] {
                let text = try CID(cid.string(base: base))
                FuzzCheck.require(text == cid, "text round trip of \(cid) in \(base)")
            }
        } catch {
            FuzzCheck.fail("\(cid) does not round-trip: \(error)")
        }
        let v1 = cid.v1
        FuzzCheck.require(v1.version == .v1 && v1.multihash == cid.multihash, "v1 of \(cid) is \(v1)")
    }
}
