package ai.crafted.events.kafka;

import ai.crafted.events.ToolTrialCompletedEvent;

public class ToolTrialCompletedEventDeserializer extends JsonEventDeserializer<ToolTrialCompletedEvent> {

    public ToolTrialCompletedEventDeserializer() {
        super(ToolTrialCompletedEvent.class);
    }
}
