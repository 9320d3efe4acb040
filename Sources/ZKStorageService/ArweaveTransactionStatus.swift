/// How an Arweave transaction stands, as a gateway answers `GET /tx/{txid}/status` (Arweave HTTP API,
/// https://docs.arweave.org/developers/arweave-node-server/http-api, "Get Transaction Status"): `200` with JSON
/// `{"block_height", "block_indep_hash", "number_of_confirmations"}` once mined, `202 Pending` while waiting to be
/// mined, `404` when the node does not know the transaction.
struct ArweaveTransactionStatus: Sendable, Hashable {
    enum State: String, Sendable {
        /// Mined: ``ArweaveTransactionStatus/confirmations`` and ``ArweaveTransactionStatus/blockHeight`` are set.
        case confirmed
        /// Accepted by the gateway, not yet in a block.
        case pending
        /// The gateway does not know the transaction (never posted, or dropped before it was mined).
        case notFound = "not_found"
        /// The gateway could not be asked, or answered something else.
        case unavailable
    }

    var state: State
    var confirmations: UInt64 = 0
    var blockHeight: UInt64 = 0

    /// Reads a gateway's answer to `GET /tx/{txid}/status`.
    init(status: Int, body: [UInt8]) {
        switch status {
        case 200:
            guard let object = JSONObject(body), let height = object.numbers["block_height"],
                let confirmations = object.numbers["number_of_confirmations"]
            else {
                self.init(state: .unavailable)
                return
            }
            self.init(state: .confirmed, confirmations: confirmations, blockHeight: height)
        case 202:
            self.init(state: .pending)
        case 404:
            self.init(state: .notFound)
        default:
            self.init(state: .unavailable)
        }
    }

    init(state: State, confirmations: UInt64 = 0, blockHeight: UInt64 = 0) {
        self.state = state
        self.confirmations = confirmations
        self.blockHeight = blockHeight
    }
}
