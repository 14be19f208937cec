package ai.crafted.integrations.apikey;

import java.util.List;

public record ApiKeyPage(List<ApiKeyView> items, int page, int size, long total) {
}
