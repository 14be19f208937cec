package ai.crafted.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplayedViewTest {

    private final ReplayedView<String, String> view = new ReplayedView<>();

    @Test
    void aNewerVersionReplacesAndAnOlderOneIsIgnored() {
        assertThat(view.apply("a", 1, "one").applied()).isTrue();
        assertThat(view.apply("a", 3, "three").previous()).contains("one");
        var stale = view.apply("a", 2, "two");

        assertThat(stale.applied()).isFalse();
        assertThat(stale.current()).contains("three");
        assertThat(view.get("a")).contains("three");
        assertThat(view.versionOf("a")).hasValue(3);
    }

    @Test
    void aDeletionIsKeptSoThatAnOlderRecordCannotBringTheKeyBack() {
        view.apply("a", 1, "one");
        var deleted = view.apply("a", 2, null);

        assertThat(deleted.applied()).isTrue();
        assertThat(deleted.previous()).contains("one");
        assertThat(deleted.current()).isEmpty();
        assertThat(view.apply("a", 1, "one").applied()).isFalse();
        assertThat(view.apply("a", 2, "same version as the deletion").applied()).isFalse();
        assertThat(view.get("a")).isEmpty();
        assertThat(view.values()).isEmpty();
        assertThat(view.size()).isZero();
    }

    @Test
    void aDeletionWinsOverALiveValueOfTheSameVersionInEitherOrder() {
        view.apply("a", 4, "four");
        assertThat(view.apply("a", 4, null).applied()).isTrue();
        assertThat(view.get("a")).isEmpty();

        view.apply("b", 4, null);
        assertThat(view.apply("b", 4, "four").applied()).isFalse();
        assertThat(view.get("b")).isEmpty();
    }

    @Test
    void aRedeliveryOfTheSameVersionIsHarmlessAndANewerOneAfterADeletionRevivesTheKey() {
        view.apply("a", 1, "one");
        assertThat(view.apply("a", 1, "one").applied()).isTrue();
        view.apply("a", 2, null);
        view.apply("a", 5, "re-created");

        assertThat(view.get("a")).contains("re-created");
        assertThat(view.valuesWhere(v -> v.startsWith("re"))).containsExactly("re-created");
        assertThat(view.get("never-seen")).isEmpty();
        assertThat(view.versionOf("never-seen")).isEmpty();
    }
}
