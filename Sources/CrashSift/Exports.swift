// The CrashSift library: one import gives the model, the text layer and the parser.
@_exported import CrashSiftModel
@_exported import CrashSiftParser
@_exported import CrashSiftText
