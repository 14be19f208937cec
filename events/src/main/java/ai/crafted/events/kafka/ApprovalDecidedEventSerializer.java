package ai.crafted.events.kafka;

import ai.crafted.events.ApprovalDecidedEvent;

public class ApprovalDecidedEventSerializer extends JsonEventSerializer<ApprovalDecidedEvent> {
}
