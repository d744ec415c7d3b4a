package io.jprune.agent.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code describe <pid> <module>}: what PyTorch prints for {@code print(list(module.named_parameters()))} then
 * {@code print(list(module.named_buffers()))}, values included, for comparing with a Python session.
 */
final class DescribeCommand extends ModelCommand {

    @Override
    public String name() {
        return "describe";
    }

    @Override
    public String synopsis() {
        return "describe <pid> <module> [--model NAME]";
    }

    @Override
    public String summary() {
        return "print(list(module.named_parameters())) and print(list(module.named_buffers())), as PyTorch does";
    }

    @Override
    void checkArguments(CommandLine line) throws UsageException {
        line.expectPositionals(2, 2, synopsis());
    }

    @Override
    void run(CommandLine line, RemoteModel model, CliEnvironment environment) throws CommandFailedException {
        String module = line.positional(1).orElseThrow();
        String text = model.call(m -> m.describe(module));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("module", module);
        json.put("text", text);
        environment.println(line.json(), json, text);
    }
}
