// The CrashSift library: one import gives the model, the text layer, the parser, the rules and the scan inputs.
@_exported import CrashSiftInputs
@_exported import CrashSiftModel
@_exported import CrashSiftParser
@_exported import CrashSiftRules
@_exported import CrashSiftText
