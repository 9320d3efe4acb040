import ZKProto
import ZKRPC

/// A `zkfaas.v1.Registry` whose `GetProgram` answers without a program, as a broken registry would.
struct EmptyRegistryService: RPCService {
    let serviceName = "zkfaas.v1.Registry"

    var handlers: [RPCMethodHandler] {
        [.unary(RegistryMethods.getProgram) { _, _ in GetProgramResponse() }]
    }
}
