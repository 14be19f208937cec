package ai.crafted.integrations.approval;

import java.util.Locale;

import ai.crafted.integrations.error.ApiException;
import ai.crafted.integrations.error.ErrorCodes;

/**
 * Which approvals a list shows, by the status it reads ({@link ApprovalEntity#effectiveStatus}):
 * a pending approval past its expiry counts as expired.
 */
public enum ApprovalFilter {
    ALL("1 = 1"),
    PENDING("(a.status = 'pending' and a.expiresAt > :now)"),
    APPROVED("a.status = 'approved'"),
    DENIED("a.status = 'denied'"),
    EXPIRED("(a.status = 'expired' or (a.status = 'pending' and a.expiresAt <= :now))"),
    USED("a.status = 'used'"),
    /** Everything but the pending ones: the Approvals page's "recently decided". */
    SETTLED("not (a.status = 'pending' and a.expiresAt > :now)");

    /** HQL over {@code ApprovalEntity a}; may use {@code :now}. */
    final String where;

    ApprovalFilter(String where) {
        this.where = where;
    }

    /**
     * The API's {@code ?status=}: absent is all; pending, approved, denied, expired or used.
     *
     * @throws ApiException 400 {@code invalid_request} naming {@code status}
     */
    public static ApprovalFilter ofQuery(String status) {
        if (status == null) {
            return ALL;
        }
        return switch (status.toLowerCase(Locale.ROOT)) {
            case "pending" -> PENDING;
            case "approved" -> APPROVED;
            case "denied" -> DENIED;
            case "expired" -> EXPIRED;
            case "used" -> USED;
            default -> throw new ApiException(400, ErrorCodes.INVALID_REQUEST,
                    "status must be one of pending, approved, denied, expired, used", "status");
        };
    }
}
