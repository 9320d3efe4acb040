import FuzzSupport
// The fast decoders and the libprotobuf-c ones are internal: comparing them needs `@testable`, which a release
// build without -enable-testing (Scripts/run.sh builds every target) refuses; there only the public API is checked.
#if DEBUG || FUZZING
@testable import ZKProto
#else
import ZKProto
#endif

/// The protobuf decoders of every message in `Protos/`: the requests the three servers accept, the responses the
/// clients read, the records kept in Redis and on disk.
///
/// Input: byte 0 picks the message type (modulo 38, in the order of ``messageCount``'s list); the rest is the
/// encoded message.
///
/// Checks: nothing traps; failures are `ProtoDecodingError`s (typed throws); where the generated fast decoder
/// (`init?(flatBytes:)`, over ``ProtoFlatReader``) accepts the bytes, libprotobuf-c accepts them too and decodes the
/// same message; a decoded message re-encodes to bytes that decode to the same message, through both decoders.
@main
struct FuzzProtoMessages {
    static func main() { FuzzDriver.main(run) }

    /// MetadataEntry, Status, HealthRequest, HealthResponse, DependencyStatus, TierStats, Frame, ProgramMetadata, RegisterProgramRequest, RegisterProgramResponse, GetProgramRequest, GetProgramResponse, ListProgramsRequest, ListProgramsResponse, ProveRequest, ProveResponse, ProofRecord, JobStatus, GetJobRequest, WaitJobRequest, CancelJobRequest, ExecuteRequest, ExecuteResponse, ListBackendsRequest, BackendInfo, ListBackendsResponse, RouterStatsRequest, RouterStatsResponse, PutProgramRequest, PutProgramResponse, StorageGetProgramRequest, StorageGetProgramResponse, StatProgramRequest, StatProgramResponse, PinRequest, PinResponse, StorageStatsRequest, StorageStatsResponse.
    static let messageCount = 38

    static func run(_ data: UnsafeRawBufferPointer) {
        guard let selector = data.first else { return }
        let body = UnsafeRawBufferPointer(rebasing: data.dropFirst())
        switch Int(selector) % messageCount {
        case 0: checkFlat(MetadataEntry.self, body)
        case 1: check(Status.self, body)
        case 2: check(HealthRequest.self, body)
        case 3: check(HealthResponse.self, body)
        case 4: checkFlat(DependencyStatus.self, body)
        case 5: checkFlat(TierStats.self, body)
        case 6: check(Frame.self, body)
        case 7: checkFlat(ProgramMetadata.self, body)
        case 8: checkFlat(RegisterProgramRequest.self, body)
        case 9: check(RegisterProgramResponse.self, body)
        case 10: checkFlat(GetProgramRequest.self, body)
        case 11: check(GetProgramResponse.self, body)
        case 12: checkFlat(ListProgramsRequest.self, body)
        case 13: check(ListProgramsResponse.self, body)
        case 14: check(ProveRequest.self, body)
        case 15: check(ProveResponse.self, body)
        case 16: checkFlat(ProofRecord.self, body)
        case 17: check(JobStatus.self, body)
        case 18: checkFlat(GetJobRequest.self, body)
        case 19: checkFlat(WaitJobRequest.self, body)
        case 20: checkFlat(CancelJobRequest.self, body)
        case 21: check(ExecuteRequest.self, body)
        case 22: checkFlat(ExecuteResponse.self, body)
        case 23: check(ListBackendsRequest.self, body)
        case 24: check(BackendInfo.self, body)
        case 25: check(ListBackendsResponse.self, body)
        case 26: check(RouterStatsRequest.self, body)
        case 27: check(RouterStatsResponse.self, body)
        case 28: checkFlat(PutProgramRequest.self, body)
        case 29: check(PutProgramResponse.self, body)
        case 30: checkFlat(StorageGetProgramRequest.self, body)
        case 31: checkFlat(StorageGetProgramResponse.self, body)
        case 32: checkFlat(StatProgramRequest.self, body)
        case 33: check(StatProgramResponse.self, body)
        case 34: checkFlat(PinRequest.self, body)
        case 35: checkFlat(PinResponse.self, body)
        case 36: check(StorageStatsRequest.self, body)
        case 37: check(StorageStatsResponse.self, body)
        default: fatalError("unreachable")
        }
    }

    #if DEBUG || FUZZING
    static func checkFlat<Message: FlatDecodable>(_ type: Message.Type, _ bytes: UnsafeRawBufferPointer) {
        check(type, bytes, flat: { Message(flatBytes: $0) }, protobufC: { (raw) throws(ProtoDecodingError) in
            try Message(protobufCBytes: raw)
        })
    }
    #else
    static func checkFlat<Message: ProtoMessage>(_ type: Message.Type, _ bytes: UnsafeRawBufferPointer) {
        check(type, bytes)
    }
    #endif

    static func check<Message: ProtoMessage>(
        _ type: Message.Type,
        _ bytes: UnsafeRawBufferPointer,
        flat: ((UnsafeRawBufferPointer) -> Message?)? = nil,
        protobufC: ((UnsafeRawBufferPointer) throws(ProtoDecodingError) -> Message)? = nil
    ) {
        if let flat, let protobufC, let fast = flat(bytes) {
            do {
                let reference = try protobufC(bytes)
                FuzzCheck.require(fast == reference, "\(Message.protoName): fast decoder \(fast) vs libprotobuf-c \(reference)")
            } catch {
                FuzzCheck.fail("\(Message.protoName): the fast decoder accepted bytes libprotobuf-c rejects: \(error)")
            }
        }
        let message: Message
        do {
            message = try Message(serializedBytes: bytes)
        } catch {
            FuzzCheck.require(error.messageName == Message.protoName, "error names \(error.messageName)")
            return
        }
        let encoded = message.serializedBytes()
        do {
            let again = try Message(serializedBytes: encoded)
            FuzzCheck.require(again == message, "\(Message.protoName): \(message) re-decodes as \(again)")
            if let protobufC {
                let reference = try encoded.withUnsafeBytes { (raw) throws(ProtoDecodingError) in try protobufC(raw) }
                FuzzCheck.require(reference == message, "\(Message.protoName): libprotobuf-c re-decodes \(reference)")
            }
        } catch {
            FuzzCheck.fail("\(Message.protoName): the encoding of a decoded message does not decode: \(error)")
        }
    }
}

#if DEBUG || FUZZING
/// A message with a generated fast decoder next to its libprotobuf-c one (both internal to ZKProto).
protocol FlatDecodable: ProtoMessage {
    init?(flatBytes bytes: UnsafeRawBufferPointer)
    init(protobufCBytes bytes: UnsafeRawBufferPointer) throws(ProtoDecodingError)
}

extension MetadataEntry: FlatDecodable {}
extension DependencyStatus: FlatDecodable {}
extension TierStats: FlatDecodable {}
extension ProgramMetadata: FlatDecodable {}
extension RegisterProgramRequest: FlatDecodable {}
extension GetProgramRequest: FlatDecodable {}
extension ListProgramsRequest: FlatDecodable {}
extension ProofRecord: FlatDecodable {}
extension GetJobRequest: FlatDecodable {}
extension WaitJobRequest: FlatDecodable {}
extension CancelJobRequest: FlatDecodable {}
extension ExecuteResponse: FlatDecodable {}
extension PutProgramRequest: FlatDecodable {}
extension StorageGetProgramRequest: FlatDecodable {}
extension StorageGetProgramResponse: FlatDecodable {}
extension StatProgramRequest: FlatDecodable {}
extension PinRequest: FlatDecodable {}
extension PinResponse: FlatDecodable {}
#endif
