package io.jprune.runtime.jmx;

import javax.management.MBeanOperationInfo;

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

    /**
     * What became of the plan given with {@code plan=FILE}: waiting for its model, applied (each step's summary) or
     * failed (exactly why, the app running unpruned); empty without a plan. So that a fleet's operator can check
     * each replica.
     */
    @Description("The start-up plan (plan=FILE): waiting for its model, applied with each step's result, or failed "
            + "with the reason (the model then runs unpruned); empty when no plan was given")
    String getPlan();

    /**
     * PyTorch's {@code prune.global_unstructured} over parameters named with their model, as a PyTorch user
     * passes {@code (module, name)} pairs from anywhere. jprune changes a model's weights only between two of
     * its forwards, one model at a time, so parameters of two models are refused rather than pruned in two
     * steps that the apps could observe half-done.
     */
    @Impact(MBeanOperationInfo.ACTION)
    @Description("prune.global_unstructured over parameters named MODEL.PARAM (e.g. LeNet.fc1.weight); all of them "
            + "must belong to one model")
    String globalUnstructured(
            @Name("params") @Description("parameters named MODEL.PARAM, e.g. LeNet.conv1.weight, LeNet.fc1.weight")
            String[] params,
            @Name("method") @Description("l1 (L1Unstructured) or random (RandomUnstructured)") String method,
            @Name("amount") @Description("\"16\": a count; \"0.3\": a fraction of all remaining entries") String amount,
            @Name("seed") @Description("random seed for method random; ignored for l1") long seed);
}
