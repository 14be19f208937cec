package ai.crafted.events.kafka;

import ai.crafted.events.ToolTrialCompletedEvent;

public class ToolTrialCompletedEventSerializer extends JsonEventSerializer<ToolTrialCompletedEvent> {
}
