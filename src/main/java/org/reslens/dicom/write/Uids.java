package org.reslens.dicom.write;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * New UIDs without a registered root, as PS3.5 B.2 allows: {@code 2.25.} followed by a 128-bit number written in
 * decimal (at most 44 characters). Random UIDs use version-4 UUID bits from a {@link SecureRandom}; derived UIDs hash
 * a name, so the same name always gives the same UID.
 */
public final class Uids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern VALID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");

    private Uids() {
    }

    /** A fresh UID for a new object. */
    public static String random() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0F) | 0x40);
        b[8] = (byte) ((b[8] & 0x3F) | 0x80);
        return fromBytes(b);
    }

    /** A UID fixed by {@code name} (a SHA-256 of it, cut to 128 bits), for things that must stay the same. */
    public static String derived(String name) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return fromBytes(Arrays.copyOf(h, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** {@code 2.25.} and the first 16 bytes as an unsigned number. */
    static String fromBytes(byte[] sixteen) {
        return "2.25." + new BigInteger(1, Arrays.copyOf(sixteen, 16)).toString();
    }

    /** A syntactically valid UID: numeric components without leading zeros, at most 64 characters. */
    public static boolean isValid(String uid) {
        return uid != null && uid.length() <= 64 && VALID.matcher(uid).matches();
    }
}
