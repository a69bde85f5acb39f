package org.reslens.ui.viewport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.reslens.imaging.VoiLut;
import org.reslens.ui.Fixtures;
import org.reslens.ui.series.FrameStore;
import org.reslens.ui.series.StackRef;

class ViewportViewModelTest {
    private final FrameStore store = new FrameStore(64L << 20);

    private ViewportViewModel direct() {
        return new ViewportViewModel(new ViewportViewModel.Services(store, Fixtures.DIRECT, Fixtures.DIRECT,
                Fixtures.DIRECT, 2));
    }

    @Test
    void openingShowsTheMiddleSliceWithTheFilesWindow() {
        ViewportViewModel vm = direct();
        StackRef s = Fixtures.firstStack(Fixtures.SHUFFLED);
        vm.open(s);
        assertThat(vm.sliceIndexProperty().get()).isEqualTo(3);
        RenderedFrame f = vm.frameProperty().get();
        assertThat(f).isNotNull();
        assertThat(f.sliceIndex()).isEqualTo(3);
        assertThat(f.image().width()).isEqualTo(8);
        assertThat(((VoiLut.Window) f.voi()).center()).isEqualTo(40.0);
        assertThat(((VoiLut.Window) f.voi()).width()).isEqualTo(400.0);
        assertThat(vm.loadedCountProperty().get()).isEqualTo(6);
        assertThat(vm.headerProperty().get().frameOfReferenceUid()).isNotNull();
        assertThat(vm.loadingProperty().get()).isFalse();
    }

    @Test
    void scrollingRendersTheNewSliceAndStopsAtTheEnds() {
        ViewportViewModel vm = direct();
        vm.open(Fixtures.firstStack(Fixtures.SHUFFLED));
        vm.setWindow(1000, 4000);
        int[] before = vm.frameProperty().get().image().pixels().clone();
        vm.scrollBy(1);
        assertThat(vm.frameProperty().get().sliceIndex()).isEqualTo(4);
        assertThat(vm.frameProperty().get().image().pixels()).isNotEqualTo(before);
        vm.navigation().last();
        vm.scrollBy(5);
        assertThat(vm.sliceIndexProperty().get()).isEqualTo(5);
        vm.navigation().first();
        vm.navigation().page(-1);
        assertThat(vm.sliceIndexProperty().get()).isZero();
    }

    @Test
    void draggingChangesTheWindowAndThePixels() {
        ViewportViewModel vm = direct();
        vm.open(Fixtures.firstStack(Fixtures.SHUFFLED));
        int[] before = vm.frameProperty().get().image().pixels().clone();
        vm.beginWindowDrag();
        vm.dragWindow(150, -60, WindowDrag.Speed.NORMAL);
        vm.endWindowDrag();
        VoiLut.Window w = (VoiLut.Window) vm.frameProperty().get().voi();
        assertThat(w.width()).isGreaterThan(400);
        assertThat(w.center()).isLessThan(40);
        assertThat(vm.frameProperty().get().image().pixels()).isNotEqualTo(before);
        // The reader's window sticks while scrolling.
        vm.scrollBy(-2);
        assertThat(vm.frameProperty().get().voi()).isEqualTo(w);
        vm.resetWindow();
        assertThat(((VoiLut.Window) vm.frameProperty().get().voi()).width()).isEqualTo(400.0);
    }

    @Test
    void presetShortcutsPickFileThenStandardWindowsAndZeroTheAutomaticOne() {
        ViewportViewModel vm = direct();
        vm.open(Fixtures.firstStack(Fixtures.SHUFFLED));
        assertThat(vm.presets()).extracting(WindowPreset::kind).startsWith(WindowPreset.Kind.FILE,
                WindowPreset.Kind.STANDARD);
        vm.applyPresetShortcut(2);
        assertThat(vm.currentVoi().explanation()).isEqualTo("BRAIN");
        vm.applyPresetShortcut(0);
        assertThat(vm.currentVoi().explanation()).startsWith("AUTO");
        vm.setWindow(100, 0.2);
        assertThat(((VoiLut.Window) vm.currentVoi()).width()).isEqualTo(1.0);
    }

    @Test
    void invertTurnsBlackToWhite() {
        ViewportViewModel vm = direct();
        vm.open(Fixtures.firstStack(Fixtures.SHUFFLED));
        int p = vm.frameProperty().get().image().pixels()[0] & 0xFF;
        vm.toggleInvert();
        assertThat(vm.frameProperty().get().image().pixels()[0] & 0xFF).isEqualTo(255 - p);
    }

    @Test
    void zoomingAtAPointKeepsThatPointOfTheImageUnderIt() {
        ViewportViewModel vm = direct();
        vm.open(Fixtures.firstStack(Fixtures.SHUFFLED));
        vm.setViewSize(400, 300);
        ViewTransform before = vm.transform();
        double ix = before.imageX(150, 100);
        double iy = before.imageY(150, 100);
        vm.zoomAt(1.5, 150, 100);
        ViewTransform after = vm.transform();
        assertThat(after.zoom()).isCloseTo(before.zoom() * 1.5, within(1e-9));
        assertThat(after.screenX(ix, iy)).isCloseTo(150, within(1e-9));
        assertThat(after.screenY(ix, iy)).isCloseTo(100, within(1e-9));
        vm.actualSize();
        assertThat(vm.transform().zoom()).isEqualTo(1.0);
        vm.reset();
        assertThat(vm.geometryProperty().get()).isEqualTo(ViewGeometry.DEFAULT);
    }

    @Test
    void aSliceStillLoadingKeepsThePreviousImageUntilItArrives() {
        Deque<Runnable> loads = new ArrayDeque<>();
        Executor deferred = loads::add;
        ViewportViewModel vm = new ViewportViewModel(new ViewportViewModel.Services(store, deferred,
                Fixtures.DIRECT, Fixtures.DIRECT, 1));
        vm.open(Fixtures.firstStack(Fixtures.SHUFFLED));
        assertThat(vm.frameProperty().get()).isNull();
        assertThat(vm.loadingProperty().get()).isTrue();
        while (!loads.isEmpty()) {
            loads.poll().run();
        }
        assertThat(vm.frameProperty().get().sliceIndex()).isEqualTo(3);
        assertThat(vm.loadingProperty().get()).isFalse();
    }

    @Test
    void aSliceThatCannotBeDecodedIsReportedNotThrown() {
        ViewportViewModel vm = direct();
        // Indexes fine (the header is sound) but its pixel fragment runs past the end of the file.
        StackRef broken = Fixtures.firstStack(java.nio.file.Path.of("src/test/resources/dicom/broken/fragment_past_end.dcm"));
        vm.open(broken, 0);
        assertThat(vm.problemProperty().get()).startsWith("Slice 1: ");
        assertThat(vm.frameProperty().get()).isNull();
        assertThat(vm.loadingProperty().get()).isFalse();
    }

    @Test
    void holdingAKeyScrollsOnTheFramePulseAndCineWrapsAround() {
        ViewportViewModel vm = direct();
        vm.open(Fixtures.firstStack(Fixtures.SHUFFLED), 0);
        vm.navigation().holdPressed(1, 0);
        assertThat(vm.sliceIndexProperty().get()).isEqualTo(1);
        vm.pulse(ViewportViewModel.HOLD_DELAY_NANOS + 40_000_000L);
        assertThat(vm.sliceIndexProperty().get()).isEqualTo(4);
        vm.navigation().holdReleased();
        vm.pulse(2_000_000_000L);
        assertThat(vm.sliceIndexProperty().get()).isEqualTo(4);
        vm.navigation().cineFpsProperty().set(10);
        vm.navigation().setCinePlaying(true, 0);
        vm.pulse(250_000_000L);
        assertThat(vm.sliceIndexProperty().get()).isEqualTo(0);
    }
}
