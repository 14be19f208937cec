package ai.crafted.mcp.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NumericHostFormsTest {

    @ParameterizedTest
    @ValueSource(strings = {
        // The handed-over values.
        "0x7f000001", "017700000001", "0177.0.0.1", "[fe80::1%25eth0]", "fe80::1%eth0",
        // Octal and hex in any position, mixed forms.
        "127.0.0.01", "0x7f.0.0.1", "0x7F.1", "127.0x0.0.1", "010.0.0.1", "0300.0250.0.1", "00.0.0.0",
        // Dotless, shortened, too many parts, out of range.
        "2130706433", "0", "127.1", "10.1", "127.0.1", "1.2.3.4.5", "256.1.1.1", "1.2.3.999",
        // WHATWG reads any host whose last label is numeric as an address.
        "evil.0x7f000001", "example.127", "a.b.1", "0x", "999999999999999999999",
        // Trailing dot.
        "127.0.0.1.", "0x7f000001."})
    void nonCanonicalNumericFormsAreRefused(String host) {
        assertThat(NumericHostForms.reasonRefused(host)).as(host).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://0x7f000001/mcp", "https://127.1:8443/mcp", "https://u@2130706433/", "https://0177.0.0.1/"})
    void theHostIsReadAsWrittenWhereJavaSeesNone(String url) {
        String host = NumericHostForms.hostAsWritten(URI.create(url));
        assertThat(host).isNotNull().doesNotContain(":").doesNotContain("@").doesNotContain("/");
        assertThat(NumericHostForms.reasonRefused(host)).as(url).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mcp.example.com", "127.0.0.1", "8.8.8.8", "0.0.0.0", "255.255.255.255", "10.0.0.1",
        "localhost", "example.com.", "1password.com", "a1.b2", "mcp.0x.example", "[::1]", "::1", "[2001:db8::1]",
        "xn--bcher-kva.example", "api.example.io"})
    void namesAndCanonicalAddressesAreLeftToTheAddressCheck(String host) {
        assertThat(NumericHostForms.reasonRefused(host)).as(host).isNull();
    }
}
