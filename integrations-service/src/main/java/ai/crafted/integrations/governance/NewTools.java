package ai.crafted.integrations.governance;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What happens to a tool a plugin lists for the first time. */
public enum NewTools {
    /** Accepted as first seen: offered at once. */
    ENABLED("enabled"),
    /** Held like a changed tool until an admin accepts it. */
    HELD("held");

    private final String wire;

    NewTools(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** @throws IllegalArgumentException for anything but {@code enabled} or {@code held} */
    @JsonCreator
    public static NewTools fromWire(String text) {
        for (NewTools value : values()) {
            if (value.wire.equals(text)) {
                return value;
            }
        }
        throw new IllegalArgumentException("newTools must be enabled or held");
    }
}
