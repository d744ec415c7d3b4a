package io.jprune.agent.instrumentation.onnxruntime;

import io.jprune.runtime.tensor.Shape;

/**
 * One float initializer of an ONNX graph as a PyTorch parameter.
 *
 * @param onnxName   the initializer's name in the graph, e.g. {@code onnx::MatMul_787} or {@code conv1.weight}
 * @param module     the qualified name of the module it belongs to, e.g. {@code encoder.layer.0.attention.self.query}
 * @param name       its name inside the module: {@code weight}, {@code bias}, or the last part of a PyTorch name
 * @param shape      its shape in PyTorch's layout for the layer ({@code [out, in]} for a Linear weight)
 * @param transposed whether the graph stores it transposed from {@code shape} (a MatMul's right operand
 *                   {@code [in, out]}, a Gemm's B with {@code transB=0})
 * @param layer      what PyTorch calls the layer its consumer implements ({@code Conv2d}, {@code Linear}), or the
 *                   consumer's ONNX operator
 */
record OnnxParameter(String onnxName, String module, String name, Shape shape, boolean transposed, String layer) {

    /** The parameter's qualified PyTorch name, e.g. {@code conv1.weight}. */
    String qualifiedName() {
        return module.isEmpty() ? name : module + "." + name;
    }

    /** Rows and columns transposed at a time: a tile of each fits in the L1 cache. */
    private static final int TILE = 32;

    /** The same initializer in another shape of the same rank, as compaction leaves it. */
    OnnxParameter withShape(Shape newShape) {
        return new OnnxParameter(onnxName, module, name, newShape, transposed, layer);
    }

    /**
     * Values in the graph's layout from values in PyTorch's, or the other way: a 2-D transpose is its own inverse,
     * done tile by tile, since an element-by-element transpose of a large weight misses the cache on every write.
     */
    float[] relayout(float[] values, boolean toStored) {
        if (!transposed) {
            return values;
        }
        int rows = toStored ? shape.size(0) : shape.size(1);
        int cols = toStored ? shape.size(1) : shape.size(0);
        float[] out = new float[values.length];
        for (int r0 = 0; r0 < rows; r0 += TILE) {
            int r1 = Math.min(rows, r0 + TILE);
            for (int c0 = 0; c0 < cols; c0 += TILE) {
                int c1 = Math.min(cols, c0 + TILE);
                for (int r = r0; r < r1; r++) {
                    for (int c = c0; c < c1; c++) {
                        out[c * rows + r] = values[r * cols + c];
                    }
                }
            }
        }
        return out;
    }
}
