package org.reslens.inference;

import java.nio.charset.StandardCharsets;

/**
 * A cursor over one protobuf message in a byte array (wire format only: varint, 64-bit, length-delimited, 32-bit).
 * Enough to walk ONNX's ModelProto without a protobuf dependency; the ONNX .proto is not published as a Java
 * artifact, so the field numbers live next to the code that reads them. Every length is checked against the bytes
 * that remain, so a damaged file ends in {@link InferenceException} ({@code CORRUPT_MODEL}) with its byte offset and
 * never in an allocation larger than the file.
 *
 * <p>Lengths alone do not bound memory: a two-byte empty NodeProto becomes a Node object, lists and strings of a
 * hundred bytes or more, so a 3 MB file of empty nodes would need hundreds of megabytes. A reader made with
 * {@link #budgeted} therefore counts every field and packed value it reads, it and the readers of its nested
 * messages together, and refuses the model ({@code TOO_LARGE}) past {@link #elementBudget()}.
 */
final class ProtoReader {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LEN = 2;
    static final int FIXED32 = 5;
    /**
     * Heap bytes per element the budget allows for. What the structural parse keeps per field is at most about 150
     * bytes (an empty node: the Node record, its list and map slots, a list entry in the graph), so a budget of
     * heap / 512 elements keeps a hostile model's objects under a third of the heap.
     */
    private static final long HEAP_BYTES_PER_ELEMENT = 512;
    /** The floor of the budget, whatever the heap: many times what a ResNet's graph needs (a few thousand). */
    private static final long MIN_ELEMENTS = 65_536;

    private final byte[] buf;
    private final int end;
    private final Budget budget;
    private int pos;
    private int tag;

    /** The elements one parse may still read, shared by a reader and the readers of its nested messages. */
    private static final class Budget {
        private final long limit;
        private long left;

        Budget(long limit) {
            this.limit = limit;
            this.left = limit;
        }
    }

    /** A reader without an element budget, for spans already parsed once (tensor data). */
    ProtoReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    ProtoReader(byte[] buf, int start, int end) {
        this(buf, start, end, null);
    }

    private ProtoReader(byte[] buf, int start, int end, Budget budget) {
        this.buf = buf;
        this.pos = start;
        this.end = end;
        this.budget = budget;
    }

    /** A reader over the whole buffer that refuses the model after {@link #elementBudget()} fields and values. */
    static ProtoReader budgeted(byte[] buf) {
        return new ProtoReader(buf, 0, buf.length, new Budget(elementBudget()));
    }

    /** max(65536, max heap / 512): 131072 elements under a 64 MiB heap, 2 million under 1 GiB. */
    static long elementBudget() {
        return Math.max(MIN_ELEMENTS, Runtime.getRuntime().maxMemory() / HEAP_BYTES_PER_ELEMENT);
    }

    /** A reader over {@code [start, end)} of the same buffer, sharing this reader's budget. */
    ProtoReader sub(int start, int end) {
        return new ProtoReader(buf, start, end, budget);
    }

    private void charge() throws InferenceException {
        if (budget != null && --budget.left < 0) {
            throw new InferenceException(InferenceException.Reason.TOO_LARGE, "the model's graph has more than "
                    + budget.limit + " fields and values, more than " + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MiB of heap can hold as objects (at byte " + pos + ")");
        }
    }

    /** Reads the next field's tag; false at the end of the message. */
    boolean next() throws InferenceException {
        if (pos >= end) {
            return false;
        }
        charge();
        long t = varint();
        if (t >>> 3 == 0 || t >>> 3 > 0x1FFFFFFF) {
            throw corrupt("invalid field number " + (t >>> 3));
        }
        tag = (int) t;
        int wt = wireType();
        if (wt != VARINT && wt != FIXED64 && wt != LEN && wt != FIXED32) {
            throw corrupt("unsupported wire type " + wt + " for field " + field());
        }
        return true;
    }

    int field() {
        return tag >>> 3;
    }

    int wireType() {
        return tag & 7;
    }

    int position() {
        return pos;
    }

    /** True while unread bytes remain (for packed repeated fields, which have no tags). */
    boolean hasRemaining() {
        return pos < end;
    }

    long varint() throws InferenceException {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw corrupt("message ends inside a varint");
            }
            byte b = buf[pos++];
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw corrupt("varint longer than 10 bytes");
    }

    int fixed32() throws InferenceException {
        need(4);
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16
                | (buf[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    long fixed64() throws InferenceException {
        long lo = fixed32() & 0xFFFFFFFFL;
        long hi = fixed32() & 0xFFFFFFFFL;
        return lo | hi << 32;
    }

    /** The current length-delimited field as a reader over its bytes; the cursor moves past it. */
    ProtoReader message() throws InferenceException {
        int start = lengthDelimitedStart();
        return new ProtoReader(buf, start, pos, budget);
    }

    /** Moves past the current length-delimited field and returns where its payload starts (it ends at position()). */
    int lengthDelimitedStart() throws InferenceException {
        expect(LEN);
        long len = varint();
        if (len < 0 || len > end - pos) {
            throw corrupt("field " + field() + " claims " + len + " bytes but " + (end - pos) + " remain");
        }
        int start = pos;
        pos += (int) len;
        return start;
    }

    /** The field as UTF-8 text (malformed bytes become U+FFFD); the shared "" when empty, as most names are. */
    String string() throws InferenceException {
        int start = lengthDelimitedStart();
        return pos == start ? "" : new String(buf, start, pos - start, StandardCharsets.UTF_8);
    }

    /** An int64/int32/enum field, packed or not: calls {@code sink} for each value. */
    void int64s(LongSink sink) throws InferenceException {
        if (wireType() == VARINT) {
            sink.accept(varint());
        } else {
            ProtoReader packed = message();
            while (packed.pos < packed.end) {
                packed.charge();
                sink.accept(packed.varint());
            }
        }
    }

    /** A float field, packed or not. */
    void floats(FloatSink sink) throws InferenceException {
        if (wireType() == FIXED32) {
            sink.accept(Float.intBitsToFloat(fixed32()));
        } else {
            ProtoReader packed = message();
            if ((packed.end - packed.pos) % 4 != 0) {
                throw corrupt("packed floats of " + (packed.end - packed.pos) + " bytes");
            }
            while (packed.pos < packed.end) {
                sink.accept(Float.intBitsToFloat(packed.fixed32()));
            }
        }
    }

    void skip() throws InferenceException {
        switch (wireType()) {
            case VARINT -> varint();
            case FIXED64 -> {
                need(8);
                pos += 8;
            }
            case FIXED32 -> {
                need(4);
                pos += 4;
            }
            case LEN -> lengthDelimitedStart();
            default -> throw corrupt("unsupported wire type " + wireType());
        }
    }

    void expect(int wireType) throws InferenceException {
        if (wireType() != wireType) {
            throw corrupt("field " + field() + " has wire type " + wireType() + ", expected " + wireType);
        }
    }

    private void need(int n) throws InferenceException {
        if (end - pos < n) {
            throw corrupt("message ends inside a " + n + "-byte field");
        }
    }

    InferenceException corrupt(String detail) {
        return new InferenceException(InferenceException.Reason.CORRUPT_MODEL,
                "not a valid ONNX protobuf at byte " + pos + ": " + detail);
    }

    @FunctionalInterface
    interface LongSink {
        void accept(long v) throws InferenceException;
    }

    @FunctionalInterface
    interface FloatSink {
        void accept(float v) throws InferenceException;
    }
}
