import Synchronization
import ZKProto
import ZKRPC

/// A `zkfaas.v1.Registry` whose `GetProgram` answers with the metadata of another program hash than the one asked
/// for (a lying or man-in-the-middle registry), unless `honest`.
struct SquattingRegistryService: RPCService {
    let serviceName = "zkfaas.v1.Registry"
    let honest: Bool

    var handlers: [RPCMethodHandler] {
        [
            .unary(RegistryMethods.getProgram) { [honest] request, _ in
                var hash = request.programHash
                if !honest { hash[0] ^= 1 }
                return GetProgramResponse(program: ProgramMetadata(programHash: hash, elfHash: [1], zkvm: "SP1"))
            }
        ]
    }
}
