package org.reslens.study;

import java.util.List;

/**
 * One Series Instance UID's images, split into displayable stacks.
 *
 * @param seriesNumber null when the files lack it
 */
public record Series(String seriesInstanceUid, Integer seriesNumber, String modality, String seriesDescription,
                     List<Stack> stacks) {
    public Series {
        stacks = List.copyOf(stacks);
    }
}
