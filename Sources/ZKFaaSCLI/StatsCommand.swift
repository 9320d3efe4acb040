import ArgumentParser
import ZKFaaSClient
import ZKProto

/// `zkfaas stats`: the router's cache, dedup and backend counters.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Show the router's counters.")
    @Flag var json = false
    @OptionGroup var endpoints: EndpointOptions

    func run() async throws {
        let stats = try await endpoints.routerClient().closing { try await $0.stats() }
        if json {
            print(
                JSONText.render(
                    .object([
                        ("tiers", .array(stats.tiers.map(TierJSON.tier))),
                        ("dedup_joins", .uint(stats.dedupJoins)),
                        ("jobs_started", .uint(stats.jobsStarted)),
                        ("jobs_succeeded", .uint(stats.jobsSucceeded)),
                        ("jobs_failed", .uint(stats.jobsFailed)),
                        ("integrity_failures", .uint(stats.integrityFailures)),
                        ("rate_limited", .uint(stats.rateLimited)),
                        (
                            "executions",
                            .object(stats.backends.map { ($0.name, JSONText.Value.uint($0.executions)) })
                        ),
                        (
                            "backends",
                            .array(
                                stats.backends.map {
                                    .object([
                                        ("name", .string($0.name)), ("healthy", .bool($0.healthy)),
                                        ("circuit", .string($0.circuit)), ("executions", .uint($0.executions)),
                                        ("failures", .uint($0.failures)), ("queue_depth", .uint(UInt64($0.queueDepth))),
                                        ("in_flight", .uint(UInt64($0.inFlight))),
                                    ])
                                }
                            )
                        ),
                    ])
                )
            )
        } else {
            for tier in stats.tiers {
                print("\(tier.tier): hits \(tier.hits), misses \(tier.misses), entries \(tier.entries)")
            }
            print("dedup joins: \(stats.dedupJoins); jobs started \(stats.jobsStarted), succeeded \(stats.jobsSucceeded), failed \(stats.jobsFailed)")
            print("integrity failures: \(stats.integrityFailures); rate limited: \(stats.rateLimited)")
            for backend in stats.backends {
                print("backend \(backend.name): executions \(backend.executions), circuit \(backend.circuit)")
            }
        }
    }
}
