package ai.crafted.gateway.approval;

/**
 * A follow-up request whose approvals cannot resume its tool calls, answered with an OpenAI
 * error: 404 {@code approval_not_found}, 409 {@code approval_pending}, 409
 * {@code approval_already_used}, 409 {@code approval_mismatch}, 400 {@code invalid_approvals}.
 * Nothing ran and nothing was used when it is thrown.
 */
public class ApprovalRefused extends RuntimeException {

    public static final String NOT_FOUND = "approval_not_found";
    public static final String PENDING = "approval_pending";
    public static final String ALREADY_USED = "approval_already_used";
    public static final String MISMATCH = "approval_mismatch";
    public static final String INVALID = "invalid_approvals";

    private final int status;
    private final String code;

    public ApprovalRefused(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
