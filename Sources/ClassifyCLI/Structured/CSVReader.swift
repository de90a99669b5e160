// SPDX-License-Identifier: Apache-2.0
// CSV (RFC 4180) and TSV, read in place: for every cell, where it is in the file and its
// value with quotes and doubled quotes undone, so that an offset into the value maps back
// to the file and a cell can be written again with valid quoting.

/// One cell of a delimited file.
struct CSVCell {
    /// Where the cell is in the file, quotes included.
    var raw: Range<Int>
    var quoted: Bool
    /// The value: the cell without its quotes, `""` read as `"`.
    var value: [UInt8]
    /// For a quoted cell, the value offsets at which a `""` was read as `"`, and the offset
    /// after which text followed the closing quote (read as is, as Python's csv does).
    var escapes: [Int] = []
    var closedAt: Int?

    /// The file offset of value offset `i` (0...value.count).
    func fileOffset(_ i: Int) -> Int {
        guard quoted else { return raw.lowerBound + i }
        var o = raw.lowerBound + 1 + i
        for e in escapes where e < i { o += 1 }
        if let closedAt, i > closedAt { o += 1 }
        return o
    }
}

/// One row: its cells and the line ending after it.
struct CSVRow {
    var cells: [CSVCell]
    /// Where the row is in the file, without its line ending.
    var raw: Range<Int>
    /// The line ending ("\n", "\r\n", or none at the end of the file).
    var terminator: Range<Int>
}

enum CSVReader {
    /// Calls `body` with each row of `data` in order (the header is the first). Blank lines
    /// are rows with one empty cell. Returns early when `body` returns false.
    static func forEachRow(_ data: UnsafeBufferPointer<UInt8>, delimiter: UInt8, _ body: (CSVRow) -> Bool) {
        let n = data.count
        let quote = UInt8(ascii: "\"")
        var i = 0
        while i < n {
            let rowStart = i
            var cells: [CSVCell] = []
            var rowEnd = n
            var terminator = n..<n
            cellLoop: while true {
                let start = i
                if i < n, data[i] == quote {
                    // Quoted: to the closing quote, "" being one quote.
                    var value: [UInt8] = []
                    var escapes: [Int] = []
                    i += 1
                    var closedAt: Int?
                    while i < n {
                        if data[i] == quote {
                            if i + 1 < n, data[i + 1] == quote {
                                escapes.append(value.count)
                                value.append(quote)
                                i += 2
                                continue
                            }
                            closedAt = value.count
                            i += 1
                            break
                        }
                        value.append(data[i])
                        i += 1
                    }
                    // Text after the closing quote belongs to the cell.
                    var trailing = false
                    while i < n, data[i] != delimiter, data[i] != 0x0A, !(data[i] == 0x0D && i + 1 < n && data[i + 1] == 0x0A) {
                        value.append(data[i])
                        trailing = true
                        i += 1
                    }
                    cells.append(
                        CSVCell(
                            raw: start..<i, quoted: true, value: value, escapes: escapes,
                            closedAt: trailing ? closedAt : nil))
                } else {
                    while i < n, data[i] != delimiter, data[i] != 0x0A, !(data[i] == 0x0D && i + 1 < n && data[i + 1] == 0x0A) {
                        i += 1
                    }
                    cells.append(CSVCell(raw: start..<i, quoted: false, value: Array(data[start..<i])))
                }
                if i >= n {
                    rowEnd = n
                    terminator = n..<n
                    break cellLoop
                }
                if data[i] == delimiter {
                    i += 1
                    if i == n {
                        cells.append(CSVCell(raw: n..<n, quoted: false, value: []))
                        rowEnd = n
                        terminator = n..<n
                        break cellLoop
                    }
                    continue
                }
                rowEnd = i
                let t = data[i] == 0x0D ? 2 : 1
                terminator = i..<(i + t)
                i += t
                break cellLoop
            }
            if !body(CSVRow(cells: cells, raw: rowStart..<rowEnd, terminator: terminator)) { return }
        }
    }

    /// The delimiter a file name suggests: tab for .tsv/.tab, comma otherwise.
    static func delimiter(forPath path: String) -> UInt8 {
        let lower = path.lowercased()
        return lower.hasSuffix(".tsv") || lower.hasSuffix(".tab") ? 0x09 : UInt8(ascii: ",")
    }

    /// A cell written so that a CSV reader gets `value` back: as is when it needs no
    /// quotes (and was not quoted), else quoted with `"` doubled.
    static func write(_ value: [UInt8], delimiter: UInt8, quoted: Bool, to out: inout [UInt8]) {
        let quote = UInt8(ascii: "\"")
        let needs = quoted || value.contains { $0 == delimiter || $0 == quote || $0 == 0x0A || $0 == 0x0D }
        guard needs else {
            out.append(contentsOf: value)
            return
        }
        out.append(quote)
        for b in value {
            if b == quote { out.append(quote) }
            out.append(b)
        }
        out.append(quote)
    }
}
