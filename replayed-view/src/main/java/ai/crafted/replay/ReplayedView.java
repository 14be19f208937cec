package ai.crafted.replay;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest value per key of a compacted topic, held in memory. Each record carries a version
 * that grows with every change of its aggregate; an older version never overwrites a newer one
 * (Kafka delivers at least once and a replay can interleave with live records). A deletion is
 * kept as a tombstone with its version, so a late, older record cannot bring the key back; at
 * equal versions the tombstone wins.
 *
 * <p>Thread-safe; reads never block writes of other keys.
 *
 * @param <K> the record key (an aggregate id)
 * @param <V> the value kept per key (never null: null means deleted)
 */
public final class ReplayedView<K, V> {

    private record Entry<V>(long version, V value) {

        boolean deleted() {
            return value == null;
        }
    }

    /**
     * What {@link #apply} did.
     *
     * @param applied  false when the record was older than what the view holds (nothing changed)
     * @param previous the live value before, if any
     * @param current  the live value after, if any (empty after a deletion or when not applied
     *                 and the key is deleted)
     */
    public record Change<V>(boolean applied, Optional<V> previous, Optional<V> current) {
    }

    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();

    /**
     * Applies one record.
     *
     * @param version the aggregate's version carried by the record
     * @param value   the new value, or null when the record says the aggregate was deleted
     */
    public Change<V> apply(K key, long version, V value) {
        Object[] before = new Object[1];
        boolean[] applied = new boolean[1];
        Entry<V> after = entries.compute(key, (k, current) -> {
            before[0] = current == null ? null : current.value();
            if (current != null && (current.version() > version
                    || (current.version() == version && current.deleted() && value != null))) {
                return current;
            }
            applied[0] = true;
            return new Entry<>(version, value);
        });
        @SuppressWarnings("unchecked")
        V previous = (V) before[0];
        return new Change<>(applied[0], Optional.ofNullable(previous), Optional.ofNullable(after.value()));
    }

    /** The live value of a key; empty when never seen or deleted. */
    public Optional<V> get(K key) {
        Entry<V> entry = entries.get(key);
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.value());
    }

    /** The version held for a key (including a deletion's); empty when never seen. */
    public OptionalLong versionOf(K key) {
        Entry<V> entry = entries.get(key);
        return entry == null ? OptionalLong.empty() : OptionalLong.of(entry.version());
    }

    /** Every live value, in no particular order. */
    public Collection<V> values() {
        return entries.values().stream().filter(e -> !e.deleted()).map(Entry::value).toList();
    }

    /** Every live value matching a predicate; a snapshot. */
    public List<V> valuesWhere(java.util.function.Predicate<V> filter) {
        return entries.values().stream().filter(e -> !e.deleted()).map(Entry::value).filter(filter).toList();
    }

    /** Number of live keys. */
    public int size() {
        return (int) entries.values().stream().filter(e -> !e.deleted()).count();
    }
}
