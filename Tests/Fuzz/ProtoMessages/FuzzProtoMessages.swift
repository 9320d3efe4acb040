import FuzzSupport
@testable import ZKProto

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
        case 0: check(MetadataEntry.self, body, flat: { MetadataEntry(flatBytes: $0) }, protobufC: { (bytes) throws(ProtoDecodingError) in try MetadataEntry(protobufCBytes: bytes) })
        case 1: check(Status.self, body)
        case 2: check(HealthRequest.self, body)
        case 3: check(HealthResponse.self, body)
        case 4: check(DependencyStatus.self, body, flat: { DependencyStatus(flatBytes: $0) }, protobufC: { (bytes) throws(ProtoDecodingError) in try DependencyStatus(protobufCBytes: bytes) })
        case 5: check(TierStats.self, body, flat: { TierStats(flatBytes: $0) }, protobufC: { (bytes) throws(ProtoDecodingError) in try TierStats(protobufCBytes: bytes) })
        case 6: check(Frame.self, body)
        case 7: check(ProgramMetadata.self, body, flat: { ProgramMetadata(flatBytes: $0) }, protobufC: { (bytes) throws(ProtoDecodingError) in try ProgramMetadata(protobufCBytes: bytes) })
        case 8: check(RegisterProgramRequest.self, body, flat: { RegisterProgramRequest(flatBytes: $0) }, protobufC: { (bytes) throws(ProtoDecodingError) in try RegisterProgramRequest(protobufCBytes: bytes) })
        case 9: check(RegisterProgramResponse.self, body)
        case 10: check(GetProgramRequest.self, body, flat: { GetProgramRequest(flatBytes: $0) }, protobufC: { (bytes) throws(ProtoDecodingError) in try GetProgramRequest(protobufCBytes: bytes) })
        case 11: check(GetProgramResponse.self, body)
        case 12: check(ListProgramsRequest.self, body, flat: { ListProgramsRequest(flatBytes: $0) }, protobufC: { (bytes) throws(ProtoDecodingError) in try ListProgramsRequest(protobufCBytes: bytes) })
        case 13: check(ListProgramsResponse.self, body)
        case 14: check(ProveRequest.self, body)
        case 15: check(ProveResponse.self, body)
        case 16: check(ProofRecord.self, body, flat: { ProofRecord(flatBytes: $0) }, protobufC: { (bytes) throws(ProtoDecodingError) in try ProofRecord(protobufCBytes: bytes) })
        case 17: check(JobStatus.self, body)
        case 18: check(GetJobRequest.self, body, flat: { GetJobRequest(flatBytes: $0) }, protobufC: { (bytes) throws(ProtoDecodingError) in try GetJobRequest(protobufCBytes: bytes) })
        case 19: check(WaitJobRequest.self, body, flat: { WaitJobRequest(flatBytes: $0) }, protobufC: { (bytes) throws(ProtoDecodingError) in try WaitJobRequest(protobufCBytes: bytes) })
        case 20: check(CancelJobRequest.self, body, flat: { CancelJobRequest(flatBytes: $0) }, protobufC: { (bytes) throws(ProtoDecodingError) in try CancelJobRequest(protobufCBytes: bytes) })
        case 21: check(ExecuteRequest.self, body)
        case 22: check(ExecuteResponse.self, body, flat: { ExecuteResponse(flatBytes: $0) }, protobufC: { (bytes) throws(ProtoDecodingError) in try ExecuteResponse(protobufCBytes: bytes) })
        case 23: check(ListBackendsRequest.self, body)
        case 24: check(BackendInfo.self, body)
        case 25: check(ListBackendsResponse.self, body)
        case 26: check(RouterStatsRequest.self, body)
        case 27: check(RouterStatsResponse.self, body)
        case 28: check(PutProgramRequest.self, body, flat: { PutProgramRequest(flatBytes: $0) }, protobufC: { (bytes) throws(ProtoDecodingError) in try PutProgramRequest(protobufCBytes: bytes) })
        case 29: check(PutProgramResponse.self, body)
        case 30: check(StorageGetProgramRequest.self, body, flat: { StorageGetProgramRequest(flatBytes: $0) }, protobufC: { (bytes) throws(ProtoDecodingError) in try StorageGetProgramRequest(protobufCBytes: bytes) })
        case 31: check(StorageGetProgramResponse.self, body, flat: { StorageGetProgramResponse(flatBytes: $0) }, protobufC: { (bytes) throws(ProtoDecodingError) in try StorageGetProgramResponse(protobufCBytes: bytes) })
        case 32: check(StatProgramRequest.self, body, flat: { StatProgramRequest(flatBytes: $0) }, protobufC: { (bytes) throws(ProtoDecodingError) in try StatProgramRequest(protobufCBytes: bytes) })
        case 33: check(StatProgramResponse.self, body)
        case 34: check(PinRequest.self, body, flat: { PinRequest(flatBytes: $0) }, protobufC: { (bytes) throws(ProtoDecodingError) in try PinRequest(protobufCBytes: bytes) })
        case 35: check(PinResponse.self, body, flat: { PinResponse(flatBytes: $0) }, protobufC: { (bytes) throws(ProtoDecodingError) in try PinResponse(protobufCBytes: bytes) })
        case 36: check(StorageStatsRequest.self, body)
        case 37: check(StorageStatsResponse.self, body)
        default: fatalError("unreachable")
        }
    }

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
