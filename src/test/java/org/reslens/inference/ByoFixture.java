package org.reslens.inference;

import java.io.IOException;
import java.nio.file.Path;
import org.reslens.imaging.GridMapping;
import org.reslens.imaging.ModelInput;
import org.reslens.imaging.TensorShape;

/**
 * The bring-your-own fixture of src/test/resources/inference/byo (made by
 * src/test/fixtures/inference/make_byo_fixtures.py): a tiny torchvision-style ResNet exported with logits only, in
 * three head variants of the same weights, plus PyTorch's logits, probabilities and autograd Grad-CAM maps.
 */
public final class ByoFixture {
    public static final Path DIR = Path.of("src/test/resources/inference/byo");
    public static final int HEIGHT = 128;
    public static final int WIDTH = 96;
    public static final int CLASSES = 3;

    public final Npy x;
    public final Npy logits;
    public final Npy probabilities;
    public final Npy gradcam;
    public final long[] gradcamClasses;

    private ByoFixture() throws IOException {
        x = Npy.read(DIR.resolve("x.npy"));
        logits = Npy.read(DIR.resolve("logits.npy"));
        probabilities = Npy.read(DIR.resolve("probabilities.npy"));
        gradcam = Npy.read(DIR.resolve("gradcam.npy"));
        gradcamClasses = Npy.read(DIR.resolve("gradcam_classes.npy")).longs();
    }

    public static ByoFixture load() throws IOException {
        return new ByoFixture();
    }

    public static Path model(String variant) {
        return DIR.resolve("resnet-" + variant + ".onnx");
    }

    public int images() {
        return x.shape()[0];
    }

    /** Image i as the network sees it: the stored slice repeated to 3 channels (RepeatChannel). */
    public ModelInput input(int i) {
        float[] one = x.slice(i);
        float[] three = new float[one.length * 3];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(one, 0, three, c * one.length, one.length);
        }
        return new ModelInput(three, new TensorShape(1, 3, HEIGHT, WIDTH), GridMapping.identity(WIDTH, HEIGHT));
    }
}
