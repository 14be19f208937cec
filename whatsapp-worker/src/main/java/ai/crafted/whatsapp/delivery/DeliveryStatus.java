package ai.crafted.whatsapp.delivery;

import java.time.Instant;

/**
 * One entry of a webhook's {@code statuses[]} (Meta's webhook reference): what happened to a
 * message the worker sent.
 *
 * @param wamid  the sent message's id
 * @param status {@code sent}, {@code delivered}, {@code read} or {@code failed}
 * @param at     the status's {@code timestamp}, or null
 * @param code   for {@code failed}: the first error's {@code code}, else null
 * @param title  for {@code failed}: the first error's {@code title} (or {@code message}), else null
 */
public record DeliveryStatus(String wamid, String status, Instant at, Integer code, String title) {
}
