package io.jprune.agent.instrumentation.forward;

import io.jprune.runtime.diagnostics.DiagnosticLog;
import io.jprune.runtime.spi.ForwardObserver;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one entry point the woven forward hooks call ({@link ForwardHookWeaver}). Public and static because the
 * calls are written into the app's own classes; it never throws, so that a failure inside jprune costs the app
 * nothing but one log line, and the app keeps running on the weights it has.
 *
 * <p>Every adapter whose forwards are Java methods shares these hooks: a forward is reported to the observer
 * of the adapter whose {@link ForwardMethods} claims the module's class, found once per class.
 */
public final class ForwardHooks {
    /**
     * An adapter's module classes and the engine's observer of their forwards. The observer can be swapped (a
     * benchmark mode, a test comparing modes on the same classes); which classes a route claims cannot.
     */
    public static final class Route {
        private final ForwardMethods forwards;
        private volatile ForwardObserver observer;

        private Route(ForwardMethods forwards, ForwardObserver observer) {
            this.forwards = forwards;
            this.observer = observer;
        }

        /** The observer the forwards of this route's classes are reported to. */
        public ForwardObserver observer() {
            return observer;
        }

        /** Reports this route's forwards to {@code replacement} from the next forward on. */
        public void observer(ForwardObserver replacement) {
            observer = Objects.requireNonNull(replacement, "observer");
        }
    }

    private static final List<Route> ROUTES = new CopyOnWriteArrayList<>();
    /** The route of a module class, found once per class; {@code NONE} for a class no adapter claims. */
    private static final ClassValue<Route> ROUTE_OF = new ClassValue<>() {
        @Override
        protected Route computeValue(Class<?> type) {
            for (Route route : ROUTES) {
                if (route.forwards.isModuleClass(type)) {
                    return route;
                }
            }
            return NONE;
        }
    };
    private static final Route NONE = new Route(null, null);

    private ForwardHooks() {
    }

    /**
     * Reports the forwards of {@code forwards}' module classes to {@code observer} from now on; to be called
     * before any class of theirs is hooked, since a class's route is found once.
     */
    static Route route(ForwardMethods forwards, ForwardObserver observer) {
        Route route = new Route(Objects.requireNonNull(forwards, "forwards"), Objects.requireNonNull(observer,
                "observer"));
        ROUTES.add(route);
        return route;
    }

    /** A hooked forward of {@code module} starts; its arguments are not known. */
    public static void enter(Object module) {
        enter(module, null);
    }

    /** A hooked forward of {@code module} starts with these arguments. */
    public static void enter(Object module, Object[] arguments) {
        try {
            ForwardObserver observer = ROUTE_OF.get(module.getClass()).observer;
            if (observer != null) {
                observer.enter(module, arguments);
            }
        } catch (Throwable t) {
            DiagnosticLog.failureOnce("forward hook (enter " + module.getClass().getName() + ")", t);
        }
    }

    /** A hooked forward of {@code module} ends, normally or not; its result is not known. */
    public static void exit(Object module) {
        exit(module, null);
    }

    /** A hooked forward of {@code module} ends, returning {@code returned} ({@code null} when it threw). */
    public static void exit(Object module, Object returned) {
        try {
            ForwardObserver observer = ROUTE_OF.get(module.getClass()).observer;
            if (observer != null) {
                observer.exit(module, returned);
            }
        } catch (Throwable t) {
            DiagnosticLog.failureOnce("forward hook (exit " + module.getClass().getName() + ")", t);
        }
    }
}
