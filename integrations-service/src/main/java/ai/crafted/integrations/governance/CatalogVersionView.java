package ai.crafted.integrations.governance;

import java.time.Instant;
import java.util.List;

/**
 * One catalog version of a plugin.
 *
 * @param number      1, 2, … per plugin
 * @param catalogHash catalog-refresher's hash over the catalog as the server sent it
 * @param createdAt   when integrations-service stored it
 * @param tools       its tools (name and hash) in catalog order
 * @param diff        against the version before (the first version adds every tool)
 */
public record CatalogVersionView(int number, String catalogHash, Instant createdAt, List<CatalogTool> tools, CatalogDiff diff) {

    /** A page of versions, newest first. */
    public record Page(List<CatalogVersionView> items, int page, int size, long total) {
    }
}
