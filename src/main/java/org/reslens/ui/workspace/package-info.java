/**
 * The main window: opening files, folders, DICOMDIRs and zips (menu, drag and drop, command line) with indexing in the
 * background, recent studies, layouts of one, two or four viewports with synchronised scrolling, the keyboard map, one
 * notification per problem (a summary for many bad files, never a dialog per file), and key-image export.
 * {@link org.reslens.ui.workspace.WorkspaceViewModel} ties the browser, the viewports and the AI panel together and is
 * tested without JavaFX. May depend on: every {@code ui} package, {@code study}, {@code imaging}, {@code explain}.
 */
package org.reslens.ui.workspace;
