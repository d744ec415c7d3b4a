package io.jprune.agent.instrumentation.onnxruntime;

import io.jprune.runtime.diagnostics.DiagnosticLog;
import io.jprune.runtime.spi.DiscoveredModel;
import io.jprune.runtime.spi.ModelDiscovery;
import io.jprune.runtime.spi.ModuleNode;
import io.jprune.runtime.spi.ParameterHandle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a session the app runs into a model: modules from the graph's node and initializer names, one parameter per
 * float initializer in PyTorch's layout, a {@link SessionInstaller}, and {@link OnnxNames} so that the initializers
 * that are no parameter are refused with their reason; the session's runs captured as {@link OnnxInputForm}
 * inputs, the graph's structure and compaction ({@link OnnxStructure}) and a private copy for the sweep
 * ({@link OnnxPrivateCopy}).
 */
final class OnnxModelDiscovery implements ModelDiscovery {
    @Override
    public DiscoveredModel discover(Object root) {
        if (!(root instanceof SessionModel session)) {
            return null;
        }
        SessionRecord record = session.record();
        OnnxGraph graph = record.graph();
        String name = record.modelName();
        if (!graph.notParameters().isEmpty()) {
            Map.Entry<String, String> first = graph.notParameters().entrySet().iterator().next();
            DiagnosticLog.info(name + ": " + graph.notParameters().size() + " initializer(s) are not parameters, e.g. "
                    + first.getKey() + ": " + first.getValue() + (DiagnosticLog.isDebugEnabled() ? ""
                    : " (log=debug lists them all)"));
            graph.notParameters().forEach((initializer, reason) ->
                    DiagnosticLog.debug(name + ": initializer " + initializer + " is not a parameter: " + reason));
        }
        if (graph.parameters().isEmpty()) {
            return null;
        }
        return new DiscoveredModel(tree(root, record, name, graph), new SessionInstaller(record),
                new OnnxInputForm(), OnnxPrivateCopy.copier(record), new OnnxNames(graph),
                new OnnxStructure(record, record.sessionClass()));
    }

    private static ModuleNode tree(Object root, SessionRecord record, String name, OnnxGraph graph) {
        Map<String, List<OnnxParameter>> byModule = new LinkedHashMap<>();
        for (OnnxParameter parameter : graph.parameters()) {
            byModule.computeIfAbsent(parameter.module(), m -> new ArrayList<>()).add(parameter);
        }
        Node top = new Node("");
        for (Map.Entry<String, List<OnnxParameter>> module : byModule.entrySet()) {
            top.descendant(module.getKey()).parameters.addAll(module.getValue());
        }
        return top.build(root, record, name);
    }

    /** A module while the tree is assembled from dotted names. */
    private static final class Node {
        final String name;
        final List<OnnxParameter> parameters = new ArrayList<>();
        final Map<String, Node> children = new LinkedHashMap<>();

        Node(String name) {
            this.name = name;
        }

        Node descendant(String qualified) {
            if (qualified.isEmpty()) {
                return this;
            }
            Node node = this;
            for (String part : qualified.split("\\.")) {
                String childName = node.name.isEmpty() ? part : node.name + "." + part;
                node = node.children.computeIfAbsent(part, p -> new Node(childName));
            }
            return node;
        }

        ModuleNode build(Object module, SessionRecord record, String rootType) {
            List<ParameterHandle> handles = new ArrayList<>();
            for (OnnxParameter parameter : parameters) {
                handles.add(new InitializerHandle(record, parameter));
            }
            List<ModuleNode> built = new ArrayList<>();
            for (Node child : children.values()) {
                built.add(child.build(record.moduleToken(child.name), record, null));
            }
            String type = rootType != null ? rootType : layerType();
            return new ModuleNode(name, module, type, LayerRepr.of(type, parameters, built, name), handles, built);
        }

        private String layerType() {
            for (OnnxParameter parameter : parameters) {
                if (parameter.name().equals("weight")) {
                    return parameter.layer();
                }
            }
            return parameters.isEmpty() ? "Module" : parameters.get(0).layer();
        }
    }
}
