/**
 * Batch screening: scan, run, aggregate, rank, write reports and DICOM results. May depend on: every package
 * but {@code ui} and {@code cli}.
 */
package org.reslens.screening;
