// SPDX-License-Identifier: Apache-2.0
// The header field of the column a value is in, for every candidate of a scan of a
// delimited table. Found from scratch (back to the start of the row, the delimiters up to
// the value, then the header again) it would cost, in a CSV export with a value every few
// dozen bytes, time quadratic in the row. Here the header's fields are cut once per scan,
// and a cursor moves forward from the last value looked up (a group's candidates come in
// order of position), so a row is read about once per group. Both keep their storage from
// scan to scan.

/// The columns of the table that starts the buffer being scanned, if it is one.
struct TableColumns {
    /// The header field of each column.
    private(set) var fields: [Range<Int>] = []
    private var header: TableHeader?
    /// Where the last lookup was: the start of its row, the position, the column of that
    /// position, and whether a quote was open there (`TableHeader.count`).
    private var rowStart = -1
    private var at = -1
    private var column = 0
    private var quoted = false

    /// Prepares for a scan of `s`, whose table header (if any) is `table`.
    mutating func reset(_ table: TableHeader?, _ s: UnsafeBufferPointer<UInt8>) {
        header = table
        fields.removeAll(keepingCapacity: true)
        rowStart = -1
        at = -1
        guard let table else { return }
        for k in 0..<table.fieldCount {
            fields.append(TableHeader.field(k, delimiter: table.delimiter, s, headerEnd: table.end))
        }
    }

    /// The column `pos` is in and its header field, when `pos` is in a row below the
    /// header (that row starting no more than `4 * TableHeader.maxHeaderBytes` before it):
    /// the delimiters outside quotes from the row's start to `pos`.
    mutating func field(_ s: UnsafeBufferPointer<UInt8>, at pos: Int) -> (column: Int, field: Range<Int>)? {
        guard let header, pos > header.end else { return nil }
        // Back to the start of the row (no further than TableHeader looks), or to the last
        // position when it is in the same row.
        let floor = max(header.end + 1, pos - TableHeader.maxHeaderBytes * 4)
        let known = rowStart >= 0 && at <= pos ? at : -1
        var start = pos
        while start > floor, start > known, s[start - 1] != 0x0A { start -= 1 }
        if start != known {
            guard start == header.end + 1 || s[start - 1] == 0x0A else {
                rowStart = -1
                return nil
            }
            rowStart = start
            at = start
            column = 0
            quoted = false
        }
        guard rowStart >= floor else { return nil }
        // Forward to the position: the delimiters outside quotes.
        let quote = UInt8(ascii: "\""), delimiter = header.delimiter
        while at < pos {
            let c = s[at]
            at += 1
            if c == quote {
                quoted.toggle()
            } else if c == delimiter && !quoted {
                column += 1
            }
        }
        return column < fields.count ? (column, fields[column]) : nil
    }
}

/// Whether a detector's keywords (or negative keywords) occur in a column's header field,
/// remembered for the rest of the scan: in a table, every value of a column asks the same.
/// A small direct-mapped cache, so that it never allocates; a collision only costs a
/// keyword search.
struct HeaderKeywordCache {
    private struct Entry {
        var generation: UInt32 = 0
        var key = -1
        var keyword: String?
    }

    private static let size = 1024
    private var entries = [Entry](repeating: Entry(), count: HeaderKeywordCache.size)
    private var generation: UInt32 = 1

    /// Forgets every entry (a new scan).
    mutating func reset() {
        generation &+= 1
        if generation == 0 {
            generation = 1
            for i in entries.indices { entries[i].generation = 0 }
        }
    }

    /// The keyword `search` finds in the header field of `column` for detector `detector`
    /// (`negative`: among its negative keywords), from the cache or from `search`.
    mutating func keyword(
        column: Int, detector: Int, negative: Bool, _ search: () -> String?
    ) -> String? {
        let key = (column << 21 | detector) << 1 | (negative ? 1 : 0)
        let slot = (key &* 0x9E37_79B9) >> 7 & (HeaderKeywordCache.size - 1)
        if entries[slot].generation == generation, entries[slot].key == key { return entries[slot].keyword }
        let found = search()
        entries[slot] = Entry(generation: generation, key: key, keyword: found)
        return found
    }
}
