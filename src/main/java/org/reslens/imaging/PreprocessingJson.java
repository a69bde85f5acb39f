package org.reslens.imaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import org.reslens.imaging.PreprocessStep.NormalizeIntensity;
import org.reslens.imaging.PreprocessStep.RepeatChannel;
import org.reslens.imaging.PreprocessStep.Resize;
import org.reslens.imaging.PreprocessStep.ScaleIntensityRange;
import org.reslens.imaging.PreprocessStep.ScaleIntensityRangePercentiles;

/**
 * Reads and writes {@link Preprocessing} JSON through Jackson's tree model, field by field, so that Jackson stays out
 * of the public types and every error names the step and field at fault.
 */
final class PreprocessingJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PreprocessingJson() {
    }

    static Preprocessing parse(String json) throws ImagingException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw invalid("not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray()) {
            throw invalid("the preprocessing description must be a JSON array of steps");
        }
        List<PreprocessStep> steps = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            steps.add(step(root.get(i), i + 1));
        }
        try {
            return new Preprocessing(steps);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    private static PreprocessStep step(JsonNode node, int position) throws ImagingException {
        if (!node.isObject()) {
            throw invalid("step " + position + " is not a JSON object");
        }
        JsonNode nameNode = node.get("name");
        if (nameNode == null || !nameNode.isTextual()) {
            throw invalid("step " + position + " has no \"name\"");
        }
        String name = nameNode.asText();
        Fields f = new Fields(node, "step " + position + " (" + name + ")");
        try {
            return switch (name) {
                case "ScaleIntensityRangePercentiles" -> {
                    f.allow("lower", "upper", "b_min", "b_max", "clip");
                    yield new ScaleIntensityRangePercentiles(f.number("lower"), f.number("upper"), f.number("b_min"),
                            f.number("b_max"), f.bool("clip", false));
                }
                case "ScaleIntensityRange" -> {
                    f.allow("a_min", "a_max", "b_min", "b_max", "clip");
                    yield new ScaleIntensityRange(f.number("a_min"), f.number("a_max"), f.number("b_min"),
                            f.number("b_max"), f.bool("clip", false));
                }
                case "NormalizeIntensity" -> {
                    f.allow("subtrahend", "divisor");
                    yield new NormalizeIntensity(f.optionalNumber("subtrahend"), f.optionalNumber("divisor"));
                }
                case "RepeatChannel" -> {
                    f.allow("repeats");
                    yield new RepeatChannel(f.integer(node.get("repeats"), "repeats"));
                }
                case "Resize" -> {
                    f.allow("spatial_size", "mode", "align_corners", "aspect");
                    JsonNode size = node.get("spatial_size");
                    if (size == null || !size.isArray() || size.size() != 2) {
                        throw invalid(f.where + ": \"spatial_size\" must be [height, width]");
                    }
                    yield new Resize(f.integer(size.get(0), "spatial_size[0]"),
                            f.integer(size.get(1), "spatial_size[1]"), mode(f), f.bool("align_corners", false),
                            aspect(f));
                }
                default -> throw invalid(f.where + ": unknown step name");
            };
        } catch (IllegalArgumentException e) {
            throw invalid(f.where + ": " + e.getMessage());
        }
    }

    private static Resize.Mode mode(Fields f) throws ImagingException {
        String term = f.text("mode", null);
        for (Resize.Mode m : Resize.Mode.values()) {
            if (m.term().equals(term)) {
                return m;
            }
        }
        throw invalid(f.where + ": \"mode\" must be \"nearest\", \"bilinear\" or \"area\", got " + term);
    }

    private static Resize.Aspect aspect(Fields f) throws ImagingException {
        String term = f.text("aspect", "stretch");
        for (Resize.Aspect a : Resize.Aspect.values()) {
            if (a.term().equals(term)) {
                return a;
            }
        }
        throw invalid(f.where + ": \"aspect\" must be \"stretch\" or \"pad\", got " + term);
    }

    private static ImagingException invalid(String detail) {
        return new ImagingException(ImagingException.Reason.INVALID_PREPROCESSING, detail);
    }

    /** Typed access to one step's fields. */
    private static final class Fields {
        final JsonNode node;
        final String where;

        Fields(JsonNode node, String where) {
            this.node = node;
            this.where = where;
        }

        void allow(String... names) throws ImagingException {
            Set<String> allowed = Set.of(names);
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String n = it.next();
                if (!n.equals("name") && !allowed.contains(n)) {
                    throw invalid(where + ": unknown field \"" + n + "\"");
                }
            }
        }

        double number(String field) throws ImagingException {
            JsonNode v = node.get(field);
            if (v == null || !v.isNumber()) {
                throw invalid(where + ": \"" + field + "\" must be a number");
            }
            return v.doubleValue();
        }

        OptionalDouble optionalNumber(String field) throws ImagingException {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return OptionalDouble.empty();
            }
            return OptionalDouble.of(number(field));
        }

        boolean bool(String field, boolean fallback) throws ImagingException {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return fallback;
            }
            if (!v.isBoolean()) {
                throw invalid(where + ": \"" + field + "\" must be true or false");
            }
            return v.booleanValue();
        }

        String text(String field, String fallback) throws ImagingException {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return fallback;
            }
            if (!v.isTextual()) {
                throw invalid(where + ": \"" + field + "\" must be a string");
            }
            return v.asText();
        }

        int integer(JsonNode v, String field) throws ImagingException {
            if (v == null || !v.isNumber() || v.doubleValue() != Math.rint(v.doubleValue())
                    || Math.abs(v.doubleValue()) > Integer.MAX_VALUE) {
                throw invalid(where + ": \"" + field + "\" must be an integer");
            }
            return (int) v.doubleValue();
        }
    }

    static String write(Preprocessing p) {
        ArrayNode array = MAPPER.createArrayNode();
        for (PreprocessStep s : p.steps()) {
            ObjectNode o = array.addObject();
            o.put("name", s.name());
            if (s instanceof ScaleIntensityRangePercentiles x) {
                o.put("lower", x.lower()).put("upper", x.upper()).put("b_min", x.bMin()).put("b_max", x.bMax())
                        .put("clip", x.clip());
            } else if (s instanceof ScaleIntensityRange x) {
                o.put("a_min", x.aMin()).put("a_max", x.aMax()).put("b_min", x.bMin()).put("b_max", x.bMax())
                        .put("clip", x.clip());
            } else if (s instanceof NormalizeIntensity x) {
                if (x.subtrahend().isPresent()) {
                    o.put("subtrahend", x.subtrahend().getAsDouble());
                } else {
                    o.putNull("subtrahend");
                }
                if (x.divisor().isPresent()) {
                    o.put("divisor", x.divisor().getAsDouble());
                } else {
                    o.putNull("divisor");
                }
            } else if (s instanceof RepeatChannel x) {
                o.put("repeats", x.repeats());
            } else if (s instanceof Resize x) {
                o.putArray("spatial_size").add(x.height()).add(x.width());
                o.put("mode", x.mode().term()).put("align_corners", x.alignCorners()).put("aspect", x.aspect().term());
            }
        }
        return array.toString();
    }
}
