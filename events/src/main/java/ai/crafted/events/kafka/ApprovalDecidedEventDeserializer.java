package ai.crafted.events.kafka;

import ai.crafted.events.ApprovalDecidedEvent;

public class ApprovalDecidedEventDeserializer extends JsonEventDeserializer<ApprovalDecidedEvent> {

    public ApprovalDecidedEventDeserializer() {
        super(ApprovalDecidedEvent.class);
    }
}
