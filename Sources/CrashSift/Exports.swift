// The CrashSift library: one import gives the model, the text layer, the parser and the rules.
@_exported import CrashSiftModel
@_exported import CrashSiftParser
@_exported import CrashSiftRules
@_exported import CrashSiftText
