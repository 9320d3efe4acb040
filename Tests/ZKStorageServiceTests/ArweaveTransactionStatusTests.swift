import Testing

@testable import ZKStorageService

/// Reading `GET /tx/{txid}/status` answers (Arweave HTTP API, "Get Transaction Status") and the JSON members they
/// carry.
@Suite("Arweave transaction status")
struct ArweaveTransactionStatusTests {
    @Test("200 with the documented members is confirmed; 202 pending; 404 not found; anything else unavailable")
    func answers() {
        let mined = Array(
            #"{"block_height": 1234567, "block_indep_hash":"x_Y-z","number_of_confirmations" :25}"#.utf8
        )
        #expect(
            ArweaveTransactionStatus(status: 200, body: mined)
                == ArweaveTransactionStatus(state: .confirmed, confirmations: 25, blockHeight: 1_234_567)
        )
        #expect(ArweaveTransactionStatus(status: 202, body: Array("Pending".utf8)).state == .pending)
        #expect(ArweaveTransactionStatus(status: 404, body: []).state == .notFound)
        for status in [201, 400, 500, 503] {
            #expect(ArweaveTransactionStatus(status: status, body: mined).state == .unavailable)
        }
        // A 200 that does not say where the transaction is mined is not taken as confirmation.
        let incomplete = [
            #"{"block_height": 10}"#, #"{"number_of_confirmations": 3}"#, "Pending", "",
            #"{"block_height": "10", "number_of_confirmations": 3}"#,
            #"{"block_height": 1.5, "number_of_confirmations": 3}"#,
            #"{"block_height": -1, "number_of_confirmations": 3}"#,
            #"{"block_height": 18446744073709551616, "number_of_confirmations": 3}"#,
        ]
        for body in incomplete {
            #expect(ArweaveTransactionStatus(status: 200, body: Array(body.utf8)).state == .unavailable, "\(body)")
        }
    }

    @Test("JSONObject keeps whole numbers beside strings and skips other values")
    func numbers() throws {
        let object = try #require(
            JSONObject(Array(#"{"a": 0, "b": "7", "c": 1e3, "d": [1, 2], "e": true, "f": 18446744073709551615 }"#.utf8))
        )
        #expect(object.numbers == ["a": 0, "f": UInt64.max])
        #expect(object.strings == ["b": "7"])
    }
}
