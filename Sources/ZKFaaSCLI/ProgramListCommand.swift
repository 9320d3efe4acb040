import ArgumentParser
import ZKCrypto
import ZKFaaSClient
import ZKProto

/// `zkfaas program list`: registry records in registration order, all pages.
struct ProgramListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List registered programs in registration order."
    )

    @Option(help: "Only programs by this author address.") var author: String?
    @Option(help: "Only programs for this zkVM (sp1, risc0, …).") var zkvm: String?
    @Option(help: "Stop after this many programs (default: all).") var limit: Int?
    @OptionGroup var endpoints: EndpointOptions
    @Flag(help: "Print a JSON array.") var json = false

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must not be negative, got \(limit)") }
    }

    func run() async throws {
        let filter = ListProgramsRequest(author: author ?? "", zkvm: zkvm ?? "", pageSize: 500)
        let wanted = limit ?? .max
        var programs = try await endpoints.withRegistry { registry in
            var programs: [ProgramMetadata] = []
            var request = filter
            repeat {
                let page = try await registry.listPrograms(request)
                programs += page.programs
                request.pageToken = page.nextPageToken
            } while !request.pageToken.isEmpty && programs.count < wanted
            return programs
        }
        if let limit { programs = Array(programs.prefix(limit)) }
        if json {
            print("[" + programs.map(ProgramMetadataText.json).joined(separator: ",") + "]")
        } else {
            for program in programs {
                print(
                    "\(Hex.encode(program.programHash, prefix: true))  \(TerminalText.safe(program.zkvm))  "
                        + "\(TerminalText.safe(program.author))  " + TerminalText.safe(program.description)
                )
            }
        }
    }
}
