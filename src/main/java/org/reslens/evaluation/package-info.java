/**
 * Evaluation of a model bundle on a labelled list of DICOM slices through the same pipeline the viewer and the
 * screening use (bundle preprocessing, ONNX Runtime session, Grad-CAM): ROC AUC, sensitivity at a specificity,
 * Grad-CAM pointing game and heatmap mass inside the lesion mask, overall and per lesion-size and contrast band. The
 * model card's numbers come from here ({@code reslens evaluate}). May depend on: {@code dicom}, {@code study},
 * {@code imaging}, {@code inference}, {@code explain}.
 */
package org.reslens.evaluation;
