/// The nets of the tasks beyond classification (lesson 10's live demos): an encoder-decoder that
/// paints a class on every pixel, and a classifier with a box head.
enum ZooBeyond {
    /// Down twice with conv and max pool (32 -> 16 -> 8), then up twice with transposed convs
    /// (8 -> 16 -> 32), and a 1x1 conv giving 2 scores a pixel: background and object. A
    /// full-resolution branch beside it (a skip, as in U-Net) keeps thin outlines that 8x8 loses.
    static let segmentation = """
    # A small fully convolutional encoder-decoder for object-vs-background masks (convterm demo segment)
    input 32x32x3
    both: concat {
      branch {
        skip: conv 8 3x3 pad 1          # 32x32x8: full-resolution detail
        relu
      }
      branch {
        conv1: conv 16 3x3 pad 1        # 32x32x16
        relu
        pool1: maxpool 2x2 stride 2     # 16x16x16
        conv2: conv 32 3x3 pad 1        # 16x16x32
        relu
        pool2: maxpool 2x2 stride 2     # 8x8x32
        conv3: conv 32 3x3 pad 1        # 8x8x32
        relu
        up1: deconv 16 4x4 stride 2 pad 1   # (8-1)*2 - 2 + 4 = 16: 16x16x16
        relu
        up2: deconv 16 4x4 stride 2 pad 1   # 32x32x16
        relu
      }
    }
    fuse: conv 16 3x3 pad 1             # 32x32x16 over both branches' 24 channels
    relu
    scores: conv 2 1x1                  # 32x32x2: background, object
    loss pixelsoftmax

    """

    /// Three conv/pool stages (32 -> 16 -> 8 -> 4) and two fc layers ending in 14 numbers: 10
    /// class scores and a box (left, top, right, bottom as fractions of the image side).
    static let localization = """
    # A classifier with a box head (convterm demo localize): 10 class scores + 4 box numbers
    input 32x32x3
    conv1: conv 16 3x3 pad 1            # 32x32x16
    relu
    pool1: maxpool 2x2 stride 2         # 16x16x16
    conv2: conv 32 3x3 pad 1            # 16x16x32
    relu
    pool2: maxpool 2x2 stride 2         # 8x8x32
    conv3: conv 64 3x3 pad 1            # 8x8x64
    relu
    pool3: maxpool 2x2 stride 2         # 4x4x64
    fc1: fc 128
    relu
    head: fc 14                         # scores for the 10 classes, then the box
    loss softmax 10 + smoothl1 4 weight 10

    """
}
