import ConvEngine

/// `README.txt` of `convterm export --pytorch`: what each file is and the commands to run it,
/// on one machine and on two.
public enum PyTorchReadme {
    public static func text(title: String, loss: LossSpec? = nil) -> String {
        if let loss {
            return """
            \(title), exported by ConvTerm for PyTorch.

            model.py             Net, a torch.nn.Module mirroring the .net file layer for layer (names included),
                                 loss_fn, its `loss \(loss.text)` in PyTorch, and load_weights / save_safetensors.
            weights.safetensors  Net's state_dict: the weights ConvTerm had (batch norm's running statistics too).
            network.net          The network as ConvTerm's .net text, its loss line included.
            train.py             Stops with a message: it trains CIFAR classifiers, and this net is not one.

            Check it loads:
              python -c "import model; m = model.load_weights(model.Net(), 'weights.safetensors'); print(m)"

            Train it with model.loss_fn in a loop over your own targets, or in ConvTerm (see train.py's top).

            """
        }
        return """
        \(title), exported by ConvTerm for PyTorch.

        model.py             Net, a torch.nn.Module mirroring the .net file layer for layer (names included),
                             and load_weights / save_safetensors (the safetensors format in a few lines of numpy).
        weights.safetensors  Net's state_dict: the weights ConvTerm had (batch norm's running statistics too).
        network.net          The network as ConvTerm's .net text (what `convterm import --net` takes).
        train.py             Trains Net on CIFAR-10/100 binary files with ConvTerm's recipe and prints
                             `test accuracy: NN.NN%`. Needs torch and numpy only.

        Check it loads:
          python -c "import model; m = model.load_weights(model.Net(), 'weights.safetensors'); print(m)"

        Train on one process (CPU, or a GPU when there is one):
          python train.py --data cifar-10-batches-bin --epochs 10 --save trained.safetensors

        Train on two processes of this machine (DistributedDataParallel; gloo on CPUs, nccl on GPUs):
          torchrun --standalone --nproc_per_node=2 train.py --data cifar-10-batches-bin --save trained.safetensors

        Train on two machines, two processes each (run on both; HOST is the first machine's address,
        reachable from the second; --node_rank 0 on the first, 1 on the second; both need the data):
          torchrun --nnodes=2 --node_rank=0 --nproc_per_node=2 --master_addr=HOST --master_port=29500 \\
              train.py --data cifar-10-batches-bin --save trained.safetensors

        --batch is the batch over all processes: each trains on its share and the gradients are averaged,
        so more processes make each step faster, not different. `python train.py --help` lists the options
        (--steps, --optimizer sgd|momentum|nesterov|adam|adadelta, --lr, --l2, --no-augment, --seed).

        Bring the trained weights back to ConvTerm (inspect the filters, the dashboard, eval, the demos):
          convterm import trained.safetensors --net network.net --save trained.ckpt
          convterm eval --checkpoint trained.ckpt --data cifar10

        """
    }
}
