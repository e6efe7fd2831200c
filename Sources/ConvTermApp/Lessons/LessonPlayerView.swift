import Lessons
import TerminalKit

/// Draws the home screen and the lesson screen. Wide terminals put the widget beside the text;
/// narrow ones put it below.
extension LessonPlayerState {
    public static let minimumSize = Size(width: 60, height: 16)

    public func render(into grid: inout CellGrid) {
        grid.fill(grid.bounds)
        if TooSmallScreen.isTooSmall(grid, required: LessonPlayerState.minimumSize) {
            TooSmallScreen(required: LessonPlayerState.minimumSize, actual: Size(width: grid.width, height: grid.height)).render(into: &grid, area: grid.bounds)
            return
        }
        let body = Rect(x: 0, y: 1, width: grid.width, height: grid.height - 3)
        if screen == .lesson, focus == .widget, let live {
            // A pane too small for the widget would hide what the keys do (a line being typed
            // into the inspector, say): with focus, the widget takes the whole screen.
            let paneFits = lessonAreas(body).widget.map { live.fits(in: Box.inner($0)) } ?? false
            if live.zoomed || !paneFits {
                renderZoomed(live, into: &grid, paneFits: paneFits)
                return
            }
        }
        switch screen {
        case .home: renderHome(into: &grid, area: body)
        case .lesson: renderLesson(into: &grid, area: body)
        }
        if let message {
            grid.write(TextLayout.clip(message, width: grid.width, ellipsis: grid.glyphs.ellipsis), x: 0, y: grid.height - 2, style: Style(foreground: .yellow))
        }
        // `? help  q quit` stay at the end however narrow the terminal (they are the way out).
        KeyFooter(footer, keepingLast: 2).render(into: &grid, area: Rect(x: 0, y: grid.height - 1, width: grid.width, height: 1))
        if showHelp {
            HelpOverlay(title: present ? "Lesson keys (projector mode)" : "Lesson keys", bindings: helpBindings).render(into: &grid, area: grid.bounds)
        }
    }

    /// "[####>-----] 3/12": lessons done out of all.
    var progressBar: String {
        let total = max(1, library.entries.count)
        let done = library.entries.filter { progress.done.contains($0.id) }.count
        let width = 12
        let filled = done * width / total
        return "[" + String(repeating: "#", count: filled) + (filled < width ? ">" + String(repeating: "-", count: width - filled - 1) : "") + "] \(done)/\(library.entries.count)"
    }

    func renderHome(into grid: inout CellGrid, area: Rect) {
        StatusLine(left: " ConvTerm: convolutional networks, one lesson at a time", right: present ? "" : "Progress: \(progressBar) ").render(into: &grid, area: Rect(x: 0, y: 0, width: grid.width, height: 1))
        var y = area.y + 1
        let entries = homeEntries
        let visible = area.height - 2
        let first = max(0, min(homeSelection - visible + 1, entries.count - visible))
        for (i, e) in entries.enumerated().dropFirst(first).prefix(visible) {
            var line: String
            switch e {
            case .lesson(let n):
                let entry = library.entries[n]
                let mark: String
                switch progress.mark(entry.id) {
                case .done: mark = "[x]"
                case .current: mark = "[>]"
                case .started: mark = "[~]"
                case .notStarted: mark = "[ ]"
                }
                let title = entry.lesson.title.isEmpty ? entry.id : entry.lesson.title
                line = " \(mark) \(title)"
                if !entry.errors.isEmpty { line += "  (has problems: convterm lessons check)" }
                // On a projector, no progress counters (the header's progress bar is hidden too).
                else if !present, let s = progress.steps[entry.id], !progress.done.contains(entry.id) {
                    line += "  step \(s)/\(entry.lesson.steps.count)"
                    // Skipped quizzes keep a lesson from being done; say so where the student looks.
                    let open = LessonPlayerState.stillOpen(progress, entry.id)
                    if !open.isEmpty { line += ", " + open }
                }
            case .train: line = "     Train    the live training dashboard on the built-in data set"
            case .inspect: line = "     Inspect  every layer's shape, memory and parameters (VGG-16)"
            case .explore: line = "     Explore  a convolution, step by step"
            }
            if case .train = e { y += 1 }
            let style: Style = i == homeSelection ? .reverse : .plain
            grid.fill(Rect(x: area.x, y: y, width: area.width, height: 1), with: Cell(" ", style: style))
            grid.write(TextLayout.clip(line, width: area.width, ellipsis: grid.glyphs.ellipsis), x: area.x, y: y, style: style, clip: area)
            y += 1
        }
    }

    func renderLesson(into grid: inout CellGrid, area: Rect) {
        let right = present ? "" : "step \(stepIndex + 1)/\(lesson.steps.count) "
        StatusLine(left: " " + lesson.title, right: right).render(into: &grid, area: Rect(x: 0, y: 0, width: grid.width, height: 1))
        let (textArea, widgetArea) = lessonAreas(area)
        let inner = textArea.inset(top: 1, left: 1, bottom: 0, right: 1)
        var promptHeight = 0
        if answer != nil { promptHeight = 2 }
        let pane = TextPane(stepText)
        let textHeight = max(1, inner.height - promptHeight)
        let lines = pane.lineCount(width: inner.width)
        // When the text does not fit, its last row is the "more below" line: never over text.
        let overflows = lines > textHeight && textHeight > 1
        let shown = overflows ? textHeight - 1 : textHeight
        let scroll = min(textScroll, max(0, lines - shown))
        TextPane(stepText, scroll: scroll).render(into: &grid, area: Rect(x: inner.x, y: inner.y, width: inner.width, height: shown))
        if overflows {
            let more = scroll + shown < lines ? "more below: j (k goes back)" : "end of the step: k scrolls back"
            grid.write(TextLayout.clip(more, width: inner.width, ellipsis: grid.glyphs.ellipsis), x: inner.x, y: inner.y + shown, style: .dim, clip: inner)
        }
        if let answer {
            let y = inner.y + textHeight
            grid.write("answer> " + answer + "_", x: inner.x, y: y + 1, style: .bold, clip: inner)
        }
        if let w = step.widget, let wa = widgetArea {
            let focused = focus == .widget
            // Which side the keys go to: a bold cyan frame and a title saying so around the widget.
            var title = LessonWidgetPanel.title(w)
            if live != nil { title += focused ? "  [keys go here: tab/esc back]" : "  [tab: use it]" }
            Box(title: title, borderStyle: focused ? LessonPlayerState.focusStyle : .plain).render(into: &grid, area: wa)
            if let live {
                live.renderInPane(into: &grid, area: Box.inner(wa))
                redactAnswers(live, into: &grid, area: Box.inner(wa))
                return
            }
            let box = Box.inner(wa).inset(left: 1, right: 1)
            let tableArea = Rect(x: box.x, y: box.y, width: box.width, height: max(0, box.height - 1))
            let visible = max(1, tableArea.height - 1)
            let scroll = Table.scrollOffset(keeping: widgetSelection, visibleRows: visible, current: max(0, widgetSelection - visible + 1))
            // Cells the lesson marks with --hide would answer the quiz: hidden while it is open.
            let hidden = quizOpen ? LessonWidgetPanel.hidden(w) : []
            LessonWidgetPanel.table(w, library: lesson.library, selected: focused ? widgetSelection : nil, scroll: scroll, hiding: hidden).render(into: &grid, area: tableArea)
            grid.write(TextLayout.clip(LessonWidgetPanel.hint(w), width: box.width, ellipsis: grid.glyphs.ellipsis), x: box.x, y: box.maxY - 1, style: .dim, clip: box)
        }
    }

    /// The step's text and its widget pane: side by side when wide, the pane below when narrow.
    func lessonAreas(_ area: Rect) -> (text: Rect, widget: Rect?) {
        guard step.widget != nil else { return (area, nil) }
        if area.width >= 100 {
            // A live explorer or inspector needs columns more than the step's short text does;
            // a table as much as its longest layer name and its number columns take (up to 3/5).
            var textWidth = live != nil ? area.width * 2 / 5 : area.width * 11 / 20
            if live == nil, let w = step.widget {
                let needed = LessonWidgetPanel.preferredWidth(w, library: lesson.library)
                textWidth = min(textWidth, max(area.width * 2 / 5, area.width - 1 - needed))
            }
            return (Rect(x: area.x, y: area.y, width: textWidth, height: area.height),
                    Rect(x: area.x + textWidth + 1, y: area.y, width: area.width - textWidth - 1, height: area.height))
        }
        var widgetHeight = max(6, area.height * (live != nil ? 3 : 2) / 5)
        // A short table gives the text the rows it does not need: its rows, header, hint, frame.
        if live == nil, let w = step.widget {
            widgetHeight = min(widgetHeight, max(6, LessonWidgetPanel.rowCount(w, library: lesson.library) + 4))
        }
        return (Rect(x: area.x, y: area.y, width: area.width, height: area.height - widgetHeight),
                Rect(x: area.x, y: area.maxY - widgetHeight, width: area.width, height: widgetHeight))
    }

    static let focusStyle = Style(foreground: .cyan, attributes: .bold)

    /// Whether the step's quiz still waits for an answer (what `--hide` hides until).
    var quizOpen: Bool { step.quiz != nil && !quizView.answeredRight && !quizView.revealed }

    /// The values the lesson marks with `--hide` on a live widget read `?` while the quiz is open.
    func redactAnswers(_ live: LessonLiveWidget, into grid: inout CellGrid, area: Rect) {
        guard quizOpen, let w = step.widget else { return }
        LessonPaneRedaction.redact(LessonPaneRedaction.needles(live, directive: w), in: &grid, area: area)
    }

    /// The explorer or inspector over the whole screen, with one line of the player's keys under it.
    /// When the pane cannot hold it (`paneFits` false), o has nowhere to go back to, so it is not offered.
    func renderZoomed(_ live: LessonLiveWidget, into grid: inout CellGrid, paneFits: Bool = true) {
        // The pane's minimum, not the full-screen one: full screen is the way out at 80x24.
        live.render(into: &grid, area: Rect(x: 0, y: 0, width: grid.width, height: grid.height - 1), minimum: live.minimum)
        redactAnswers(live, into: &grid, area: Rect(x: 0, y: 0, width: grid.width, height: grid.height - 1))
        let footerArea = Rect(x: 0, y: grid.height - 1, width: grid.width, height: 1)
        let keys = paneFits ? footer : footer.filter { $0.key != "o" }
        KeyFooter(keys, keyStyle: LessonPlayerState.focusStyle.adding(.reverse)).render(into: &grid, area: footerArea)
    }
}
