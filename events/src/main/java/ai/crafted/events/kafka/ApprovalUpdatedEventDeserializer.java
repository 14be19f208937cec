package ai.crafted.events.kafka;

import ai.crafted.events.ApprovalUpdatedEvent;

public class ApprovalUpdatedEventDeserializer extends JsonEventDeserializer<ApprovalUpdatedEvent> {

    public ApprovalUpdatedEventDeserializer() {
        super(ApprovalUpdatedEvent.class);
    }
}
