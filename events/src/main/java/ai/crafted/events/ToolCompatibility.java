package ai.crafted.events;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How one MCP tool fares with one provider profile (see {@link ToolForm}): {@code ok} (sent as the
 * server described it), {@code normalised} (sent after meaning-preserving changes, which are
 * listed) or {@code incompatible} (never sent to that provider; the reason says why).
 */
public enum ToolCompatibility {
    OK, NORMALISED, INCOMPATIBLE;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ToolCompatibility of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
