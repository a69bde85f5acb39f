/**
 * JavaFX views and view models (MVVM); the only package that touches JavaFX. May depend on: everything but
 * {@code cli}.
 */
package org.reslens.ui;
