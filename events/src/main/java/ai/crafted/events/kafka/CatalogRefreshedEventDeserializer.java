package ai.crafted.events.kafka;

import ai.crafted.events.CatalogRefreshedEvent;

public class CatalogRefreshedEventDeserializer extends JsonEventDeserializer<CatalogRefreshedEvent> {

    public CatalogRefreshedEventDeserializer() {
        super(CatalogRefreshedEvent.class);
    }
}
