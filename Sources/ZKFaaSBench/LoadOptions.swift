import ArgumentParser

/// Options every load subcommand takes.
struct LoadOptions: ParsableArguments {
    @Option(help: "Server HOST:PORT.") var target: String
    @Option(help: "Connections.") var connections: Int = 1
    @Option(help: "Calls in flight in total.") var concurrency: Int = 1
    @Option(help: "Seconds to measure (after 1 s of warm-up).") var seconds: Int = 10
    @Option(help: "Label of the RESULT line.") var label: String = "run"

    var host: String { String(target[..<(target.lastIndex(of: ":") ?? target.endIndex)]) }
    var port: Int { Int(target[target.index(after: target.lastIndex(of: ":") ?? target.startIndex)...]) ?? 0 }
}
