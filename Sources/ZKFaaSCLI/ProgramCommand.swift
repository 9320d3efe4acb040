import ArgumentParser

/// `zkfaas program`: the program registry.
struct ProgramCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "program",
        abstract: "Register, show and list programs in the registry; upload, download and stat them in storage.",
        subcommands: [
            ProgramRegisterCommand.self, ProgramShowCommand.self, ProgramListCommand.self, ProgramUploadCommand.self,
            ProgramDownloadCommand.self, ProgramStatCommand.self,
        ]
    )
}
