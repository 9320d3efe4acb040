import Testing
import ZKProto
import ZKRPC

/// ``Status`` ↔ ``RPCError``: the form an error takes on the wire.
@Suite("Status and RPCError")
struct StatusRPCErrorTests {
    @Test("every code survives RPCError → Status → bytes → Status → RPCError", arguments: RPCErrorTests.codes)
    func roundTrip(code: RPCError.Code) throws {
        let error = RPCError(
            code: code,
            message: "failed: \(code.name) ✓",
            details: ["retry-after-ms": "5", "z": "last", "a": "first", "empty": ""]
        )
        let status = Status(error)
        #expect(status.code == code.rawValue)
        let decoded = try Status(serializedBytes: status.serializedBytes())
        #expect(decoded == status)
        #expect(RPCError(status: decoded) == error)
    }

    @Test("details are encoded sorted by key, so equal errors encode to equal bytes")
    func detailsSorted() {
        var first: [String: String] = [:]
        var second: [String: String] = [:]
        let keys = (0..<40).map { "key-\($0 * 7919 % 101)" }
        for key in keys { first[key] = "v\(key)" }
        for key in keys.reversed() { second[key] = "v\(key)" }
        let a = Status(RPCError(code: .aborted, message: "m", details: first))
        let b = Status(RPCError(code: .aborted, message: "m", details: second))
        #expect(a.details.map(\.key) == keys.sorted())
        #expect(a.serializedBytes() == b.serializedBytes())
    }

    @Test(
        "a status with a code gRPC does not define becomes UNKNOWN, keeping its message and details",
        arguments: [17, 99, UInt32.max]
    )
    func unknownCode(number: UInt32) throws {
        let status = Status(code: number, message: "from the future", details: [MetadataEntry(key: "k", value: "v")])
        let error = RPCError(status: try Status(serializedBytes: status.serializedBytes()))
        #expect(error.code == .unknown)
        #expect(error.message == "from the future")
        #expect(error.details == ["k": "v"])
    }

    @Test("of duplicated detail keys the last wins")
    func duplicateDetails() {
        let status = Status(
            code: 5,
            details: [MetadataEntry(key: "k", value: "1"), MetadataEntry(key: "k", value: "2")]
        )
        #expect(RPCError(status: status).details == ["k": "2"])
    }
}
