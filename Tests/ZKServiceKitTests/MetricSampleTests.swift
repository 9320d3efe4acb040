import Testing
import ZKProto
import ZKServiceKit
import ZKTestSupport

/// The text exposition of ``MetricSample``, read back with the official Python client's parser
/// (`prometheus_client.parser`, text format 0.0.4).
@Suite("MetricSample")
struct MetricSampleTests {
    /// One metric family as the parser reads it.
    struct Family: Decodable, Equatable {
        var type: String
        var help: String
        var samples: [Sample]
    }

    /// One sample as the parser reads it.
    struct Sample: Decodable, Equatable {
        var name: String
        var labels: [String: String]
        var value: String
    }

    static func parse(_ text: [UInt8]) throws -> [Family] {
        try PythonOracle.json(
            [Family].self,
            """
            import sys, json
            from prometheus_client.parser import text_string_to_metric_families
            text = sys.stdin.buffer.read().decode('utf-8')
            print(json.dumps([
                {'type': f.type, 'help': f.documentation,
                 'samples': [{'name': s.name, 'labels': s.labels, 'value': str(s.value)} for s in f.samples]}
                for f in text_string_to_metric_families(text)
            ]))
            """,
            stdin: text
        )
    }

    /// What the parser should read from `samples`: one family per name, in order of first appearance.
    static func families(_ samples: [MetricSample]) -> [Family] {
        var order: [String] = []
        var byName: [String: Family] = [:]
        for sample in samples {
            if byName[sample.name] == nil {
                order.append(sample.name)
                byName[sample.name] = Family(type: sample.kind.rawValue, help: sample.help, samples: [])
            }
            byName[sample.name]!.samples.append(
                Sample(
                    name: sample.name,
                    labels: Dictionary(uniqueKeysWithValues: sample.labels.map { ($0.name, $0.value) }),
                    value: String(sample.value)
                )
            )
        }
        return order.map { byName[$0]! }
    }

    static func render(_ samples: [MetricSample]) -> [UInt8] {
        var text: [UInt8] = []
        MetricSample.render(samples, into: &text)
        return text
    }

    @Test("labels with backslashes, quotes, newlines and non-ASCII text read back as they were")
    func labelEscaping() throws {
        let values = [
            "plain", "back\\slash", "quote\"d", "two\nlines", "all \\\" \n \\n", "é ✓", "", "{a=\"b\"}",
            "crlf\r\nline",
        ]
        let samples = values.enumerated().map { index, value in
            MetricSample(
                "zkfaas_test_escapes_total",
                .counter,
                UInt64(index),
                labels: [(name: "tier", value: value), (name: "n", value: "\(index)")],
                help: "escaped labels"
            )
        }
        #expect(try Self.parse(Self.render(samples)) == Self.families(samples))
    }

    @Test("help text with backslashes and newlines reads back as it was")
    func helpEscaping() throws {
        let samples = [
            MetricSample(
                "zkfaas_test_help",
                .gauge,
                1,
                help: "a \\ backslash,\na second line, a literal \\n, \"quotes\" and a CRLF\r\nend"
            )
        ]
        let text = Self.render(samples)
        #expect(text.split(separator: UInt8(ascii: "\n")).count == 3, "HELP, TYPE and one sample line")
        #expect(String(decoding: text, as: UTF8.self).contains("\"quotes\""), "quotes are not escaped in HELP")
        #expect(try Self.parse(text) == Self.families(samples))
    }

    @Test("samples of one name are grouped under one HELP and TYPE, names in order of first appearance")
    func grouping() throws {
        let samples = [
            MetricSample("b_total", .counter, 1, labels: [(name: "k", value: "1")], help: "b"),
            MetricSample("a", .gauge, 0, help: "a"),
            MetricSample("b_total", .counter, 2, labels: [(name: "k", value: "2")], help: "ignored: the first wins"),
            MetricSample("c_total", .counter, .max, help: "c"),
        ]
        let text = Self.render(samples)
        let lines = String(decoding: text, as: UTF8.self).split(separator: "\n")
        #expect(
            lines.filter { $0.hasPrefix("# TYPE ") } == [
                "# TYPE b_total counter", "# TYPE a gauge", "# TYPE c_total counter",
            ]
        )
        #expect(lines.filter { $0.hasPrefix("# HELP ") }.count == 3)
        #expect(text.last == UInt8(ascii: "\n"))
        let parsed = try Self.parse(text)
        #expect(parsed.map(\.samples.count) == [2, 1, 1])
        #expect(parsed[0].help == "b")
        #expect(parsed[2].samples[0].value == String(UInt64.max))
    }

    @Test("render appends to what is there, and no samples add nothing")
    func appends() {
        var text = Array("# prefix\n".utf8)
        MetricSample.render([], into: &text)
        #expect(text == Array("# prefix\n".utf8))
        MetricSample.render([MetricSample("x", .gauge, 3, help: "x")], into: &text)
        #expect(String(decoding: text, as: UTF8.self) == "# prefix\n# HELP x x\n# TYPE x gauge\nx 3\n")
    }

    @Test("tier samples: six series per tier, labelled by tier, with the values of TierStats")
    func tiers() throws {
        let stats = [
            TierStats(tier: "memory", hits: 1, misses: 2, entries: 3, bytes: 4, evictions: 5, integrityFailures: 6),
            TierStats(tier: "disk", hits: 10, misses: 20, entries: 30, bytes: 40, evictions: 50, integrityFailures: 60),
        ]
        let samples = MetricSample.tiers(stats, prefix: "zkfaas_test", what: "test cache")
        #expect(samples.count == 12)
        let parsed = try Self.parse(Self.render(samples))
        #expect(parsed == Self.families(samples))
        let series = Dictionary(
            uniqueKeysWithValues: parsed.flatMap(\.samples).map { ("\($0.name)/\($0.labels["tier"]!)", $0.value) }
        )
        for tier in stats {
            let fields: [(String, UInt64)] = [
                ("hits_total", tier.hits), ("misses_total", tier.misses), ("entries", tier.entries),
                ("bytes", tier.bytes), ("evictions_total", tier.evictions),
                ("integrity_failures_total", tier.integrityFailures),
            ]
            for (suffix, value) in fields {
                #expect(series["zkfaas_test_tier_\(suffix)/\(tier.tier)"] == String(value))
            }
        }
        #expect(parsed.map(\.type) == ["counter", "counter", "gauge", "gauge", "counter", "counter"])
    }

    @Test("counters() makes unlabelled counters")
    func counters() {
        let samples = MetricSample.counters([
            (name: "a_total", value: 4, help: "a"), (name: "b_total", value: 5, help: "b"),
        ])
        #expect(samples.map(\.name) == ["a_total", "b_total"])
        #expect(samples.map(\.value) == [4, 5])
        #expect(samples.allSatisfy { $0.kind == .counter && $0.labels.isEmpty })
    }
}
