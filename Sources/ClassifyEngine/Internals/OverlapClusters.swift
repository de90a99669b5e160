// SPDX-License-Identifier: Apache-2.0
// Overlapping findings are resolved (Scanner) and redacted (Redactor) cluster by cluster:
// runs of spans, sorted by start, each overlapping the union of those before it.

/// Calls `body(i, j)` for each cluster `i ..< j` of transitively overlapping spans of a list
/// sorted by start, where span k is `start(k) ..< end(k)` and the list has `count` spans.
@inline(__always)
func forEachOverlapCluster(
    count: Int, start: (Int) -> Int, end: (Int) -> Int, _ body: (_ i: Int, _ j: Int) -> Void
) {
    var i = 0
    while i < count {
        var j = i + 1
        var clusterEnd = end(i)
        while j < count, start(j) < clusterEnd {
            clusterEnd = max(clusterEnd, end(j))
            j += 1
        }
        body(i, j)
        i = j
    }
}
