import Foundation
import CrashSiftModel
import CrashSiftText

extension RuleInput {
    /// A fact about the kernel and the line that says it.
    struct KernelFact<Value> {
        var value: Value
        var line: Int
    }

    /// The kernel release: `sys`'s `RELEASE:`, else a report's `CPU:`/`Tainted:` line, else `Linux version`.
    var kernelRelease: KernelFact<String>? {
        if let system = transcript.systems.first(where: { $0.release != nil }), let release = system.release,
           let field = system.fields.first(where: { $0.key == "RELEASE" })
        {
            return KernelFact(value: release.text, line: field.line)
        }
        if let report = transcript.log.reports.first(where: { $0.kernel != nil }), let kernel = report.kernel {
            return KernelFact(value: kernel, line: report.taskLine ?? report.line)
        }
        if let banner = linuxVersionRecord {
            let words = banner.text.split(separator: " ")
            if words.count > 2 { return KernelFact(value: String(words[2]), line: banner.line) }
        }
        return nil
    }

    /// The kernel's version string (`#1 SMP PREEMPT_RT …`): `sys`'s `VERSION:`, or the `Linux version` record.
    var kernelVersion: KernelFact<String>? {
        if let system = transcript.systems.first(where: { $0.version != nil }), let version = system.version,
           let field = system.fields.first(where: { $0.key == "VERSION" })
        {
            return KernelFact(value: version, line: field.line)
        }
        return linuxVersionRecord.map { KernelFact(value: $0.text, line: $0.line) }
    }

    /// The machine: `sys`'s `MACHINE:`.
    var machine: KernelFact<String>? {
        guard let system = transcript.systems.first(where: { $0.machine != nil }), let machine = system.machine,
              let field = system.fields.first(where: { $0.key == "MACHINE" })
        else { return nil }
        return KernelFact(value: machine, line: field.line)
    }

    /// The `Linux version …` log record.
    private var linuxVersionRecord: (text: String, line: Int)? {
        for record in transcript.log.records.prefix(200) {
            let text = source.text(record.text)
            if text.hasPrefix("Linux version ") { return (text, record.line) }
        }
        return nil
    }

    /// Whether the kernel is PREEMPT_RT, and the line that says so (`sys`'s `VERSION:` or
    /// release, the `Linux version` record).
    var preemptRT: KernelFact<Bool>? {
        if let version = kernelVersion {
            return KernelFact(value: version.value.contains("PREEMPT_RT") || version.value.contains(" RT "), line: version.line)
        }
        if let release = kernelRelease {
            let rt = release.value.contains("-rt") || release.value.contains(".rt")
            return rt ? KernelFact(value: true, line: release.line) : nil
        }
        return nil
    }

    /// Whether the kernel is preemptible: its version says `PREEMPT`, or the input shows
    /// preemption at work (`rcu_preempt` in the log, a task preempted in `preempt_schedule_irq`).
    var preemptible: KernelFact<Bool>? {
        if let version = kernelVersion, version.value.contains("PREEMPT") {
            return KernelFact(value: true, line: version.line)
        }
        if let rt = preemptRT, rt.value { return rt }
        for report in transcript.log.reports where report.kind == .rcuStall {
            if source.text(ofLine: report.line).contains("rcu_preempt") { return KernelFact(value: true, line: report.line) }
        }
        for name in ["preempt_schedule_irq", "preempt_schedule_common", "preempt_schedule"] {
            if let position = functionIndex[name]?.first, let frame = chain(ofTask: position).first(where: { $0.function == name }) {
                return KernelFact(value: true, line: frame.line)
            }
        }
        if let version = kernelVersion { return KernelFact(value: false, line: version.line) }
        return nil
    }

    /// The panic message and its line: `sys`'s `PANIC:`, else the first panic report's header.
    var panicMessages: [(text: String, line: Int)] {
        var messages: [(String, Int)] = []
        for system in transcript.systems {
            if let message = system.panicMessage, let field = system.fields.first(where: { $0.key == "PANIC" }) {
                messages.append((message, field.line))
            }
        }
        for report in transcript.log.reports where report.kind != .oops {
            let header = source.text(ofLine: report.line)
            if let start = header.range(of: "Kernel panic - not syncing") { messages.append((String(header[start.lowerBound...]), report.line)) }
        }
        return messages
    }
}

/// Compares kernel releases by their numbers in order (`3.10.0-514.1.1.rt56.422.el7` reads as
/// 3, 10, 0, 514, 1, 1, 56, 422, 7); a release that runs out of numbers first is smaller.
/// A number too large for an `Int` reads as `Int.max`.
enum KernelReleaseOrder {
    static func numbers(_ release: String) -> [Int] {
        var numbers: [Int] = []
        var current: Int?
        for character in release {
            if let digit = character.wholeNumberValue, character.isASCII {
                let (shifted, shiftOverflows) = (current ?? 0).multipliedReportingOverflow(by: 10)
                let (sum, sumOverflows) = shifted.addingReportingOverflow(digit)
                current = shiftOverflows || sumOverflows ? Int.max : sum
            } else if let value = current {
                numbers.append(value)
                current = nil
            }
        }
        if let current { numbers.append(current) }
        return numbers
    }

    static func isLess(_ a: String, than b: String) -> Bool {
        numbers(a).lexicographicallyPrecedes(numbers(b))
    }
}
