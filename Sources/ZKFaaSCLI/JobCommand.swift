import ArgumentParser
import ZKFaaSClient
import ZKProto
import ZKRPC

/// `zkfaas job status|wait|cancel ID`.
struct JobCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "job",
        abstract: "Look at, wait for, or cancel a proof job.",
        subcommands: [Status.self, Wait.self, Cancel.self]
    )

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a job's status.")
        @Argument var id: String
        @Flag var json = false
        @OptionGroup var endpoints: EndpointOptions
        func run() async throws {
            JobCommand.print(try await endpoints.routerClient().closing { try await $0.getJob(id) }, json: json)
        }
    }

    struct Wait: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Wait for a job to end.")
        @Argument var id: String
        @Option(help: "Seconds to wait.") var timeout: Int = 300
        @Flag var json = false
        @OptionGroup var endpoints: EndpointOptions
        func run() async throws {
            JobCommand.print(try await endpoints.routerClient().closing { try await $0.waitJob(id, wait: .seconds(timeout)) }, json: json)
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a job.")
        @Argument var id: String
        @Flag var json = false
        @OptionGroup var endpoints: EndpointOptions
        func run() async throws {
            JobCommand.print(try await endpoints.routerClient().closing { try await $0.cancelJob(id) }, json: json)
        }
    }

    static func print(_ job: JobStatus, json: Bool) {
        if json {
            Swift.print(JSONText.render(ProofRecordJSON.job(job)))
        } else {
            let progress = job.state == .running && job.cyclesSoFar > 0 ? " (\(job.cyclesSoFar) cycles so far)" : ""
            let error = job.error.map { " — \(RPCError.Code(rawValue: $0.code)?.name ?? "?"): \($0.message)" } ?? ""
            Swift.print("\(job.jobID): \(ProofRecordJSON.stateName(job.state))\(progress)\(error)")
        }
    }
}
