public import ZKServiceKit

/// The registry counters on `/metrics`: registrations by outcome, lookups by where they were answered, and the
/// records held in memory.
extension RegistryService: MetricsReporting {
    public func metricSamples() -> [MetricSample] {
        var samples = counters.registrationsByOutcome.map { entry in
            MetricSample(
                "zkfaas_registry_registrations_total", .counter, entry.count, labels: [("outcome", entry.outcome)],
                help: "RegisterProgram calls by outcome: registered, or the status code's name"
            )
        }
        samples += counters.lookups.map { entry in
            MetricSample(
                "zkfaas_registry_lookups_total", .counter, entry.count, labels: [("result", entry.result)],
                help: "GetProgram calls by where they were answered: cache, store, or not_found"
            )
        }
        samples.append(
            MetricSample(
                "zkfaas_registry_cached_programs", .gauge, UInt64(cache?.count ?? 0),
                help: "Program records held in memory for GetProgram"
            )
        )
        return samples
    }
}
