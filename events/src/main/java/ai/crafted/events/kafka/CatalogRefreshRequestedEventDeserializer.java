package ai.crafted.events.kafka;

import ai.crafted.events.CatalogRefreshRequestedEvent;

public class CatalogRefreshRequestedEventDeserializer extends JsonEventDeserializer<CatalogRefreshRequestedEvent> {

    public CatalogRefreshRequestedEventDeserializer() {
        super(CatalogRefreshRequestedEvent.class);
    }
}
