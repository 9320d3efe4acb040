import Foundation
import Testing
import ZKTestSupport

@testable import ZKHTTP

@Suite("fake_arweave.py through HTTPClient", .serialized, .timeLimit(.minutes(1)))
struct FakeArweaveTests {
    let client = HTTPClient()

    @Test("seeded data is served by id, status reports confirmation, corruption is visible")
    func roundTrip() async throws {
        try await FakeServer.with(script: "fake_arweave.py") { server in
            let data = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 * 3) }
            let put = try await client.post(
                url: server.baseURL + "/_test/put?content_type=application/x-elf",
                body: data,
                maxBytes: 100,
                timeout: .seconds(5)
            )
            let txid = String(decoding: put.body, as: UTF8.self)
            #expect(txid.count == 43)
            let got = try await client.get(url: "\(server.baseURL)/\(txid)", maxBytes: 1 << 20, timeout: .seconds(5))
            #expect(got.body == data)
            #expect(got.header("Content-Type") == "application/x-elf")
            let status = try await client.get(
                url: "\(server.baseURL)/tx/\(txid)/status",
                maxBytes: 1000,
                timeout: .seconds(5)
            )
            let json = try JSONSerialization.jsonObject(with: Data(status.body)) as? [String: Any]
            #expect((json?["number_of_confirmations"] as? Int ?? 0) > 0)

            _ = try await client.post(
                url: "\(server.baseURL)/_test/corrupt?txid=\(txid)",
                body: [],
                maxBytes: 100,
                timeout: .seconds(5)
            )
            let corrupted = try await client.get(
                url: "\(server.baseURL)/raw/\(txid)",
                maxBytes: 1 << 20,
                timeout: .seconds(5)
            )
            #expect(corrupted.body.count == data.count)
            #expect(corrupted.body != data)

            let absent = String(repeating: "A", count: 43)
            do {
                _ = try await client.get(url: "\(server.baseURL)/\(absent)", maxBytes: 1000, timeout: .seconds(5))
                Issue.record("absent tx served")
            } catch let error as HTTPError {
                #expect(error.status == 404)
            }
            do {
                _ = try await client.get(url: "\(server.baseURL)/not-a-txid", maxBytes: 1000, timeout: .seconds(5))
                Issue.record("bad txid accepted")
            } catch let error as HTTPError {
                #expect(error.status == 400)
            }
        }
    }
}
