/**
 * Patient, study, series and instance model; folder, DICOMDIR and zip indexing; series splitting and geometric
 * slice order. May depend on: {@code dicom}.
 */
package org.reslens.study;
