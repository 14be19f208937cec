package ai.crafted.events.kafka;

import ai.crafted.events.CredentialStepUpRequestedEvent;

public class CredentialStepUpRequestedEventDeserializer extends JsonEventDeserializer<CredentialStepUpRequestedEvent> {

    public CredentialStepUpRequestedEventDeserializer() {
        super(CredentialStepUpRequestedEvent.class);
    }
}
