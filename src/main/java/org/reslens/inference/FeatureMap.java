package org.reslens.inference;

/**
 * One image's activations {@code A} that feed the global average pool, {@code [channels][height][width]} row-major.
 * {@code values} is owned by the record once given (not copied: these arrays are made per run).
 */
public record FeatureMap(int channels, int height, int width, float[] values) {
    public FeatureMap {
        if (channels < 1 || height < 1 || width < 1 || values == null
                || values.length != (long) channels * height * width) {
            throw new IllegalArgumentException("feature map values must be channels x height x width");
        }
    }

    public float at(int channel, int y, int x) {
        return values[(channel * height + y) * width + x];
    }
}
