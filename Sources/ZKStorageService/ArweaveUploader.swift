import ZKHTTP

/// Stores data on Arweave through a gateway or node, with the HTTP API of
/// https://docs.arweave.org/developers/arweave-node-server/http-api:
///
/// 1. `GET /price/{bytes}`: the fee in winston (a decimal number as text), used as the `reward`;
/// 2. `GET /tx_anchor`: a recent block hash (base64url), used as `last_tx`;
/// 3. builds and signs an ``ArweaveTransaction`` (format 2);
/// 4. `POST /tx` with the transaction as JSON. Data of at most ``maxInlineBytes`` travels in its `data` field, with
///    `data_root` computed as nodes recompute it for inline data (``ArweaveMerkle/Split/fixed``). Larger data is
///    sent as the header alone, then chunk by chunk with `POST /chunk` (`{"data_root", "data_size", "data_path",
///    "offset", "chunk"}`), split as arweave-js splits it (``ArweaveMerkle/Split/balanced``).
///
/// The transaction counts as accepted on `200 OK` (or `208`, "Transaction already processed", for a repeated post
/// of the same signed transaction); the id is known from the signature before the post. Posts are retried while
/// the gateway is unavailable (three tries); a refusal or a third failure is the caller's to report. Mining is not awaited: the data is served by the gateway once it holds
/// it (right away for a fake or a gateway with optimistic caching, after confirmation otherwise).
struct ArweaveUploader: Sendable {
    let gateway: String
    let wallet: ArweaveWallet
    let timeout: Duration
    /// Largest data sent inside `POST /tx` (``StorageConfiguration/arweaveMaxInlineBytes``).
    let maxInlineBytes: Int
    let client = HTTPClient()

    /// The CPU part of an upload, for a thread that may block: the data's Merkle tree (SHA-256 over all of it) and
    /// the RSA signature, given the `reward` from ``price(bytes:)`` and the `anchor` from ``anchor()``. Then
    /// ``submit(_:data:)`` posts it; the transaction id is `transaction.id`, known before the post.
    ///
    /// - Throws: ``ArweaveError`` with `signingFailed`.
    func prepare(
        _ data: [UInt8],
        tags: [ArweaveTag],
        reward: String,
        anchor: [UInt8]
    ) throws(ArweaveError) -> ArweaveUpload {
        let inline = data.count <= maxInlineBytes
        let tree = ArweaveMerkle.tree(of: data, split: inline ? .fixed : .balanced)
        var transaction = ArweaveTransaction(
            owner: wallet.owner,
            lastTransaction: anchor,
            reward: reward,
            tags: tags,
            dataSize: data.count,
            dataRoot: tree?.root ?? []
        )
        try transaction.sign(with: wallet)
        return ArweaveUpload(transaction: transaction, inline: inline, tree: inline ? nil : tree)
    }

    /// Posts a prepared upload: `POST /tx`, then `POST /chunk` per chunk for data not sent inline. Accepted once
    /// this returns.
    ///
    /// - Throws: ``ArweaveError`` with `gatewayUnavailable` or `gatewayRefused`.
    func submit(_ upload: ArweaveUpload, data: [UInt8]) async throws(ArweaveError) {
        try await post("tx", body: upload.transaction.json(data: upload.inline ? data : []), accepted: [200, 208])
        guard let tree = upload.tree else { return }
        let root = ArweaveBase64URL.encode(tree.root)
        for chunk in tree.uploadChunks {
            let body =
                "{\"data_root\":\"\(root)\",\"data_size\":\"\(data.count)\","
                + "\"data_path\":\"\(ArweaveBase64URL.encode(chunk.proof))\",\"offset\":\"\(chunk.offset)\","
                + "\"chunk\":\"\(ArweaveBase64URL.encode(data[chunk.range]))\"}"
            try await post("chunk", body: Array(body.utf8), accepted: [200])
        }
    }

    /// `GET /price/{bytes}`: the winston fee for storing `bytes` bytes.
    func price(bytes: Int) async throws(ArweaveError) -> String {
        let text = try await get("price/\(bytes)")
        guard !text.isEmpty, text.count <= 40, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw ArweaveError(
                code: .invalidGatewayAnswer,
                message: "GET /price/\(bytes) answered '\(text.prefix(80))'"
            )
        }
        return text
    }

    /// `GET /tx_anchor`: the bytes of the suggested anchor (48 for a block hash, 32 for a transaction id).
    func anchor() async throws(ArweaveError) -> [UInt8] {
        let text = try await get("tx_anchor")
        guard let anchor = ArweaveBase64URL.decode(text), anchor.count == 32 || anchor.count == 48 else {
            throw ArweaveError(code: .invalidGatewayAnswer, message: "GET /tx_anchor answered '\(text.prefix(80))'")
        }
        return anchor
    }

    private func get(_ path: String) async throws(ArweaveError) -> String {
        let response = try await exchange(HTTPRequest(url: "\(gateway)/\(path)", maxBytes: 4096, timeout: timeout))
        guard response.status == 200 else { throw Self.refusal("GET /\(path)", response) }
        return String(decoding: response.body, as: UTF8.self).filter { !$0.isWhitespace }
    }

    /// Posts `body`, retrying when the gateway is unavailable (unreachable, timeout, 5xx): at most
    /// ``postAttempts`` times, 250 ms then 1 s apart. Posting the same signed transaction or chunk again is safe:
    /// a node answers `208` for a transaction it already has. A refusal (4xx) is not retried.
    private func post(_ path: String, body: [UInt8], accepted: Set<Int>) async throws(ArweaveError) {
        var attempt = 1
        while true {
            do {
                return try await postOnce(path, body: body, accepted: accepted)
            } catch {
                guard error.code == .gatewayUnavailable, attempt < Self.postAttempts else { throw error }
                try? await Task.sleep(for: .milliseconds(250 << (2 * (attempt - 1))))
                attempt += 1
            }
        }
    }

    /// Tries of each `POST /tx` and `POST /chunk`.
    static let postAttempts = 3

    private func postOnce(_ path: String, body: [UInt8], accepted: Set<Int>) async throws(ArweaveError) {
        let request = HTTPRequest(
            method: "POST",
            url: "\(gateway)/\(path)",
            headers: [HTTPHeader(name: "Content-Type", value: "application/json")],
            body: body,
            maxBytes: 1 << 16,
            timeout: timeout
        )
        let response = try await exchange(request)
        guard accepted.contains(response.status) else { throw Self.refusal("POST /\(path)", response) }
    }

    /// Sends `request` and answers any status (the callers decide which are accepted).
    private func exchange(_ request: HTTPRequest) async throws(ArweaveError) -> HTTPResponse {
        var request = request
        request.requireSuccess = false
        do {
            return try await client.execute(request)
        } catch {
            throw ArweaveError(code: .gatewayUnavailable, message: "\(request.method) \(request.url): \(error)")
        }
    }

    private static func refusal(_ what: String, _ response: HTTPResponse) -> ArweaveError {
        let text = String(decoding: response.body.prefix(200), as: UTF8.self)
        return ArweaveError(
            code: response.status >= 500 || response.status < 400 ? .gatewayUnavailable : .gatewayRefused,
            message: "\(what) answered \(response.status): \(text)",
            status: response.status
        )
    }
}
