package org.reslens.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.reslens.inference.LoaderProbe;

/**
 * Arbitrary bytes as a bundle's metadata.json: UTF-8 decoding, the size limit, Jackson, the strict {@code reslens}
 * block, MONAI's {@code network_data_format}, and the preprocessing steps (imaging's parser, through the loader).
 * Seeded with the default model's and the bring-your-own fixture's metadata.json, the minimal one of
 * docs/model-bundle.md and variants that use every step and block (fuzz/make_model_seeds.py); fuzz/dicts holds the
 * keys and terms as a libFuzzer dictionary.
 *
 * <p>Beyond the common invariants ({@link ModelFuzzInvariants}) a refusal must be INVALID_METADATA or TOO_LARGE and
 * start with "metadata.json", and an accepted description must be self-consistent ({@link LoaderProbe#metadata}).
 */
class ModelMetadataFuzzTest {
    static {
        ModelFuzzInvariants.warmUp();
    }

    @FuzzTest(maxDuration = "4m")
    void metadataJson(byte[] data) {
        ModelFuzzInvariants.expectReturnOrInferenceException(data.length, () -> LoaderProbe.metadata(data));
    }
}
