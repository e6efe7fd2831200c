/// The explorers and inspectors of steps the student has left during this run of the player,
/// kept by lesson and step, so that coming back to a step (n then p, the lesson list and back,
/// a dashboard and back) finds its widget as it was: the same settings, the same sweep, the same
/// edited network. Nothing here is written to disk; edits leave the program only through the
/// inspector's own `w`, which is why quitting asks first when there are unwritten edits.
struct LessonLiveShelf {
    struct Place: Hashable {
        var lessonID: String
        /// 0-based.
        var step: Int
    }

    private var widgets: [Place: LessonLiveWidget] = [:]

    /// Puts away the widget of the step being left, back in its pane and without focus.
    mutating func park(_ widget: LessonLiveWidget, at place: Place) {
        var widget = widget
        widget.zoomed = false
        widgets[place] = widget
    }

    /// The widget left at `place`, taken off the shelf (it becomes the live one again).
    mutating func take(at place: Place) -> LessonLiveWidget? {
        widgets.removeValue(forKey: place)
    }

    /// Places whose inspector holds edits not written to a file, in lesson and step order.
    var unwritten: [Place] {
        widgets.filter { $0.value.hasUnwrittenEdits }.keys.sorted { ($0.lessonID, $0.step) < ($1.lessonID, $1.step) }
    }
}
