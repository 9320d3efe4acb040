import Testing
import ZKRedis

@Suite("RedisConfiguration URL parsing")
struct RedisConfigurationTests {
    @Test("Defaults: port 6379, database 0, no password, 2 s timeouts, pool of 4")
    func defaults() throws {
        let configuration = try RedisConfiguration(url: "redis://cache.internal")
        #expect(configuration.host == "cache.internal")
        #expect(configuration.port == 6379)
        #expect(configuration.database == 0)
        #expect(configuration.password == nil)
        #expect(configuration.username == nil)
        #expect(configuration.connectTimeout == .seconds(2))
        #expect(configuration.commandTimeout == .seconds(2))
        #expect(configuration.poolSize == 4)
    }

    @Test("Password, port and database; percent escapes are decoded")
    func fullURL() throws {
        let configuration = try RedisConfiguration(url: "REDIS://:s%40cret%3Ax@10.1.2.3:6380/7")
        #expect(configuration.host == "10.1.2.3")
        #expect(configuration.port == 6380)
        #expect(configuration.password == "s@cret:x")
        #expect(configuration.username == nil)
        #expect(configuration.database == 7)
    }

    @Test("ACL user name and password")
    func userAndPassword() throws {
        let configuration = try RedisConfiguration(url: "redis://router:pw@localhost:7000/")
        #expect(configuration.username == "router")
        #expect(configuration.password == "pw")
        #expect(configuration.port == 7000)
        #expect(configuration.database == 0)
    }

    @Test("Bracketed IPv6 host")
    func ipv6() throws {
        let configuration = try RedisConfiguration(url: "redis://[::1]:7001/2")
        #expect(configuration.host == "::1")
        #expect(configuration.port == 7001)
        #expect(configuration.database == 2)
        #expect(configuration.description == "redis://[::1]:7001/2")
    }

    @Test("The description masks the password")
    func descriptionMasksPassword() throws {
        let configuration = try RedisConfiguration(url: "redis://:topsecret@h:1/3")
        #expect(!configuration.description.contains("topsecret"))
        #expect(configuration.description == "redis://:***@h:1/3")
    }

    @Test(
        "Malformed URLs throw invalidURL",
        arguments: [
            "", "http://localhost", "rediss://localhost", "redis://", "redis://:6379", "redis://host:0",
            "redis://host:65536", "redis://host:12ab", "redis://host:", "redis://host/x", "redis://host/-1",
            "redis://password@host", "redis://host?db=1", "redis://host#frag", "redis://[::1", "redis://[::1]x",
            "redis://:%zz@host", "redis://:%4@host", "redis://ho st", "redis://host/99999999999",
        ]
    )
    func invalid(url: String) {
        #expect {
            _ = try RedisConfiguration(url: url)
        } throws: { error in
            (error as? RedisError)?.code == .invalidURL
        }
    }

    @Test("RedisClient(url:) rejects a malformed URL without echoing its password")
    func clientRejectsBadURL() {
        do throws(RedisError) {
            _ = try RedisClient(url: "redis://:hunter2@host:notaport")
            Issue.record("expected invalidURL")
        } catch {
            #expect(error.code == .invalidURL)
            #expect(!error.message.contains("hunter2"))
        }
    }

    @Test("Error codes have distinct stable numbers")
    func errorCodes() {
        let codes: [RedisError.Code] = [
            .connectFailed, .ioError, .protocolError, .serverError, .timeout, .invalidURL, .authenticationFailed,
            .invalidArgument, .clientClosed,
        ]
        #expect(Set(codes.map(\.rawValue)).count == codes.count)
        #expect(RedisError.Code.timeout.description == "timeout")
    }
}
