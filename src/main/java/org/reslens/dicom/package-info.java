/**
 * DICOM Part 10 parsing (PS3.5, PS3.10): File Meta Information, data sets in every common transfer syntax, the data
 * dictionary, character sets, pixel-data frames and their codecs, DICOMDIR. Header-only reads stop before Pixel Data
 * and frames are decoded on demand. May depend on: the JDK and ImageIO plugins (only in {@code dicom.codec}, which copies
 * their rasters into our own types at once). Errors: {@link org.reslens.dicom.DicomException}.
 */
package org.reslens.dicom;
