import Foundation

/// Turns the `--data` argument into images: `synthetic`, `cifar10`, `cifar100` (looked up in
/// the cache where `convterm fetch` puts them), a directory of CIFAR files, or one `.bin` file.
///
/// The names win over paths: a directory called `cifar10` is passed as `./cifar10`.
/// The cache is `$XDG_CACHE_HOME/convterm`, else `~/.cache/convterm`.
public struct DataLocator: Sendable {
    public enum Source: Sendable, Hashable {
        case synthetic
        case cifar10(directory: URL)
        case cifar100(directory: URL)
        case directory(URL)
        case file(URL)
    }

    /// Loaded images ready to train on.
    public struct Loaded: Sendable {
        /// For titles: "synthetic", "CIFAR-10", or the path.
        public var name: String
        public var train: ImageSet
        public var test: ImageSet?
        public var classNames: [String]
        /// Show these to the user: loading went on despite them.
        public var warnings: [String]
        /// What `train` holds, for messages: "training", or "test" when only a test file was given.
        public var trainRole = "training"
    }

    public var cacheDirectory: URL

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                homeDirectory: URL = FileManager.default.homeDirectoryForCurrentUser) {
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            // The XDG spec says relative paths are invalid and must be ignored.
            cacheDirectory = URL(fileURLWithPath: xdg, isDirectory: true).appendingPathComponent("convterm", isDirectory: true)
        } else {
            cacheDirectory = homeDirectory.appendingPathComponent(".cache/convterm", isDirectory: true)
        }
    }

    public init(cacheDirectory: URL) {
        self.cacheDirectory = cacheDirectory
    }

    /// Where `convterm fetch` unpacks a data set.
    public func directory(for archive: CIFARArchive) -> URL {
        cacheDirectory.appendingPathComponent(archive.directoryName, isDirectory: true)
    }

    public func resolve(_ argument: String) throws -> Source {
        switch argument.lowercased() {
        case "synthetic": return .synthetic
        case "cifar10", "cifar-10": return .cifar10(directory: try downloaded(.cifar10))
        case "cifar100", "cifar-100": return .cifar100(directory: try downloaded(.cifar100))
        default: break
        }
        let expanded = argument.hasPrefix("~/")
            ? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(String(argument.dropFirst(2))).path
            : argument
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: expanded, isDirectory: &isDirectory) else {
            throw DataError.unknownDataArgument(argument)
        }
        let url = URL(fileURLWithPath: expanded, isDirectory: isDirectory.boolValue)
        return isDirectory.boolValue ? .directory(url) : .file(url)
    }

    /// Loads a source. `seed` and the counts matter only for the synthetic set.
    public func load(_ source: Source, seed: UInt64 = 1,
                     syntheticTrainCount: Int = SyntheticCIFAR.defaultTrainCount,
                     syntheticTestCount: Int = SyntheticCIFAR.defaultTestCount) throws -> Loaded {
        switch source {
        case .synthetic:
            let (train, test) = SyntheticCIFAR.makeSplit(seed: seed, trainCount: syntheticTrainCount, testCount: syntheticTestCount)
            return Loaded(name: "synthetic", train: train, test: test, classNames: SyntheticCIFAR.classNames, warnings: [])
        case let .cifar10(directory), let .cifar100(directory), let .directory(directory):
            return try loaded(CIFARDataset.load(directory: directory), name: Self.name(of: source, directory))
        case let .file(url):
            let set = try Self.looksLikeCIFAR100(url) ? CIFAR100Reader.read(file: url) : CIFAR10Reader.read(file: url)
            return Loaded(name: url.lastPathComponent, train: set, test: nil, classNames: set.classNames, warnings: [])
        }
    }

    /// `resolve` then `load`.
    public func load(_ argument: String, seed: UInt64 = 1) throws -> Loaded {
        try load(resolve(argument), seed: seed)
    }

    private func downloaded(_ archive: CIFARArchive) throws -> URL {
        let directory = directory(for: archive)
        guard FileManager.default.fileExists(atPath: directory.path) else {
            throw DataError.notDownloaded(dataset: archive.format.displayName, expectedAt: directory.path,
                                          fetchCommand: archive.format.fetchCommand)
        }
        return directory
    }

    private func loaded(_ dataset: CIFARDataset, name: String) throws -> Loaded {
        var warnings = dataset.warnings
        guard let train = dataset.train ?? dataset.test else {
            throw DataError.noCIFARFiles(directory: name, found: [])
        }
        var test = dataset.test
        if dataset.train == nil {
            // Only a test file: still worth looking at and training on, but say what is happening.
            warnings.append("\(name) has no training files; training on the test file, with no separate test set")
            test = nil
        }
        var loaded = Loaded(name: name, train: train, test: test, classNames: dataset.classNames, warnings: warnings)
        if dataset.train == nil { loaded.trainRole = "test" }
        return loaded
    }

    private static func name(of source: Source, _ directory: URL) -> String {
        switch source {
        case .cifar10: return "CIFAR-10"
        case .cifar100: return "CIFAR-100"
        default: return directory.path
        }
    }

    /// CIFAR-100 by its official names, or by a size that fits only 3,074-byte records.
    static func looksLikeCIFAR100(_ url: URL) -> Bool {
        if ["train.bin", "test.bin"].contains(url.lastPathComponent) { return true }
        let size = Int(Downloader.size(of: url))
        return size > 0 && size % CIFARFormat.cifar100.recordSize == 0 && size % CIFARFormat.cifar10.recordSize != 0
    }
}
