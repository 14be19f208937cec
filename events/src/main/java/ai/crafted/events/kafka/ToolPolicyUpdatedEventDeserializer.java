package ai.crafted.events.kafka;

import ai.crafted.events.ToolPolicyUpdatedEvent;

public class ToolPolicyUpdatedEventDeserializer extends JsonEventDeserializer<ToolPolicyUpdatedEvent> {

    public ToolPolicyUpdatedEventDeserializer() {
        super(ToolPolicyUpdatedEvent.class);
    }
}
