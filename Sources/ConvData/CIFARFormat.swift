/// The two official CIFAR binary layouts and the facts a reader needs about each.
///
/// Both store one record per image: label byte(s), then 1,024 red, 1,024 green and 1,024 blue
/// bytes, each plane 32x32 row-major. CIFAR-10 has one label byte; CIFAR-100 has a coarse
/// (20 superclasses) then a fine (100 classes) label byte.
public enum CIFARFormat: String, Sendable, Hashable, CaseIterable {
    case cifar10
    case cifar100

    public static let channels = 3
    public static let height = 32
    public static let width = 32
    public static let pixelBytes = channels * height * width

    public var labelBytes: Int { self == .cifar10 ? 1 : 2 }
    public var recordSize: Int { labelBytes + Self.pixelBytes }

    public var displayName: String { self == .cifar10 ? "CIFAR-10" : "CIFAR-100" }
    /// The word used on the command line (`--data cifar10`, `convterm fetch cifar10`).
    public var argument: String { rawValue }
    public var fetchCommand: String { "convterm fetch \(rawValue)" }
    var fileHint: String {
        self == .cifar10 ? "data_batch_1.bin … test_batch.bin" : "train.bin and test.bin"
    }

    /// Class names of the official `batches.meta.txt`, used when a directory lacks it.
    public static let cifar10ClassNames = [
        "airplane", "automobile", "bird", "cat", "deer",
        "dog", "frog", "horse", "ship", "truck",
    ]

    /// The official `fine_label_names.txt` (100 classes, alphabetical).
    public static let cifar100FineClassNames = [
        "apple", "aquarium_fish", "baby", "bear", "beaver", "bed", "bee", "beetle", "bicycle", "bottle",
        "bowl", "boy", "bridge", "bus", "butterfly", "camel", "can", "castle", "caterpillar", "cattle",
        "chair", "chimpanzee", "clock", "cloud", "cockroach", "couch", "crab", "crocodile", "cup", "dinosaur",
        "dolphin", "elephant", "flatfish", "forest", "fox", "girl", "hamster", "house", "kangaroo", "keyboard",
        "lamp", "lawn_mower", "leopard", "lion", "lizard", "lobster", "man", "maple_tree", "motorcycle", "mountain",
        "mouse", "mushroom", "oak_tree", "orange", "orchid", "otter", "palm_tree", "pear", "pickup_truck", "pine_tree",
        "plain", "plate", "poppy", "porcupine", "possum", "rabbit", "raccoon", "ray", "road", "rocket",
        "rose", "sea", "seal", "shark", "shrew", "skunk", "skyscraper", "snail", "snake", "spider",
        "squirrel", "streetcar", "sunflower", "sweet_pepper", "table", "tank", "telephone", "television", "tiger", "tractor",
        "train", "trout", "tulip", "turtle", "wardrobe", "whale", "willow_tree", "wolf", "woman", "worm",
    ]

    /// The official `coarse_label_names.txt` (20 superclasses).
    public static let cifar100CoarseClassNames = [
        "aquatic_mammals", "fish", "flowers", "food_containers", "fruit_and_vegetables",
        "household_electrical_devices", "household_furniture", "insects", "large_carnivores",
        "large_man-made_outdoor_things", "large_natural_outdoor_scenes", "large_omnivores_and_herbivores",
        "medium_mammals", "non-insect_invertebrates", "people", "reptiles", "small_mammals", "trees",
        "vehicles_1", "vehicles_2",
    ]
}

/// Which of a CIFAR-100 record's two label bytes becomes the image's label.
public enum CIFAR100Labels: String, Sendable, Hashable {
    /// 100 classes (the second label byte).
    case fine
    /// 20 superclasses (the first label byte).
    case coarse

    var byteIndex: Int { self == .coarse ? 0 : 1 }
    var classCount: Int { self == .coarse ? 20 : 100 }
    var namesFile: String { self == .coarse ? "coarse_label_names.txt" : "fine_label_names.txt" }
    var standardNames: [String] {
        self == .coarse ? CIFARFormat.cifar100CoarseClassNames : CIFARFormat.cifar100FineClassNames
    }
}
