/**
 * Patient, study, series and instance model; folder, DICOMDIR and zip indexing; series splitting and geometric
 * slice order. May depend on: {@code dicom}.
 *
 * <p>{@link org.reslens.study.StudyIndexer} reads headers only, on an injected executor, and returns an immutable
 * {@link org.reslens.study.StudyIndex}: {@link org.reslens.study.Patient} &gt; {@link org.reslens.study.Study} &gt;
 * {@link org.reslens.study.Series} &gt; displayable {@link org.reslens.study.Stack} &gt;
 * {@link org.reslens.study.Slice} (a {@link org.reslens.study.Location} and a frame number, with the slice's resolved
 * geometry, rescale and windows in {@link org.reslens.study.SliceAttributes}). Objects without pixels are listed
 * under their study; inputs that cannot be read are {@link org.reslens.study.IndexFailure}s, never exceptions.
 */
package org.reslens.study;
