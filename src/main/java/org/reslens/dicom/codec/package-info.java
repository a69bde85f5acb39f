/**
 * Codestream decoders that no library on Maven Central offers: JPEG-LS (ITU T.87), 12-bit DCT JPEG (ITU T.81
 * extended process) and DICOM RLE (PS3.5 Annex G), plus adapters to ImageIO plugins. Each decoder is a pure function
 * from compressed bytes to {@link org.reslens.dicom.codec.DecodedImage}; it throws
 * {@link org.reslens.dicom.DicomException} with kind MALFORMED, TRUNCATED or UNSUPPORTED_TRANSFER_SYNTAX and never
 * allocates more than the declared image size, which callers check against the DICOM header before decoding.
 * May depend on: the JDK, ImageIO plugins, {@code org.reslens.dicom} value types.
 */
package org.reslens.dicom.codec;
