/**
 * picocli commands, the only place that writes to stdout and stderr. Thin over the same services the viewer
 * uses. May depend on: everything but {@code ui}.
 */
package org.reslens.cli;
