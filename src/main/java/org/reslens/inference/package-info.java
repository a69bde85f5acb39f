/**
 * Model bundles (metadata.json + model.onnx) and ONNX Runtime sessions; the only package that touches
 * {@code ai.onnxruntime}. May depend on: {@code imaging}.
 */
package org.reslens.inference;
