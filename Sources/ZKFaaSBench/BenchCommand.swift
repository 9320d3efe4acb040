import ArgumentParser

@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zkfaas-bench",
        abstract: "Load generators for Scripts/bench.sh."
    )
    func run() async throws {}
}
