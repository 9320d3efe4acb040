import Foundation
import Logging
import Testing
import ZKCrypto
import ZKProto
import ZKRPC
import ZKServiceKit
import ZKStorageService
import ZKTestSupport

/// Arweave upload on put, against `Tests/Fakes/fake_arweave.py`, which verifies every transaction on its own as a
/// node does (Arweave HTTP API, https://docs.arweave.org/developers/arweave-node-server/http-api, "Submit a
/// Transaction", "Upload Chunks"): the id is SHA-256 of the signature, the RSA-PSS signature by the owner modulus
/// covers the deep hash of the format 2 fields, the anchor is one it issued, the reward covers `/price`, and the
/// data matches `data_root` (inline data split as `ar_tx:chunk_binary` splits it; chunks proven by `data_path`).
///
/// Wallets are generated at test time by pycryptodome (`RSA.generate`) and written as JWK files; no key is
/// committed. PyPI's `arweave-python-client` (installed by `Scripts/test.sh`) is a second oracle for
/// the data root and the signature data.
@Suite("Storage: Arweave upload on put, verified by an independent gateway", .serialized)
struct StorageArweaveUploadTests {
    @Test("a new program is uploaded as a signed format 2 transaction; a fresh node gets it back from Arweave")
    func uploadOnPut() async throws {
        try await FakeServer.with(script: "fake_arweave.py") { arweave in
            let wallet = try TestWallet()
            defer { wallet.remove() }
            // Over 256 KiB with a remainder under 32 KiB: inline data must be split the node's way, not arweave-js's.
            let elf = ELFFixture.make(size: 263_000, seed: 31)
            let put = try await StorageHarness.with(wallet.configure(arweave)) { storage in
                let put = try await storage.client.put(elf)
                #expect(try await storage.client.stats().arweaveUploads == 1)
                return put
            }
            #expect(put.tiers == ["memory", "disk", "arweave"])
            #expect(put.arweaveTx.utf8.count == 43)

            let record = try arweave.json("/_test/tx?txid=\(put.arweaveTx)")
            #expect(record["signature_verified"] as? Bool == true)
            #expect(record["salt_length"] as? Int == 32)
            #expect(record["data_root_split"] as? String == "inline")
            #expect(record["complete"] as? Bool == true)
            let header = try #require(record["header"] as? [String: Any])
            #expect(header["owner"] as? String == wallet.modulus)
            #expect(header["data_size"] as? String == String(elf.count))
            let tags = try #require(record["tags"] as? [[String]])
            #expect(tags.contains(["App-Name", "zkfaas"]))
            #expect(tags.contains(["Content-Type", "application/octet-stream"]))
            #expect(tags.contains(["ZKFaaS-ELF-SHA256", Hex.encode(SHA256.hash(elf))]))
            #expect(tags.contains(["ZKFaaS-CID", put.cid]))
            #expect(try arweave.json("/_test/stats")["tx_accepted"] as? Int == 1)

            // A second implementation, when installed, agrees on the data root and the signed message.
            let oracle = try Self.pythonClientCheck(header: header, data: elf)
            #expect(oracle == "data_root ok, signature ok", "arweave-python-client (Scripts/test.sh installs it)")

            try await StorageHarness.with({ $0.arweaveGateway = arweave.baseURL }) { storage in
                let fetched = try await storage.client.elf(hash: put.elfHash, arweaveTx: put.arweaveTx)
                #expect(fetched.elf == elf)
                #expect(fetched.response.tier == "arweave")
            }
        }
    }

    @Test("StatProgram with check_arweave relays the gateway's /tx/{id}/status: confirmed, pending, not found, unreachable")
    func transactionStatus() async throws {
        try await FakeServer.with(script: "fake_arweave.py") { arweave in
            let wallet = try TestWallet()
            defer { wallet.remove() }
            let uploaded = ELFFixture.make(size: 30_000, seed: 35)
            let pending = ELFFixture.make(size: 30_000, seed: 36)
            let unknown = ELFFixture.make(size: 30_000, seed: 37)
            let local = ELFFixture.make(size: 30_000, seed: 38)
            // A transaction the gateway holds but has not mined, and a well-formed id it never saw.
            let pendingTx = try arweave.control("/_test/put?pending=1", body: pending)
            let unknownTx = String(repeating: "A", count: 42) + "E"
            // Hints given to a node without a wallet (with one, the programs would be uploaded: a hint is unverified).
            let hinted = try TestEnvironment.temporaryDirectory("storage-arweave-hints").path
            defer { try? FileManager.default.removeItem(atPath: hinted) }
            try await StorageHarness.with(directory: hinted, { $0.arweaveGateway = arweave.baseURL }) { storage in
                _ = try await storage.client.put(pending, arweaveTx: pendingTx)
                _ = try await storage.client.put(unknown, arweaveTx: unknownTx)
            }
            try await StorageHarness.with(directory: hinted, wallet.configure(arweave)) { storage in
                let put = try await storage.client.put(uploaded)
                // Without check_arweave the recorded transaction is named and the gateway is not asked.
                let plain = try await storage.client.statProgram(StatProgramRequest(elfHash: put.elfHash))
                #expect(plain.arweaveTx == put.arweaveTx)
                #expect(plain.arweaveStatus.isEmpty)

                let confirmed = try await storage.client.statProgram(
                    StatProgramRequest(elfHash: put.elfHash, checkArweave: true)
                )
                // The gateway's own answer, read by Python's urllib: the service must relay it, not make it up.
                let answer = try PythonOracle.run(
                    """
                    import json, sys, urllib.request
                    status = json.load(urllib.request.urlopen(sys.argv[1]))
                    print(status["block_height"], status["number_of_confirmations"])
                    """,
                    arguments: ["\(arweave.baseURL)/tx/\(put.arweaveTx)/status"]
                )
                #expect(confirmed.arweaveStatus == "confirmed")
                #expect("\(confirmed.arweaveBlockHeight) \(confirmed.arweaveConfirmations)" == answer)
                #expect(confirmed.arweaveConfirmations > 0)

                let waiting = try await storage.client.statProgram(
                    StatProgramRequest(elfHash: SHA256.hash(pending), checkArweave: true)
                )
                #expect(waiting.arweaveTx == pendingTx)
                #expect(waiting.arweaveStatus == "pending")
                #expect(waiting.arweaveConfirmations == 0 && waiting.arweaveBlockHeight == 0)

                let missing = try await storage.client.statProgram(
                    StatProgramRequest(elfHash: SHA256.hash(unknown), checkArweave: true)
                )
                #expect(missing.arweaveTx == unknownTx)
                #expect(missing.arweaveStatus == "not_found")
            }
            // The same data folder, pointed at a gateway that is not there: unavailable, and the stat still answers.
            let directory = try TestEnvironment.temporaryDirectory("storage-arweave-status").path
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let put = try await StorageHarness.with(directory: directory, wallet.configure(arweave)) { storage in
                try await storage.client.put(local)
            }
            // Port 1 (tcpmux) has no listener here: the connection is refused.
            try await StorageHarness.with(directory: directory, { $0.arweaveGateway = "http://127.0.0.1:1" }) { storage in
                let stat = try await storage.client.statProgram(
                    StatProgramRequest(elfHash: put.elfHash, checkArweave: true)
                )
                #expect(stat.arweaveTx == put.arweaveTx)
                #expect(stat.arweaveStatus == "unavailable")
            }
            // Without a gateway the question cannot be asked: FAILED_PRECONDITION.
            try await StorageHarness.with(directory: directory) { storage in
                let error = try await #require(throws: RPCError.self) {
                    try await storage.client.statProgram(StatProgramRequest(elfHash: put.elfHash, checkArweave: true))
                }
                #expect(error.code == .failedPrecondition)
            }
        }
    }

    /// H7 of the security review: an attacker's `PutProgram{E, arweave_tx: "A"×43}` before the owner's.
    @Test("a client's arweave_tx hint is unverified: it never suppresses the upload, and the real id is reported")
    func hintDoesNotSuppressUpload() async throws {
        try await FakeServer.with(script: "fake_arweave.py") { arweave in
            let wallet = try TestWallet()
            defer { wallet.remove() }
            let elf = ELFFixture.make(size: 50_000, seed: 39)
            let bogus = String(repeating: "A", count: 43)
            try await StorageHarness.with(wallet.configure(arweave)) { storage in
                let attacker = try await storage.client.put(elf, arweaveTx: bogus)
                #expect(attacker.tiers.contains("arweave"))
                #expect(attacker.arweaveTx != bogus && attacker.arweaveTx.utf8.count == 43)
                let owner = try await storage.client.put(elf)
                #expect(owner.arweaveTx == attacker.arweaveTx)
                let stat = try await storage.client.statProgram(StatProgramRequest(elfHash: owner.elfHash))
                #expect(stat.arweaveTx == attacker.arweaveTx)
                #expect(try await storage.client.stats().arweaveUploads == 1)
            }
            // Without a wallet the hint is still a place to look (its bytes are verified when fetched).
            try await StorageHarness.with({ $0.arweaveGateway = arweave.baseURL }) { storage in
                let hinted = try await storage.client.put(elf, arweaveTx: bogus)
                #expect(hinted.arweaveTx == bogus)
                #expect(!hinted.tiers.contains("arweave"))
            }
        }
    }

    @Test("a repeated put does not upload again; a later hint does not replace the uploaded id")
    func noRepeatedUpload() async throws {
        try await FakeServer.with(script: "fake_arweave.py") { arweave in
            let wallet = try TestWallet()
            defer { wallet.remove() }
            let elf = ELFFixture.make(size: 50_000, seed: 32)
            let first = try await StorageHarness.with(wallet.configure(arweave)) { storage in
                let first = try await storage.client.put(elf)
                let second = try await storage.client.put(elf)
                #expect(second.alreadyPresent)
                #expect(second.arweaveTx == first.arweaveTx)
                #expect(!second.tiers.contains("arweave"))
                #expect(try await storage.client.stats().arweaveUploads == 1)
                // A client's hint never replaces the transaction this node uploaded.
                let hinted = try await storage.client.put(elf, arweaveTx: String(repeating: "B", count: 42) + "A")
                #expect(hinted.arweaveTx == first.arweaveTx)
                let stat = try await storage.client.statProgram(StatProgramRequest(elfHash: first.elfHash))
                #expect(stat.arweaveTx == first.arweaveTx)
                return first
            }
            #expect(first.tiers.contains("arweave"))
            let stats = try arweave.json("/_test/stats")
            #expect(stats["tx_posted"] as? Int == 1)
            #expect(stats["tx_accepted"] as? Int == 1)
        }
    }

    @Test("a gateway that refuses (503 three times, then 400) leaves the put successful and counts; one 503 is retried")
    func refusedUpload() async throws {
        let arweave = try FakeServer(script: "fake_arweave.py", arguments: ["--refuse-tx", "503"])
        defer { arweave.stop() }
        let wallet = try TestWallet()
        defer { wallet.remove() }
        try await StorageHarness.with(wallet.configure(arweave)) { storage in
            let unavailable = try await storage.client.put(ELFFixture.make(size: 40_000, seed: 33))
            #expect(unavailable.tiers == ["memory", "disk"])
            #expect(unavailable.arweaveTx.isEmpty)
            try arweave.control("/_test/refuse?status=400")
            let refusedELF = ELFFixture.make(size: 40_000, seed: 34)
            let refused = try await storage.client.put(refusedELF)
            #expect(refused.tiers == ["memory", "disk"])
            #expect(try await storage.client.elf(hash: refused.elfHash).elf == refusedELF)
            var stats = try await storage.client.stats()
            #expect(stats.arweaveUploadFailures == 2)
            #expect(stats.arweaveUploads == 0)
            // The 503 was tried three times (retries), the 400 once (a refusal is final).
            #expect(try arweave.json("/_test/stats")["tx_refused"] as? Int == 4)

            try arweave.control("/_test/refuse?status=0")
            let accepted = try await storage.client.put(ELFFixture.make(size: 40_000, seed: 35))
            #expect(accepted.tiers == ["memory", "disk", "arweave"])
            stats = try await storage.client.stats()
            #expect(stats.arweaveUploads == 1)
            // The program whose upload was refused is uploaded when it is put again.
            let again = try await storage.client.put(refusedELF)
            #expect(again.alreadyPresent)
            #expect(again.tiers.contains("arweave") && !again.arweaveTx.isEmpty)
            stats = try await storage.client.stats()
            #expect(stats.arweaveUploads == 2)

            // One 503, then the gateway recovers: the retry uploads it.
            try arweave.control("/_test/refuse?status=503&count=1")
            let retried = try await storage.client.put(ELFFixture.make(size: 40_000, seed: 36))
            #expect(retried.tiers == ["memory", "disk", "arweave"])
            #expect(!retried.arweaveTx.isEmpty)
            stats = try await storage.client.stats()
            #expect(stats.arweaveUploads == 3)
            #expect(stats.arweaveUploadFailures == 2)
            #expect(try arweave.json("/_test/stats")["tx_refused"] as? Int == 5)
        }
    }

    /// 534,288 bytes: chunks of 262,144, then 136,072 and 136,072 (arweave-js halves a rest of 272,144 because a
    /// last chunk of 10,000 would be under 32 KiB). 524,288 bytes: two full chunks and the empty leaf, not uploaded.
    @Test(
        "data above the inline limit goes as a header and chunks, each proven against data_root",
        arguments: [
            (534_288, 3), (524_288, 2),
        ]
    )
    func chunkedUpload(size: Int, chunks: Int) async throws {
        try await FakeServer.with(script: "fake_arweave.py") { arweave in
            let wallet = try TestWallet()
            defer { wallet.remove() }
            let elf = ELFFixture.make(size: size, seed: 36)
            let put = try await StorageHarness.with({
                wallet.configure(arweave)(&$0)
                $0.arweaveMaxInlineBytes = 100_000
            }) { storage in try await storage.client.put(elf) }
            #expect(put.tiers == ["memory", "disk", "arweave"])
            let record = try arweave.json("/_test/tx?txid=\(put.arweaveTx)")
            #expect(record["data_root_split"] as? String == "chunks")
            #expect(record["complete"] as? Bool == true)
            let stats = try arweave.json("/_test/stats")
            #expect(stats["chunks_accepted"] as? Int == chunks)
            #expect(stats["chunks_rejected"] as? Int == 0)
            try await StorageHarness.with({ $0.arweaveGateway = arweave.baseURL }) { storage in
                let fetched = try await storage.client.elf(hash: put.elfHash, arweaveTx: put.arweaveTx)
                #expect(fetched.elf == elf)
            }
        }
    }

    @Test("a wallet needs a gateway and a consistent key; the service refuses to start with a bad one")
    func walletValidation() throws {
        let wallet = try TestWallet()
        defer { wallet.remove() }
        var configuration = StorageConfiguration(dataDirectory: "/nonexistent", arweaveWallet: wallet.path)
        #expect(Self.configurationError(configuration)?.contains("--arweave-wallet: needs --arweave-gateway") == true)
        configuration.arweaveGateway = "http://127.0.0.1:9"
        try configuration.validateArweave()

        // The same key with a wrong CRT coefficient, a missing field, or not JSON at all.
        let broken = wallet.path + ".broken"
        defer { try? FileManager.default.removeItem(atPath: broken) }
        var jwk = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: wallet.url)) as? [String: Any])
        jwk["qi"] = jwk["dp"]
        let variants: [Data] = [
            try JSONSerialization.data(withJSONObject: jwk),
            try JSONSerialization.data(withJSONObject: jwk.filter { $0.key != "d" }),
            Data("not json".utf8),
        ]
        for variant in variants {
            try variant.write(to: URL(fileURLWithPath: broken))
            configuration.arweaveWallet = broken
            #expect(Self.configurationError(configuration)?.hasPrefix("--arweave-wallet: ") == true)
            let directory = try TestEnvironment.temporaryDirectory("storage-wallet")
            defer { try? FileManager.default.removeItem(at: directory) }
            configuration.dataDirectory = directory.path
            #expect(throws: ConfigurationError.self) {
                _ = try StorageService(configuration: configuration, logger: Logger(label: "test.storage"))
            }
        }
    }

    /// The description of the error `validateArweave()` throws, or nil.
    private static func configurationError(_ configuration: StorageConfiguration) -> String? {
        do {
            try configuration.validateArweave()
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// Checks the transaction the fake recorded with `arweave-python-client` (its `merkle.compute_root_hash`, which
    /// splits like the node does for inline data, and `deep_hash`), verifying the signature with pycryptodome.
    /// Answers "unavailable" when the package is not installed (`Scripts/test.sh` installs it), which fails the test.
    private static func pythonClientCheck(header: [String: Any], data: [UInt8]) throws -> String {
        let headerJSON = String(decoding: try JSONSerialization.data(withJSONObject: header), as: UTF8.self)
        return try PythonOracle.run(
            """
            import io, json, sys
            try:
                from arweave.merkle import compute_root_hash
                from arweave.deep_hash import deep_hash
                from jose.utils import base64url_decode, base64url_encode
            except ImportError:
                print("unavailable"); sys.exit(0)
            from Crypto.Hash import SHA256
            from Crypto.PublicKey import RSA
            from Crypto.Signature import pss
            tx = json.loads(sys.argv[1])
            d = lambda s: base64url_decode(s.encode())
            root = base64url_encode(compute_root_hash(io.BytesIO(sys.stdin.buffer.read()))).decode()
            message = deep_hash([b"2", d(tx["owner"]), d(tx["target"]), tx["quantity"].encode(),
                tx["reward"].encode(), d(tx["last_tx"]), [[d(t["name"]), d(t["value"])] for t in tx["tags"]],
                tx["data_size"].encode(), d(tx["data_root"])])
            key = RSA.construct((int.from_bytes(d(tx["owner"]), "big"), 65537))
            try:
                pss.new(key, salt_bytes=32).verify(SHA256.new(message), d(tx["signature"]))
                signature = "signature ok"
            except ValueError:
                signature = "signature BAD"
            print(("data_root ok" if root == tx["data_root"] else "data_root BAD " + root) + ", " + signature)
            """,
            arguments: [headerJSON],
            stdin: data
        )
    }
}

/// An Arweave JWK wallet generated by pycryptodome for one test.
private struct TestWallet {
    let url: URL
    /// The JWK's `n`, the transactions' `owner`.
    let modulus: String

    var path: String { url.path }

    init(bits: Int = 2048) throws {
        url = try TestEnvironment.temporaryDirectory("arweave-wallet").appendingPathComponent("wallet.json")
        modulus = try PythonOracle.run(
            """
            import base64, json, sys
            from Crypto.PublicKey import RSA
            def b64(i):
                return base64.urlsafe_b64encode(i.to_bytes((i.bit_length() + 7) // 8, "big")).rstrip(b"=").decode()
            k = RSA.generate(int(sys.argv[2]))
            jwk = {"kty": "RSA", "ext": True, "e": b64(k.e), "n": b64(k.n), "d": b64(k.d), "p": b64(k.p),
                   "q": b64(k.q), "dp": b64(k.d % (k.p - 1)), "dq": b64(k.d % (k.q - 1)), "qi": b64(pow(k.q, -1, k.p))}
            with open(sys.argv[1], "w") as f:
                json.dump(jwk, f)
            print(jwk["n"])
            """,
            arguments: [url.path, String(bits)]
        )
    }

    /// Points a configuration at `gateway` with this wallet.
    func configure(_ gateway: FakeServer) -> (inout StorageConfiguration) -> Void {
        let path = self.path
        return {
            $0.arweaveGateway = gateway.baseURL
            $0.arweaveWallet = path
        }
    }

    func remove() {
        try? FileManager.default.removeItem(at: url.deletingLastPathComponent())
    }
}

extension FakeServer {
    /// A test-control endpoint's JSON answer.
    fileprivate func json(_ path: String) throws -> [String: Any] {
        let text = try control(path)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }
}
