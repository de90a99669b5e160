// SPDX-License-Identifier: Apache-2.0
// A sort that allocates nothing. The standard library's sort is stable and takes a
// temporary buffer of half the elements from the heap once there are more than a few; a
// scan sorts its candidates every time, and must not allocate in steady state.

extension UnsafeMutableBufferPointer {
    /// Sorts the elements in place by `less` (introsort: quicksort with a median of three,
    /// heapsort past a depth of 2 log2(n), insertion sort for short ranges). Not stable: the
    /// callers sort by a key that orders every pair of distinct elements.
    /// `maxDepth` bounds the quicksort levels before heapsort takes over (tests set it to 0).
    func sortInPlace(maxDepth: Int? = nil, by less: (Element, Element) -> Bool) {
        guard count > 1 else { return }
        introsort(0, count - 1, depth: maxDepth ?? 2 * (Int.bitWidth - count.leadingZeroBitCount), less)
    }

    private func introsort(_ low: Int, _ high: Int, depth: Int, _ less: (Element, Element) -> Bool) {
        var lo = low, hi = high, depth = depth
        while hi - lo > 16 {
            if depth == 0 {
                heapsort(lo, hi, less)
                return
            }
            depth -= 1
            // After these swaps self[lo] <= self[mid] <= self[hi]: both scans below stop
            // inside the range.
            let mid = lo + (hi - lo) / 2
            if less(self[mid], self[lo]) { swapAt(mid, lo) }
            if less(self[hi], self[lo]) { swapAt(hi, lo) }
            if less(self[hi], self[mid]) { swapAt(hi, mid) }
            let pivot = self[mid]
            var i = lo, j = hi
            while i <= j {
                while less(self[i], pivot) { i += 1 }
                while less(pivot, self[j]) { j -= 1 }
                if i <= j {
                    swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            // Recurse into the shorter side, loop on the longer: the stack stays O(log n).
            if j - lo < hi - i {
                introsort(lo, j, depth: depth, less)
                lo = i
            } else {
                introsort(i, hi, depth: depth, less)
                hi = j
            }
        }
        var k = lo + 1
        while k <= hi {
            let x = self[k]
            var m = k - 1
            while m >= lo, less(x, self[m]) {
                self[m + 1] = self[m]
                m -= 1
            }
            self[m + 1] = x
            k += 1
        }
    }

    private func heapsort(_ lo: Int, _ hi: Int, _ less: (Element, Element) -> Bool) {
        let n = hi - lo + 1
        func siftDown(_ start: Int, _ end: Int) {
            var root = start
            while 2 * root + 1 < end {
                var child = 2 * root + 1
                if child + 1 < end, less(self[lo + child], self[lo + child + 1]) { child += 1 }
                guard less(self[lo + root], self[lo + child]) else { return }
                swapAt(lo + root, lo + child)
                root = child
            }
        }
        var s = n / 2 - 1
        while s >= 0 {
            siftDown(s, n)
            s -= 1
        }
        var end = n - 1
        while end > 0 {
            swapAt(lo, lo + end)
            siftDown(0, end)
            end -= 1
        }
    }
}
