package ai.crafted.events.kafka;

import ai.crafted.events.UsageRecordedEvent;

public class UsageRecordedEventSerializer extends JsonEventSerializer<UsageRecordedEvent> {
}
