package ai.crafted.events.kafka;

import ai.crafted.events.ToolTrialRequestedEvent;

public class ToolTrialRequestedEventSerializer extends JsonEventSerializer<ToolTrialRequestedEvent> {
}
