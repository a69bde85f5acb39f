/**
 * The study browser: patient, study and series (stack) rows with thumbnails, slice counts, modality, date and
 * description; a row opens by double-click, Enter or drag into a viewport. Thumbnails are rendered off the FX thread
 * from each stack's middle slice. May depend on: {@code ui.series}, {@code imaging}, {@code study}.
 */
package org.reslens.ui.browser;
