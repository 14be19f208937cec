package ai.crafted.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * What happened to an aggregate; serialised in lower case. {@code rotated} is for credentials (a
 * new secret, same credential), {@code revoked} for API keys.
 */
public enum ChangeType {
    CREATED, UPDATED, ROTATED, REVOKED, DELETED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ChangeType fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
