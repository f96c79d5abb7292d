/// The number of lines of `yaml` as libyaml counts them (breaks are `\n`, `\r`, `\r\n`,
/// U+0085, U+2028 and U+2029), the last one counted even when empty: what an error may name.
func yamlLineCount(_ yaml: String) -> Int {
    var count = 1
    var afterCarriageReturn = false
    for scalar in yaml.unicodeScalars {
        switch scalar {
        case "\n" where afterCarriageReturn: break
        case "\n", "\r", "\u{85}", "\u{2028}", "\u{2029}": count += 1
        default: break
        }
        afterCarriageReturn = scalar == "\r"
    }
    return count
}
