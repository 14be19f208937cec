package ai.crafted.events.kafka;

import ai.crafted.events.ApprovalUpdatedEvent;

public class ApprovalUpdatedEventSerializer extends JsonEventSerializer<ApprovalUpdatedEvent> {
}
