package org.reslens.ui.browser;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import org.reslens.imaging.DisplayBuffer;
import org.reslens.study.NonImageObject;
import org.reslens.study.Patient;
import org.reslens.study.Series;
import org.reslens.study.Stack;
import org.reslens.study.Study;
import org.reslens.study.StudyIndex;
import org.reslens.ui.series.FrameStore;
import org.reslens.ui.series.StackRef;

/**
 * What the browser lists: every stack of every index opened so far (a series opened twice is listed once), with
 * thumbnails as they are rendered, and the objects without pixels of each study. Thumbnails render one at a time
 * on the background executor so they never compete with a viewport's loads for more than one worker.
 */
public final class StudyBrowserViewModel {
    /** One study and what is listed under it. */
    public record StudyEntry(Patient patient, Study study, List<StackRef> stacks, List<NonImageObject> others) {
    }

    private final FrameStore store;
    private final Executor background;
    private final Executor ui;
    private final ObservableList<StudyEntry> studies = FXCollections.observableArrayList();
    private final ObservableMap<String, DisplayBuffer> thumbnails = FXCollections.observableHashMap();
    private final Set<String> known = new HashSet<>();
    private final Deque<StackRef> thumbnailQueue = new ArrayDeque<>();
    private boolean thumbnailing;
    private Consumer<StackRef> onOpen = s -> { };

    public StudyBrowserViewModel(FrameStore store, Executor background, Executor ui) {
        this.store = store;
        this.background = background;
        this.ui = ui;
    }

    /** Every stack of an index, in index order (without adding them). */
    public static List<StackRef> stacksOf(StudyIndex index) {
        List<StackRef> out = new ArrayList<>();
        for (Patient p : index.patients()) {
            for (Study st : p.studies()) {
                for (Series se : st.series()) {
                    for (int i = 0; i < se.stacks().size(); i++) {
                        out.add(new StackRef(p, st, se, se.stacks().get(i), i));
                    }
                }
            }
        }
        return out;
    }

    /** Adds what an index found; returns the stacks that were new, in browser order. */
    public List<StackRef> add(StudyIndex index) {
        List<StackRef> added = new ArrayList<>();
        for (Patient p : index.patients()) {
            for (Study st : p.studies()) {
                List<StackRef> stacks = new ArrayList<>();
                for (Series se : st.series()) {
                    for (int i = 0; i < se.stacks().size(); i++) {
                        Stack k = se.stacks().get(i);
                        StackRef ref = new StackRef(p, st, se, k, i);
                        if (known.add(ref.key())) {
                            stacks.add(ref);
                        }
                    }
                }
                if (!stacks.isEmpty() || !st.nonImageObjects().isEmpty()) {
                    studies.add(new StudyEntry(p, st, stacks, st.nonImageObjects()));
                    added.addAll(stacks);
                }
            }
        }
        synchronized (thumbnailQueue) {
            thumbnailQueue.addAll(added);
        }
        pumpThumbnails();
        return added;
    }

    private void pumpThumbnails() {
        synchronized (thumbnailQueue) {
            if (thumbnailing || thumbnailQueue.isEmpty()) {
                return;
            }
            thumbnailing = true;
        }
        background.execute(() -> {
            while (true) {
                StackRef next;
                synchronized (thumbnailQueue) {
                    next = thumbnailQueue.poll();
                    if (next == null) {
                        thumbnailing = false;
                        return;
                    }
                }
                Optional<DisplayBuffer> t = Thumbnails.tryRender(store, next);
                t.ifPresent(b -> ui.execute(() -> thumbnails.put(next.key(), b)));
            }
        });
    }

    /** Forgets everything listed. */
    public void clear() {
        studies.clear();
        thumbnails.clear();
        known.clear();
        synchronized (thumbnailQueue) {
            thumbnailQueue.clear();
        }
    }

    public void open(StackRef stack) {
        onOpen.accept(stack);
    }

    public void setOnOpen(Consumer<StackRef> action) {
        onOpen = action == null ? s -> { } : action;
    }

    /** Every listed stack, in browser order. */
    public List<StackRef> stacks() {
        return studies.stream().flatMap(s -> s.stacks().stream()).toList();
    }

    public Optional<StackRef> find(String key) {
        return stacks().stream().filter(s -> s.key().equals(key)).findFirst();
    }

    public ObservableList<StudyEntry> studies() {
        return studies;
    }

    public ObservableMap<String, DisplayBuffer> thumbnails() {
        return thumbnails;
    }
}
