package org.reslens.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reslens.dicom.DicomFile;
import org.reslens.dicom.ErrorKind;
import org.reslens.dicom.Tags;

/**
 * Series assembly on files written by dcmtk ({@code src/test/fixtures/make-study-fixtures.sh}): the order, splits,
 * spacing and warnings each folder was made to show, read back through a direct executor unless stated.
 */
class StudyIndexerTest {
    static final Path FIXTURES = Path.of("src/test/resources/study");
    private static final StudyIndexer DIRECT = new StudyIndexer(Runnable::run);

    static StudyIndex index(Path... inputs) throws IndexCancelledException {
        return DIRECT.index(List.of(inputs));
    }

    static Stack onlyStack(StudyIndex index) {
        assertThat(index.stacks()).hasSize(1);
        return index.stacks().findFirst().orElseThrow();
    }

    /** File names in display order. */
    static List<String> names(Stack stack) {
        return stack.slices().stream().map(s -> ((Location.InFile) s.location()).path().getFileName().toString())
                .toList();
    }

    static List<Integer> instanceNumbers(Stack stack) {
        return stack.slices().stream().map(Slice::instanceNumber).toList();
    }

    static List<Double> zs(Stack stack) {
        return stack.slices().stream().map(s -> s.attributes().position().z()).toList();
    }

    @Test
    void ordersByPositionWhateverTheFileNames() throws Exception {
        Stack stack = onlyStack(index(FIXTURES.resolve("shuffled")));
        assertThat(names(stack)).containsExactly("q7.dcm", "a2.dcm", "m0.dcm", "zz.dcm", "b9.dcm", "k4.dcm");
        assertThat(zs(stack)).containsExactly(0.0, 2.5, 5.0, 7.5, 10.0, 12.5);
        assertThat(stack.orderedBy()).isEqualTo(SliceOrder.IMAGE_POSITION);
        assertThat(stack.sliceSpacing()).isEqualTo(2.5);
        assertThat(stack.warnings()).isEmpty();
        assertThat(stack.label()).isEqualTo("axial");
    }

    @Test
    void positionsWinOverInstanceNumbersThatRunTheOtherWay() throws Exception {
        Stack stack = onlyStack(index(FIXTURES.resolve("reversed")));
        assertThat(instanceNumbers(stack)).containsExactly(5, 4, 3, 2, 1);
        assertThat(zs(stack)).containsExactly(0.0, 10.0, 20.0, 30.0, 40.0);
        assertThat(stack.orderedBy()).isEqualTo(SliceOrder.IMAGE_POSITION);
        assertThat(stack.sliceSpacing()).isEqualTo(10.0);
    }

    @Test
    void tiltedGantryIsOrderedAlongItsObliqueNormalAndReportedAsSheared() throws Exception {
        Stack stack = onlyStack(index(FIXTURES.resolve("tilted")));
        assertThat(zs(stack)).containsExactly(100.0, 105.0, 110.0, 115.0, 120.0);
        assertThat(names(stack)).containsExactly("slice4.dcm", "slice3.dcm", "slice2.dcm", "slice1.dcm",
                "slice0.dcm");
        // The table moved 5 mm along z; the slice planes, tilted 15 degrees, are 5 cos(15) apart.
        assertThat(stack.sliceSpacing()).isCloseTo(5 * Math.cos(Math.toRadians(15)), within(1e-4));
        assertThat(stack.orientation().normal().z()).isCloseTo(Math.cos(Math.toRadians(15)), within(1e-5));
        assertThat(stack.warnings()).extracting(StackWarning::kind).containsExactly(StackWarning.Kind.SHEARED);
        assertThat(stack.warnings().get(0).message()).contains("15.0 degrees");
    }

    @Test
    void twoSeriesSharingAFolderStaySeparate() throws Exception {
        StudyIndex index = index(FIXTURES.resolve("shared"));
        List<Series> series = index.series().toList();
        assertThat(series).extracting(Series::seriesNumber).containsExactly(4, 5);
        assertThat(series).extracting(Series::seriesDescription).containsExactly("Shared folder 4", "Shared folder 5");
        assertThat(names(series.get(0).stacks().get(0))).containsExactly("im01.dcm", "im03.dcm", "im05.dcm");
        assertThat(names(series.get(1).stacks().get(0))).containsExactly("im02.dcm", "im04.dcm", "im06.dcm",
                "im07.dcm");
        assertThat(series.get(1).stacks().get(0).sliceSpacing()).isEqualTo(4.0);
        assertThat(index.patients()).hasSize(1);
        assertThat(index.studies()).hasSize(1);
    }

    @Test
    void localizerImagesInTheSameSeriesBecomeStacksOfTheirOwn() throws Exception {
        Series series = index(FIXTURES.resolve("localizer")).series().findFirst().orElseThrow();
        assertThat(series.stacks()).extracting(Stack::label)
                .containsExactly("axial", "sagittal localizer", "coronal localizer", "axial localizer");
        Stack axial = series.stacks().get(0);
        assertThat(axial.localizer()).isFalse();
        assertThat(axial.frames()).isEqualTo(4);
        assertThat(axial.sliceSpacing()).isEqualTo(5.0);
        assertThat(axial.warnings()).isEmpty();
        // The axial localizer has the axial stack's orientation and size: only Image Type sets it apart.
        Stack axialScout = series.stacks().get(3);
        assertThat(axialScout.localizer()).isTrue();
        assertThat(axialScout.orientation().matches(axial.orientation(), 0)).isTrue();
        assertThat(names(axialScout)).containsExactly("loc_axi.dcm");
    }

    @Test
    void echoesOfOneSeriesAreSeparateStacks() throws Exception {
        Series series = index(FIXTURES.resolve("echo")).series().findFirst().orElseThrow();
        assertThat(series.stacks()).extracting(Stack::label).containsExactly("axial, echo 1", "axial, echo 2");
        assertThat(names(series.stacks().get(1))).containsExactly("e2_s0.dcm", "e2_s1.dcm", "e2_s2.dcm");
        assertThat(series.stacks()).allSatisfy(s -> {
            assertThat(s.warnings()).isEmpty(); // no duplicate positions once the echoes are apart
            assertThat(s.sliceSpacing()).isEqualTo(4.0);
        });
    }

    @Test
    void enhancedMultiFrameIsAStackOfItsFramesResolvedFromFunctionalGroups() throws Exception {
        Stack stack = onlyStack(index(FIXTURES.resolve("enhanced")));
        assertThat(stack.multiFrame()).isTrue();
        assertThat(stack.slices()).extracting(Slice::frameNumber).containsExactly(2, 4, 1, 3);
        assertThat(zs(stack)).containsExactly(0.0, 10.0, 20.0, 30.0);
        assertThat(stack.orderedBy()).isEqualTo(SliceOrder.IMAGE_POSITION);
        assertThat(stack.sliceSpacing()).isEqualTo(10.0);
        Map<Integer, SliceAttributes> byFrame = stack.slices().stream()
                .collect(Collectors.toMap(Slice::frameNumber, Slice::attributes));
        // Shared groups: orientation, pixel measures, rescale.
        assertThat(byFrame.get(1).orientation().normal()).isEqualTo(new Vector3(0, 0, 1));
        assertThat(byFrame.get(1).pixelSpacing()).isEqualTo(new PixelSpacing(0.5, 0.5));
        assertThat(byFrame.get(1).sliceThickness()).isEqualTo(2.0);
        assertThat(byFrame.get(1).rescale()).isEqualTo(new Rescale(1, 0, "US"));
        // Per-frame groups: each frame's own window, and frame 3's own rescale over the shared one.
        assertThat(byFrame.get(1).windows()).containsExactly(new VoiWindow(100, 200, "FRAME1"));
        assertThat(byFrame.get(4).windows()).containsExactly(new VoiWindow(103, 230, "FRAME4"));
        assertThat(byFrame.get(3).rescale()).isEqualTo(new Rescale(2, 5, "US"));
        assertThat(byFrame.get(2).rescale()).isEqualTo(new Rescale(1, 0, "US"));
        // Each slice names the frame that DicomFile.readFrame reads.
        Slice first = stack.slices().get(0);
        DicomFile df = first.location().open();
        assertThat(df.frameCount()).isEqualTo(4);
        assertThat(first.frameIndex()).isEqualTo(1);
    }

    @Test
    void classicMultiFrameWithoutGeometryKeepsItsFrameOrder() throws Exception {
        Stack stack = onlyStack(index(FIXTURES.resolve("cine")));
        assertThat(stack.multiFrame()).isTrue();
        assertThat(stack.slices()).extracting(Slice::frameNumber).containsExactly(1, 2, 3);
        assertThat(stack.orderedBy()).isEqualTo(SliceOrder.FILE_ORDER);
        assertThat(stack.sliceSpacing()).isNull();
        assertThat(stack.warnings()).isEmpty();
    }

    @Test
    void withoutPositionsFallsBackToInstanceNumberThenAcquisitionTimeThenFileOrder() throws Exception {
        Map<String, Stack> bySeries = index(FIXTURES.resolve("fallback")).series()
                .collect(Collectors.toMap(Series::seriesDescription, s -> s.stacks().get(0)));
        Stack byNumber = bySeries.get("By instance number");
        assertThat(byNumber.orderedBy()).isEqualTo(SliceOrder.INSTANCE_NUMBER);
        assertThat(names(byNumber)).containsExactly("by_number_2.dcm", "by_number_1.dcm", "by_number_0.dcm");
        Stack byTime = bySeries.get("By time");
        assertThat(byTime.orderedBy()).isEqualTo(SliceOrder.ACQUISITION_TIME);
        assertThat(names(byTime)).containsExactly("by_time_2.dcm", "by_time_1.dcm", "by_time_0.dcm");
        Stack byFile = bySeries.get("By file");
        assertThat(byFile.orderedBy()).isEqualTo(SliceOrder.FILE_ORDER);
        assertThat(names(byFile)).containsExactly("by_file_0.dcm", "by_file_1.dcm");
        assertThat(bySeries.values()).allSatisfy(s -> {
            assertThat(s.sliceSpacing()).isNull();
            assertThat(s.orientation()).isNull();
            assertThat(s.label()).isEqualTo("image");
        });
    }

    @Test
    void reportsGapsDuplicatesAndIrregularSpacingAsTypedWarnings() throws Exception {
        Map<String, Stack> bySeries = index(FIXTURES.resolve("spacing")).series()
                .collect(Collectors.toMap(Series::seriesDescription, s -> s.stacks().get(0)));
        Stack gap = bySeries.get("Gap");
        assertThat(gap.sliceSpacing()).isEqualTo(2.0);
        assertThat(gap.warnings()).extracting(StackWarning::kind).containsExactly(StackWarning.Kind.GAP);
        assertThat(gap.warnings().get(0).message()).contains("4 mm between slices 3 and 4").contains("1 missing");
        Stack duplicate = bySeries.get("Duplicate");
        assertThat(duplicate.sliceSpacing()).isEqualTo(2.0);
        assertThat(duplicate.frames()).isEqualTo(5);
        assertThat(duplicate.warnings()).extracting(StackWarning::kind)
                .containsExactly(StackWarning.Kind.DUPLICATE_POSITION);
        assertThat(duplicate.warnings().get(0).message()).contains("slices 2 and 3 at 2 mm");
        Stack irregular = bySeries.get("Irregular");
        assertThat(irregular.sliceSpacing()).isEqualTo(2.0);
        assertThat(irregular.warnings()).extracting(StackWarning::kind)
                .containsExactly(StackWarning.Kind.IRREGULAR_SPACING);
        assertThat(irregular.warnings().get(0).message()).contains("2.6 mm between slices 3 and 4");
    }

    @Test
    void readsTheFilesADicomdirReferencesAndNamesThemAsTheDicomdirWasNamed() throws Exception {
        StudyIndex index = index(FIXTURES.resolve("dicomdir/DICOMDIR"));
        assertThat(index.failures()).isEmpty();
        Stack stack = onlyStack(index);
        assertThat(stack.slices()).extracting(s -> s.location().toString()).containsExactly(
                Path.of("src/test/resources/study/dicomdir/IMAGES/IM000003").toString(),
                Path.of("src/test/resources/study/dicomdir/IMAGES/IM000002").toString(),
                Path.of("src/test/resources/study/dicomdir/IMAGES/IM000001").toString());
        // Walking the folder finds the same images; the DICOMDIR itself is neither an image nor a failure.
        StudyIndex walked = index(FIXTURES.resolve("dicomdir"));
        assertThat(walked.failures()).isEmpty();
        assertThat(onlyStack(walked).slices()).extracting(s -> s.location().toString())
                .isEqualTo(stack.slices().stream().map(s -> s.location().toString()).toList());
    }

    @Test
    void readsZipEntriesAndReportsTheOnesThatAreNotDicom() throws Exception {
        Path zip = FIXTURES.resolve("zip/study.zip");
        StudyIndex index = index(zip);
        Stack stack = onlyStack(index);
        assertThat(stack.slices()).extracting(s -> s.location()).containsExactly(
                new Location.InZip(zip, "series/slice2.dcm"), new Location.InZip(zip, "series/slice1.dcm"),
                new Location.InZip(zip, "series/slice0.dcm"));
        assertThat(stack.slices().get(0).location().toString()).isEqualTo(zip + "!/series/slice2.dcm");
        assertThat(stack.sliceSpacing()).isEqualTo(1.5);
        assertThat(index.failures()).extracting(f -> f.location().toString(), IndexFailure::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple(zip + "!/readme.txt", ErrorKind.NOT_DICOM),
                org.assertj.core.groups.Tuple.tuple(zip + "!/series/cut.dcm", ErrorKind.TRUNCATED));
        // A slice in a zip opens again for decoding.
        DicomFile df = stack.slices().get(0).location().open();
        assertThat(df.dataset().getString(Tags.SOPInstanceUID)).isEqualTo(stack.slices().get(0).sopInstanceUid());
        assertThat(df.readFrame(0).rows()).isEqualTo(8);
    }

    @Test
    void recognisesAZipByItsContentWhenTheNameDoesNotSaySo(@TempDir Path dir) throws Exception {
        Path renamed = Files.copy(FIXTURES.resolve("zip/study.zip"), dir.resolve("EXPORT"));
        assertThat(onlyStack(index(renamed)).frames()).isEqualTo(3);
    }

    @Test
    void refusesZipEntriesOverTheSizeLimitAndDamagedArchives(@TempDir Path dir) throws Exception {
        StudyIndexer small = new StudyIndexer(Runnable::run, new IndexOptions(200, 1e-3, 1e-2));
        StudyIndex index = small.index(List.of(FIXTURES.resolve("zip/study.zip")));
        assertThat(index.stacks()).isEmpty();
        assertThat(index.failures()).filteredOn(f -> f.location().toString().endsWith(".dcm"))
                .hasSize(4).allSatisfy(f -> {
                    assertThat(f.kind()).isEqualTo(ErrorKind.IO);
                    assertThat(f.message()).contains("larger than the limit of 200 bytes");
                });
        Path bogus = Files.writeString(dir.resolve("bogus.zip"), "PK this is not really an archive");
        Path cut = Files.write(dir.resolve("cut.zip"),
                java.util.Arrays.copyOf(Files.readAllBytes(FIXTURES.resolve("zip/study.zip")), 700));
        StudyIndex broken = index(bogus, cut);
        assertThat(broken.failures()).extracting(IndexFailure::location)
                .containsExactly(new Location.InFile(bogus), new Location.InFile(cut));
        assertThat(broken.failures()).allSatisfy(f -> assertThat(f.message()).contains("zip"));
    }

    @Test
    void brokenAndNonDicomFilesAreReportedWhileTheRestIsIndexed() throws Exception {
        Path mixed = FIXTURES.resolve("mixed");
        StudyIndex index = index(mixed);
        assertThat(index.failures()).extracting(f -> f.location().toString(), IndexFailure::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple(mixed.resolve("cut_header.dcm").toString(), ErrorKind.TRUNCATED),
                org.assertj.core.groups.Tuple.tuple(mixed.resolve("empty.dcm").toString(), ErrorKind.NOT_DICOM),
                org.assertj.core.groups.Tuple.tuple(mixed.resolve("notes.txt").toString(), ErrorKind.NOT_DICOM),
                org.assertj.core.groups.Tuple.tuple(mixed.resolve("truncated.dcm").toString(), ErrorKind.TRUNCATED));
        assertThat(index.failures()).allSatisfy(f -> assertThat(f.message()).doesNotContain(mixed.toString()));
        Patient patient = index.patients().get(0);
        assertThat(patient.patientId()).isEqualTo("STUDY-FIX-2");
        assertThat(patient.patientName()).isEqualTo("Fixture^Beta");
        Study study = patient.studies().get(0);
        assertThat(study.series()).hasSize(1);
        assertThat(study.series().get(0).stacks().get(0).frames()).isEqualTo(2);
        // Objects without pixels are listed under their study, not as stacks.
        assertThat(study.nonImageObjects()).extracting(NonImageObject::kind, NonImageObject::modality)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(NonImageObject.Kind.KEY_OBJECT_SELECTION, "KO"),
                        org.assertj.core.groups.Tuple.tuple(NonImageObject.Kind.STRUCTURED_REPORT, "SR"));
    }

    @Test
    void headersThatLieAreBoundedOrIgnoredNeverTrusted() throws Exception {
        Path hostile = FIXTURES.resolve("hostile");
        StudyIndex index = index(hostile);
        // Two billion frames announced over 128 bytes of Pixel Data: refused before anything is allocated per frame.
        assertThat(index.failures()).singleElement().satisfies(f -> {
            assertThat(f.location()).isEqualTo(new Location.InFile(hostile.resolve("too_many_frames.dcm")));
            assertThat(f.kind()).isEqualTo(ErrorKind.MALFORMED);
            assertThat(f.message()).contains("2000000000 frame(s)");
            assertThat(f.offset()).isPositive();
        });
        Map<String, Stack> bySeries = index.series()
                .collect(Collectors.toMap(Series::seriesDescription, s -> s.stacks().get(0)));
        // A NaN position and all-zero cosines are no geometry at all.
        Stack bad = bySeries.get("Bad geometry");
        assertThat(bad.orientation()).isNull();
        assertThat(bad.slices().get(0).attributes().position()).isNull();
        assertThat(bad.orderedBy()).isEqualTo(SliceOrder.INSTANCE_NUMBER);
        // Per-frame groups for one of three frames: the others have no position, so frame order stands.
        Stack shortGroups = bySeries.get("Short per-frame groups");
        assertThat(shortGroups.frames()).isEqualTo(3);
        assertThat(shortGroups.orderedBy()).isEqualTo(SliceOrder.FILE_ORDER);
        assertThat(shortGroups.warnings()).extracting(StackWarning::kind)
                .containsExactly(StackWarning.Kind.INCOMPLETE_GEOMETRY);
        assertThat(shortGroups.slices()).allSatisfy(s -> assertThat(s.attributes().orientation()).isNotNull());
    }

    @Test
    void aMissingInputIsAnIoFailure() throws Exception {
        StudyIndex index = index(Path.of("no/such/folder"));
        assertThat(index.patients()).isEmpty();
        assertThat(index.failures()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(ErrorKind.IO);
            assertThat(f.location()).isEqualTo(new Location.InFile(Path.of("no/such/folder")));
        });
    }

    @Test
    void theWholeTreeIndexesTheSameOnAThreadPoolAsOnTheCallingThread() throws Exception {
        StudyIndex direct = index(FIXTURES);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int run = 0; run < 3; run++) {
                assertThat(new StudyIndexer(pool).index(List.of(FIXTURES))).isEqualTo(direct);
            }
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(direct.patients()).extracting(Patient::patientId).containsExactly("STUDY-FIX-1", "STUDY-FIX-2");
        assertThat(direct.stacks()).hasSize(24);
        assertThat(direct.failures()).hasSize(8); // README.md, 1 in hostile/, 4 in mixed/, 2 in the zip
    }

    @Test
    void reportsProgressThatAddsUp() throws Exception {
        List<IndexListener.Progress> reports = new ArrayList<>();
        DIRECT.index(List.of(FIXTURES.resolve("mixed"), FIXTURES.resolve("zip")), reports::add,
                new CancellationToken());
        IndexListener.Progress last = reports.get(reports.size() - 1);
        // mixed/: 8 files (4 fail); zip/: the archive itself and its 5 entries (2 fail).
        assertThat(last).isEqualTo(new IndexListener.Progress(14, 8, 6));
        for (int i = 1; i < reports.size(); i++) {
            IndexListener.Progress a = reports.get(i - 1);
            IndexListener.Progress b = reports.get(i);
            assertThat(b.seen()).isGreaterThanOrEqualTo(a.seen());
            assertThat(b.done()).isGreaterThanOrEqualTo(a.done());
            assertThat(b.done()).isLessThanOrEqualTo(b.seen());
        }
    }

    @Test
    void cancellingStopsBetweenFilesAndReturnsNoHalfIndex() {
        CancellationToken token = new CancellationToken();
        AtomicInteger calls = new AtomicInteger();
        IndexListener cancelAfterThree = p -> {
            if (p.done() == 3) {
                token.cancel();
            }
            calls.incrementAndGet();
        };
        assertThatThrownBy(() -> DIRECT.index(List.of(FIXTURES), cancelAfterThree, token))
                .isInstanceOf(IndexCancelledException.class).hasMessageContaining("after 3 of");
        assertThat(calls.get()).isLessThan(10);
    }

    @Test
    void theSameFileReachedTwiceIsReadOnceAndACopiedInstanceIsLeftOutWithAWarning(@TempDir Path dir)
            throws Exception {
        Path shuffled = FIXTURES.resolve("shuffled");
        Stack twice = onlyStack(index(shuffled, shuffled.resolve("a2.dcm"), shuffled.toAbsolutePath()));
        assertThat(twice.frames()).isEqualTo(6);
        assertThat(twice.warnings()).isEmpty();

        Path copy = Files.copy(shuffled.resolve("a2.dcm"), dir.resolve("copy-of-a2.dcm"));
        Stack withCopy = onlyStack(index(shuffled, copy));
        assertThat(withCopy.frames()).isEqualTo(6);
        assertThat(withCopy.warnings()).extracting(StackWarning::kind)
                .containsExactly(StackWarning.Kind.DUPLICATE_INSTANCE);
    }

    @Test
    void indexingWritesNothing(@TempDir Path dir) throws Exception {
        copyTree(FIXTURES, dir);
        Map<Path, String> before = snapshot(dir);
        index(dir, dir.resolve("dicomdir/DICOMDIR"), dir.resolve("zip/study.zip"));
        assertThat(snapshot(dir)).isEqualTo(before);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** Every path under a folder with its size and modification time. */
    private static Map<Path, String> snapshot(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.collect(Collectors.toMap(p -> p, p -> {
                try {
                    return Files.size(p) + "@" + Files.getLastModifiedTime(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
    }
}
