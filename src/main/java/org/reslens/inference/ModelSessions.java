package org.reslens.inference;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The application's open sessions, one per model file and content: the viewer and a batch screening asking for the
 * same bundle get the same {@link ModelSession} (one copy of the weights, one thread pool). Created once by the
 * application and handed to both (constructor injection); {@link #close} closes every session.
 */
public final class ModelSessions implements AutoCloseable {
    private final RuntimeOptions options;
    private final Map<String, ModelSession> open = new LinkedHashMap<>();
    private boolean closed;

    public ModelSessions(RuntimeOptions options) {
        this.options = options;
    }

    public RuntimeOptions options() {
        return options;
    }

    /** The shared session for this bundle, opened on first use. */
    public synchronized ModelSession session(ModelBundle bundle) throws InferenceException {
        if (closed) {
            throw new IllegalStateException("model sessions are closed");
        }
        String key = key(bundle);
        ModelSession s = open.get(key);
        if (s == null) {
            s = ModelSession.open(bundle, options);
            open.put(key, s);
        }
        return s;
    }

    /** Closes and forgets the session of this bundle, if open (e.g. when the user removes the model). */
    public synchronized void release(ModelBundle bundle) {
        ModelSession s = open.remove(key(bundle));
        if (s != null) {
            s.close();
        }
    }

    public synchronized int size() {
        return open.size();
    }

    @Override
    public synchronized void close() {
        closed = true;
        List<ModelSession> all = new ArrayList<>(open.values());
        open.clear();
        for (ModelSession s : all) {
            s.close();
        }
    }

    private static String key(ModelBundle bundle) {
        Path file = bundle.modelFile().toAbsolutePath().normalize();
        try {
            file = file.toRealPath();
        } catch (IOException e) {
            // The absolute path still identifies the file; the hash below tells contents apart.
        }
        return file + "#" + bundle.sha256() + "#" + bundle.camHead().getClass().getSimpleName();
    }
}
