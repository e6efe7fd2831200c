extension Int {
    /// Training counters (steps, examples seen, Adam's t) stop at the ends of Int instead of
    /// trapping: a checkpoint can carry any count, and a counter pinned at Int.max is a wrong
    /// number in a report, where an overflow would be a crashed run.
    func saturatingAdd(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }

    /// self * other pinned at the ends of Int: memory estimates of absurd networks must be refused,
    /// never wrap around to a small number.
    func saturatingTimes(_ other: Int) -> Int {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? ((self < 0) != (other < 0) ? .min : .max) : product
    }
}
