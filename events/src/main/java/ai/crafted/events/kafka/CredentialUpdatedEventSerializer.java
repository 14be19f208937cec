package ai.crafted.events.kafka;

import ai.crafted.events.CredentialUpdatedEvent;

public class CredentialUpdatedEventSerializer extends JsonEventSerializer<CredentialUpdatedEvent> {
}
