import ArgumentParser
import ZKFaaSClient
import ZKProto

/// `zkfaas program show HASH`: one registry record.
struct ProgramShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show the registry record of a program hash."
    )

    @Argument(help: "Program hash, 32 bytes hex.") var programHash: String
    @OptionGroup var endpoints: EndpointOptions
    @Flag(help: "Print one JSON object.") var json = false

    func run() async throws {
        let hash = try ProgramRegisterCommand.hash32(programHash, option: "HASH")
        let program = try await endpoints.withRegistry { try await $0.getProgram(hash) }
        print(json ? ProgramMetadataText.json(program) : ProgramMetadataText.text(program))
    }
}
