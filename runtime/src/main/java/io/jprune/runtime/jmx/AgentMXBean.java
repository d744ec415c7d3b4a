package io.jprune.runtime.jmx;

/** {@code io.jprune:type=Agent}: what jprune is doing in this JVM, for a person checking that it is there. */
@Description("jprune: PyTorch's torch.nn.utils.prune for the models of this JVM. One io.jprune:type=Model MBean "
        + "per model found.")
public interface AgentMXBean {

    /** So that a report can say which jprune pruned the model. */
    @Description("jprune's version")
    String getVersion();

    /** So that a person can check how the agent was configured without finding the command line. */
    @Description("The agent options in force, as key=value pairs")
    String getOptions();

    /** The models found so far; each has its own MBean io.jprune:type=Model,name=NAME. */
    @Description("Names of the live models found so far (class simple name, then #2, #3 for more instances)")
    String[] getModels();

    /** Where masks are computed, and why there. */
    @Description("Where masks are computed and why, e.g. 'cpu: libcuda.so.1 not found'")
    String getBackend();
}
