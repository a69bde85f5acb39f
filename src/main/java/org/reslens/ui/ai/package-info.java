/**
 * The AI in the reading flow: model choice (the bundled default preselected when it accepts the series), a background
 * run over the open stack with progress and cancel, per-slice scores (the strip beside the scroll bar and "next
 * suspicious slice"), series and study scores, and the Grad-CAM heatmap overlay with its opacity, colour map,
 * thresholds and colour bar. {@link org.reslens.ui.ai.AiPanelViewModel} is tested without JavaFX and without ONNX
 * Runtime (through {@link org.reslens.ui.ai.Analyzer}); {@link org.reslens.ui.ai.OnnxAnalyzer} is the real one. May
 * depend on: {@code ui.series}, {@code ui.viewport}, {@code explain}, {@code inference}, {@code imaging},
 * {@code study}, {@code dicom}.
 */
package org.reslens.ui.ai;
