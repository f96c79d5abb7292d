import CrashSift

/// The built-in catalogue, loaded once for all inputs.
enum AnalyzeFuzzCatalogue {
    static let analyzer: Analyzer = {
        do {
            return try Analyzer.builtIn()
        } catch {
            fatalError("the built-in catalogue does not load: \(error)")
        }
    }()
}
