// SPDX-License-Identifier: Apache-2.0
// Lifecycle rules (`"lifecycle"`) and overlay instructions (`"layer"`): their model and how
// the loader reads them (docs/rule-packs.md, "Lifecycle" and "Layering").

/// A span of time added to a calendar day: years, then months, then days.
public struct AgeSpan: Sendable, Equatable, CustomStringConvertible {
    public var years: Int
    public var months: Int
    public var days: Int

    public init(years: Int = 0, months: Int = 0, days: Int = 0) {
        self.years = years
        self.months = months
        self.days = days
    }

    /// `date` plus this span. A day that the target month does not have (31 April,
    /// 29 February in a common year) becomes that month's last day.
    public func added(to date: CivilDate) -> CivilDate {
        let (y, m, d) = date.components
        let total = y * 12 + (m - 1) + years * 12 + months
        let year = total / 12
        let month = total % 12 + 1
        var day = d
        while day > 28 && !CivilDate.isValid(year: year, month: month, day: day) { day -= 1 }
        return CivilDate(daysSinceEpoch: CivilDate(year: year, month: month, day: day).daysSinceEpoch + days)
    }

    /// "7 years", "1 year 6 months", "30 days".
    public var description: String {
        var parts: [String] = []
        func add(_ n: Int, _ unit: String) { if n != 0 { parts.append("\(n) \(unit)\(n == 1 ? "" : "s")") } }
        add(years, "year")
        add(months, "month")
        add(days, "day")
        return parts.isEmpty ? "0 days" : parts.joined(separator: " ")
    }
}

/// A rule on the data's age or on the date that raises or lowers the decided level of a
/// whole result, applied after the policies (docs/rule-packs.md, "Lifecycle").
public struct LifecycleRule: Sendable {
    public var id: String
    public var description: String
    /// Scope: the rule applies to a result with a finding of one of these detectors, types
    /// or categories. All empty: it applies to every result, with or without findings.
    public var detectors: Set<String>
    public var types: Set<String>
    public var categories: Set<Category>
    /// Conditions (all must hold): the data is at least this old on the decision's date...
    public var olderThan: AgeSpan?
    /// ... younger than this ...
    public var youngerThan: AgeSpan?
    /// ... and the decision's date is in [effectiveFrom, effectiveUntil).
    public var effectiveFrom: CivilDate?
    public var effectiveUntil: CivilDate?
    /// Effects: a floor on the level (rank), a ceiling on it, and whether to ask for review.
    public var raiseTo: Int?
    public var lowerTo: Int?
    public var review: Bool
    /// The rule's index in its pack's `lifecycle` array (for JSON pointers).
    public var index: Int

    /// Whether the rule names a scope (else it applies to every result).
    public var isScoped: Bool { !detectors.isEmpty || !types.isEmpty || !categories.isEmpty }

    /// Whether a finding of detector `d` brings the result into the rule's scope.
    public func applies(to d: DetectorSpec) -> Bool {
        detectors.contains(d.id) || types.contains(d.type) || categories.contains(d.category)
    }

    /// Whether the rule's conditions need the data's creation date.
    public var needsAge: Bool { olderThan != nil || youngerThan != nil }

    /// Whether the conditions hold on `day` for data created on `created` (nil: unknown,
    /// and then a rule on age does not hold).
    public func holds(on day: CivilDate, created: CivilDate?) -> Bool {
        if let effectiveFrom, day < effectiveFrom { return false }
        if let effectiveUntil, day >= effectiveUntil { return false }
        if needsAge {
            guard let created else { return false }
            if let olderThan, day < olderThan.added(to: created) { return false }
            if let youngerThan, day >= youngerThan.added(to: created) { return false }
        }
        return true
    }
}

extension PackDecoder {
    /// `"layer"`: disable, override (ids this pack defines) and end_policies.
    func decodeLayer(_ value: JSONValue?, detectors: [String: Int]) throws(ClassifyError) -> RulePack.Layer? {
        guard let value else { return nil }
        var r = try PackReader(value, at: "/layer", what: "\"layer\"", fail: self.fail)
        var layer = RulePack.Layer()
        layer.disable = try r.strings("disable", max: Limits.detectors, limitName: "CLASSIFY_LIMIT_DETECTORS", maxBytes: 64) ?? []
        layer.override = try r.strings("override", max: Limits.detectors, limitName: "CLASSIFY_LIMIT_DETECTORS", maxBytes: 64) ?? []
        for (i, d) in layer.disable.enumerated() where layer.disable.firstIndex(of: d) != i {
            throw fail("detector \"\(d)\" is listed twice", "/layer/disable/\(i)")
        }
        for (i, d) in layer.override.enumerated() {
            if layer.override.firstIndex(of: d) != i { throw fail("detector \"\(d)\" is listed twice", "/layer/override/\(i)") }
            guard detectors[d] != nil else {
                throw fail(
                    "\"override\" names detector \"\(d)\", which this pack does not define (the replacement goes in \"detectors\")",
                    "/layer/override/\(i)")
            }
            if layer.disable.contains(d) {
                throw fail("detector \"\(d)\" is both disabled and overridden", "/layer/override/\(i)")
            }
        }
        let ends = try r.array("end_policies", max: Limits.policies, limitName: "CLASSIFY_LIMIT_POLICIES") ?? []
        for (i, v) in ends.enumerated() {
            let p = "/layer/end_policies/\(i)"
            var er = try PackReader(v, at: p, what: "an entry of \"end_policies\"", fail: self.fail)
            let id = try er.string("id", required: true, maxBytes: 128)!
            let text = try er.string("effective_until", required: true, maxBytes: 32)!
            guard let until = CivilDate(iso: text) else {
                throw fail("\"effective_until\" must be a date written YYYY-MM-DD, not \"\(text)\"", p + "/effective_until")
            }
            if layer.endPolicies.contains(where: { $0.id == id }) { throw fail("policy \"\(id)\" is ended twice", p + "/id") }
            try er.finish()
            layer.endPolicies.append(.init(id: id, effectiveUntil: until))
        }
        try r.finish()
        return layer
    }

    /// `"lifecycle"`: an array of rules. Detector names are checked here for a plain pack
    /// and when layered for an overlay.
    func decodeLifecycle(_ values: [JSONValue], levels: [String], detectors: [String: Int], overlay: Bool)
        throws(ClassifyError) -> [LifecycleRule]
    {
        var rules: [LifecycleRule] = []
        for (index, v) in values.enumerated() {
            let p = "/lifecycle/\(index)"
            var r = try PackReader(v, at: p, what: "a lifecycle rule", fail: self.fail)
            let id = try r.string("id", required: true, maxBytes: 128)!
            if rules.contains(where: { $0.id == id }) { throw fail("lifecycle rule id \"\(id)\" is used twice", p + "/id") }
            let description = try r.string("description") ?? ""
            let ds = try r.strings("detectors", max: Limits.detectors, limitName: "CLASSIFY_LIMIT_DETECTORS") ?? []
            if !overlay {
                for (i, d) in ds.enumerated() where detectors[d] == nil {
                    throw fail("lifecycle rule names detector \"\(d)\", which the pack does not have", p + "/detectors/\(i)")
                }
            }
            let types = try r.strings("types", max: Limits.detectors, limitName: "CLASSIFY_LIMIT_DETECTORS") ?? []
            var categories: Set<Category> = []
            for (i, c) in (try r.strings("categories", max: 8, limitName: "8 categories") ?? []).enumerated() {
                guard let cat = Category(rawValue: c) else { throw fail("unknown category \"\(c)\"", p + "/categories/\(i)") }
                categories.insert(cat)
            }
            let older = try span(r.value("older_than"), at: p + "/older_than")
            let younger = try span(r.value("younger_than"), at: p + "/younger_than")
            func date(_ key: String) throws(ClassifyError) -> CivilDate? {
                guard let text = try r.string(key, maxBytes: 32) else { return nil }
                guard let d = CivilDate(iso: text) else {
                    throw fail("\"\(key)\" must be a date written YYYY-MM-DD, not \"\(text)\"", p + "/" + key)
                }
                return d
            }
            let from = try date("effective_from")
            let until = try date("effective_until")
            if let from, let until, until <= from {
                throw fail("\"effective_until\" (\(until)) must be after \"effective_from\" (\(from))", p + "/effective_until")
            }
            func level(_ key: String) throws(ClassifyError) -> Int? {
                guard let name = try r.string(key, maxBytes: 64) else { return nil }
                guard let rank = levels.firstIndex(of: name) else {
                    throw fail("unknown level \"\(name)\"; the pack's levels are \(levels.joined(separator: ", "))", p + "/" + key)
                }
                return rank
            }
            let raise = try level("raise_to")
            let lower = try level("lower_to")
            let review = try r.bool("review") ?? false
            guard older != nil || younger != nil || from != nil || until != nil else {
                throw fail(
                    "a lifecycle rule needs a condition: \"older_than\", \"younger_than\", \"effective_from\" or \"effective_until\"",
                    p)
            }
            guard raise != nil || lower != nil || review else {
                throw fail("a lifecycle rule needs an effect: \"raise_to\", \"lower_to\" or \"review\": true", p)
            }
            if raise != nil && lower != nil {
                throw fail("a lifecycle rule either raises or lowers the level, not both (write two rules)", p + "/lower_to")
            }
            if let older, let younger, older.added(to: CivilDate(daysSinceEpoch: 0)) >= younger.added(to: CivilDate(daysSinceEpoch: 0)) {
                throw fail("\"younger_than\" (\(younger)) must be longer than \"older_than\" (\(older))", p + "/younger_than")
            }
            try r.finish()
            rules.append(
                LifecycleRule(
                    id: id, description: description, detectors: Set(ds), types: Set(types), categories: categories,
                    olderThan: older, youngerThan: younger, effectiveFrom: from, effectiveUntil: until, raiseTo: raise,
                    lowerTo: lower, review: review, index: index))
        }
        return rules
    }

    /// `{"years": 7}`, `{"months": 18}`, `{"days": 30}` or a combination; not all zero.
    private func span(_ value: JSONValue?, at pointer: String) throws(ClassifyError) -> AgeSpan? {
        guard let value else { return nil }
        var r = try PackReader(value, at: pointer, what: "an age", fail: self.fail)
        let years = try r.integer("years", in: 0...1000) ?? 0
        let months = try r.integer("months", in: 0...12000) ?? 0
        let days = try r.integer("days", in: 0...366_000) ?? 0
        try r.finish()
        guard years + months + days > 0 else {
            throw fail("an age needs \"years\", \"months\" or \"days\" greater than 0", pointer)
        }
        return AgeSpan(years: years, months: months, days: days)
    }
}
