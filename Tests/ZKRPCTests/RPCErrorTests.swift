import Testing
import ZKRPC
import ZKTestSupport

@Suite("RPCError")
struct RPCErrorTests {
    /// Every code ZKRPC defines, in no particular order (the oracle gives the order).
    static let codes: [RPCError.Code] = [
        .ok, .cancelled, .unknown, .invalidArgument, .deadlineExceeded, .notFound, .alreadyExists,
        .permissionDenied, .resourceExhausted, .failedPrecondition, .aborted, .outOfRange, .unimplemented,
        .internalError, .unavailable, .dataLoss, .unauthenticated,
    ]

    /// gRPC's canonical codes as `grpcio` defines them: `(NAME, number)`.
    static func grpcCodes() throws -> [(name: String, number: UInt32)] {
        let rows = try PythonOracle.json(
            [[String]].self,
            """
            import grpc, json
            print(json.dumps([[code.name, str(code.value[0])] for code in grpc.StatusCode]))
            """
        )
        return rows.map { ($0[0], UInt32($0[1])!) }
    }

    @Test("every code has gRPC's number and name, and there is one code per gRPC code")
    func matchesGRPC() throws {
        let expected = try Self.grpcCodes()
        #expect(expected.count == Self.codes.count)
        for (name, number) in expected {
            let code = try #require(RPCError.Code(rawValue: number), "no code \(number) (\(name))")
            #expect(code.name == name)
            #expect(code.description == name)
            #expect(Self.codes.contains(code), "\(name) is not one of the static codes")
        }
        #expect(Set(Self.codes.map(\.rawValue)) == Set(expected.map(\.number)))
    }

    @Test("a code parses from its gRPC name, in any case, and from its number", arguments: codes)
    func parsesNames(code: RPCError.Code) {
        #expect(RPCError.Code(name: code.name) == code)
        #expect(RPCError.Code(name: code.name.lowercased()) == code)
        #expect(RPCError.Code(name: String(code.rawValue)) == code)
        #expect(RPCError.Code(rawValue: code.rawValue) == code)
    }

    @Test(
        "numbers above 16 and unknown names are no code",
        arguments: ["17", "4294967295", "-1", "", "NOT FOUND", "OKAY"]
    )
    func rejectsUnknown(text: String) {
        #expect(RPCError.Code(name: text) == nil)
        if let number = UInt32(text) { #expect(RPCError.Code(rawValue: number) == nil) }
    }

    @Test("codes order by number")
    func ordering() {
        #expect(Self.codes.sorted().map(\.rawValue) == Array(0...16))
        #expect(RPCError.Code.notFound < .internalError)
    }

    @Test("description names the code and the message; the retry hint parses as milliseconds")
    func descriptionAndRetryHint() {
        let error = RPCError(code: .resourceExhausted, message: "queue full", details: [RPCError.retryAfterKey: "250"])
        #expect(error.description == "RESOURCE_EXHAUSTED: queue full")
        #expect(error.retryAfterMilliseconds == 250)
        #expect(
            RPCError(code: .resourceExhausted, message: "", details: [RPCError.retryAfterKey: "soon"])
                .retryAfterMilliseconds == nil
        )
        #expect(RPCError(code: .resourceExhausted, message: "").retryAfterMilliseconds == nil)
    }

    /// A domain error that knows its status.
    struct Quota: RPCErrorConvertible {
        var rpcError: RPCError { RPCError(code: .resourceExhausted, message: "quota", details: ["k": "v"]) }
    }

    /// A plain error whose text must not reach the client.
    struct Secret: Error, CustomStringConvertible {
        var description: String { "password=hunter2" }
    }

    @Test("mapping keeps convertible errors, turns cancellation into CANCELLED and hides anything else as INTERNAL")
    func mapping() {
        #expect(RPCError(mapping: Quota()) == Quota().rpcError)
        let original = RPCError(code: .notFound, message: "no such program", details: ["id": "1"])
        #expect(RPCError(mapping: original) == original)
        #expect(RPCError(mapping: CancellationError()).code == .cancelled)
        let hidden = RPCError(mapping: Secret())
        #expect(hidden.code == .internalError)
        #expect(!hidden.message.contains("hunter2"))
        #expect(hidden.details.isEmpty)
    }
}
