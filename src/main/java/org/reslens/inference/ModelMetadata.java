package org.reslens.inference;

import java.util.List;
import java.util.Optional;
import org.reslens.imaging.Preprocessing;

/**
 * A model bundle's {@code metadata.json}: MONAI bundle keys plus ResLens's {@code reslens} block (docs/model-bundle.md
 * has the schema and an example). Only what a bring-your-own model must state is required: the ONNX file, the
 * preprocessing and the class names; everything else has a documented default or is found in the graph.
 *
 * @param declaredInput {@code network_data_format.inputs.<input>} as far as it states a channel count and a spatial
 *                      shape, checked against the graph
 */
public record ModelMetadata(String version, String task, String description, String intendedUse,
                            List<String> authors, String license, OnnxBinding onnx, Acceptance accepts,
                            Preprocessing preprocessing, Postprocessing postprocessing,
                            Optional<ExplainabilityDeclaration> explainability, Optional<DeclaredInput> declaredInput) {

    public ModelMetadata {
        authors = List.copyOf(authors);
        if (onnx == null || accepts == null || preprocessing == null || postprocessing == null
                || explainability == null || declaredInput == null) {
            throw new IllegalArgumentException("onnx, accepts, preprocessing, postprocessing are required");
        }
    }

    /**
     * {@code reslens.onnx}: the file and the tensor names. An absent {@code input} or {@code logits_output} means
     * "the graph's only one"; an absent {@code sha256} leaves the file unchecked (a warning says so).
     */
    public record OnnxBinding(String file, Optional<String> sha256, Optional<String> input,
                              Optional<String> logitsOutput, Optional<String> featureOutput) {
        public OnnxBinding {
            if (file == null || file.isBlank()) {
                throw new IllegalArgumentException("onnx.file is required");
            }
        }
    }

    /**
     * {@code reslens.explainability}: which graph output holds the activations that feed the global average pool, which
     * initializers hold the head, and which class is explained. Absent fields are found in the graph.
     */
    public record ExplainabilityDeclaration(String method, Optional<String> featureOutput,
                                            Optional<String> weightInitializer, Optional<String> biasInitializer,
                                            Optional<Integer> explainedClass, Optional<String> target) {
    }

    /** The parts of MONAI's {@code network_data_format} input description that can be checked against the graph. */
    public record DeclaredInput(Optional<Integer> numChannels, Optional<List<Integer>> spatialShape) {
    }
}
