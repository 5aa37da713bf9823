package dev.rightsflow.schemas.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The outbound-address guard: internal targets refused unless allowed, public ones passed. */
class OutboundAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "http://127.0.0.1:27017/", "http://127.1.2.3/", "http://localhost:8080/x", "http://[::1]/",
            "http://10.0.0.5/", "http://172.16.0.1/", "http://172.31.255.255/", "http://192.168.1.1/",
            "http://100.64.0.1/", "http://[fc00::1]/", "http://[fd12:3456::1]/",
            "http://169.254.169.254/latest/meta-data/", "http://169.254.0.1/", "http://[fe80::1]/",
            "http://0.0.0.0:8080/", "http://[::]/", "http://224.0.0.1/", "http://[ff02::1]/",
            "http://255.255.255.255/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:169.254.169.254]/",
            "http://[::ffff:7f00:1]/", "http://2130706433/", "http://127.1/", "http://0x7f.1/"})
    void internalTargetsAreRefused(String target) {
        assertThatThrownBy(() -> OutboundAddresses.check(URI.create(target), Set.of()))
                .isInstanceOf(ForbiddenOutboundAddressException.class)
                .hasMessageContaining("refused");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://93.184.215.14/callback", "http://8.8.8.8:8080/", "https://[2606:4700::1111]/",
            "http://172.32.0.1/", "http://100.128.0.1/"})
    void publicTargetsPass(String target) {
        assertThatCode(() -> OutboundAddresses.check(URI.create(target), Set.of())).doesNotThrowAnyException();
    }

    @Test
    void theMetadataAddressIsNamedAsLinkLocal() {
        assertThatThrownBy(() -> OutboundAddresses.check(URI.create("http://169.254.169.254/latest"), null))
                .isInstanceOf(ForbiddenOutboundAddressException.class)
                .hasMessageContaining("169.254.169.254")
                .hasMessageContaining("link-local")
                .hasMessageNotContaining("/latest");
    }

    @Test
    void aNameIsCheckedByWhatItResolvesTo() {
        assertThatThrownBy(() -> OutboundAddresses.check(URI.create("http://localhost:9101/api"), Set.of("127.0.0.1")))
                .isInstanceOf(ForbiddenOutboundAddressException.class)
                .hasMessageContaining("loopback");
    }

    @Test
    void anAllowedHostPassesOnAnyPortAndHostPortOnlyOnThatPort() {
        assertThatCode(() -> OutboundAddresses.check(URI.create("http://127.0.0.1:9105/x"), Set.of("127.0.0.1")))
                .doesNotThrowAnyException();
        assertThatCode(() -> OutboundAddresses.check(URI.create("http://LOCALHOST:9101/x"), Set.of("localhost:9101")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> OutboundAddresses.check(URI.create("http://localhost:27017/"), Set.of("localhost:9101")))
                .isInstanceOf(ForbiddenOutboundAddressException.class);
        assertThatCode(() -> OutboundAddresses.check(URI.create("http://[::1]:9101/"), Set.of("[::1]:9101")))
                .doesNotThrowAnyException();
    }

    @Test
    void onlyHttpAndHttpsWithAHostAreAccepted() {
        assertThatThrownBy(() -> OutboundAddresses.check(URI.create("file:///etc/passwd"), Set.of()))
                .isInstanceOf(ForbiddenOutboundAddressException.class).hasMessageContaining("http");
        assertThatThrownBy(() -> OutboundAddresses.check(URI.create("gopher://example.org/"), Set.of("example.org")))
                .isInstanceOf(ForbiddenOutboundAddressException.class);
        assertThatThrownBy(() -> OutboundAddresses.check(URI.create("http:relative"), Set.of()))
                .isInstanceOf(ForbiddenOutboundAddressException.class);
    }

    @Test
    void anUnresolvableHostIsAnIoFailureNotARefusal() {
        assertThatThrownBy(() -> OutboundAddresses.check(URI.create("http://no-such-host.invalid/"), Set.of()))
                .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void theConnectTimeCheckRefusesTheAddressActuallyResolved() throws Exception {
        InetSocketAddress rebound = new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 443);
        assertThatThrownBy(() -> OutboundAddresses.checkResolved("public.example", 443, rebound, Set.of()))
                .isInstanceOf(ForbiddenOutboundAddressException.class)
                .hasMessageContaining("public.example").hasMessageContaining("private");
        assertThatCode(() -> OutboundAddresses.checkResolved("public.example", 443, rebound, Set.of("public.example")))
                .doesNotThrowAnyException();
        assertThat(OutboundAddresses.isInternal(InetAddress.getByName("1.1.1.1"))).isFalse();
    }
}
