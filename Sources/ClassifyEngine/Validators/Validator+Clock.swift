// SPDX-License-Identifier: Apache-2.0
// The current year, for the validators whose numbers carry a full birth date: a birth year
// after the current one is never issued. Read once per process from the C clock (no
// Foundation); a process running across New Year accepts at most one year too many.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension Validator {
    /// The earliest year the current year can be: a floor for a clock that fails or lies.
    static let minimumCurrentYear = 2026

    /// The current UTC year (proleptic Gregorian), at least `minimumCurrentYear`.
    static let currentYear: Int = {
        let seconds = Int(time(nil))
        return Swift.max(minimumCurrentYear, civilYear(daysSinceEpoch: seconds / 86_400))
    }()

    /// The Gregorian year of a day counted from 1970-01-01 (H. Hinnant's civil_from_days).
    static func civilYear(daysSinceEpoch days: Int) -> Int {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let month = mp < 10 ? mp + 3 : mp - 9
        return yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// A real date that is not in a later year than the current one.
    static func isPastDate(year: Int, month: Int, day: Int) -> Bool {
        year <= currentYear && isValidDate(year: year, month: month, day: day)
    }
}
