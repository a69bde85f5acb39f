/**
 * One viewport: the slice on screen, scrolling and cine, window/level with presets, zoom/pan/rotate/flip/invert,
 * corner annotations, orientation letters and the scale bar. {@link org.reslens.ui.viewport.ViewportViewModel} holds
 * the state and the logic and is tested without starting JavaFX (it uses JavaFX properties only); the pixels are
 * rendered off the FX thread ({@link org.reslens.ui.viewport.SliceRenderer}) into pooled ARGB buffers that
 * {@link org.reslens.ui.FxImages} shows without copying. May depend on: {@code ui.series}, {@code imaging},
 * {@code study}, {@code dicom}.
 */
package org.reslens.ui.viewport;
