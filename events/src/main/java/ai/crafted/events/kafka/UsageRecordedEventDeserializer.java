package ai.crafted.events.kafka;

import ai.crafted.events.UsageRecordedEvent;

public class UsageRecordedEventDeserializer extends JsonEventDeserializer<UsageRecordedEvent> {

    public UsageRecordedEventDeserializer() {
        super(UsageRecordedEvent.class);
    }
}
