/**
 * DICOM writing: an Explicit VR Little Endian Part 10 writer over a small ordered data-set builder that validates
 * values as they are put, a Secondary Capture of a rendered image, an Imaging Measurement Report (Comprehensive SR,
 * TID 1500) carrying an AI score the way IHE AI Results asks (the algorithm in the Contributing Equipment Sequence,
 * references to the source study), and PS3.15 Annex E basic-profile de-identification with stable pseudonyms keyed
 * by a per-site secret. Files are written to a temporary name and renamed into place, so a reader never sees half a
 * file. May depend on: the JDK and {@code org.reslens.dicom} value types ({@link org.reslens.dicom.VR},
 * {@link org.reslens.dicom.Tags}).
 */
package org.reslens.dicom.write;
