/**
 * ResLens root: the launcher {@link org.reslens.Main}, which hands the command line to {@code cli} (and, with no
 * command, will open the viewer). May depend on: {@code cli}, {@code ui}.
 */
package org.reslens;
