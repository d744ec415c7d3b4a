package io.jprune.runtime.structure;

import java.util.List;

/**
 * What probing one producer found: the layers its channels feed directly and, when its channels must stay
 * whatever the masks say, why. A refused producer still reports its feeds, so that channels coupled to its
 * own are held back too.
 *
 * @param producer the layer probed
 * @param feeds    its direct consumer layers and which of their inputs each channel feeds
 * @param refusal  why its channels cannot be removed, or {@code null}
 */
record ProducerFeeds(String producer, List<ChannelFeed> feeds, String refusal) {
    ProducerFeeds {
        feeds = List.copyOf(feeds);
    }

    static ProducerFeeds refused(String producer, String refusal) {
        return new ProducerFeeds(producer, List.of(), refusal);
    }
}
