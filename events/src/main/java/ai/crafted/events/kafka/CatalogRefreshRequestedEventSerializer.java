package ai.crafted.events.kafka;

import ai.crafted.events.CatalogRefreshRequestedEvent;

public class CatalogRefreshRequestedEventSerializer extends JsonEventSerializer<CatalogRefreshRequestedEvent> {
}
