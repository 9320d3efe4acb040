import Foundation
import Testing
import ZKServiceKit

/// Flag → environment variable → default, the order every executable resolves its settings in.
@Suite("EnvironmentResolver")
struct EnvironmentResolverTests {
    static let environment = EnvironmentResolver(environment: [
        "ZKFAAS_TEXT": "from-env",
        "ZKFAAS_NUMBER": "42",
        "ZKFAAS_BAD_NUMBER": "4x2",
        "ZKFAAS_EMPTY": "",
        "ZKFAAS_YES": "On",
        "ZKFAAS_NO": "FALSE",
        "ZKFAAS_MAYBE": "maybe",
    ])

    @Test("the flag beats the variable, which beats the default")
    func order() throws {
        let env = Self.environment
        #expect(env.resolve("flag", "ZKFAAS_TEXT", default: "default") == "flag")
        #expect(env.resolve(nil, "ZKFAAS_TEXT", default: "default") == "from-env")
        #expect(env.resolve(nil, "ZKFAAS_UNSET", default: "default") == "default")
        #expect(try env.resolve(7, "ZKFAAS_NUMBER", default: 1) == 7)
        #expect(try env.resolve(nil, "ZKFAAS_NUMBER", default: 1) == 42)
        #expect(try env.resolve(nil, "ZKFAAS_UNSET", default: 1) == 1)
        #expect(try env.resolve(false, "ZKFAAS_YES", default: false) == false)
        #expect(try env.resolve(nil, "ZKFAAS_YES", default: false) == true)
        #expect(try env.resolve(nil, "ZKFAAS_NO", default: true) == false)
        #expect(env.resolve(nil, "ZKFAAS_TEXT") == "from-env")
        #expect(env.resolve("f", "ZKFAAS_TEXT") == "f")
        #expect(env.resolve(nil, "ZKFAAS_UNSET") == nil)
    }

    @Test("a flag wins even over a variable that does not parse")
    func flagShadowsBadVariable() throws {
        #expect(try Self.environment.resolve(3, "ZKFAAS_BAD_NUMBER", default: 1) == 3)
        #expect(try Self.environment.resolve(true, "ZKFAAS_MAYBE", default: false) == true)
    }

    @Test("an empty variable counts as unset")
    func emptyIsUnset() throws {
        #expect(Self.environment["ZKFAAS_EMPTY"] == nil)
        #expect(Self.environment.resolve(nil, "ZKFAAS_EMPTY", default: "default") == "default")
        #expect(try Self.environment.resolve(nil, "ZKFAAS_EMPTY", default: 5) == 5)
        #expect(Self.environment.names.contains("ZKFAAS_EMPTY"))
    }

    @Test("a variable that does not parse is a ConfigurationError naming it and quoting the value")
    func badValues() {
        let number = #expect(throws: ConfigurationError.self) {
            try Self.environment.resolve(nil, "ZKFAAS_BAD_NUMBER", default: 1)
        }
        #expect(number?.setting == "ZKFAAS_BAD_NUMBER")
        #expect(number?.message.contains("'4x2'") == true)
        let flag = #expect(throws: ConfigurationError.self) {
            try Self.environment.resolve(nil, "ZKFAAS_MAYBE", default: false)
        }
        #expect(flag?.setting == "ZKFAAS_MAYBE")
        #expect(flag?.description == "ZKFAAS_MAYBE: cannot parse 'maybe'")
    }

    @Test(
        "booleans: 1/true/yes/on and 0/false/no/off in any case",
        arguments: [
            ("1", true), ("TRUE", true), ("Yes", true), ("on", true),
            ("0", false), ("false", false), ("NO", false), ("Off", false),
        ]
    )
    func booleans(raw: String, value: Bool) throws {
        let env = EnvironmentResolver(environment: ["ZKFAAS_FLAG": raw])
        #expect(try env.resolve(nil, "ZKFAAS_FLAG", default: !value) == value)
    }

    @Test("the generic form uses the given parser")
    func customParser() throws {
        let env = EnvironmentResolver(environment: ["ZKFAAS_LIST": "a,b,c"])
        let list = try env.resolve(nil, "ZKFAAS_LIST", default: [String]()) {
            $0.split(separator: ",").map(String.init)
        }
        #expect(list == ["a", "b", "c"])
    }

    @Test("the process environment is read as it is")
    func processEnvironment() {
        // An `=` in a value must not cut it.
        setenv("ZKFAAS_TEST_EQUALS", "a=b=c", 1)
        defer { unsetenv("ZKFAAS_TEST_EQUALS") }
        let resolver = EnvironmentResolver()
        #expect(resolver["ZKFAAS_TEST_EQUALS"] == "a=b=c")
        // Every variable as Foundation reads it, and no other.
        let expected = ProcessInfo.processInfo.environment
        #expect(Set(resolver.names) == Set(expected.keys))
        for (name, value) in expected {
            #expect(resolver[name] == value, "\(name)")
        }
    }

    @Test("unknown ZKFAAS_* variables are reported; known, common and other variables are not")
    func unknownVariables() {
        let env = EnvironmentResolver(environment: [
            "ZKFAAS_PORT": "1", "ZKFAAS_REDIS_URL": "x", "ZKFAAS_PROT": "typo", "ZKFAAS_ZZZ": "", "HOME": "/root",
            "zkfaas_port": "lowercase is another name",
        ])
        #expect(
            ConfigurationCheck.unknownVariables(known: ["ZKFAAS_REDIS_URL"], environment: env) == [
                "ZKFAAS_PROT", "ZKFAAS_ZZZ",
            ]
        )
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationCheck.rejectUnknownVariables(known: ["ZKFAAS_REDIS_URL"], environment: env)
        }
        #expect(error?.setting == "ZKFAAS_PROT")
        #expect(throws: Never.self) {
            try ConfigurationCheck.rejectUnknownVariables(
                known: ["ZKFAAS_REDIS_URL", "ZKFAAS_PROT", "ZKFAAS_ZZZ"],
                environment: env
            )
        }
    }
}
