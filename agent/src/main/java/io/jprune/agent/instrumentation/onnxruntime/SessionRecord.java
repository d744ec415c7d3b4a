package io.jprune.agent.instrumentation.onnxruntime;

import io.jprune.runtime.diagnostics.DiagnosticLog;
import io.jprune.runtime.tensor.Shape;

import java.io.IOException;
import java.lang.ref.SoftReference;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What jprune knows of one session the app created: where its model came from, the app's options, the weights
 * installed now and the replacement session that holds them (none while they are the model's own). Holds the
 * app's session weakly: this record is the value of a weak map keyed by it.
 */
final class SessionRecord {
    private static final SoftReference<OnnxGraph> NOTHING_READ = new SoftReference<>(null);
    /** How long the model read last is kept unused before the app's next run lets it go: one second. */
    private static final long IDLE_NANOS = 1_000_000_000L;
    private final WeakReference<Object> session;
    private final Class<?> sessionClass;
    private final ModelSource source;
    private final Object options;
    private OnnxGraph graph;
    /**
     * The model last read with its values, softly: a prune or a listing reads every parameter in turn, and must not
     * read and parse the whole model again for each; an install drops it, so does the app's first run once it has
     * not been used for {@link #IDLE_NANOS}, and the collector frees it under memory pressure, so that the model's
     * values do not stay on the heap.
     */
    private volatile SoftReference<OnnxGraph> lastRead = NOTHING_READ;
    /** When {@link #lastRead} was last asked for, by {@link System#nanoTime()}. */
    private volatile long lastUsed;
    private volatile Map<OnnxParameter, OnnxWeight> installed = Map.of();
    private volatile Replacement replacement;
    private volatile boolean closed;
    /** What a session with compacted weights changes besides them, from the last compaction checked. */
    private volatile GraphEdits edits;
    /** What the engine knows this session by; dropped when the app closes it, so that its model unregisters. */
    private volatile SessionModel model = new SessionModel(this);
    /** One object per module below the root, so that the engine, which holds modules weakly, can tell them apart. */
    private final Map<String, Object> moduleTokens = new ConcurrentHashMap<>();

    SessionRecord(Object session, ModelSource source, Object options) {
        this.session = new WeakReference<>(session);
        this.sessionClass = session.getClass();
        this.source = source;
        this.options = options;
    }

    /** The layout of this session's model (no values), read when it is discovered. */
    synchronized OnnxGraph graph() {
        if (graph == null) {
            graph = readModel().layout();
            Map<OnnxParameter, OnnxWeight> originals = new LinkedHashMap<>();
            for (OnnxParameter parameter : graph.parameters()) {
                originals.put(parameter, OnnxWeight.original(this, parameter));
            }
            installed = Map.copyOf(originals);
        }
        return graph;
    }

    /**
     * The model with its values, read again from where it came from; the last one read is reused until the next
     * install, or until the collector needs its memory.
     */
    synchronized OnnxGraph readModel() {
        lastUsed = System.nanoTime();
        OnnxGraph model = lastRead.get();
        if (model != null) {
            return model;
        }
        try {
            model = OnnxGraph.parse(source.bytes());
            lastRead = new SoftReference<>(model);
            return model;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the model of an ONNX session from " + source + ": "
                    + e.getMessage(), e);
        }
    }

    /** The model's name: its file's name, else its graph's name. */
    String modelName() {
        String name = source.name();
        if (name == null || name.isBlank()) {
            name = graph().graphName();
        }
        return name == null || name.isBlank() ? "OnnxModel" : name;
    }

    /** The object standing for module {@code name} of this session's model, alive as long as the session. */
    Object moduleToken(String name) {
        return moduleTokens.computeIfAbsent(name, n -> new Object());
    }

    /** The value of {@code parameter} the app's runs use now. */
    OnnxWeight installed(OnnxParameter parameter) {
        return installed.get(parameter);
    }

    /** The weights installed now, by parameter. */
    Map<OnnxParameter, OnnxWeight> installed() {
        return installed;
    }

    /**
     * The session the next run goes to instead of the app's own, already acquired for that run (the caller
     * releases it), or {@code null} while the model's own weights are installed.
     */
    Replacement acquireReplacement() {
        while (true) {
            Replacement current = replacement;
            if (current == null || current.acquire()) {
                return current;
            }
        }
    }

    /** What the engine knows this session by, or {@code null} once the app closed it. */
    SessionModel model() {
        return model;
    }

    /**
     * Makes {@code weights} the installed ones: builds one replacement session with them and the app's options (or
     * none, when they are all the model's own), routes runs to it and retires the previous replacement (closed once
     * no run uses it). Called with no run of this session in flight. When the new session cannot be built, nothing
     * changes.
     *
     * @throws IllegalStateException saying why ONNX Runtime refused the new session
     */
    void install(Map<OnnxParameter, OnnxWeight> weights) {
        if (closed || session.get() == null) {
            throw new IllegalStateException("the app closed this ONNX session");
        }
        List<OnnxWeight> changed = new ArrayList<>();
        weights.forEach((parameter, weight) -> {
            if (!weight.isOriginal()) {
                changed.add(weight);
            }
        });
        Replacement next = null;
        if (!changed.isEmpty()) {
            long start = System.nanoTime();
            byte[] model = modelBytes(changed);
            long written = System.nanoTime();
            next = new Replacement(build(model));
            DiagnosticLog.debug(String.format(Locale.ROOT, "%s: new session with %d changed parameter(s) in %.0f ms "
                    + "(model written %.0f ms, session created %.0f ms)", modelName(), changed.size(),
                    (System.nanoTime() - start) / 1e6, (written - start) / 1e6, (System.nanoTime() - written) / 1e6));
        }
        dropModel();
        Replacement previous = replacement;
        replacement = next;
        installed = Map.copyOf(weights);
        if (previous != null) {
            previous.retire();
        }
    }

    /** Lets the collector have the model read last: its values are on the heap, and are read again when needed. */
    private void dropModel() {
        lastRead = NOTHING_READ;
    }

    /**
     * {@link #dropModel()} once the model read last has not been used for a second. Called by each run of the app,
     * so without a lock, at the cost of one volatile read while nothing is kept.
     */
    void dropModelIfIdle() {
        if (lastRead != NOTHING_READ && System.nanoTime() - lastUsed > IDLE_NANOS) {
            dropModel();
        }
    }

    /** The model as the app's runs compute now: its own, masked, or compacted with the checked edits. */
    byte[] installedModel() {
        return installedModelWith(Map.of());
    }

    /**
     * {@link #installedModel()} with some parameters' values replaced, in PyTorch's layout and the shape the app's
     * runs use now: what a private copy runs for an experiment the app never sees.
     *
     * @param overrides values by qualified parameter name
     */
    byte[] installedModelWith(Map<String, float[]> overrides) {
        graph(); // the installed weights are known once the model's layout is
        List<OnnxWeight> changed = new ArrayList<>();
        for (OnnxWeight weight : installed.values()) {
            float[] override = overrides.get(weight.parameter().qualifiedName());
            if (override != null) {
                changed.add(OnnxWeight.compacted(weight.parameter(), override));
            } else if (!weight.isOriginal()) {
                changed.add(weight);
            }
        }
        return changed.isEmpty() ? readModel().model().toByteArray() : modelBytes(changed);
    }

    /**
     * The model with {@code changed} values: compacted, with the last checked compaction's edits, when a value has
     * another shape than the model's initializer; otherwise written one parameter's values at a time.
     */
    private byte[] modelBytes(List<OnnxWeight> changed) {
        Map<OnnxParameter, OnnxWeight> byParameter = new LinkedHashMap<>();
        boolean resized = false;
        for (OnnxWeight weight : changed) {
            byParameter.put(weight.parameter(), weight);
            resized |= !declaredShape(weight.parameter()).equals(weight.parameter().shape());
        }
        if (!resized) {
            return readModel().withValues(byParameter.keySet(), parameter -> byParameter.get(parameter).values());
        }
        if (edits == null) {
            throw new IllegalStateException("jprune has no checked compaction for these shapes");
        }
        Map<OnnxParameter, float[]> values = new LinkedHashMap<>();
        byParameter.forEach((parameter, weight) -> values.put(parameter, weight.values()));
        return CompactedModel.bytes(readModel().model(), OnnxStructure.tensors(values), edits);
    }

    private Shape declaredShape(OnnxParameter parameter) {
        for (OnnxParameter declared : graph().parameters()) {
            if (declared.onnxName().equals(parameter.onnxName())) {
                return declared.shape();
            }
        }
        return parameter.shape();
    }

    /** The app's session class, whose ONNX Runtime builds jprune's private sessions. */
    Class<?> sessionClass() {
        return sessionClass;
    }

    /** The parameter in the shape the app's runs use now: after a compaction, smaller than the model declares. */
    OnnxParameter installedShape(OnnxParameter declared) {
        OnnxWeight weight = installed.get(declared);
        return weight == null ? declared : weight.parameter();
    }

    /** The edits of the last checked compaction, or {@code null}. */
    GraphEdits edits() {
        return edits;
    }

    /** Readies installs of compacted weights: {@code checked} is what their sessions change besides them. */
    void useEdits(GraphEdits checked) {
        edits = checked;
    }

    private Object build(byte[] model) {
        try {
            return OrtSessionHooks.creatingOwnSession(() -> OrtCalls.createSession(sessionClass, model, options));
        } catch (Throwable t) {
            throw new IllegalStateException("ONNX Runtime could not create the session with the new weights: "
                    + (t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage()), t);
        }
    }

    /** The app closes its session: the replacement goes with it, and runs are no longer routed. */
    void appClosed() {
        closed = true;
        model = null;
        dropModel();
        source.release();
        Replacement previous = replacement;
        replacement = null;
        if (previous != null) {
            previous.retire();
        }
    }

    /** Closes the replacement once the app's session is gone (collected without being closed). */
    void releaseIfAppGone() {
        if (session.get() == null) {
            appClosed();
        }
    }
}
