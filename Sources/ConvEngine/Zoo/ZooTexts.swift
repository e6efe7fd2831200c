/// The zoo's hand-written networks, in the `.net` format's canonical layout (what `text` prints)
/// plus comments, so a printed zoo net is also a tidy starting point for a user's own file.
enum ZooTexts {
    static let convnetjsCIFAR10 = """
    # ConvNetJS's CIFAR-10 demo network (cs.stanford.edu/people/karpathy/convnetjs/demo/cifar10.html)
    input 32x32x3
    conv1: conv 16 5x5 pad 2
    relu
    pool1: maxpool 2x2 stride 2
    conv2: conv 20 5x5 pad 2
    relu
    pool2: maxpool 2x2 stride 2
    conv3: conv 20 5x5 pad 2
    relu
    pool3: maxpool 2x2 stride 2
    fc1: fc 10
    softmax

    """

    static let lectureConv = """
    # The lecture's preview: a ConvNet is a sequence of conv layers interspersed with activations
    input 32x32x3
    conv1: conv 6 5x5
    relu
    conv2: conv 10 5x5
    relu

    """

    static let fullyConnectedCIFAR10 = """
    # A fully connected baseline with about the ConvNetJS net's parameter budget (22,466):
    # 3072*7+7 + 7*10+10 = 21,591 parameters. Same data, no weight sharing, no translation invariance.
    input 32x32x3
    fc1: fc 7
    relu
    fc2: fc 10
    softmax

    """

    static let alexnet = """
    # AlexNet as the lecture's simplified table has it [Krizhevsky et al. 2012]: one tower, no groups.
    input 227x227x3
    conv1: conv 96 11x11 stride 4
    relu
    pool1: maxpool 3x3 stride 2
    norm1: lrn
    conv2: conv 256 5x5 pad 2
    relu
    pool2: maxpool 3x3 stride 2
    norm2: lrn
    conv3: conv 384 3x3 pad 1
    relu
    conv4: conv 384 3x3 pad 1
    relu
    conv5: conv 256 3x3 pad 1
    relu
    pool3: maxpool 3x3 stride 2
    fc6: fc 4096
    relu
    dropout 0.5
    fc7: fc 4096
    relu
    dropout 0.5
    fc8: fc 1000

    """

    static let alexnetTwoGPU = """
    # AlexNet as the paper trained it [Krizhevsky et al. 2012], split over two GPUs: conv2, conv4 and
    # conv5 see only the half of the previous maps on their own GPU (groups 2); conv3 and the fc
    # layers see both halves. 60,965,224 parameters, as Caffe's bvlc_alexnet counts them.
    input 227x227x3
    conv1: conv 96 11x11 stride 4
    relu
    pool1: maxpool 3x3 stride 2
    norm1: lrn
    conv2: conv 256 5x5 pad 2 groups 2
    relu
    pool2: maxpool 3x3 stride 2
    norm2: lrn
    conv3: conv 384 3x3 pad 1
    relu
    conv4: conv 384 3x3 pad 1 groups 2
    relu
    conv5: conv 256 3x3 pad 1 groups 2
    relu
    pool3: maxpool 3x3 stride 2
    fc6: fc 4096
    relu
    dropout 0.5
    fc7: fc 4096
    relu
    dropout 0.5
    fc8: fc 1000

    """

    static let zfnet = """
    # ZFNet [Zeiler and Fergus, 2013] as the lecture describes it: AlexNet, but CONV1 7x7 stride 2
    # and CONV3,4,5 with 512, 1024, 512 filters. The slide leaves out that ZFNet's CONV2 also has
    # stride 2 (the paper's 26x26 maps); at stride 1 the FC layers would see 13x13x512 and fc6 alone
    # would hold 354M parameters. Pad 1 keeps AlexNet's 27, 13 and 6 from a 227x227 input.
    input 227x227x3
    conv1: conv 96 7x7 stride 2
    relu
    pool1: maxpool 3x3 stride 2
    norm1: lrn
    conv2: conv 256 5x5 stride 2 pad 1
    relu
    pool2: maxpool 3x3 stride 2
    norm2: lrn
    conv3: conv 512 3x3 pad 1
    relu
    conv4: conv 1024 3x3 pad 1
    relu
    conv5: conv 512 3x3 pad 1
    relu
    pool3: maxpool 3x3 stride 2
    fc6: fc 4096
    relu
    dropout 0.5
    fc7: fc 4096
    relu
    dropout 0.5
    fc8: fc 1000

    """

    static let vgg16 = """
    # VGG-16, configuration D [Simonyan and Zisserman, 2014]
    input 224x224x3
    conv1_1: conv 64 3x3 pad 1
    relu
    conv1_2: conv 64 3x3 pad 1
    relu
    pool1: maxpool 2x2 stride 2
    conv2_1: conv 128 3x3 pad 1
    relu
    conv2_2: conv 128 3x3 pad 1
    relu
    pool2: maxpool 2x2 stride 2
    conv3_1: conv 256 3x3 pad 1
    relu
    conv3_2: conv 256 3x3 pad 1
    relu
    conv3_3: conv 256 3x3 pad 1
    relu
    pool3: maxpool 2x2 stride 2
    conv4_1: conv 512 3x3 pad 1
    relu
    conv4_2: conv 512 3x3 pad 1
    relu
    conv4_3: conv 512 3x3 pad 1
    relu
    pool4: maxpool 2x2 stride 2
    conv5_1: conv 512 3x3 pad 1
    relu
    conv5_2: conv 512 3x3 pad 1
    relu
    conv5_3: conv 512 3x3 pad 1
    relu
    pool5: maxpool 2x2 stride 2
    fc6: fc 4096
    relu
    dropout 0.5
    fc7: fc 4096
    relu
    dropout 0.5
    fc8: fc 1000

    """

    static let alexnetTorchvision = """
    # torchvision.models.alexnet: the one-tower variant (64/192/384/256/256 filters).
    # Its AdaptiveAvgPool2d((6, 6)) is the identity at 224x224 input, so it is left out here.
    input 224x224x3
    conv1: conv 64 11x11 stride 4 pad 2 floor
    relu
    pool1: maxpool 3x3 stride 2
    conv2: conv 192 5x5 pad 2
    relu
    pool2: maxpool 3x3 stride 2
    conv3: conv 384 3x3 pad 1
    relu
    conv4: conv 256 3x3 pad 1
    relu
    conv5: conv 256 3x3 pad 1
    relu
    pool3: maxpool 3x3 stride 2
    dropout 0.5
    fc6: fc 4096
    relu
    dropout 0.5
    fc7: fc 4096
    relu
    fc8: fc 1000

    """
}
