package io.jprune.runtime.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-parameter amounts read off a sweep's curves: the least predicted loss of agreement that reaches a requested
 * sparsity over the swept parameters, or the most sparsity whose predicted agreement stays at or above a floor.
 * Greedy: starting from nothing pruned, it repeatedly takes the move (one parameter to one of its larger swept
 * amounts) that prunes the most entries per unit of agreement lost. Losses are predicted to add up
 * ({@code 1 - sum of (1 - agreement)}), which is a guess a person should check on the live model.
 *
 * <p>Written as a plan (see {@link #json}): a list of steps with method, parameter, amount, n and dim, the shape
 * the plan command reads; nothing is applied here.
 *
 * @param model              the model's name
 * @param steps              one step per parameter to prune, in sweep order
 * @param predictedSparsity  the fraction of the swept parameters' entries that would be zero
 * @param predictedAgreement the agreement the curves predict
 * @param goal               what was asked, for people
 * @param notes              e.g. that the goal cannot be reached with the swept amounts
 */
public record SweepProposal(String model, List<Step> steps, double predictedSparsity, double predictedAgreement,
                            String goal, List<String> notes) {

    /**
     * One prune of a plan.
     *
     * @param method    PyTorch's function name, e.g. {@code l1_unstructured}
     * @param parameter the qualified parameter name
     * @param amount    the fraction
     * @param n         the norm for {@code ln_structured}, else {@code null}
     * @param dim       the dim for the structured methods, else {@code null}
     */
    public record Step(String method, String parameter, double amount, String n, Integer dim) {
    }

    /**
     * The cheapest amounts that reach {@code sparsity} over the swept parameters.
     *
     * @param settings the sweep's settings, whose method, n and dim the steps take
     */
    public static SweepProposal forSparsity(SweepReport report, SweepSettings settings, double sparsity) {
        check(sparsity, "sparsity");
        return greedy(report, settings, sparsity, -1, String.format(Locale.ROOT, "sparsity >= %.3f", sparsity));
    }

    /** The most sparsity whose predicted agreement stays at or above {@code agreement}. */
    public static SweepProposal withinAgreement(SweepReport report, SweepSettings settings, double agreement) {
        check(agreement, "agreement");
        return greedy(report, settings, 2, agreement, String.format(Locale.ROOT, "agreement >= %.3f", agreement));
    }

    private static void check(double value, String name) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be a fraction in [0, 1], got " + value);
        }
    }

    private static SweepProposal greedy(SweepReport report, SweepSettings settings, double sparsityGoal,
                                        double agreementFloor, String goal) {
        Map<String, List<SweepPoint>> curves = report.curves();
        Map<String, Integer> chosen = new LinkedHashMap<>();
        long total = 0;
        for (Map.Entry<String, List<SweepPoint>> curve : curves.entrySet()) {
            chosen.put(curve.getKey(), -1);
            total += curve.getValue().get(0).getNumel();
        }
        double pruned = 0;
        double loss = 0;
        List<String> notes = new ArrayList<>();
        while (total > 0 && pruned / total < sparsityGoal) {
            String bestParam = null;
            int bestIndex = -1;
            double bestCost = Double.POSITIVE_INFINITY;
            for (Map.Entry<String, List<SweepPoint>> curve : curves.entrySet()) {
                List<SweepPoint> points = curve.getValue();
                int at = chosen.get(curve.getKey());
                for (int j = at + 1; j < points.size(); j++) {
                    double gain = entries(points.get(j)) - (at < 0 ? 0 : entries(points.get(at)));
                    double lost = lossOf(points.get(j), report) - (at < 0 ? 0 : lossOf(points.get(at), report));
                    if (gain <= 0 || (agreementFloor >= 0 && 1 - (loss + lost) < agreementFloor - 1e-12)) {
                        continue;
                    }
                    double cost = Math.max(0, lost) / gain;
                    if (cost < bestCost) {
                        bestCost = cost;
                        bestParam = curve.getKey();
                        bestIndex = j;
                    }
                }
            }
            if (bestParam == null) {
                if (agreementFloor < 0) {
                    notes.add("the swept amounts cannot reach the requested sparsity; this is the most they reach");
                }
                break;
            }
            List<SweepPoint> points = curves.get(bestParam);
            int at = chosen.get(bestParam);
            pruned += entries(points.get(bestIndex)) - (at < 0 ? 0 : entries(points.get(at)));
            loss += lossOf(points.get(bestIndex), report) - (at < 0 ? 0 : lossOf(points.get(at), report));
            chosen.put(bestParam, bestIndex);
        }
        List<Step> steps = new ArrayList<>();
        String method = settings.method().pytorchName();
        boolean takesN = settings.method().takes(io.jprune.runtime.prune.PruningArgument.N);
        boolean takesDim = settings.method().takes(io.jprune.runtime.prune.PruningArgument.DIM);
        chosen.forEach((param, index) -> {
            if (index >= 0) {
                steps.add(new Step(method, param, curves.get(param).get(index).getAmount(),
                        takesN ? settings.n().toString() : null, takesDim ? settings.dim() : null));
            }
        });
        notes.add("predicted agreement assumes the parameters' losses add up; check it on the live model");
        return new SweepProposal(report.getModel(), List.copyOf(steps), total == 0 ? 0 : pruned / total,
                Math.max(0, 1 - loss), goal, List.copyOf(notes));
    }

    private static double entries(SweepPoint point) {
        return point.getSparsity() * point.getNumel();
    }

    private static double lossOf(SweepPoint point, SweepReport report) {
        return Math.max(0, 1 - point.agreement(report.getOutputKind()));
    }

    /**
     * The proposal as a plan:
     * <pre>
     * {"model": "LeNet", "goal": "sparsity &gt;= 0.500", "predicted_sparsity": 0.52, "predicted_agreement": 0.97,
     *  "notes": [...], "steps": [{"method": "l1_unstructured", "parameter": "fc1.weight", "amount": 0.6,
     *  "n": null, "dim": null}]}
     * </pre>
     */
    public String json() {
        List<String> items = new ArrayList<>();
        for (Step step : steps) {
            items.add("{\"method\": " + SweepRendering.string(step.method()) + ", \"parameter\": "
                    + SweepRendering.string(step.parameter()) + ", \"amount\": " + SweepRendering.number(step.amount())
                    + ", \"n\": " + (step.n() == null ? "null" : SweepRendering.string(step.n())) + ", \"dim\": "
                    + (step.dim() == null ? "null" : step.dim()) + "}");
        }
        List<String> quoted = new ArrayList<>();
        for (String note : notes) {
            quoted.add(SweepRendering.string(note));
        }
        return "{\n  \"model\": " + SweepRendering.string(model) + ",\n  \"goal\": " + SweepRendering.string(goal)
                + ",\n  \"predicted_sparsity\": " + SweepRendering.number(predictedSparsity)
                + ",\n  \"predicted_agreement\": " + SweepRendering.number(predictedAgreement)
                + ",\n  \"notes\": [" + String.join(", ", quoted) + "],\n  \"steps\": [\n    "
                + String.join(",\n    ", items) + "\n  ]\n}\n";
    }
}
