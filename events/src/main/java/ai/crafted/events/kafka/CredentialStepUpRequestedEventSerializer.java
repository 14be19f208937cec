package ai.crafted.events.kafka;

import ai.crafted.events.CredentialStepUpRequestedEvent;

public class CredentialStepUpRequestedEventSerializer extends JsonEventSerializer<CredentialStepUpRequestedEvent> {
}
