package ai.crafted.events.kafka;

import ai.crafted.events.CatalogUpdatedEvent;

/** Named in consumers' {@code value.deserializer} config; a tombstone stays null. */
public class CatalogUpdatedEventDeserializer extends JsonEventDeserializer<CatalogUpdatedEvent> {

    public CatalogUpdatedEventDeserializer() {
        super(CatalogUpdatedEvent.class);
    }
}
