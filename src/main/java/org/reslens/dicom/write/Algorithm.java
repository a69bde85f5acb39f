package org.reslens.dicom.write;

/**
 * The AI algorithm that produced a result, identified the way IHE AI Results asks: in the Contributing Equipment
 * Sequence of every object it contributed to, and as the device observer of the report.
 *
 * @param name         the model's name, e.g. "brain-lesion-demo"
 * @param version      the model's version
 * @param modelSha256  SHA-256 of the model file, so the exact weights are on record
 * @param deviceUid    a UID that names this model (derive it from the hash so every result of it agrees)
 * @param intendedUse  the model's stated use, e.g. "demonstration only, not for clinical use"
 */
public record Algorithm(String name, String version, String manufacturer, String modelSha256, String deviceUid,
                        String intendedUse) {
    public Algorithm {
        if (name == null || name.isBlank() || version == null || manufacturer == null || modelSha256 == null) {
            throw new IllegalArgumentException("name, version, manufacturer and model hash are required");
        }
        if (!Uids.isValid(deviceUid)) {
            throw new IllegalArgumentException("device UID is not valid: " + deviceUid);
        }
    }

    /** An algorithm whose device UID is derived from its model hash. */
    public static Algorithm of(String name, String version, String manufacturer, String modelSha256,
                               String intendedUse) {
        return new Algorithm(name, version, manufacturer, modelSha256, Uids.derived("reslens-model/" + modelSha256),
                intendedUse);
    }

    /** Software Versions value: the version and the start of the hash, within LO's 64 characters. */
    String softwareVersions() {
        String s = version + " sha256:" + modelSha256.substring(0, Math.min(16, modelSha256.length()));
        return s.length() <= 64 ? s : s.substring(0, 64);
    }
}
