package io.jprune.runtime.record;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The Java Flight Recorder event of one {@link ModelChange}. Enabled by default with no threshold, so that
 * {@code jcmd <pid> JFR.start} with the JDK's default settings records every change; a recording then shows when
 * the service's weights changed and what it cost.
 */
@Name(ChangeEvent.NAME)
@Label("jprune Model Change")
@Category({"jprune"})
@Description("A prune, remove, restore, compaction or sweep step on a model of the app")
@Enabled(true)
@StackTrace(false)
final class ChangeEvent extends Event {
    /** The event's name in recordings and {@code .jfc} settings. */
    static final String NAME = "io.jprune.ModelChange";

    @Label("Model")
    String model;

    @Label("Kind")
    @Description("prune, remove, restore, compact or sweep-step")
    String kind;

    @Label("Parameter")
    @Description("the parameters concerned, comma-separated; empty for the whole model")
    String parameter;

    @Label("Method")
    String method;

    @Label("Amount")
    String amount;

    @Label("Sparsity Before")
    @Description("fraction of zero entries in the concerned parameters before the change")
    double sparsityBefore;

    @Label("Sparsity After")
    @Description("fraction of zero entries in the concerned parameters after the change")
    double sparsityAfter;

    @Label("Change Duration")
    @Timespan(Timespan.NANOSECONDS)
    long changeDuration;

    @Label("Caller")
    @Description("jmx <connection> for a remote JMX client, in-process otherwise")
    String caller;

    @Label("Summary")
    String summary;
}
