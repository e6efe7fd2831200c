import ConvData
import ConvEngine

/// `train.py` of `convterm export --pytorch`: trains the exported `Net` on CIFAR-10/100 binary
/// files with ConvTerm's recipe, as one process or under `torchrun` with DistributedDataParallel.
/// The recipe's numbers come from `TrainingDefaults`, `Preprocessing.convNetJS` and
/// `Augmentation.convNetJS`, never from a copy, so the script trains what `convterm train` trains.
public enum PyTorchTrainScript {
    /// train.py of a net with a `loss` line: it names the loss, what to use instead, and stops.
    public static func refusal(title: String, loss: LossSpec) -> String {
        let task = TrainingTask(loss: loss)
        let convterm = task.map { "`convterm train --task \($0.rawValue) --net network.net` trains it in ConvTerm on the built-in set's \($0 == .segment ? "masks" : "boxes")" }
            ?? "no ConvTerm task trains a pure regression (`convterm train` explains what --task localize needs)"
        return #"""
        """train.py for \#(title): this net is trained for `loss \#(loss.text)`, and this script trains
        CIFAR classifiers only (a class per image; no masks or boxes to read). model.loss_fn is the
        net's loss in PyTorch: write a loop over your own targets with it, or train it in ConvTerm:
        \#(convterm).
        """
        import sys

        sys.exit("train.py trains CIFAR classifiers only; this net ends in `loss \#(loss.text)`: use model.loss_fn in a loop "
                 "over your own targets, or train it in ConvTerm (see the top of train.py)")

        """#
    }

    public static func text(title: String) -> String {
        let d = TrainingDefaults.optimizer
        let pre = Preprocessing.convNetJS
        let shift = Augmentation.convNetJS.maxShift
        return #"""
        """Train \#(title) (model.py) on CIFAR-10 or CIFAR-100 binary files with ConvTerm's recipe.

        One process:        python train.py --data cifar-10-batches-bin --epochs 10 --save trained.safetensors
        Two on one machine: torchrun --standalone --nproc_per_node=2 train.py --data cifar-10-batches-bin
        (see README.txt for two machines)

        The recipe is ConvTerm's (`convterm help train`): \#(d.kind.rawValue) (momentum \#(d.momentum)), lr \#(d.learningRate) decaying
        along a cosine to 1% over the run, L2 \#(d.l2) on weights (never biases), batch \#(TrainingDefaults.batchSize), pixels scaled to p/255 - 0.5, shifts of up to
        \#(shift) px (zero fill) and left-right mirrors. Under torchrun every process trains on its share of
        each batch and DistributedDataParallel averages the gradients, so --batch is the whole batch
        over all processes and the run means the same as one process with the same batch.
        Needs torch and numpy only.
        """
        import argparse
        import glob
        import math
        import os
        import time

        import numpy as np
        import torch
        import torch.distributed as dist
        import torch.nn.functional as F
        from torch.nn.parallel import DistributedDataParallel

        from model import Net, load_weights, save_safetensors

        HERE = os.path.dirname(os.path.abspath(__file__))
        DEFAULT_LR = {"sgd": \#(TrainingDefaults.learningRate(for: .sgd)), "momentum": \#(TrainingDefaults.learningRate(for: .momentum)), "nesterov": \#(TrainingDefaults.learningRate(for: .nesterov)), "adam": \#(TrainingDefaults.learningRate(for: .adam)), "adadelta": 1.0}
        SCALE, OFFSET, MAX_SHIFT = \#(pre.scale), \#(pre.offset), \#(shift)


        def read_cifar(paths):
            """uint8 images N x 3 x 32 x 32 and int64 labels from official .bin files.
            CIFAR-10 records are 1 label byte + 3072 pixel bytes; CIFAR-100's (train.bin, test.bin)
            a coarse and a fine label byte + 3072, and the fine label is used."""
            images, labels = [], []
            for path in paths:
                data = np.fromfile(path, dtype=np.uint8)
                head = 2 if os.path.basename(path) in ("train.bin", "test.bin") else 1
                size = head + 3072
                if data.size == 0 or data.size % size:
                    raise SystemExit(f"{path}: {data.size} bytes is not a whole number of {size}-byte CIFAR records")
                records = data.reshape(-1, size)
                labels.append(records[:, head - 1].astype(np.int64))
                images.append(records[:, head:].reshape(-1, 3, 32, 32))
            return torch.from_numpy(np.concatenate(images)), torch.from_numpy(np.concatenate(labels))


        def find_files(data):
            """(training files, test files) of a CIFAR directory (any subset of the official files) or one .bin."""
            if os.path.isfile(data):
                return [data], []
            train = sorted(glob.glob(os.path.join(data, "data_batch_*.bin"))) or glob.glob(os.path.join(data, "train.bin"))
            test = glob.glob(os.path.join(data, "test_batch.bin")) or glob.glob(os.path.join(data, "test.bin"))
            if not train and not test:
                raise SystemExit(f"{data}: no CIFAR .bin files (data_batch_N.bin, test_batch.bin, train.bin or test.bin)")
            return train or test, test


        def preprocess(images):
            """ConvNetJS's scaling, as ConvTerm's: p/255 - 0.5."""
            return images.to(torch.float32) * SCALE + OFFSET


        def augment(x, generator):
            """Per image: shift by -MAX_SHIFT..MAX_SHIFT px each way (zero fill), then mirror half the time."""
            n, _, h, w = x.shape
            padded = F.pad(x, (MAX_SHIFT,) * 4)
            out = torch.empty_like(x)
            shifts = torch.randint(-MAX_SHIFT, MAX_SHIFT + 1, (n, 2), generator=generator)
            flips = torch.randint(0, 2, (n,), generator=generator)
            for i in range(n):
                dx, dy = int(shifts[i, 0]), int(shifts[i, 1])
                image = padded[i, :, MAX_SHIFT - dy:MAX_SHIFT - dy + h, MAX_SHIFT - dx:MAX_SHIFT - dx + w]
                out[i] = torch.flip(image, [2]) if flips[i] else image
            return out


        def make_optimizer(model, name, lr=None, l2=\#(d.l2), momentum=\#(d.momentum)):
            """ConvTerm's optimizers: L2 decays weights (names ending .weight), never biases; frozen layers are left out."""
            lr = DEFAULT_LR[name] if lr is None else lr
            named = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
            groups = [
                {"params": [p for n, p in named if not n.endswith(".bias")], "weight_decay": l2},
                {"params": [p for n, p in named if n.endswith(".bias")], "weight_decay": 0.0},
            ]
            if name == "sgd":
                return torch.optim.SGD(groups, lr=lr)
            if name in ("momentum", "nesterov"):
                return torch.optim.SGD(groups, lr=lr, momentum=momentum, nesterov=name == "nesterov")
            if name == "adam":
                return torch.optim.Adam(groups, lr=lr, betas=(0.9, 0.999), eps=1e-8)
            if name == "adadelta":  # ConvNetJS's: no learning rate
                return torch.optim.Adadelta(groups, lr=1.0, rho=0.95, eps=1e-8)
            raise SystemExit(f"unknown optimizer {name}: sgd, momentum, nesterov, adam or adadelta")


        def main():
            parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
            parser.add_argument("--data", required=True, help="a CIFAR-10/100 binary directory (any subset of its files) or one .bin file")
            parser.add_argument("--epochs", type=float, default=\#(TrainingDefaults.epochs), help="passes over the training set (default %(default)s)")
            parser.add_argument("--steps", type=int, default=None, help="stop after this many batches, if sooner")
            parser.add_argument("--batch", type=int, default=\#(TrainingDefaults.batchSize), help="images a step, over all processes (default %(default)s)")
            parser.add_argument("--optimizer", default="\#(d.kind.rawValue)", choices=sorted(DEFAULT_LR))
            parser.add_argument("--lr", type=float, default=None, help="learning rate (default: the optimizer's, as ConvTerm)")
            parser.add_argument("--l2", type=float, default=\#(d.l2), help="weight decay on weights (default %(default)s)")
            parser.add_argument("--momentum", type=float, default=\#(d.momentum))
            parser.add_argument("--no-augment", action="store_true", help="no shifts or mirrors")
            parser.add_argument("--seed", type=int, default=\#(TrainingDefaults.seed))
            parser.add_argument("--weights", default=os.path.join(HERE, "weights.safetensors"),
                                help="starting weights (default: the exported ones; 'none' for PyTorch's own initialisation)")
            parser.add_argument("--save", default=None, help="write the trained weights here (.safetensors; `convterm import` reads it)")
            parser.add_argument("--log-every", type=int, default=10, help="print the loss every N steps")
            args = parser.parse_args()

            distributed = int(os.environ.get("WORLD_SIZE", "1")) > 1
            rank, world = 0, 1
            device = torch.device("cpu")
            if distributed:
                backend = "nccl" if torch.cuda.is_available() else "gloo"
                dist.init_process_group(backend)
                rank, world = dist.get_rank(), dist.get_world_size()
                if backend == "nccl":
                    device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", "0")))
                    torch.cuda.set_device(device)
            elif torch.cuda.is_available():
                device = torch.device("cuda")
            local = int(os.environ.get("LOCAL_WORLD_SIZE", "1"))
            torch.set_num_threads(max(1, (os.cpu_count() or 1) // local))
            if args.batch % world:
                raise SystemExit(f"--batch {args.batch} must split evenly over {world} processes")
            torch.manual_seed(args.seed)

            train_files, test_files = find_files(args.data)
            train_images, train_labels = read_cifar(train_files)
            test_images, test_labels = read_cifar(test_files) if test_files else (train_images, train_labels)
            test_name = "test" if test_files else "training (no test file)"

            model = Net()
            if tuple(train_images.shape[1:]) != Net.input_shape:
                raise SystemExit(f"{args.data}: images are {tuple(train_images.shape[1:])} (depth, height, width) "
                                 f"but the network takes {Net.input_shape}; export a network for 32x32x3 images")
            outputs = model(torch.zeros(1, *Net.input_shape)).shape[1]
            classes = int(max(train_labels.max(), test_labels.max())) + 1
            if classes > outputs:
                raise SystemExit(f"{args.data} has {classes} classes but the network gives {outputs} scores; "
                                 f"change its last `fc` to `fc {classes}` and export again")
            if args.weights != "none" and os.path.exists(args.weights):
                load_weights(model, args.weights)
            model.to(device)
            net = DistributedDataParallel(model) if distributed else model
            optimizer = make_optimizer(model, args.optimizer, args.lr, args.l2, args.momentum)

            count = len(train_labels)
            per_epoch = max(1, count // args.batch)
            total = int(args.epochs * per_epoch)
            if args.steps is not None:
                total = min(total, args.steps)
            # ConvTerm's cosine decay (`LearningRateSchedule`): from the rate to \#(LearningRateSchedule.floor) of it over the
            # run (Adadelta, which ignores the rate in ConvTerm, keeps torch's 1.0).
            base_rates = [g["lr"] for g in optimizer.param_groups]
            share = args.batch // world
            augmenter = torch.Generator().manual_seed(args.seed * 1000 + rank)
            if rank == 0:
                print(f"training on {count} images, {total} steps of {args.batch} over {world} process(es)", flush=True)
            started, losses = time.time(), []
            model.train()
            for step in range(total):
                epoch, position = divmod(step, per_epoch)
                # The same seeded shuffle on every process; each takes its own share of each batch.
                order = np.random.default_rng(args.seed + epoch).permutation(count)
                batch = order[position * args.batch:(position + 1) * args.batch][rank * share:(rank + 1) * share]
                x = preprocess(train_images[batch])
                if not args.no_augment:
                    x = augment(x, augmenter)
                y = train_labels[batch]
                if args.optimizer != "adadelta":
                    factor = \#(LearningRateSchedule.floor) + (1 - \#(LearningRateSchedule.floor)) * 0.5 * (1 + math.cos(math.pi * min(1.0, step / total)))
                    for group, rate in zip(optimizer.param_groups, base_rates):
                        group["lr"] = rate * factor
                loss = F.cross_entropy(net(x.to(device)), y.to(device))
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                value = loss.detach()
                if distributed:
                    dist.all_reduce(value)
                    value /= world
                losses.append(float(value))
                if rank == 0 and ((step + 1) % args.log_every == 0 or step + 1 == total):
                    recent = losses[-args.log_every:]
                    print(f"step {step + 1} loss {sum(recent) / len(recent):.4f}", flush=True)

            # Every process scores its share of the test set; the counts are summed.
            model.eval()
            correct = torch.zeros(2, dtype=torch.float64)
            with torch.no_grad():
                indices = torch.arange(rank, len(test_labels), world)
                for start in range(0, len(indices), 500):
                    chunk = indices[start:start + 500]
                    scores = model(preprocess(test_images[chunk]).to(device))
                    correct[0] += (scores.argmax(1).cpu() == test_labels[chunk]).sum().item()
                    correct[1] += len(chunk)
            if distributed:
                dist.all_reduce(correct)
            if rank == 0:
                print(f"{test_name} set: {int(correct[1])} images, {time.time() - started:.1f} s")
                print(f"test accuracy: {100 * correct[0] / correct[1]:.2f}%", flush=True)
                if args.save:
                    save_safetensors(model.state_dict(), args.save)
                    print(f"saved {args.save}; back in ConvTerm: convterm import {args.save} --net network.net --save run.ckpt")
            if distributed:
                dist.destroy_process_group()


        if __name__ == "__main__":
            main()

        """#
    }
}
