package org.reslens.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.reslens.dicom.Attributes;
import org.reslens.dicom.Crafted;
import org.reslens.dicom.DataDictionary;
import org.reslens.dicom.Sequence;
import org.reslens.dicom.VR;

/**
 * A data set of nested sequences built from the fuzzer's choices, written in one of the three uncompressed encodings,
 * with the shape it must parse back to. Each choice is a small integer, so mutations move between neighbouring
 * structures: one more item, one more level, a defined length instead of an undefined one.
 *
 * <p>Tags are unique and ascending inside each data set, leaf values never start with an item tag, and implicit VR
 * sequences use dictionary SQ tags or private tags of undefined length, so that a well-formed stream has exactly one
 * reading.
 */
final class NestedDataSet {
    enum Encoding {
        EXPLICIT_LE(Crafted.EXPLICIT_LE, true, false),
        IMPLICIT_LE(Crafted.IMPLICIT_LE, false, false),
        EXPLICIT_BE(Crafted.EXPLICIT_BE, true, true);

        final String uid;
        final boolean explicit;
        final boolean bigEndian;

        Encoding(String uid, boolean explicit, boolean bigEndian) {
            this.uid = uid;
            this.explicit = explicit;
            this.bigEndian = bigEndian;
        }
    }

    /** Leaf tags, ascending; none changes how the parser reads later elements (no 0008,0005 or 0028,0103). */
    private static final int[] LEAF_TAGS = {0x00080016, 0x00080060, 0x00090010, 0x00091001, 0x00100010, 0x00100020,
        0x00181050, 0x00200013, 0x00280010, 0x00291010, 0x0040A160, 0x00431001};
    /** Standard sequence tags (SQ in the dictionary) and one private one, ascending. */
    private static final int[] SEQUENCE_TAGS = {0x00081115, 0x00081140, 0x00091020, 0x00400275, 0x0040A730,
        0x00540016};
    private static final int PRIVATE_SEQUENCE = 0x00091020;
    private static final VR[] EXPLICIT_LEAF_VRS = {VR.CS, VR.LO, VR.PN, VR.DS, VR.IS, VR.US, VR.UL, VR.FD, VR.OB,
        VR.UN, VR.UT, VR.SH, VR.AT, VR.UC};
    /** Beyond the parser's limit of 64, so both sides of it are reachable. */
    static final int MAX_LEVELS = 80;
    private static final int MAX_NODES = 3_000;

    static {
        for (int tag : SEQUENCE_TAGS) {
            if (tag != PRIVATE_SEQUENCE && DataDictionary.standard().vrOf(tag) != VR.SQ) {
                throw new IllegalStateException(Integer.toHexString(tag) + " is not SQ in the dictionary");
            }
        }
    }

    sealed interface Node permits Leaf, Seq {
        int tag();
    }

    record Leaf(int tag, VR vr, byte[] value) implements Node {
    }

    /** {@code asUn}: written as UN of undefined length, whose content PS3.5 6.2.2 says is implicit VR LE. */
    record Seq(int tag, boolean undefinedLength, boolean asUn, List<Item> items) implements Node {
    }

    record Item(boolean undefinedLength, List<Node> children) {
    }

    final Encoding encoding;
    final List<Node> dataset;
    private int nodes;

    private NestedDataSet(Encoding encoding, List<Node> dataset) {
        this.encoding = encoding;
        this.dataset = dataset;
    }

    static NestedDataSet generate(FuzzedDataProvider fdp) {
        Encoding enc = Encoding.values()[fdp.consumeInt(0, 2)];
        NestedDataSet model = new NestedDataSet(enc, new ArrayList<>());
        model.dataset.addAll(model.children(fdp, 0, enc.explicit));
        return model;
    }

    private List<Node> children(FuzzedDataProvider fdp, int level, boolean explicit) {
        List<Node> out = new ArrayList<>();
        int leafIndex = 0;
        int seqIndex = 0;
        // The top level holds at least one element: a file of meta alone is refused as truncated (noted in
        // docs/fuzzing.md), and that is not what this target is about.
        int count = fdp.consumeInt(level == 0 ? 1 : 0, 3);
        for (int i = 0; i < count && nodes < MAX_NODES; i++) {
            nodes++;
            boolean sequence = level < MAX_LEVELS && fdp.consumeBoolean();
            if (sequence && seqIndex < SEQUENCE_TAGS.length) {
                seqIndex = fdp.consumeInt(seqIndex, SEQUENCE_TAGS.length - 1);
                int tag = SEQUENCE_TAGS[seqIndex++];
                out.add(sequence(fdp, tag, level, explicit));
            } else if (leafIndex < LEAF_TAGS.length) {
                leafIndex = fdp.consumeInt(leafIndex, LEAF_TAGS.length - 1);
                int tag = LEAF_TAGS[leafIndex++];
                out.add(leaf(fdp, tag, explicit));
            }
        }
        out.sort((a, b) -> Integer.compareUnsigned(a.tag(), b.tag()));
        return out;
    }

    private Node sequence(FuzzedDataProvider fdp, int tag, int level, boolean explicit) {
        boolean privateTag = tag == PRIVATE_SEQUENCE;
        // Implicit VR knows a private sequence only by its undefined length (it reads as UN).
        boolean undefined = (privateTag && !explicit) || fdp.consumeBoolean();
        boolean asUn = explicit && undefined && fdp.consumeInt(0, 3) == 0;
        boolean itemsExplicit = explicit && !asUn;
        // A chain of single-item levels reaches the depth limit with few choices.
        int chain = fdp.consumeInt(0, 3) == 0 ? fdp.consumeInt(1, MAX_LEVELS - level) : 1;
        return chain(fdp, tag, undefined, asUn, itemsExplicit, level, chain);
    }

    private Seq chain(FuzzedDataProvider fdp, int tag, boolean undefined, boolean asUn, boolean itemsExplicit,
                      int level, int remaining) {
        List<Item> items = new ArrayList<>();
        if (remaining > 1) {
            boolean innerUndefined = !itemsExplicit || fdp.consumeBoolean();
            Seq inner = chain(fdp, SEQUENCE_TAGS[0], innerUndefined, false, itemsExplicit, level + 1, remaining - 1);
            items.add(new Item(fdp.consumeBoolean(), List.of(inner)));
        } else {
            int count = fdp.consumeInt(0, 3);
            for (int i = 0; i < count && nodes < MAX_NODES; i++) {
                nodes++;
                items.add(new Item(fdp.consumeBoolean(), children(fdp, level + 1, itemsExplicit)));
            }
        }
        return new Seq(tag, undefined, asUn, items);
    }

    private static Leaf leaf(FuzzedDataProvider fdp, int tag, boolean explicit) {
        VR vr = explicit ? EXPLICIT_LEAF_VRS[fdp.consumeInt(0, EXPLICIT_LEAF_VRS.length - 1)] : null;
        byte[] value = Crafted.even(fdp.consumeBytes(fdp.consumeInt(0, 40)), (byte) 0);
        if (value.length >= 4 && (value[0] & 0xFF) == 0xFE && (value[1] & 0xFF) == 0xFF) {
            value[0] = 0; // never an item tag: an implicit private value starting with one reads as a sequence
        }
        return new Leaf(tag, vr, value);
    }

    /** The deepest sequence level (a sequence in the top-level data set is level 1). */
    int maxLevel() {
        return maxLevel(dataset);
    }

    private static int maxLevel(List<Node> nodes) {
        int max = 0;
        for (Node n : nodes) {
            if (n instanceof Seq s) {
                int inner = 0;
                for (Item item : s.items()) {
                    inner = Math.max(inner, maxLevel(item.children()));
                }
                max = Math.max(max, 1 + inner);
            }
        }
        return max;
    }

    // ---- writing ---------------------------------------------------------------------------------------------------

    /** The Part 10 stream. */
    Crafted write() {
        Crafted out = Crafted.part10(encoding.uid);
        out.bigEndian(encoding.bigEndian);
        for (Node n : dataset) {
            writeNode(out, n, encoding.explicit, encoding.bigEndian);
        }
        return out;
    }

    private final Map<Object, Long> sizes = new IdentityHashMap<>();

    private void writeNode(Crafted out, Node node, boolean explicit, boolean bigEndian) {
        if (node instanceof Leaf leaf) {
            if (explicit) {
                out.explicit(leaf.tag(), leaf.vr(), leaf.value());
            } else {
                out.implicit(leaf.tag(), leaf.value());
            }
            return;
        }
        Seq seq = (Seq) node;
        boolean innerExplicit = explicit && !seq.asUn();
        boolean innerBig = bigEndian && !seq.asUn();
        long length = seq.undefinedLength() ? Crafted.UNDEFINED : itemsSize(seq, innerExplicit);
        if (explicit) {
            out.explicitHeader(seq.tag(), seq.asUn() ? VR.UN : VR.SQ, length);
        } else {
            out.implicitHeader(seq.tag(), length);
        }
        out.bigEndian(innerBig);
        for (Item item : seq.items()) {
            out.item(item.undefinedLength() ? Crafted.UNDEFINED : childrenSize(item, innerExplicit));
            for (Node child : item.children()) {
                writeNode(out, child, innerExplicit, innerBig);
            }
            if (item.undefinedLength()) {
                out.itemEnd();
            }
        }
        if (seq.undefinedLength()) {
            out.sequenceEnd();
        }
        out.bigEndian(bigEndian);
    }

    /** Encoded size of a node; memoised, since a chain of defined lengths asks for every level's size. */
    private long nodeSize(Node node, boolean explicit) {
        if (node instanceof Leaf leaf) {
            boolean longHeader = explicit && leaf.vr().hasLongHeader();
            return (longHeader ? 12 : 8) + leaf.value().length;
        }
        Seq seq = (Seq) node;
        boolean innerExplicit = explicit && !seq.asUn();
        return (explicit ? 12 : 8) + itemsSize(seq, innerExplicit) + (seq.undefinedLength() ? 8 : 0);
    }

    private long itemsSize(Seq seq, boolean explicit) {
        Long known = sizes.get(seq);
        if (known != null) {
            return known;
        }
        long total = 0;
        for (Item item : seq.items()) {
            total += 8 + childrenSize(item, explicit) + (item.undefinedLength() ? 8 : 0);
        }
        sizes.put(seq, total);
        return total;
    }

    private long childrenSize(Item item, boolean explicit) {
        Long known = sizes.get(item);
        if (known != null) {
            return known;
        }
        long total = 0;
        for (Node child : item.children()) {
            total += nodeSize(child, explicit);
        }
        sizes.put(item, total);
        return total;
    }

    // ---- shape -----------------------------------------------------------------------------------------------------

    /** A text rendering of tags, item structure and leaf values, comparable with {@link #shapeOf(Attributes)}. */
    String shape() {
        StringBuilder sb = new StringBuilder();
        shape(dataset, sb);
        return sb.toString();
    }

    private static void shape(List<Node> nodes, StringBuilder sb) {
        sb.append('{');
        for (Node n : nodes) {
            sb.append(String.format("%08X", n.tag()));
            if (n instanceof Leaf leaf) {
                sb.append('=').append(HexFormat.of().formatHex(leaf.value()));
            } else {
                sb.append('[');
                for (Item item : ((Seq) n).items()) {
                    shape(item.children(), sb);
                }
                sb.append(']');
            }
            sb.append(' ');
        }
        sb.append('}');
    }

    static String shapeOf(Attributes ds) {
        StringBuilder sb = new StringBuilder();
        shapeOf(ds, sb);
        return sb.toString();
    }

    private static void shapeOf(Attributes ds, StringBuilder sb) {
        sb.append('{');
        for (int tag : ds.tags()) {
            if (ds.rawValue(tag) instanceof Sequence s) {
                sb.append(String.format("%08X", tag)).append('[');
                for (Attributes item : s.items()) {
                    shapeOf(item, sb);
                }
                sb.append(']');
            } else {
                byte[] v = ds.getBytes(tag);
                sb.append(String.format("%08X", tag)).append('=').append(v == null ? "?" : HexFormat.of().formatHex(v));
            }
            sb.append(' ');
        }
        sb.append('}');
    }
}
