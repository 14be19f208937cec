package ai.crafted.integrations.ui;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.crafted.integrations.approval.ApprovalView;

/**
 * One approval as the Approvals page shows it: the arguments pretty-printed (the model's text as
 * it came when it is not JSON), who asked in words, and how long it still waits.
 *
 * @param arguments the arguments to show (the template escapes them)
 * @param askedBy   "WhatsApp app X" or "API key Y" (or the key id when the key is gone)
 * @param expiresIn "14 min", "40 s"; null once expired
 */
public record ApprovalCard(ApprovalView approval, String arguments, String askedBy, String expiresIn) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ApprovalCard of(ApprovalView approval, Instant now) {
        return new ApprovalCard(approval, pretty(approval.arguments()), askedBy(approval), expiresIn(approval.expiresAt(), now));
    }

    /** The first 12 hex digits of the arguments' SHA-256 (the page shows the whole one on hover). */
    public String shortSha() {
        String sha = approval.argumentsSha256();
        return sha == null || sha.length() <= 12 ? sha : sha.substring(0, 12) + "…";
    }

    static String pretty(String arguments) {
        if (arguments == null) {
            return "";
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(arguments));
        } catch (JsonProcessingException | RuntimeException e) {
            return arguments;
        }
    }

    private static String askedBy(ApprovalView approval) {
        if (approval.whatsappAppName() != null) {
            return "WhatsApp app " + approval.whatsappAppName();
        }
        if (approval.apiKeyName() != null) {
            return "API key " + approval.apiKeyName();
        }
        return approval.apiKeyId() == null ? "unknown" : "API key " + approval.apiKeyId() + " (deleted)";
    }

    static String expiresIn(Instant expiresAt, Instant now) {
        Duration left = Duration.between(now, expiresAt);
        if (left.isNegative() || left.isZero()) {
            return null;
        }
        long seconds = left.toSeconds();
        return seconds >= 120 ? (seconds + 59) / 60 + " min" : seconds + " s";
    }
}
