package ai.crafted.events.kafka;

import ai.crafted.events.ToolPolicyUpdatedEvent;

public class ToolPolicyUpdatedEventSerializer extends JsonEventSerializer<ToolPolicyUpdatedEvent> {
}
