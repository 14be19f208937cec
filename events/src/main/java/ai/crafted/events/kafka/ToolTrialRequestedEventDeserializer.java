package ai.crafted.events.kafka;

import ai.crafted.events.ToolTrialRequestedEvent;

public class ToolTrialRequestedEventDeserializer extends JsonEventDeserializer<ToolTrialRequestedEvent> {

    public ToolTrialRequestedEventDeserializer() {
        super(ToolTrialRequestedEvent.class);
    }
}
