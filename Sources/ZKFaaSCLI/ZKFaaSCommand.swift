import ArgumentParser

@main
struct ZKFaaSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zkfaas",
        abstract: "Command-line client of ZK-FaaS: zero-knowledge proof generation as a service.",
        subcommands: [
            HealthCommand.self, ExecuteCommand.self, KeysCommand.self, ProgramCommand.self, ProveCommand.self,
            JobCommand.self, ProofCommand.self, StatsCommand.self, StorageCommand.self,
        ]
    )
}
