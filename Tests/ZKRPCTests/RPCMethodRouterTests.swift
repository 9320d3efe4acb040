import Testing
import ZKProto
import ZKRPC

@Suite("RPCMethodRouter")
struct RPCMethodRouterTests {
    /// A service with the given method names, each answering its own name in `key`.
    struct NamedService: RPCService {
        let serviceName: String
        let names: [String]

        var handlers: [RPCMethodHandler] {
            names.map { name in
                let method = MethodDescriptor<MetadataEntry, MetadataEntry>("\(serviceName)/\(name)")
                return .unary(method) { _, _ in MetadataEntry(key: method.fullName) }
            }
        }
    }

    @Test("every method of every service is found under its full name; methods lists them sorted")
    func lookup() {
        let router = RPCMethodRouter(services: [
            NamedService(serviceName: "b.Svc", names: ["Zeta", "Alpha"]),
            NamedService(serviceName: "a.Svc", names: ["Mid"]),
        ])
        #expect(router.methods == ["a.Svc/Mid", "b.Svc/Alpha", "b.Svc/Zeta"])
        for name in router.methods { #expect(router[name]?.fullName == name) }
        #expect(router["b.Svc/alpha"] == nil)
        #expect(router["b.Svc"] == nil)
        #expect(RPCMethodRouter(services: []).methods.isEmpty)
    }

    @Test("a method registered twice stops the process")
    func duplicate() async {
        await #expect(processExitsWith: .failure) {
            _ = RPCMethodRouter(services: [
                NamedService(serviceName: "a.Svc", names: ["M"]),
                NamedService(serviceName: "a.Svc", names: ["M"]),
            ])
        }
    }
}
