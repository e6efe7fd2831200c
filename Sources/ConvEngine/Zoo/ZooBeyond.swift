/// The nets of the tasks beyond classification (lesson 10's live demos): an encoder-decoder that
/// paints a class on every pixel, and a classifier with a box head.
enum ZooBeyond {
    /// Down twice with conv and max pool (32 -> 16 -> 8), then up twice with transposed convs
    /// (8 -> 16 -> 32), and a 1x1 conv giving 2 scores a pixel: background and object. A
    /// full-resolution branch beside it (a skip, as in U-Net) keeps thin outlines that 8x8 loses.
    static let segmentation = """
    # A small fully convolutional encoder-decoder for object-vs-background masks (convterm demo segment).
    # The second branch goes down (32x32 -> 16x16 -> 8x8 with conv and max pool) and back up
    # (8x8 -> 16x16 -> 32x32 with deconv 4x4 stride 2 pad 1: (8-1)*2 - 2 + 4 = 16); the first keeps
    # full-resolution detail (a skip, as in U-Net). fuse sees both branches' 8 + 16 channels;
    # scores gives 2 numbers a pixel: background and object.
    input 32x32x3
    both: concat {
      branch {
        skip: conv 8 3x3 pad 1
        relu
      }
      branch {
        conv1: conv 16 3x3 pad 1
        relu
        pool1: maxpool 2x2 stride 2
        conv2: conv 32 3x3 pad 1
        relu
        pool2: maxpool 2x2 stride 2
        conv3: conv 32 3x3 pad 1
        relu
        up1: deconv 16 4x4 stride 2 pad 1
        relu
        up2: deconv 16 4x4 stride 2 pad 1
        relu
      }
    }
    fuse: conv 16 3x3 pad 1
    relu
    scores: conv 2 1x1
    loss pixelsoftmax

    """

    /// Three conv/pool stages (32 -> 16 -> 8 -> 4) and two fc layers ending in 14 numbers: 10
    /// class scores and a box (left, top, right, bottom as fractions of the image side).
    static let localization = """
    # A classifier with a box head (convterm demo localize): conv/pool 32x32 -> 16x16 -> 8x8 -> 4x4,
    # then 14 numbers: 10 class scores and the box (left, top, right, bottom as fractions of the side).
    input 32x32x3
    conv1: conv 16 3x3 pad 1
    relu
    pool1: maxpool 2x2 stride 2
    conv2: conv 32 3x3 pad 1
    relu
    pool2: maxpool 2x2 stride 2
    conv3: conv 64 3x3 pad 1
    relu
    pool3: maxpool 2x2 stride 2
    fc1: fc 128
    relu
    head: fc 14
    loss softmax 10 + smoothl1 4 weight 30

    """
}
