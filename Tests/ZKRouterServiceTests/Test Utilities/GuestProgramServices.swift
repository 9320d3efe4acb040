import Foundation
import Synchronization
import ZKCrypto
import ZKProto
import ZKRPC
import ZKTestSupport
import ZKWire

/// An in-process registry and storage pair serving the example guests of Guests/bin: `GetProgram` of
/// `zkfaas.v1.Registry` answers a guest's metadata (program hash = elf hash = SHA-256 of the ELF), `GetProgram` of
/// `zkfaas.v1.Storage` its zstd ELF; storage counts its calls (each is a fetch a job needed).
final class GuestProgramServices: Sendable {
    struct Guest: Sendable {
        let elf: [UInt8]
        var hash: [UInt8] { SHA256.hash(elf) }
    }

    let guests: [[UInt8]: Guest]
    let storageCalls = Atomic<Int>(0)

    init(_ names: [String]) throws {
        var guests: [[UInt8]: Guest] = [:]
        for name in names {
            let url = TestEnvironment.repositoryRoot.appendingPathComponent("Guests/bin/\(name).elf")
            let guest = Guest(elf: Array(try Data(contentsOf: url)))
            guests[guest.hash] = guest
        }
        self.guests = guests
    }

    static func hash(of name: String) throws -> [UInt8] {
        SHA256.hash(Array(try Data(contentsOf: TestEnvironment.repositoryRoot.appendingPathComponent("Guests/bin/\(name).elf"))))
    }

    var services: [any RPCService] { [Registry(owner: self), Storage(owner: self)] }

    struct Registry: RPCService {
        let owner: GuestProgramServices
        let serviceName = "zkfaas.v1.Registry"
        var handlers: [RPCMethodHandler] {
            [
                .unary(RegistryMethods.getProgram) { [owner] request, _ in
                    guard let guest = owner.guests[request.programHash] else {
                        throw RPCError(code: .notFound, message: "no such program")
                    }
                    return GetProgramResponse(
                        program: ProgramMetadata(
                            programHash: guest.hash, elfHash: guest.hash, zkvm: "SP1", zkvmVersion: "v5.2.4"
                        )
                    )
                }
            ]
        }
    }

    struct Storage: RPCService {
        let owner: GuestProgramServices
        let serviceName = "zkfaas.v1.Storage"
        var handlers: [RPCMethodHandler] {
            [
                .unary(StorageMethods.getProgram) { [owner] request, _ in
                    owner.storageCalls.add(1, ordering: .relaxed)
                    guard let guest = owner.guests[request.elfHash] else {
                        throw RPCError(code: .notFound, message: "no such ELF")
                    }
                    return StorageGetProgramResponse(
                        elfZstd: try Zstd.compress(guest.elf),
                        elfSize: UInt64(guest.elf.count),
                        elfHash: guest.hash
                    )
                }
            ]
        }
    }
}
