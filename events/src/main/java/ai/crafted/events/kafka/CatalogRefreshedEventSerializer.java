package ai.crafted.events.kafka;

import ai.crafted.events.CatalogRefreshedEvent;

public class CatalogRefreshedEventSerializer extends JsonEventSerializer<CatalogRefreshedEvent> {
}
