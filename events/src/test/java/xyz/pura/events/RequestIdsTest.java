package xyz.pura.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @Test
    void shouldMakeUuidV7IdsThatCarryTheirAcceptanceTime() {
        long at = 1_795_579_345_123L;
        String id = RequestIds.next(at);

        assertThat(id).matches("req_[0-9a-f]{32}");
        UUID uuid = UUID.fromString(id.substring(4).replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5"));
        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(RequestIds.acceptedAtMillis(id)).hasValue(at);
        assertThat(RequestIds.acceptedAtMillis(RequestCompleted.eventIdFor(id))).hasValue(at);
    }

    @Test
    void shouldSortByTimeAndNeverRepeat() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(RequestIds.next(1_000L));
        }
        assertThat(ids).hasSize(10_000);
        assertThat(RequestIds.next(1_000L)).isLessThan(RequestIds.next(1_001L));
    }

    @Test
    void shouldNotReadATimeFromOtherIds() {
        assertThat(RequestIds.acceptedAtMillis("req_" + UUID.randomUUID().toString().replace("-", ""))).isEmpty();
        assertThat(RequestIds.acceptedAtMillis("req_01JXYZ")).isEmpty();
        assertThat(RequestIds.acceptedAtMillis("evt_0190a1b2c3d47abc8def0123456789ab")).isEmpty();
        assertThat(RequestIds.acceptedAtMillis("req_0190A1B2C3D47ABC8DEF0123456789AB")).isEmpty();
        assertThat(RequestIds.acceptedAtMillis(null)).isEmpty();
    }
}
