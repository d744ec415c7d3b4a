package io.jprune.agent.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code restore <pid> [param]}: undo every pruning step on one parameter, or on the whole model, bringing the
 * original values back bit for bit (something PyTorch itself cannot do once {@code weight_orig} is gone).
 */
final class RestoreCommand extends ModelCommand {

    @Override
    public String name() {
        return "restore";
    }

    @Override
    public String synopsis() {
        return "restore <pid> [param] [--model NAME]";
    }

    @Override
    public String summary() {
        return "undo all pruning of a parameter (default: every prune and compaction), bit for bit; names\n"
                + "        every parameter it cannot bring back (those 'remove' made permanent)";
    }

    @Override
    void checkArguments(CommandLine line) throws UsageException {
        line.expectPositionals(1, 2, synopsis());
    }

    @Override
    void run(CommandLine line, RemoteModel model, CliEnvironment environment) throws CommandFailedException {
        Optional<String> param = line.positional(1);
        MaskCounts before = line.json() ? MaskCounts.of(model) : null;
        String summary = model.call(m -> param.isPresent() ? m.restore(param.get()) : m.restore());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model.name());
        json.put("param", param.orElse(null));
        json.put("summary", summary);
        if (before != null) {
            json.put("restored", before.restoredIn(MaskCounts.of(model)));
        }
        environment.println(line.json(), json, summary);
    }
}
