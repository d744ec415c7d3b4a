package io.jprune.agent.instrumentation.onnxruntime;

import io.jprune.runtime.spi.ModelCopier;
import io.jprune.runtime.spi.ModuleNode;
import io.jprune.runtime.spi.PrivateCopy;
import java.util.HashMap;
import java.util.Map;

/**
 * A private copy of an ONNX session for the sensitivity sweep: a session jprune builds itself ({@link OrtReplay})
 * from the model as the app's runs compute now, with the sweep's experimental values written into it, run on the
 * inputs captured from the app's traffic. The app's sessions are never touched. A session is built again only
 * when a value changed since the last run, so a sweep builds one per point; the last one is closed with the copy.
 */
final class OnnxPrivateCopy implements PrivateCopy {
    private final SessionRecord record;
    private final Map<String, float[]> overrides = new HashMap<>();
    private OrtReplay session;

    private OnnxPrivateCopy(SessionRecord record) {
        this.record = record;
    }

    /** The copier of one session's model. */
    static ModelCopier copier(SessionRecord record) {
        return new ModelCopier() {
            @Override
            public PrivateCopy copy(Object root, ModuleNode tree) {
                return new OnnxPrivateCopy(record);
            }
        };
    }

    @Override
    public void write(String parameter, float[] values) {
        overrides.put(parameter, values.clone());
        close(); // built again, with this value, at the next forward
    }

    @Override
    public void reset(String parameter) {
        if (overrides.remove(parameter) != null) {
            close();
        }
    }

    /**
     * Runs the copy on one captured run ({@code arguments[0]}, an {@link OnnxRun}).
     *
     * @return every float output's values, one after the other in the graph's order: what the sweep compares
     */
    @Override
    public Object forward(Object[] arguments) {
        if (arguments.length != 1 || !(arguments[0] instanceof OnnxRun run)) {
            throw new IllegalArgumentException("a private ONNX run takes one captured run of the app");
        }
        if (session == null) {
            session = new OrtReplay(record.sessionClass(), record.installedModelWith(overrides));
        }
        int length = 0;
        Map<String, OrtReplay.Output> outputs = session.run(run);
        for (OrtReplay.Output output : outputs.values()) {
            length += output.values() == null ? 0 : output.values().length;
        }
        float[] all = new float[length];
        int at = 0;
        for (OrtReplay.Output output : outputs.values()) {
            if (output.values() != null) {
                System.arraycopy(output.values(), 0, all, at, output.values().length);
                at += output.values().length;
            }
        }
        return all;
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
            session = null;
        }
    }
}
