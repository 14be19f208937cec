package ai.crafted.whatsapp.reply;

import java.util.Set;

import io.vertx.core.json.JsonObject;

/**
 * A Graph API send that failed, classified by what to do about it. The Cloud API's error
 * reference says to act on the error {@code code} (not the HTTP status, not the deprecated
 * subcode); a body without a code falls back to the HTTP status.
 *
 * <ul>
 * <li>{@link Kind#TRANSIENT}: 5xx, timeouts, unreachable, codes 1, 2, 131000, 131016 — retried with backoff.</li>
 * <li>{@link Kind#RATE_LIMITED}: codes 4, 17, 32, 613 (Graph API call limits), 80007, 130429 (throughput), 131048 (spam rate limit),
 * 131056 (pair rate limit: too many messages to the same customer), HTTP 429 — retried after the
 * per-customer pacing interval, with backoff.</li>
 * <li>{@link Kind#PERMANENT}: the message cannot be delivered as it is — 131047 (outside the
 * 24-hour window), 131026 (undeliverable), 131051 (unsupported type), 100, 131008, 131009
 * (parameters), 131021 (recipient is the sender), 131062 (a user id recipient not supported),
 * 131049, 130472, 131052, 131053 — not retried; recorded with the code.</li>
 * <li>{@link Kind#APP}: the app itself cannot send — 0 and 190 (access token expired or
 * invalid), 102, 3, 10, 200–299 (permissions), 33 (phone number deleted), 368 (blocked for policy
 * violations), 131005 (access denied), 131031 (account locked), 131037 (display name not
 * approved), 131042 (payment), 131045 (certificate), 133010 (number not registered), 100 with
 * subcode 33 (not the app's phone number id) — not retried; the app needs attention and its
 * replies stop until it is changed or the recheck interval passes.</li>
 * </ul>
 * An undocumented code is classified by the HTTP status: 429 rate limit, 401/403 the app, 5xx
 * transient, any other permanent. Error texts never carry an access token ({@link #redacted}).
 */
public class GraphSendFailure extends ReplyFailure {

    /** What to do about a failed send. */
    public enum Kind {
        TRANSIENT, RATE_LIMITED, PERMANENT, APP
    }

    private static final Set<Integer> TRANSIENT_CODES = Set.of(1, 2, 131000, 131016);
    private static final Set<Integer> RATE_LIMIT_CODES = Set.of(4, 17, 32, 613, 80007, 130429, 131048, 131056);
    private static final Set<Integer> APP_CODES = Set.of(0, 3, 10, 33, 102, 190, 368, 131005, 131031, 131037, 131042, 131045,
            133010);
    private static final Set<Integer> PERMANENT_CODES = Set.of(100, 130472, 131008, 131009, 131021, 131026, 131047, 131049,
            131051, 131052, 131053, 131062);
    /** {@code code} 100 with this subcode: the phone number id is not the app's (the app's configuration is wrong). */
    private static final int WRONG_PHONE_NUMBER_ID_SUBCODE = 33;
    /** An access token in an error text (Meta's user and system tokens start with EAA). */
    private static final java.util.regex.Pattern ACCESS_TOKEN = java.util.regex.Pattern.compile("EAA[A-Za-z0-9_\\-]{8,}");

    /** Meta's pair rate limit: too many messages to one customer in a short time. */
    public static final int PAIR_RATE_LIMIT = 131056;

    private final Kind kind;
    private final Integer code;

    public GraphSendFailure(Kind kind, Integer code, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.code = code;
    }

    /** The failure for a non-2xx answer: its {@code error.code} (and details) classified. */
    public static GraphSendFailure answered(int httpStatus, String body) {
        Integer code = null;
        Integer subcode = null;
        String details = null;
        String message = null;
        try {
            JsonObject error = new JsonObject(body).getJsonObject("error");
            if (error != null) {
                code = error.getValue("code") instanceof Number n ? n.intValue() : null;
                subcode = error.getValue("error_subcode") instanceof Number n ? n.intValue() : null;
                message = error.getValue("message") instanceof String s ? s : null;
                JsonObject data = error.getValue("error_data") instanceof JsonObject d ? d : null;
                details = data != null && data.getValue("details") instanceof String s ? s : null;
            }
        } catch (RuntimeException e) {
            // not JSON: classified by the status alone
        }
        Kind kind = code != null && code == 100 && subcode != null && subcode == WRONG_PHONE_NUMBER_ID_SUBCODE ? Kind.APP
                : classify(httpStatus, code);
        String text = redacted("Graph API answered HTTP " + httpStatus + (code == null ? "" : ", error " + code)
                + (message == null ? "" : ": " + message) + (details == null ? "" : " (" + details + ")"));
        return new GraphSendFailure(kind, code, text.length() > 500 ? text.substring(0, 500) + "…" : text, null);
    }

    /** A send that got no answer (timeout, connection refused): transient. */
    public static GraphSendFailure unreachable(Throwable cause) {
        return new GraphSendFailure(Kind.TRANSIENT, null, "Graph API unreachable: " + cause.getMessage(), cause);
    }

    /**
     * An error text without access tokens: Graph can echo a malformed token in its message
     * (code 190), and these texts are stored, logged and shown in the control panel.
     */
    static String redacted(String text) {
        return ACCESS_TOKEN.matcher(text).replaceAll("EAA…[redacted]");
    }

    /**
     * A metric tag for an error code: the code when it is one this class documents, else
     * {@code other}, so a metric never has more series than the documented codes.
     */
    public static String codeTag(Integer code) {
        boolean documented = code != null && (TRANSIENT_CODES.contains(code) || RATE_LIMIT_CODES.contains(code)
                || APP_CODES.contains(code) || PERMANENT_CODES.contains(code));
        return documented ? code.toString() : "other";
    }

    /** By Meta's code when it is a documented one, else by the HTTP status. */
    static Kind classify(int httpStatus, Integer code) {
        if (code != null) {
            if (TRANSIENT_CODES.contains(code)) {
                return Kind.TRANSIENT;
            }
            if (RATE_LIMIT_CODES.contains(code)) {
                return Kind.RATE_LIMITED;
            }
            if (APP_CODES.contains(code) || code >= 200 && code <= 299) {
                return Kind.APP;
            }
            if (PERMANENT_CODES.contains(code)) {
                return Kind.PERMANENT;
            }
        }
        if (httpStatus == 429) {
            return Kind.RATE_LIMITED;
        }
        if (httpStatus == 401 || httpStatus == 403) {
            return Kind.APP;
        }
        return httpStatus >= 500 ? Kind.TRANSIENT : Kind.PERMANENT;
    }

    public Kind kind() {
        return kind;
    }

    /** Meta's error code, or null when the answer had none. */
    public Integer code() {
        return code;
    }

    /** Whether sending again later may succeed. */
    public boolean retryable() {
        return kind == Kind.TRANSIENT || kind == Kind.RATE_LIMITED;
    }
}
