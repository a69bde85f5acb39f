/**
 * Grad-CAM and its relatives; heatmaps as plain arrays; colour maps and overlay buffers. May depend on:
 * {@code inference}.
 */
package org.reslens.explain;
