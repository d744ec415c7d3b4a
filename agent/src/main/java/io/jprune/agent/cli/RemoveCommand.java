package io.jprune.agent.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code remove <pid> <param>}: PyTorch's {@code prune.remove}, which makes the pruning permanent: the masked values
 * become the parameter, {@code weight_orig} and {@code weight_mask} go away.
 */
final class RemoveCommand extends ModelCommand {

    @Override
    public String name() {
        return "remove";
    }

    @Override
    public String synopsis() {
        return "remove <pid> <param> [--model NAME]";
    }

    @Override
    public String summary() {
        return "prune.remove: make the pruning of a parameter permanent; its weight_orig is freed, so restore can\n"
                + "        no longer bring that parameter back";
    }

    @Override
    public Set<String> options() {
        return Set.of("model", "name");
    }

    @Override
    void checkArguments(CommandLine line) throws UsageException {
        line.expectPositionals(2, 2, synopsis());
    }

    @Override
    void run(CommandLine line, RemoteModel model, CliEnvironment environment)
            throws UsageException, CommandFailedException {
        String param = line.parameter(1);
        MaskCounts before = line.json() ? MaskCounts.of(model) : null;
        String summary = model.call(m -> m.remove(param));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model.name());
        json.put("param", param);
        json.put("summary", summary);
        if (before != null) {
            json.put("numel", before.numel().get(param));
            json.put("pruned", before.zeros().get(param));
            json.put("restorable", false);
        }
        environment.println(line.json(), json, summary);
    }
}
