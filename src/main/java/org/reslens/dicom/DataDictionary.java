package org.reslens.dicom;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The PS3.6 data dictionary: VR, VM, keyword and retirement of every standard attribute, generated from dcmtk's
 * dicom.dic by {@code tools/gen-dictionary.py} into {@code dictionary.tsv}.
 *
 * <p>Lookups are by exact tag first, then by repeating pattern ((60xx,3000), (0020,31xx), ...), most specific mask
 * first; (gggg,0000) falls back to the generic group length. Private tags (odd groups) have no entry, but
 * {@link #vrOf} still knows what PS3.5 fixes for them: private creators are LO and group lengths UL.
 *
 * <p>{@link #vrOf} runs once per element of an implicit-VR file, so its exact path is a binary search over a sorted
 * {@code int[]} with a parallel {@code VR[]}: no boxing, no hashing, no allocation.
 */
public final class DataDictionary {
    private static final String RESOURCE = "dictionary.tsv";
    private static final int FIELDS = 7;

    /** (gggg,0000) for any group: PS3.5 7.2 makes every group length UL with VM 1. */
    static final DictionaryEntry GROUP_LENGTH =
            new DictionaryEntry(0x00000000, 0x0000FFFF, "GroupLength", "Group Length", VR.UL, List.of(VR.UL), "1",
                    false);

    private final int[] exactTags;
    private final VR[] exactVrs;
    private final DictionaryEntry[] exactEntries;
    private final PatternTable[] patterns;
    private final Map<String, DictionaryEntry> byKeyword;

    /** The entries that share one mask, sorted by tag so a masked candidate can be found by binary search. */
    private record PatternTable(int mask, int[] tags, DictionaryEntry[] entries) {
        DictionaryEntry find(int tag) {
            int i = Arrays.binarySearch(tags, tag & mask);
            return i >= 0 ? entries[i] : null;
        }
    }

    private DataDictionary(List<DictionaryEntry> entries) {
        List<DictionaryEntry> exact = new ArrayList<>();
        Map<Integer, List<DictionaryEntry>> byMask = new TreeMap<>();
        Map<String, DictionaryEntry> keywords = new HashMap<>(entries.size() * 2);
        for (DictionaryEntry entry : entries) {
            if (keywords.put(entry.keyword(), entry) != null) {
                throw new IllegalArgumentException("duplicate keyword " + entry.keyword());
            }
            if (entry.isRepeating()) {
                byMask.computeIfAbsent(entry.mask(), m -> new ArrayList<>()).add(entry);
            } else {
                exact.add(entry);
            }
        }
        exact.sort(Comparator.comparingInt(DictionaryEntry::tag));
        exactTags = new int[exact.size()];
        exactVrs = new VR[exact.size()];
        exactEntries = exact.toArray(new DictionaryEntry[0]);
        for (int i = 0; i < exactEntries.length; i++) {
            exactTags[i] = exactEntries[i].tag();
            exactVrs[i] = exactEntries[i].vr();
            if (i > 0 && exactTags[i] == exactTags[i - 1]) {
                throw new IllegalArgumentException("duplicate tag " + Tags.tagString(exactTags[i]));
            }
        }
        patterns = byMask.entrySet().stream()
                .map(e -> patternTable(e.getKey(), e.getValue()))
                // More fixed bits first, so a narrower pattern wins over a wider one that also matches.
                .sorted(Comparator.comparingInt((PatternTable p) -> -Integer.bitCount(p.mask())))
                .toArray(PatternTable[]::new);
        byKeyword = Map.copyOf(keywords);
    }

    private static PatternTable patternTable(int mask, List<DictionaryEntry> entries) {
        DictionaryEntry[] sorted = entries.stream()
                .sorted(Comparator.comparingInt(DictionaryEntry::tag))
                .toArray(DictionaryEntry[]::new);
        int[] tags = new int[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            tags[i] = sorted[i].tag();
            if (i > 0 && tags[i] == tags[i - 1]) {
                throw new IllegalArgumentException("duplicate pattern " + sorted[i].tagPattern());
            }
        }
        return new PatternTable(mask, tags, sorted);
    }

    private static final class Standard {
        // Class initialisation is lazy and thread-safe: the resource is read on the first standard() call only.
        static final DataDictionary INSTANCE = loadResource();
    }

    /** The bundled dictionary, read once on first use. */
    public static DataDictionary standard() {
        return Standard.INSTANCE;
    }

    private static DataDictionary loadResource() {
        try (InputStream in = DataDictionary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " missing next to " + DataDictionary.class);
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /**
     * Reads the generator's TSV format. The resource is built with the code, so a bad line is a build bug and throws
     * {@link IllegalStateException} naming the line rather than being skipped.
     */
    static DataDictionary parse(BufferedReader reader) throws IOException {
        List<DictionaryEntry> entries = new ArrayList<>(5000);
        Map<String, List<VR>> sharedAlternatives = new HashMap<>();
        int lineNumber = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNumber++;
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            String[] f = line.split("\t", -1);
            try {
                if (f.length != FIELDS) {
                    throw new IllegalArgumentException("expected " + FIELDS + " fields, found " + f.length);
                }
                List<VR> alternatives = sharedAlternatives.computeIfAbsent(f[2], DataDictionary::parseVrs);
                entries.add(new DictionaryEntry(Integer.parseUnsignedInt(f[0], 16), Integer.parseUnsignedInt(f[1], 16),
                        f[4], f[5], alternatives.get(0), alternatives, f[3], parseRetired(f[6])));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(RESOURCE + " line " + lineNumber + ": " + e.getMessage(), e);
            }
        }
        try {
            return new DataDictionary(entries);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(RESOURCE + ": " + e.getMessage(), e);
        }
    }

    private static List<VR> parseVrs(String text) {
        String[] names = text.split("\\|", -1);
        VR[] vrs = new VR[names.length];
        for (int i = 0; i < names.length; i++) {
            vrs[i] = VR.ofName(names[i]);
            if (vrs[i] == null) {
                throw new IllegalArgumentException("unknown VR " + names[i]);
            }
        }
        return List.of(vrs);
    }

    private static boolean parseRetired(String text) {
        return switch (text) {
            case "1" -> true;
            case "0" -> false;
            default -> throw new IllegalArgumentException("retired must be 0 or 1, found " + text);
        };
    }

    /**
     * The attribute for a tag: exact entries, then repeating patterns, then the generic group length. Empty for
     * private tags and for tags that PS3.6 does not define.
     */
    public Optional<DictionaryEntry> byTag(int tag) {
        int i = Arrays.binarySearch(exactTags, tag);
        if (i >= 0) {
            return Optional.of(exactEntries[i]);
        }
        if (Tags.isPrivate(tag)) {
            return Optional.empty();
        }
        return Optional.ofNullable(standardInexact(tag));
    }

    /**
     * The VR to assume for an element of an implicit-VR data set; UN when the dictionary does not know the tag.
     * For "US or SS"-style attributes this is the first alternative, which the caller may refine from Pixel
     * Representation or Bits Allocated.
     */
    public VR vrOf(int tag) {
        int i = Arrays.binarySearch(exactTags, tag);
        if (i >= 0) {
            return exactVrs[i];
        }
        if (Tags.isPrivate(tag)) {
            if (Tags.isGroupLength(tag)) {
                return VR.UL;
            }
            return Tags.isPrivateCreator(tag) ? VR.LO : VR.UN;
        }
        DictionaryEntry entry = standardInexact(tag);
        return entry != null ? entry.vr() : VR.UN;
    }

    private DictionaryEntry standardInexact(int tag) {
        for (PatternTable table : patterns) {
            DictionaryEntry entry = table.find(tag);
            if (entry != null) {
                return entry;
            }
        }
        return Tags.isGroupLength(tag) ? GROUP_LENGTH : null;
    }

    /** The attribute with this PS3.6 keyword (case-sensitive, without dcmtk's RETIRED_ prefix). */
    public Optional<DictionaryEntry> byKeyword(String keyword) {
        return Optional.ofNullable(byKeyword.get(keyword));
    }

    /** Number of attributes, repeating patterns counted once; the generic group length is not counted. */
    public int size() {
        return byKeyword.size();
    }
}
