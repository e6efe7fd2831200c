import TerminalKit

/// The dashboard's keys, in the order the footer shows them: help and quit first so a narrow
/// footer never drops them (users of btop and rustlings reported not finding the keys).
public enum DashboardKeys {
    public static let footer: [KeyBinding] = [
        KeyBinding("?", "help"), KeyBinding("q", "quit"), KeyBinding("space", "pause"), KeyBinding("n", "step"),
        KeyBinding("[ ]", "lr"), KeyBinding("j/k", "layer"), KeyBinding("tab", "view"), KeyBinding("z", "zoom"),
        KeyBinding("t", "test"), KeyBinding("s", "save"), KeyBinding("r", "reset"), KeyBinding("o", "optimizer"),
        KeyBinding("b", "batch"), KeyBinding("+/-", "speed"), KeyBinding(".", "one example"),
    ]

    /// The viewer's (`DashboardViewing`): nothing trains, so only looking.
    public static let viewerFooter: [KeyBinding] = [
        KeyBinding("?", "help"), KeyBinding("q", "quit"), KeyBinding("n/N", "next/previous image"),
        KeyBinding("j/k", "layer"), KeyBinding("tab", "view"), KeyBinding("z", "zoom"), KeyBinding("p", "pictures"),
    ]

    public static let viewerHelp: [KeyBinding] = [
        KeyBinding("n / N", "next / previous image, run through the net"),
        KeyBinding("up/down j/k", "select a layer"),
        KeyBinding("tab", "activations, weights (no gradients: nothing trains)"),
        KeyBinding("z", "zoom: the layer view fills the screen"),
        KeyBinding("p", "PNG pictures of the layer (filters, activations) for slides"),
        KeyBinding("q", "quit"),
        KeyBinding("?", "this help"),
    ]

    public static let help: [KeyBinding] = [
        KeyBinding("space", "pause / resume training"),
        KeyBinding("n", "run one batch, then pause"),
        KeyBinding(".", "run one example, then pause"),
        KeyBinding("+ / -", "faster / slower (batches per frame)"),
        KeyBinding("[ / ]", "halve / double the learning rate (keeps training)"),
        KeyBinding("b / B", "larger / smaller batch size"),
        KeyBinding("o", "next optimizer (keeps the weights)"),
        KeyBinding("up/down j/k", "select a layer"),
        KeyBinding("tab", "activations, gradients, weights, weight gradients"),
        KeyBinding("z", "zoom: the layer view fills the screen"),
        KeyBinding("t", "evaluate the whole test set now"),
        KeyBinding("s", "save a checkpoint"),
        KeyBinding("p", "PNG pictures of the layer (filters, activations) for slides"),
        KeyBinding("r", "reset to the initial weights, same seed (asks)"),
        KeyBinding("R", "reset with a new seed (asks)"),
        KeyBinding("q", "quit (asks if progress is unsaved)"),
        KeyBinding("?", "this help"),
    ]
}
