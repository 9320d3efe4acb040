public import ZKProto

/// One value a service reports when `/metrics` is scraped, read from the same counters its `Stats` method answers
/// with, so the two never disagree.
public struct MetricSample: Sendable {
    /// The Prometheus metric type.
    public enum Kind: String, Sendable {
        case counter
        case gauge
    }

    public var name: String
    public var help: String
    public var kind: Kind
    public var labels: [(name: String, value: String)]
    public var value: UInt64

    public init(
        _ name: String,
        _ kind: Kind,
        _ value: UInt64,
        labels: [(name: String, value: String)] = [],
        help: String
    ) {
        self.name = name
        self.kind = kind
        self.value = value
        self.labels = labels
        self.help = help
    }

    /// Unlabelled counters from `(name, value, help)` rows.
    public static func counters(_ rows: [(name: String, value: UInt64, help: String)]) -> [MetricSample] {
        rows.map { MetricSample($0.name, .counter, $0.value, help: $0.help) }
    }

    /// The samples of cache or storage tiers: `<prefix>_tier_hits_total{tier=…}` and the other ``TierStats`` fields.
    public static func tiers(_ tiers: [TierStats], prefix: String, what: String) -> [MetricSample] {
        tiers.flatMap { tier -> [MetricSample] in
            let labels = [(name: "tier", value: tier.tier)]
            return [
                MetricSample("\(prefix)_tier_hits_total", .counter, tier.hits, labels: labels, help: "\(what) hits"),
                MetricSample("\(prefix)_tier_misses_total", .counter, tier.misses, labels: labels, help: "\(what) misses"),
                MetricSample("\(prefix)_tier_entries", .gauge, tier.entries, labels: labels, help: "\(what) entries held"),
                MetricSample("\(prefix)_tier_bytes", .gauge, tier.bytes, labels: labels, help: "\(what) bytes held"),
                MetricSample(
                    "\(prefix)_tier_evictions_total", .counter, tier.evictions, labels: labels, help: "\(what) evictions"
                ),
                MetricSample(
                    "\(prefix)_tier_integrity_failures_total", .counter, tier.integrityFailures, labels: labels,
                    help: "\(what) entries that failed their hash check and were dropped"
                ),
            ]
        }
    }

    /// Appends `samples` in the Prometheus text exposition format (version 0.0.4): one `# HELP` and `# TYPE` line per
    /// metric name, in the order names first appear, then its samples.
    public static func render(_ samples: [MetricSample], into output: inout [UInt8]) {
        var order: [String] = []
        var byName: [String: [MetricSample]] = [:]
        for sample in samples {
            if byName[sample.name] == nil { order.append(sample.name) }
            byName[sample.name, default: []].append(sample)
        }
        for name in order {
            let group = byName[name]!
            let help = escape(group[0].help, quotes: false)
            var text = "# HELP \(name) \(help)\n# TYPE \(name) \(group[0].kind.rawValue)\n"
            for sample in group {
                text += name
                if !sample.labels.isEmpty {
                    let labels = sample.labels.map { "\($0.name)=\"\(escape($0.value, quotes: true))\"" }
                    text += "{" + labels.joined(separator: ",") + "}"
                }
                text += " \(sample.value)\n"
            }
            output += Array(text.utf8)
        }
    }

    /// `value` with `\` and line feeds escaped, and `"` too when `quotes` (label values; HELP text keeps its quotes).
    ///
    /// Goes by Unicode scalars: `"\r\n"` is one `Character`, and its line feed must be escaped too.
    private static func escape(_ value: String, quotes: Bool) -> String {
        var escaped = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case "\"" where quotes: escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
