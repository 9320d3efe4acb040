import ArgumentParser

@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zkfaas-bench",
        abstract: "Load generators for Scripts/bench.sh; each prints RESULT lines.",
        subcommands: [HealthLoad.self, RegistryLoad.Get.self, RegistryLoad.Register.self, RegistrySeed.self, StorageFixture.self, StorageTransfer.self, StorageGetLoad.self, BlobFloorServer.self, BlobFloorLoad.self, StorageAnswerSize.self, RouterLoad.Prove.self, RouterLoad.Dedup.self, SoakLoad.self]
    )
}
