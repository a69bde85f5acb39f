/**
 * Pixel pipeline: modality LUT, VOI LUT and window, presentation, palette, resize, display buffers and model-input
 * tensors, one implementation for viewer, batch and tests. May depend on: {@code study}, {@code dicom} value types.
 */
package org.reslens.imaging;
