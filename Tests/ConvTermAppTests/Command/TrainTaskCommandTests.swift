import Foundation
import Testing

/// `convterm train --task`: segmentation and localization train headless on the built-in set;
/// CIFAR and the options that do not apply are refused, saying why.
@Suite(.serialized) struct TrainTaskCommandTests {
    @Test func segmentTrainsHeadlessAndReportsTheMeanIoU() throws {
        let run = try convterm(["train", "--task", "segment", "--steps", "3", "--batch", "4", "--threads", "1", "--headless"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("segment: mean IoU "))
        #expect(run.stdout.contains("after 3 steps of 4 (segnet-tiny, seed 1"))
        #expect(run.stderr.contains("step 3/3: mean test IoU"))
    }

    @Test func cifarAndClassificationOptionsAreRefused() throws {
        let cifar = try convterm(["train", "--task", "localize", "--data", "cifar10", "--headless"])
        #expect(cifar.status != 0)
        #expect(cifar.stderr.contains("--task localize needs --data synthetic"))
        #expect(cifar.stderr.contains("CIFAR stays classification"))
        let save = try convterm(["train", "--task", "segment", "--save", "/tmp/x.ckpt", "--headless"])
        #expect(save.status != 0)
        #expect(save.stderr.contains("--resume, --save and --time-limit are for classification runs"))
        // A segmentation net given to an ordinary (classification) run says which task it needs.
        let net = try convterm(["train", "--net", "segnet-tiny", "--steps", "1", "--headless"])
        #expect(net.status != 0)
        #expect(net.stderr.contains("give --task segment"))
    }
}
