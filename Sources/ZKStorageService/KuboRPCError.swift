import ZKHTTP

/// Reads the error answers of the Kubo RPC API (https://docs.ipfs.tech/reference/kubo/rpc/, section "HTTP status
/// codes"): a command that fails before streaming answers HTTP 500 with `{"Message": …, "Code": 0, "Type": "error"}`.
///
/// Kubo has no distinct status for a missing block: it answers 500 with a message such as
/// `block was not found locally (offline): ipld: could not find <cid>` (or, from older nodes, `blockservice: key not
/// found`, `merkledag: not found`). An online node usually does not answer at all for a block nobody provides: it
/// searches the network until the request times out.
enum KuboRPCError {
    /// True when `error` is an HTTP 500 whose `Message` says a block or path was not found.
    static func isNotFound(_ error: HTTPError) -> Bool {
        guard error.code == .httpStatus, error.status == 500, let message = message(in: error.body) else {
            return false
        }
        let lowered = message.lowercased()
        return lowered.contains("not found") || lowered.contains("could not find")
    }

    /// The `Message` string of a Kubo RPC error object, JSON escapes decoded; nil when the body has none.
    static func message(in body: [UInt8]) -> String? {
        JSONObject(body)?.strings["Message"]
    }
}
