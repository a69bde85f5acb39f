package org.reslens.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which images a model was made for: DICOM Modality (0008,0060) and Body Part Examined (0018,0015) values, compared
 * without regard to case or surrounding spaces. An empty set accepts anything.
 */
public record Acceptance(Set<String> modalities, Set<String> bodyParts) {

    public Acceptance {
        modalities = normalise(modalities);
        bodyParts = normalise(bodyParts);
    }

    /** Accepts every image (for bring-your-own bundles that state nothing). */
    public static Acceptance any() {
        return new Acceptance(Set.of(), Set.of());
    }

    /**
     * Refuses an image whose modality or body part the model does not accept. A missing modality is refused when the
     * model names modalities (a number for an unknown kind of image would be a guess); a missing body part is not,
     * because many MR and CT files leave it empty: that case comes back as a note for the caller to show.
     *
     * @return notes about what could not be checked (empty when everything matched)
     */
    public List<String> check(String modality, String bodyPart) throws InferenceException {
        List<String> notes = new ArrayList<>();
        String m = clean(modality);
        if (!modalities.isEmpty()) {
            if (m == null) {
                throw new InferenceException(InferenceException.Reason.NOT_ACCEPTED, "the image has no Modality;"
                        + " the model accepts " + list(modalities));
            }
            if (!modalities.contains(m)) {
                throw new InferenceException(InferenceException.Reason.NOT_ACCEPTED, "modality " + m
                        + " is not accepted by the model (it accepts " + list(modalities) + ")");
            }
        }
        String b = clean(bodyPart);
        if (!bodyParts.isEmpty()) {
            if (b == null) {
                notes.add("Body Part Examined is empty, so the model's body parts (" + list(bodyParts)
                        + ") could not be checked");
            } else if (!bodyParts.contains(b)) {
                throw new InferenceException(InferenceException.Reason.NOT_ACCEPTED, "body part " + b
                        + " is not accepted by the model (it accepts " + list(bodyParts) + ")");
            }
        }
        return notes;
    }

    private static String list(Set<String> s) {
        return s.stream().sorted().collect(Collectors.joining(", "));
    }

    private static String clean(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        return v.trim().toUpperCase(Locale.ROOT);
    }

    private static Set<String> normalise(Set<String> values) {
        if (values == null) {
            return Set.of();
        }
        return values.stream().map(Acceptance::clean).filter(v -> v != null).collect(Collectors.toUnmodifiableSet());
    }
}
