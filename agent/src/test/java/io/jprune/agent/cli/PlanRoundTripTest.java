package io.jprune.agent.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.agent.AgentOptions;
import io.jprune.agent.instrumentation.plain.PlainModuleDiscovery;
import io.jprune.agent.instrumentation.plain.PlainOptions;
import io.jprune.agent.plan.PlanRollout;
import io.jprune.kernels.cpu.CpuKernels;
import io.jprune.runtime.jmx.AgentBean;
import io.jprune.runtime.jmx.AgentMXBean;
import io.jprune.runtime.jmx.MBeanPublisher;
import io.jprune.runtime.jmx.ModelMXBean;
import io.jprune.runtime.jmx.TensorInfo;
import io.jprune.runtime.model.ModelRegistry;
import io.jprune.testmodels.TinyNet;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jprune plan} on one JVM and {@code plan=FILE} on another: a {@link TinyNet} pruned interactively (random
 * with a seed, L1, structured on top, a global ranking, a remove) prints a plan that, rolled out on a fresh replica
 * when it is found, gives every tensor the same bits, before the replica's first forward; a plan the model refuses
 * leaves the replica unpruned and says why.
 */
class PlanRoundTripTest {

    @TempDir
    Path folder;
    private final CpuKernels kernels = new CpuKernels();
    private final PlainModuleDiscovery discovery = new PlainModuleDiscovery(
            AgentOptions.parse("modules=io.jprune.testmodels.*").configuration(PlainOptions.class), null);

    @Test
    void thePrintedPlanReproducesTheModelOnAReplicaBeforeItsFirstForward() throws Exception {
        MBeanServer source = MBeanServerFactory.newMBeanServer();
        InProcessJprune jprune = new InProcessJprune(source);
        jprune.add(new TinyNet());
        JvmConnector connector = new InProcessConnector(source, true, List.of());
        ok(connector, "prune", "42", "random_unstructured", "conv1.weight", "--amount", "0.25", "--seed", "7");
        ok(connector, "prune", "42", "l1_unstructured", "fc1.weight", "--amount", "2");
        ok(connector, "prune", "42", "ln_structured", "conv1.weight", "--amount", "1", "--n", "inf", "--dim", "0");
        ok(connector, "prune", "42", "global_unstructured", "conv1.weight", "fc1.weight", "--pruning-method",
                "random", "--amount", "0.2", "--seed", "11");
        ok(connector, "remove", "42", "fc1.weight");
        String plan = ok(connector, "plan", "42");
        assertEquals("""
                {
                  "model" : "TinyNet",
                  "steps" : [ {
                    "method" : "random_unstructured",
                    "parameter" : "conv1.weight",
                    "amount" : 0.25,
                    "seed" : 7
                  }, {
                    "method" : "l1_unstructured",
                    "parameter" : "fc1.weight",
                    "amount" : 2
                  }, {
                    "method" : "ln_structured",
                    "parameter" : "conv1.weight",
                    "amount" : 1,
                    "n" : "inf",
                    "dim" : 0
                  }, {
                    "method" : "global_unstructured",
                    "parameters" : [ "conv1.weight", "fc1.weight" ],
                    "pruning_method" : "RandomUnstructured",
                    "amount" : 0.2,
                    "seed" : 11
                  }, {
                    "method" : "remove",
                    "parameter" : "fc1.weight"
                  } ]
                }
                """, plan);
        Path file = folder.resolve("plan.json");
        Files.writeString(file, plan);

        Replica replica = new Replica(file);
        assertTrue(replica.agent().getPlan().startsWith("plan " + file + ": waiting for model TinyNet"),
                replica.agent().getPlan());
        TinyNet fresh = new TinyNet();
        replica.find(fresh);
        assertTrue(replica.agent().getPlan().startsWith("plan " + file + ": applied to TinyNet before its first "
                + "forward: conv1.weight: random_unstructured amount=0.25 -> 2 of 8 pruned"), replica.agent().getPlan());
        assertSameTensors(model(source), replica.model());
        Reference.reachabilityFence(jprune); // holds the source's TinyNet, which its registry holds weakly
    }

    @Test
    void aHistoryThatCannotBeReplayedBecomesTheCurrentMasks() throws Exception {
        MBeanServer source = MBeanServerFactory.newMBeanServer();
        InProcessJprune jprune = new InProcessJprune(source);
        jprune.add(new TinyNet());
        JvmConnector connector = new InProcessConnector(source, true, List.of());
        ok(connector, "prune", "42", "global_unstructured", "conv1.weight", "fc1.weight", "--pruning-method",
                "random", "--amount", "5", "--seed", "3");
        ok(connector, "restore", "42", "conv1.weight");
        float[] mask = model(source).tensor("fc1.weight_mask");
        String plan = ok(connector, "plan", "42", "--json");
        assertEquals("{\"model\":\"TinyNet\",\"steps\":[{\"method\":\"custom_from_mask\",\"parameter\":\"fc1.weight\","
                + "\"mask\":" + io.jprune.agent.json.JsonValues.write(mask) + "}]}\n", plan,
                "fc1.weight's mask came from a ranking with conv1.weight, which was restored since");
        Path file = folder.resolve("masks.json");
        Files.writeString(file, plan);
        Replica replica = new Replica(file);
        replica.find(new TinyNet());
        assertSameTensors(model(source), replica.model());
        Reference.reachabilityFence(jprune);
    }

    @Test
    void aStepTheModelRefusesLeavesTheReplicaUnprunedAndSaysWhy() throws Exception {
        Path file = folder.resolve("bad.json");
        Files.writeString(file, """
                {"model": "TinyNet", "steps": [
                  {"method": "l1_unstructured", "parameter": "conv1.weight", "amount": 0.5},
                  {"method": "ln_structured", "parameter": "conv9.weight", "amount": 1, "n": 1, "dim": 0}]}
                """);
        Replica replica = new Replica(file);
        replica.find(new TinyNet());
        assertEquals("plan " + file + " not applied, model TinyNet runs unpruned: step 2 (ln_structured conv9.weight): "
                + "no parameter 'conv9.weight' in model TinyNet; parameters are: conv1.weight, conv1.bias, fc1.weight, "
                + "fc1.bias", replica.agent().getPlan());
        assertFalse(replica.model().isPruned(), "step 1, which the model accepted, was not applied either");
    }

    /** Another JVM's jprune, started with {@code plan=FILE}: the rollout in front of the MBean publication. */
    private final class Replica {
        private final MBeanServer server = MBeanServerFactory.newMBeanServer();
        private final ModelRegistry registry;
        private final List<Object> roots = new ArrayList<>();

        Replica(Path plan) {
            MBeanPublisher publisher = new MBeanPublisher(server, kernels);
            PlanRollout rollout = PlanRollout.start(plan, publisher, kernels);
            registry = new ModelRegistry(rollout);
            publisher.publishAgent(new AgentBean("0.1.0-test", "plan=" + plan, "cpu", registry, rollout::status));
        }

        /** What the first forward of {@code root} does: find it as a model. */
        void find(Object root) {
            roots.add(root);
            registry.rootModel(root, discovery);
        }

        AgentMXBean agent() {
            return JMX.newMXBeanProxy(server, RemoteJprune.AGENT, AgentMXBean.class);
        }

        ModelMXBean model() {
            return PlanRoundTripTest.model(server);
        }
    }

    private static ModelMXBean model(MBeanServer server) {
        return JMX.newMXBeanProxy(server, MBeanPublisher.modelObjectName("TinyNet"), ModelMXBean.class);
    }

    private static void assertSameTensors(ModelMXBean expected, ModelMXBean actual) {
        List<String> names = names(expected);
        assertEquals(names, names(actual));
        for (String name : names) {
            assertArrayEquals(expected.tensor(name), actual.tensor(name), name);
        }
        assertArrayEquals(expected.tensor("conv1.weight"), actual.tensor("conv1.weight"), "conv1.weight");
        assertArrayEquals(expected.tensor("fc1.weight"), actual.tensor("fc1.weight"), "fc1.weight");
    }

    private static List<String> names(ModelMXBean model) {
        List<String> names = new ArrayList<>();
        for (TensorInfo info : model.namedParameters("")) {
            names.add(info.getName());
        }
        for (TensorInfo info : model.namedBuffers("")) {
            names.add(info.getName());
        }
        return names;
    }

    private static String ok(JvmConnector connector, String... args) {
        CliRun run = CliRun.of(connector, "", args);
        assertEquals("", run.err(), String.join(" ", args));
        assertEquals(0, run.status());
        return run.out();
    }
}
