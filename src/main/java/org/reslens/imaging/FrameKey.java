package org.reslens.imaging;

import java.nio.file.Path;

/** Identifies one frame of one file (0-based frame index) for a {@link FrameCache}. */
public record FrameKey(Path file, int frame) {
    public FrameKey {
        if (file == null || frame < 0) {
            throw new IllegalArgumentException("a frame key needs a file and a frame index >= 0");
        }
    }
}
