/**
 * What the viewer knows about an opened stack, shared by viewports, thumbnails and the AI panel: which stack it is
 * ({@link org.reslens.ui.series.StackRef}), its decoded frames within one byte budget
 * ({@link org.reslens.ui.series.FrameStore}), the order they are loaded in ({@link org.reslens.ui.series.SlicePrefetcher})
 * and the header details the index does not keep ({@link org.reslens.ui.series.SeriesHeader}). No JavaFX here. May
 * depend on: {@code study}, {@code imaging}, {@code dicom}.
 */
package org.reslens.ui.series;
