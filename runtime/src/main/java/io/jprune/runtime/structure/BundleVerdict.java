package io.jprune.runtime.structure;

import java.util.Map;

/**
 * What compaction does with one bundle of coupled channels.
 *
 * @param bundle the channels
 * @param dead   whether the masks make the channels useless: every member's weights pruned, or every
 *               consumer's weights for them pruned
 * @param cut    whether compaction removes them
 * @param reason why a bundle with pruned channels stays, for people; {@code null} when it is cut or nothing
 *               in it is pruned
 * @param folds  per consumer, the constant to add to each of its output channels' bias, so that the
 *               removed channels' contribution survives their removal (empty unless cut)
 */
record BundleVerdict(ChannelBundle bundle, boolean dead, boolean cut, String reason, Map<String, double[]> folds) {

    static BundleVerdict kept(ChannelBundle bundle, boolean dead, String reason) {
        return new BundleVerdict(bundle, dead, false, reason, Map.of());
    }

    BundleVerdict uncut(String why) {
        return kept(bundle, dead, why);
    }
}
