/**
 * Measurements on a slice: distances in millimetres from Pixel Spacing, rectangle and ellipse ROIs with mean, SD,
 * minimum, maximum and area in modality units (HU for CT). Geometry is kept in image coordinates, so it stays on the
 * anatomy whatever the zoom, pan, rotation or flip. {@link org.reslens.ui.measure.MeasurementsViewModel} is tested
 * without JavaFX; {@link org.reslens.ui.measure.MeasurementLayer} draws it. May depend on: {@code ui.series},
 * {@code ui.viewport}, {@code imaging}, {@code study}, {@code dicom}.
 */
package org.reslens.ui.measure;
