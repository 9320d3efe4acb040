import ZKContent
import ZKHTTP
import ZKRPC

/// Arweave as a read-through archive: `GET {gateway}/{txid}` answers the transaction's data (the gateway form of the
/// Arweave HTTP API, https://docs.arweave.org/developers/arweave-node-server/http-api, "Get Transaction Data").
///
/// Nothing here is trusted: the caller checks the bytes against the SHA-256 or CID the program was asked for, which
/// is why a get naming only an `arweave_tx` is refused before any fetch. Uploads are ``ArweaveUploader``'s (on put,
/// when a wallet is configured).
///
/// Errors: `UNAVAILABLE` when the gateway cannot be reached or fails; `DATA_LOSS` when the data exceeds `maxBytes`.
struct ArweaveUpstream: UpstreamSource {
    let name = "arweave"
    let gateway: String
    let timeout: Duration
    let client = HTTPClient()

    /// Whether `text` has the shape of a transaction id: 43 base64url characters (an unpadded 32-byte digest).
    static func isTransactionID(_ text: String) -> Bool {
        text.utf8.count == 43 && ArweaveBase64URL.decode(text)?.count == 32
    }

    func canFetch(cid: CID?, arweaveTransaction: String?) -> Bool {
        arweaveTransaction.map(Self.isTransactionID) ?? false
    }

    func fetch(cid: CID?, arweaveTransaction: String?, maxBytes: Int) async throws -> [UInt8]? {
        guard let transaction = arweaveTransaction, Self.isTransactionID(transaction) else { return nil }
        do {
            return try await client.get(
                url: "\(gateway)/\(transaction)",
                maxBytes: maxBytes,
                timeout: timeout
            ).body
        } catch {
            if error.code == .httpStatus, error.status == 404 { return nil }
            if error.code == .overloaded {
                throw RPCError(code: .resourceExhausted, message: "Arweave gateway: \(error)")
            }
            if error.code == .tooLarge {
                throw RPCError(code: .dataLoss, message: "Arweave data of \(transaction) exceeds \(maxBytes) bytes")
            }
            throw RPCError(code: .unavailable, message: "Arweave gateway: \(error)")
        }
    }

    func publish(elf: [UInt8]) async throws -> CID? { nil }

    /// Asks the gateway how `transaction` stands (`GET {gateway}/tx/{txid}/status`); never throws: a gateway that
    /// cannot be asked is ``ArweaveTransactionStatus/State/unavailable``.
    func status(of transaction: String) async -> ArweaveTransactionStatus {
        guard Self.isTransactionID(transaction) else { return ArweaveTransactionStatus(state: .notFound) }
        do {
            let response = try await client.get(
                url: "\(gateway)/tx/\(transaction)/status",
                maxBytes: 64 << 10,
                timeout: timeout
            )
            return ArweaveTransactionStatus(status: response.status, body: response.body)
        } catch {
            if error.code == .httpStatus, let status = error.status {
                return ArweaveTransactionStatus(status: status, body: [])
            }
            return ArweaveTransactionStatus(state: .unavailable)
        }
    }
}
