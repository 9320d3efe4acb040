import ArgumentParser

/// `zkfaas storage`: storage-cache-service administration.
struct StorageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage",
        abstract: "Inspect storage-cache-service.",
        subcommands: [StorageStatsCommand.self]
    )
}
