package ai.crafted.integrations.governance;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** An admin's choice whether every call of a tool waits for a human's approval, whatever its annotations say. */
public enum ApprovalOverride {
    REQUIRED("required"),
    NOT_REQUIRED("not_required");

    private final String wire;

    ApprovalOverride(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** @return null for null; @throws IllegalArgumentException for anything else but the two names */
    @JsonCreator
    public static ApprovalOverride fromWire(String text) {
        if (text == null) {
            return null;
        }
        for (ApprovalOverride value : values()) {
            if (value.wire.equals(text)) {
                return value;
            }
        }
        throw new IllegalArgumentException("approvalOverride must be required, not_required or null");
    }
}
