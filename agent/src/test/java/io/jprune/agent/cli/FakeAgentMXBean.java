package io.jprune.agent.cli;

/** The agreed {@code io.jprune:type=Agent} attributes, for a stand-in agent in tests. */
public interface FakeAgentMXBean {
    String getVersion();

    String getOptions();

    String[] getModels();

    String getBackend();
}
