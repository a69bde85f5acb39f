package org.reslens.ui.workspace;

import javafx.scene.Scene;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyEvent;
import org.reslens.ui.viewport.Tool;
import org.reslens.ui.viewport.ViewportNavigation;
import org.reslens.ui.viewport.ViewportViewModel;
import org.reslens.ui.workspace.Shortcuts.Action;

/**
 * Sends keys to the active viewport, the tools and the AI panel. Installed as a scene filter so the keys work
 * wherever the focus is, except while the reader types into a text field. Slice keys scroll at a steady rate while
 * held (see {@code HoldRepeat}), whatever the keyboard's auto-repeat does.
 */
final class ShortcutHandler {
    private final WorkspaceViewModel vm;
    private final Shortcuts shortcuts;
    private Action held;
    /** The viewport the held key scrolls: its release must stop that one, even if another became active since. */
    private ViewportViewModel heldOn;

    ShortcutHandler(WorkspaceViewModel vm, Shortcuts shortcuts) {
        this.vm = vm;
        this.shortcuts = shortcuts;
    }

    void install(Scene scene) {
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::pressed);
        scene.addEventFilter(KeyEvent.KEY_RELEASED, this::released);
        // A window that loses the focus while a key is held never hears the key go up: stop scrolling then.
        javafx.beans.value.ChangeListener<Boolean> focus = (o, was, is) -> {
            if (!is) {
                stopHold();
            }
        };
        scene.windowProperty().addListener((o, a, b) -> {
            if (a != null) {
                a.focusedProperty().removeListener(focus);
            }
            if (b != null) {
                b.focusedProperty().addListener(focus);
            }
        });
        if (scene.getWindow() != null) {
            scene.getWindow().focusedProperty().addListener(focus);
        }
    }

    private void pressed(KeyEvent e) {
        if (e.getTarget() instanceof TextInputControl) {
            return;
        }
        Action a = shortcuts.match(e);
        if (a == null) {
            return;
        }
        ViewportViewModel v = vm.activeViewport();
        ViewportNavigation nav = v.navigation();
        long now = System.nanoTime();
        if (a.holdDirection() != 0) {
            if (heldOn != null && heldOn != v) {
                heldOn.navigation().holdReleased();
            }
            held = a;
            heldOn = v;
            nav.holdPressed(a.holdDirection(), now);
            e.consume();
            return;
        }
        if (perform(a, v, now)) {
            e.consume();
        }
    }

    private void released(KeyEvent e) {
        if (held != null && shortcuts.key(held) instanceof javafx.scene.input.KeyCodeCombination k
                && k.getCode() == e.getCode()) {
            stopHold();
            e.consume();
        }
    }

    private void stopHold() {
        if (heldOn != null) {
            heldOn.navigation().holdReleased();
        }
        held = null;
        heldOn = null;
    }

    /** Runs one action on the active viewport; false when the action is not a viewer key. */
    boolean perform(Action a, ViewportViewModel v, long now) {
        ViewportNavigation nav = v.navigation();
        switch (a) {
            case PAGE_DOWN -> nav.page(1);
            case PAGE_UP -> nav.page(-1);
            case FIRST_SLICE -> nav.first();
            case LAST_SLICE -> nav.last();
            case CINE -> nav.toggleCine(now);
            case AUTO_WINDOW -> v.applyPresetShortcut(0);
            case PRESET_1, PRESET_2, PRESET_3, PRESET_4, PRESET_5, PRESET_6, PRESET_7, PRESET_8, PRESET_9 ->
                    v.applyPresetShortcut(a.ordinal() - Action.PRESET_1.ordinal() + 1);
            case FILE_WINDOW -> v.resetWindow();
            case FIT -> v.fit();
            case ACTUAL_SIZE -> v.actualSize();
            case ROTATE_RIGHT -> v.rotate(1);
            case ROTATE_LEFT -> v.rotate(-1);
            case FLIP_HORIZONTAL -> v.flipHorizontal();
            case FLIP_VERTICAL -> v.flipVertical();
            case INVERT -> v.toggleInvert();
            case RESET -> v.reset();
            case ANNOTATIONS -> {
                boolean show = !v.annotationsVisibleProperty().get();
                vm.viewports().forEach(x -> x.annotationsVisibleProperty().set(show));
            }
            case SYNC -> vm.syncScrollProperty().set(!vm.syncScrollProperty().get());
            case TOOL_WINDOW -> vm.toolProperty().set(Tool.WINDOW);
            case TOOL_PAN -> vm.toolProperty().set(Tool.PAN);
            case TOOL_ZOOM -> vm.toolProperty().set(Tool.ZOOM);
            case TOOL_DISTANCE -> vm.toolProperty().set(Tool.DISTANCE);
            case TOOL_RECTANGLE -> vm.toolProperty().set(Tool.RECTANGLE);
            case TOOL_ELLIPSE -> vm.toolProperty().set(Tool.ELLIPSE);
            case DELETE_MEASUREMENT -> {
                var list = vm.activeMeasurements().current();
                if (!list.isEmpty()) {
                    vm.activeMeasurements().delete(list.get(list.size() - 1));
                }
            }
            case CANCEL -> {
                vm.activeMeasurements().cancel();
                nav.setCinePlaying(false, now);
            }
            case HEATMAP -> vm.ai().toggleHeatmap();
            case NEXT_SUSPICIOUS -> vm.nextSuspicious(1);
            case PREVIOUS_SUSPICIOUS -> vm.nextSuspicious(-1);
            case RUN_AI -> vm.ai().run();
            case LAYOUT_1 -> vm.layoutProperty().set(Layout.ONE);
            case LAYOUT_2 -> vm.layoutProperty().set(Layout.ONE_BY_TWO);
            case LAYOUT_4 -> vm.layoutProperty().set(Layout.TWO_BY_TWO);
            default -> {
                return false;
            }
        }
        return true;
    }
}
