package io.jprune.runtime.model;

import io.jprune.runtime.diagnostics.DiagnosticLog;
import io.jprune.runtime.spi.DiscoveredModel;
import io.jprune.runtime.spi.ModelDiscovery;
import io.jprune.runtime.spi.ModuleNode;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models of this JVM: which app objects are roots, which are modules inside a root, which are not
 * models at all, and the name each root is known by. Every app object is held weakly; when the app drops
 * a root, its model is unregistered (by a daemon thread watching a reference queue, and on every
 * registration), so jprune never keeps a model alive.
 */
public final class ModelRegistry {

    /** Told when a model appears or goes away; the JMX layer registers and unregisters its MBean. */
    public interface Listener {
        /** A new root was discovered. */
        void modelRegistered(Model model);

        /** A root was dropped by the app, or absorbed into a bigger root found later. */
        void modelUnregistered(Model model);
    }

    /** What an app object is to jprune. {@code model == null}: not a model. */
    private record Membership(Model model, boolean root) {
        static final Membership NOT_A_MODEL = new Membership(null, false);
    }

    private final Listener listener;
    private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    private final ConcurrentHashMap<InstanceKey, Membership> byInstance = new ConcurrentHashMap<>();
    private final Map<String, Model> byName = new LinkedHashMap<>();
    private Thread cleaner;

    /** @param listener told about every model that appears or goes away */
    public ModelRegistry(Listener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * The model whose root is {@code module}, discovering it on first sight; {@code null} when {@code module} is
     * a module inside another model (its forward is then not a root forward) or not a model at all.
     */
    public Model rootModel(Object module, ModelDiscovery discovery) {
        Membership membership = byInstance.get(new InstanceKey(module, null));
        if (membership != null) {
            Model model = membership.model();
            if (model == null) {
                return null;
            }
            if (model.isAlive()) {
                return membership.root() ? model : null;
            }
        }
        return discover(module, discovery);
    }

    private synchronized Model discover(Object module, ModelDiscovery discovery) {
        expungeStaleLocked();
        Membership known = byInstance.get(new InstanceKey(module, null));
        if (known != null && (known.model() == null || known.model().isAlive())) {
            return known.root() ? known.model() : null;
        }
        DiscoveredModel discovered;
        try {
            discovered = discovery.discover(module);
        } catch (RuntimeException | LinkageError e) {
            DiagnosticLog.failureOnce("discovering the modules of " + module.getClass().getName(), e);
            discovered = null;
        }
        if (discovered == null) {
            byInstance.put(new InstanceKey(module, collected), Membership.NOT_A_MODEL);
            return null;
        }
        Model model = new Model(freeName(discovered.tree().type()), module, discovered);
        absorbAndRecordMembers(model);
        byInstance.put(new InstanceKey(module, collected), new Membership(model, true));
        byName.put(model.name(), model);
        startCleaner();
        DiagnosticLog.info("found model " + model.name() + " (" + module.getClass().getName() + ", "
                + model.parameterNames().size() + " parameters)");
        notifyRegistered(model);
        return model;
    }

    /**
     * Records every module below the new root as a member, and unregisters unpruned models rooted at one of
     * them: an app that first ran a layer on its own (a warm-up) and then the whole network ends up with one
     * model, the network.
     */
    private void absorbAndRecordMembers(Model model) {
        List<ModuleNode> modules = model.tree().namedModules();
        for (ModuleNode node : modules.subList(1, modules.size())) {
            Object instance = node.module();
            if (instance == null) {
                continue;
            }
            Membership previous = byInstance.get(new InstanceKey(instance, null));
            if (previous != null && previous.root() && previous.model().isAlive()) {
                if (previous.model().isPruned()) {
                    DiagnosticLog.info("model " + previous.model().name() + " is also module '" + node.name()
                            + "' of " + model.name() + "; it stays a model of its own because it is pruned");
                    continue;
                }
                unregisterLocked(previous.model());
            }
            byInstance.put(new InstanceKey(instance, collected), new Membership(model, false));
        }
    }

    private String freeName(String type) {
        String base = type.isEmpty() ? "Model" : type;
        if (!byName.containsKey(base)) {
            return base;
        }
        for (int n = 2; ; n++) {
            String name = base + "#" + n;
            if (!byName.containsKey(name)) {
                return name;
            }
        }
    }

    /** The live models by name, in registration order; drops models the app has let go first. */
    public synchronized List<Model> models() {
        expungeStaleLocked();
        return new ArrayList<>(byName.values());
    }

    /** The live model of that name, or {@code null}. */
    public synchronized Model model(String name) {
        expungeStaleLocked();
        return byName.get(name);
    }

    /** Unregisters every model whose root the app has dropped; returns how many. */
    public synchronized int expungeStale() {
        return expungeStaleLocked();
    }

    private int expungeStaleLocked() {
        for (Reference<?> ref; (ref = collected.poll()) != null; ) {
            byInstance.remove(ref);
        }
        Set<Model> dead = new HashSet<>();
        for (Model model : byName.values()) {
            if (!model.isAlive()) {
                dead.add(model);
            }
        }
        for (Model model : dead) {
            unregisterLocked(model);
        }
        return dead.size();
    }

    private void unregisterLocked(Model model) {
        if (byName.remove(model.name(), model)) {
            byInstance.values().removeIf(m -> m.model() == model);
            DiagnosticLog.info("model " + model.name() + (model.isAlive() ? " is now part of a bigger model"
                    : " was dropped by the app") + "; unregistered");
            if (!model.isAlive()) {
                model.releaseAll();
            }
            try {
                listener.modelUnregistered(model);
            } catch (RuntimeException | LinkageError e) {
                DiagnosticLog.failureOnce("unregistering model " + model.name(), e);
            }
        }
    }

    private void notifyRegistered(Model model) {
        try {
            listener.modelRegistered(model);
        } catch (RuntimeException | LinkageError e) {
            DiagnosticLog.failureOnce("registering model " + model.name(), e);
        }
    }

    private void startCleaner() {
        if (cleaner != null) {
            return;
        }
        cleaner = new Thread(this::cleanForever, "jprune-model-cleaner");
        cleaner.setDaemon(true);
        cleaner.setContextClassLoader(null);
        cleaner.start();
    }

    private void cleanForever() {
        try {
            while (true) {
                Reference<?> ref = collected.remove();
                synchronized (this) {
                    byInstance.remove(ref);
                    expungeStaleLocked();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | LinkageError e) {
            DiagnosticLog.failureOnce("dropping models the app let go", e);
        }
    }

    /**
     * An app object as a map key: by identity (app classes may override equals) and weakly. A lookup key
     * (no queue) equals the stored key of the same object.
     */
    private static final class InstanceKey extends WeakReference<Object> {
        private final int hash;

        InstanceKey(Object instance, ReferenceQueue<Object> queue) {
            super(instance, queue);
            this.hash = System.identityHashCode(instance);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (this == other) {
                return true;
            }
            if (!(other instanceof InstanceKey key) || key.hash != hash) {
                return false;
            }
            Object mine = get();
            return mine != null && mine == key.get();
        }
    }
}
