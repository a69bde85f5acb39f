package org.reslens.screening;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * results.json and the journal: studies (with their series) as JSON, written and read back. Reading is lenient about
 * extra keys and strict about the ones a resumed run relies on (a study's UID and model hash).
 */
final class ResultsJson {
    static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper LINE = new ObjectMapper();

    private ResultsJson() {
    }

    /** The whole results.json: the run's facts and the ranked studies. */
    static byte[] document(RunInfo run, List<StudyResult> ranked, boolean complete) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            write(out, run, ranked, complete);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Streams results.json, one study's tree at a time (nothing in memory grows with the number of studies). */
    static void write(java.io.OutputStream out, RunInfo run, List<StudyResult> ranked, boolean complete)
            throws java.io.IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("reslens", "screen");
        root.put("format", FORMAT);
        root.put("complete", complete);
        ObjectNode model = root.putObject("model");
        model.put("name", run.modelName());
        model.put("version", run.modelVersion());
        model.put("sha256", run.modelSha256());
        model.put("task", run.task());
        model.put("intendedUse", run.intendedUse());
        model.put("status", run.status());
        ArrayNode classes = model.putArray("classNames");
        run.classNames().forEach(classes::add);
        model.put("scoredClass", run.positiveClassName());
        model.put("explainedClass", run.explainedClassName());
        root.put("threshold", run.threshold());
        root.put("aggregation", run.aggregation());
        root.put("deidentified", run.deidentified());
        if (run.keyFingerprint() != null) {
            root.put("pseudonymKeyFingerprint", run.keyFingerprint());
        }
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            for (var field : root.properties()) {
                g.writeFieldName(field.getKey());
                g.writeTree(field.getValue());
            }
            g.writeArrayFieldStart("studies");
            int rank = 0;
            for (StudyResult s : ranked) {
                ObjectNode n = study(s);
                n.put("rank", s.score() == null ? null : ++rank);
                g.writeTree(n);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /** One study as a single line (the journal). */
    static String line(StudyResult s) {
        try {
            return LINE.writeValueAsString(study(s));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode study(StudyResult s) {
        ObjectNode n = LINE.createObjectNode();
        n.put("studyInstanceUid", s.studyInstanceUid());
        n.put("patientId", s.patientId());
        n.put("patientName", s.patientName());
        n.put("accessionNumber", s.accessionNumber());
        n.put("studyDate", s.studyDate());
        n.put("description", s.description());
        ArrayNode mods = n.putArray("modalities");
        s.modalities().forEach(mods::add);
        n.put("status", s.status().name());
        n.put("reason", s.reason());
        n.put("score", s.score());
        n.put("flagged", s.flagged());
        n.set("topSlices", slices(s.topSlices()));
        ArrayNode series = n.putArray("series");
        for (SeriesResult r : s.series()) {
            ObjectNode o = series.addObject();
            o.put("seriesInstanceUid", r.seriesInstanceUid());
            o.put("seriesNumber", r.seriesNumber());
            o.put("modality", r.modality());
            o.put("bodyPart", r.bodyPart());
            o.put("description", r.description());
            o.put("status", r.status().name());
            o.put("reason", r.reason());
            o.put("score", r.score());
            o.put("flagged", r.flagged());
            o.set("topSlices", slices(r.topSlices()));
            o.put("slices", r.slices());
            o.put("scored", r.scored());
            o.put("failed", r.failed());
        }
        if (s.keyImage() != null) {
            KeyImage k = s.keyImage();
            ObjectNode o = n.putObject("keyImage");
            o.put("image", k.plain());
            o.put("heatmap", k.overlay());
            o.put("imageThumbnail", k.plainThumbnail());
            o.put("heatmapThumbnail", k.overlayThumbnail());
            o.put("heatmapShown", k.heatmapShown());
            o.put("note", k.note());
        } else {
            n.putNull("keyImage");
        }
        ArrayNode dicom = n.putArray("dicomResults");
        s.dicomResults().forEach(dicom::add);
        ArrayNode failures = n.putArray("failures");
        for (Failure f : s.failures()) {
            ObjectNode o = failures.addObject();
            o.put("location", f.location());
            o.put("study", f.study());
            o.put("stage", f.stage());
            o.put("kind", f.kind());
            o.put("reason", f.reason());
        }
        ObjectNode t = n.putObject("seconds");
        t.put("wall", round(s.timings().wall()));
        t.put("prepare", round(s.timings().prepare()));
        t.put("inference", round(s.timings().inference()));
        n.put("modelSha256", s.modelSha256());
        return n;
    }

    private static ArrayNode slices(List<TopSlice> slices) {
        ArrayNode a = LINE.createArrayNode();
        for (TopSlice t : slices) {
            ObjectNode o = a.addObject();
            o.put("seriesInstanceUid", t.seriesInstanceUid());
            o.put("slice", t.slice());
            o.put("instanceNumber", t.instanceNumber());
            o.put("frame", t.frame());
            o.put("sopInstanceUid", t.sopInstanceUid());
            o.put("sopClassUid", t.sopClassUid());
            o.put("probability", t.probability());
        }
        return a;
    }

    /** The studies of a results.json (or of one journal line given as an object). */
    static List<StudyResult> studies(JsonNode root) {
        List<StudyResult> out = new ArrayList<>();
        for (JsonNode n : root.path("studies")) {
            out.add(study(n));
        }
        return out;
    }

    static JsonNode parse(byte[] bytes) throws java.io.IOException {
        return LINE.readTree(bytes);
    }

    static JsonNode parse(String text) throws java.io.IOException {
        return LINE.readTree(text);
    }

    static StudyResult study(JsonNode n) {
        List<String> mods = new ArrayList<>();
        n.path("modalities").forEach(m -> mods.add(m.asText()));
        List<SeriesResult> series = new ArrayList<>();
        for (JsonNode o : n.path("series")) {
            series.add(new SeriesResult(text(o, "seriesInstanceUid"), integer(o, "seriesNumber"), text(o, "modality"),
                    text(o, "bodyPart"), text(o, "description"), ResultStatus.valueOf(o.path("status").asText()),
                    text(o, "reason"), number(o, "score"), o.path("flagged").asBoolean(), slices(o.path("topSlices")),
                    o.path("slices").asInt(), o.path("scored").asInt(), o.path("failed").asInt()));
        }
        KeyImage key = null;
        JsonNode k = n.path("keyImage");
        if (k.isObject()) {
            key = new KeyImage(text(k, "image"), text(k, "heatmap"), text(k, "imageThumbnail"),
                    text(k, "heatmapThumbnail"), k.path("heatmapShown").asBoolean(), text(k, "note"));
        }
        List<String> dicom = new ArrayList<>();
        n.path("dicomResults").forEach(d -> dicom.add(d.asText()));
        List<Failure> failures = new ArrayList<>();
        for (JsonNode o : n.path("failures")) {
            failures.add(new Failure(o.path("location").asText(), text(o, "study"), o.path("stage").asText(),
                    o.path("kind").asText(), o.path("reason").asText()));
        }
        JsonNode t = n.path("seconds");
        String sha = text(n, "modelSha256");
        if (sha == null) {
            throw new IllegalArgumentException("a study without modelSha256");
        }
        return new StudyResult(text(n, "studyInstanceUid"), text(n, "patientId"), text(n, "patientName"),
                text(n, "accessionNumber"), text(n, "studyDate"), text(n, "description"), mods,
                ResultStatus.valueOf(n.path("status").asText()), text(n, "reason"), number(n, "score"),
                n.path("flagged").asBoolean(), slices(n.path("topSlices")), series, key, dicom, failures,
                new StudyResult.Timings(t.path("wall").asDouble(), t.path("prepare").asDouble(),
                        t.path("inference").asDouble()), sha);
    }

    private static List<TopSlice> slices(JsonNode a) {
        List<TopSlice> out = new ArrayList<>();
        for (JsonNode o : a) {
            out.add(new TopSlice(text(o, "seriesInstanceUid"), o.path("slice").asInt(), integer(o, "instanceNumber"),
                    o.path("frame").asInt(), text(o, "sopInstanceUid"), text(o, "sopClassUid"),
                    o.path("probability").asDouble()));
        }
        return out;
    }

    private static String text(JsonNode o, String key) {
        JsonNode v = o.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Integer integer(JsonNode o, String key) {
        JsonNode v = o.get(key);
        return v == null || v.isNull() ? null : v.asInt();
    }

    private static Double number(JsonNode o, String key) {
        JsonNode v = o.get(key);
        return v == null || v.isNull() ? null : v.asDouble();
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
