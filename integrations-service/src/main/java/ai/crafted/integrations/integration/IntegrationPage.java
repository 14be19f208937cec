package ai.crafted.integrations.integration;

import java.util.List;

/** A page of the plugin list; {@code page} counts from 0. */
public record IntegrationPage(List<IntegrationSummaryView> items, int page, int size, long total) {
}
