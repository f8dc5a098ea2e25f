package xyz.pura.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import org.junit.jupiter.api.Test;

class TelemetryTest {
    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

    @Test
    void shouldNameTheServicePuraGatewayUnlessTheVariablesNameIt() {
        assertThat(Telemetry.named(Resource.getDefault()).getAttribute(SERVICE_NAME)).isEqualTo("pura-gateway");
        assertThat(Telemetry.named(Resource.getDefault().merge(Resource.create(Attributes.of(SERVICE_NAME, "edge-eu"))))
                .getAttribute(SERVICE_NAME)).isEqualTo("edge-eu");
    }
}
