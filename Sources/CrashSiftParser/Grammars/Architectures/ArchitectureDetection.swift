import CrashSiftModel

/// Gives each task and each kernel report its ``Architecture`` once every grammar has read
/// the input, from the tables of ``ArchitectureFormat``.
enum ArchitectureDetection {
    static func assign(_ transcript: inout Transcript) {
        let machines = Set(transcript.systems.compactMap(\.machine).compactMap(ArchitectureFormat.architecture(machine:)))
        let machine = machines.count == 1 ? machines.first : nil
        for index in transcript.tasks.indices {
            transcript.tasks[index].architecture = machine ?? architecture(of: transcript.tasks[index].backtrace)
        }
        // A task that shows nothing (an idle task, `(no stack)`) is from the same dump as the
        // others: it takes their architecture when they agree.
        let found = Set(transcript.tasks.compactMap(\.architecture))
        if found.count == 1, let only = found.first {
            for index in transcript.tasks.indices where transcript.tasks[index].architecture == nil {
                transcript.tasks[index].architecture = only
            }
        }
        for index in transcript.log.reports.indices {
            transcript.log.reports[index].architecture = architecture(of: transcript.log.reports[index])
        }
    }

    /// A `bt` trace's architecture: its dumps' register names, else its frames' addresses.
    static func architecture(of backtrace: Backtrace) -> Architecture? {
        let dumps = backtrace.frames.compactMap(\.exception) + backtrace.exceptionFrames
        if let found = ArchitectureFormat.architecture(crashRegisters: dumps.lazy.flatMap(\.registers.names)) { return found }
        return ArchitectureFormat.architecture(frameAddresses: backtrace.frames.compactMap { $0.address?.description })
    }

    /// A log report's architecture: its register names, else its frames' addresses.
    static func architecture(of report: KernelReport) -> Architecture? {
        let sets = [report.registers].compactMap { $0 } + report.frames.compactMap(\.exception?.registers)
        if let found = ArchitectureFormat.architecture(consoleRegisters: sets.lazy.flatMap(\.names)) { return found }
        return ArchitectureFormat.architecture(frameAddresses: report.frames.compactMap { $0.address?.description })
    }
}
