// SPDX-License-Identifier: Apache-2.0
// Number and text formatting for human output (no Foundation).

enum Text {
    /// `x` with exactly `decimals` digits after the point ("3.10").
    static func fixed(_ x: Double, _ decimals: Int) -> String {
        guard x.isFinite else { return "-" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(x) * scale).rounded()
        guard scaled < 9.0e15 else { return String(x) }
        let n = UInt64(scaled)
        let whole = n / UInt64(scale)
        var out = (x < 0 && n > 0 ? "-" : "") + String(whole)
        if decimals > 0 {
            let frac = String(n % UInt64(scale))
            out += "." + String(repeating: "0", count: decimals - frac.count) + frac
        }
        return out
    }

    /// The shortest decimal of `x` rounded to 6 places ("0.95", "1"), as in the JSON output.
    static func decimal(_ x: Double) -> String {
        guard x.isFinite else { return "" }
        var s = String((x * 1_000_000).rounded() / 1_000_000)
        if s.hasSuffix(".0") { s.removeLast(2) }
        return s
    }

    /// 1234567 -> "1,234,567".
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(abs(n)))
        var out: [Character] = []
        for (i, d) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return (n < 0 ? "-" : "") + String(out)
    }

    /// Binary units: "512 B", "14.2 KiB", "3.40 MiB".
    static func bytes(_ n: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var v = Double(n)
        var u = 0
        while v >= 1024, u < units.count - 1 {
            v /= 1024
            u += 1
        }
        if u == 0 { return "\(n) B" }
        return fixed(v, v < 10 ? 2 : (v < 100 ? 1 : 0)) + " " + units[u]
    }

    /// "0.031 s", "2.5 s", "3 min 4 s".
    static func duration(seconds s: Double) -> String {
        if s < 1 { return fixed(s, 3) + " s" }
        if s < 60 { return fixed(s, s < 10 ? 2 : 1) + " s" }
        let total = Int(s.rounded())
        return "\(total / 60) min \(total % 60) s"
    }

    /// Plural helper: "1 file", "3 files".
    static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(grouped(n)) \(n == 1 ? singular : (plural ?? singular + "s"))"
    }

    /// Pads with spaces on the right to `width` characters.
    static func pad(_ s: String, _ width: Int) -> String {
        let n = s.count
        return n >= width ? s : s + String(repeating: " ", count: width - n)
    }

    /// Pads with spaces on the left to `width` characters.
    static func padLeft(_ s: String, _ width: Int) -> String {
        let n = s.count
        return n >= width ? s : String(repeating: " ", count: width - n) + s
    }

    /// Control characters (C0, DEL, C1, line and paragraph separators) replaced by "·", so
    /// that a value or a path cannot break a line of a table or drive the terminal.
    static func printable(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var changed = false
        for u in s.unicodeScalars {
            let v = u.value
            if v < 0x20 || v == 0x7F || (v >= 0x80 && v < 0xA0) || v == 0x2028 || v == 0x2029 {
                out.append("·")
                changed = true
            } else {
                out.append(u)
            }
        }
        return changed ? String(out) : s
    }

    /// The first `limit` characters and an ellipsis when longer.
    static func truncated(_ s: String, _ limit: Int) -> String {
        guard s.count > limit, limit > 1 else { return s }
        return String(s.prefix(limit - 1)) + "…"
    }
}
