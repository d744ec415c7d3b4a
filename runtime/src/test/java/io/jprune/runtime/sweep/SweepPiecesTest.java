package io.jprune.runtime.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jprune.kernels.cpu.CpuKernels;
import io.jprune.runtime.model.ArrayHandle;
import io.jprune.runtime.model.Model;
import io.jprune.runtime.prune.PruningMethods;
import io.jprune.runtime.spi.ModuleNode;
import io.jprune.runtime.tensor.Shape;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The sweep's parts that need no running app: its settings and their refusals, the output comparison, the
 * renderings and the proposal, with values worked out by hand.
 */
class SweepPiecesTest {

    private static final SweepReport REPORT = new SweepReport("Net", "l1_unstructured", "classifier", 4,
            new SweepPoint[] {
                new SweepPoint("a.weight", 0.5, 0.5, 100, 1.0, 0.99, 0.5),
                new SweepPoint("a.weight", 0.9, 0.9, 100, 0.5, 0.7, 3.0),
                new SweepPoint("b.weight", 0.5, 0.5, 300, 0.75, 0.9, 1.0),
                new SweepPoint("b.weight", 0.9, 0.9, 300, 0.25, 0.5, 4.0)},
            1000, 900, 2.5, true, new String[] {});

    @Test
    void settingsTakeDefaultsAndNameTheBadArgument() {
        SweepSettings defaults = SweepSettings.parse("", "", "", "", 0, 0, 0, "");
        assertEquals(List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9), defaults.amounts());
        assertEquals(PruningMethods.L1_UNSTRUCTURED, defaults.method());
        assertEquals(512, defaults.inputs());
        assertEquals(0.25, defaults.cpuShare());
        assertEquals("ln_structured n=2 dim=1",
                SweepSettings.parse("fc1.weight", "0.5, 0.2", "ln_structured", "2", 1, 64, 1, "").methodLabel());
        assertEquals(List.of(0.2, 0.5),
                SweepSettings.parse("", "0.5,0.2,0.5", "", "", 0, 0, 0, "").amounts(), "sorted, once each");
        assertEquals("amounts must be fractions in (0, 1]; got 1.5", assertThrows(IllegalArgumentException.class,
                () -> SweepSettings.parse("", "0.5,1.5", "", "", 0, 0, 0, "")).getMessage());
        assertEquals("method 'global_unstructured' cannot be swept; give one of l1_unstructured, random_unstructured, "
                + "ln_structured, random_structured", assertThrows(IllegalArgumentException.class,
                () -> SweepSettings.parse("", "", "global_unstructured", "", 0, 0, 0, "")).getMessage());
        assertEquals("inputs must be between 1 and 8192 (0 for 512), got -3", assertThrows(
                IllegalArgumentException.class, () -> SweepSettings.parse("", "", "", "", 0, -3, 0, "")).getMessage());
        assertEquals("cpu share must be a fraction of one core in (0, 1] (0 for 0.25), got 2.0", assertThrows(
                IllegalArgumentException.class, () -> SweepSettings.parse("", "", "", "", 0, 0, 2, "")).getMessage());
        assertEquals("output must be auto, classifier or embedding, got 'logits'", assertThrows(
                IllegalArgumentException.class, () -> SweepSettings.parse("", "", "", "", 0, 0, 0, "logits"))
                .getMessage());
    }

    @Test
    void outputsAreComparedByTop1CosineAndLargestDifference() {
        OutputComparison comparison = new OutputComparison();
        comparison.add(new float[] {1, 2, 3}, new float[] {1, 2, 3});
        comparison.add(new float[] {1, 0, 0}, new float[] {0, 1, 0});
        comparison.add(new float[] {3, 4, 0}, new float[] {3, 4, 0.5f});
        assertEquals(2 / 3.0, comparison.top1Agreement());
        assertEquals((1 + 0 + 25 / Math.sqrt(25 * 25.25)) / 3, comparison.cosineSimilarity(), 1e-12);
        assertEquals(1.0, comparison.maxAbsDifference());
        assertEquals(-1, OutputComparison.argmax(new float[] {Float.NaN}));
        assertEquals(1, OutputComparison.argmax(new float[] {1, 2, 2}), "the first of equal largest values");
    }

    @Test
    void aModelWhoseAdapterCannotCopyItIsRefusedWithTheReason() {
        Object root = new Object();
        Model model = new Model("Uncopyable", root, new ModuleNode("", root, "Linear", "Linear()",
                List.of(new ArrayHandle("weight", Shape.of(2, 2), 1, 2, 3, 4)), List.of()));
        Sweep sweep = new Sweep(model, new CpuKernels(), SweepSettings.parse("", "", "", "", 0, 0, 0, ""), line -> {
        });
        assertEquals("model Uncopyable cannot be swept: its adapter cannot make a private copy of the model",
                assertThrows(IllegalStateException.class, sweep::run).getMessage());
    }

    @Test
    void csvAndJsonListEveryPoint() {
        assertEquals("parameter,amount,sparsity,numel,top1_agreement,cosine_similarity,max_abs_difference\n"
                + "a.weight,0.5,0.5,100,1,0.99,0.5\n"
                + "a.weight,0.9,0.9,100,0.5,0.7,3\n"
                + "b.weight,0.5,0.5,300,0.75,0.9,1\n"
                + "b.weight,0.9,0.9,300,0.25,0.5,4\n", SweepRendering.csv(REPORT));
        String json = SweepRendering.json(REPORT);
        assertTrue(json.contains("\"points\": [\n    {\"parameter\": \"a.weight\", \"amount\": 0.5, \"sparsity\": 0.5, "
                + "\"numel\": 100, \"top1_agreement\": 1, \"cosine_similarity\": 0.99, \"max_abs_difference\": 0.5},"),
                json);
        assertTrue(json.contains("\"app_forwards_per_second_during\": 900"), json);
        assertTrue(SweepRendering.table(REPORT).contains("app throughput: 1000 forwards/s before, 900 during the "
                + "sweep (0.90x)"));
    }

    @Test
    void theChartIsAnSvgWithOneCurvePerParameterOnTheAgreementScale() throws Exception {
        String svg = SweepRendering.svg(REPORT);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document document = factory.newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        NodeList curves = document.getElementsByTagNameNS("http://www.w3.org/2000/svg", "polyline");
        assertEquals(2, curves.getLength());
        Element a = (Element) curves.item(0);
        assertEquals("a.weight", a.getAttribute("data-parameter"));
        // x = 70 + amount * 450; y from 380 (agreement 0.2, the lowest tenth reached) to 50 (agreement 1)
        assertEquals("295.0,50.0 475.0,256.3", a.getAttribute("points"), "380 - (0.5 - 0.2) / 0.8 * 330");
        assertEquals("295.0,153.1 475.0,359.4", ((Element) curves.item(1)).getAttribute("points"));
        assertTrue(svg.contains(">0.20</text>") && svg.contains(">1.00</text>"), "the y axis runs 0.20 to 1.00");
    }

    @Test
    void theProposalPrunesWhereAgreementCostsLeast() {
        SweepSettings settings = SweepSettings.parse("", "0.5,0.9", "", "", 0, 0, 0, "");
        SweepProposal half = SweepProposal.forSparsity(REPORT, settings, 0.3);
        // a 0.5: 50 entries for nothing lost; then b 0.5: 150 more for 0.25 -> 200 of 400
        assertEquals(List.of(new SweepProposal.Step("l1_unstructured", "a.weight", 0.5, null, null),
                new SweepProposal.Step("l1_unstructured", "b.weight", 0.5, null, null)), half.steps());
        assertEquals(0.5, half.predictedSparsity());
        assertEquals(0.75, half.predictedAgreement());
        SweepProposal floor = SweepProposal.withinAgreement(REPORT, settings, 0.8);
        // a 0.5 is free; a 0.9 (40 more for 0.5) and b (150 for 0.25) both break the floor of 0.8
        assertEquals(List.of(new SweepProposal.Step("l1_unstructured", "a.weight", 0.5, null, null)), floor.steps());
        assertEquals(0.125, floor.predictedSparsity());
        assertTrue(floor.json().contains("\"steps\": [\n    {\"method\": \"l1_unstructured\", \"parameter\": "
                + "\"a.weight\", \"amount\": 0.5, \"n\": null, \"dim\": null}\n  ]"), floor.json());
        SweepSettings structured = SweepSettings.parse("", "0.5,0.9", "ln_structured", "2", 0, 0, 0, "");
        assertEquals(new SweepProposal.Step("ln_structured", "a.weight", 0.5, "2", 0),
                SweepProposal.forSparsity(REPORT, structured, 0.1).steps().get(0));
    }

    @Test
    void aLiveSweepRendersItsStepsAndItsFloor() throws Exception {
        LiveSweepReport live = new LiveSweepReport("Net", "l1_unstructured", "app:type=M/Accuracy", 0.9, 0.98,
                new LivePoint[] {
                    new LivePoint("a.weight", 0.5, 0.5, 0.97, false),
                    new LivePoint("a.weight", 0.9, 0.9, 0.5, true),
                    new LivePoint("b.weight", 0.5, 0.5, 0.96, false)},
                0.98, 2, 0, 7.5, true, new String[] {"a.weight: below"});
        assertEquals("parameter,amount,sparsity,metric,below_floor\na.weight,0.5,0.5,0.97,false\n"
                + "a.weight,0.9,0.9,0.5,true\nb.weight,0.5,0.5,0.96,false\n", SweepRendering.csv(live));
        assertTrue(SweepRendering.table(live).contains(
                "a.weight                   0.900     90.0%          0.5  below the floor: undone\n"),
                SweepRendering.table(live));
        assertTrue(SweepRendering.json(live).contains("\"floor\": 0.9,\n  \"baseline\": 0.98,"));

        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document svg = factory.newDocumentBuilder().parse(new ByteArrayInputStream(
                SweepRendering.svg(live).getBytes(StandardCharsets.UTF_8)));
        NodeList curves = svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", "polyline");
        assertEquals(2, curves.getLength());
        assertEquals("a.weight", ((Element) curves.item(0)).getAttribute("data-parameter"));
        // y from 0.4 (the tenth below the lowest point 0.5; bottom, 380) to 1.0 (top, 50): the floor 0.9 at
        // 380 - 0.5 / 0.6 * 330 = 105; x from 0 (70) to 1 (520)
        NodeList lines = svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", "line");
        Element floor = null;
        for (int i = 0; i < lines.getLength(); i++) {
            if ("floor".equals(((Element) lines.item(i)).getAttribute("class"))) {
                floor = (Element) lines.item(i);
            }
        }
        assertEquals("105.0", floor.getAttribute("y1"));
        assertEquals("295.0,66.5 475.0,325.0", ((Element) curves.item(0)).getAttribute("points"));
    }
}
