package ai.crafted.events.kafka;

import ai.crafted.events.CredentialUpdatedEvent;

public class CredentialUpdatedEventDeserializer extends JsonEventDeserializer<CredentialUpdatedEvent> {

    public CredentialUpdatedEventDeserializer() {
        super(CredentialUpdatedEvent.class);
    }
}
