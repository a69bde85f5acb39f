package org.reslens.dicom.write;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The per-site secret behind stable pseudonyms: 32 random bytes kept in the user's configuration folder (never in
 * an output or next to the source data), created on first use with owner-only permissions. A pseudonym is an
 * HMAC-SHA-256 of the original value under this key, so the same site always maps a patient to the same pseudonym
 * (reruns and resumed runs agree) while nobody without the key can test a guess of who a pseudonym is.
 */
public final class PseudonymKey {
    /** Name of the key file inside the configuration folder. */
    public static final String FILE_NAME = "deidentification.key";
    private static final int BYTES = 32;

    private final byte[] key;

    private PseudonymKey(byte[] key) {
        this.key = key;
    }

    /** A key given directly (tests; a site that manages its own secret). */
    public static PseudonymKey of(byte[] key) {
        if (key == null || key.length < 16) {
            throw new IllegalArgumentException("a pseudonym key needs at least 16 bytes");
        }
        return new PseudonymKey(key.clone());
    }

    /**
     * The configuration folder: {@code -Dreslens.config.dir} if set, else {@code $XDG_CONFIG_HOME/reslens}, else
     * {@code ~/.config/reslens}.
     */
    public static Path defaultFolder() {
        String prop = System.getProperty("reslens.config.dir");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("reslens");
    }

    /** The key in {@code folder}, created there (atomically, owner-only) when it does not exist yet. */
    public static PseudonymKey loadOrCreate(Path folder) throws IOException {
        Path file = folder.resolve(FILE_NAME);
        if (Files.isRegularFile(file)) {
            return read(file);
        }
        Files.createDirectories(folder);
        byte[] fresh = new byte[BYTES];
        new SecureRandom().nextBytes(fresh);
        Path tmp = folder.resolve("." + FILE_NAME + "." + System.nanoTime() + AtomicFiles.PART_SUFFIX);
        try {
            Files.writeString(tmp, HexFormat.of().formatHex(fresh) + "\n", StandardCharsets.US_ASCII,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            ownerOnly(tmp);
            // No REPLACE_EXISTING: when two runs create the key at once, the first wins and both use its key.
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            return new PseudonymKey(fresh);
        } catch (FileAlreadyExistsException e) {
            return read(file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static PseudonymKey read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        try {
            byte[] k = HexFormat.of().parseHex(text);
            if (k.length < 16) {
                throw new IOException(file + " holds a key of " + k.length + " bytes; at least 16 are needed");
            }
            return new PseudonymKey(k);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a hexadecimal key: " + e.getMessage(), e);
        }
    }

    private static void ownerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: the folder's own protection applies.
        }
    }

    /** HMAC-SHA-256 of {@code namespace + NUL + value}: namespaces keep a patient ID from matching an equal UID. */
    byte[] hmac(String namespace, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(namespace.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /**
     * A short one-way fingerprint of the key (not the key), recorded with de-identified results so that a resumed run
     * can tell whether the same key made them.
     */
    public String fingerprint() {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(hmac("fingerprint", "reslens"));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "PseudonymKey[" + fingerprint() + "]";
    }
}
