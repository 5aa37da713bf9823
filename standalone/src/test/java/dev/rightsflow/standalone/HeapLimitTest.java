package dev.rightsflow.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The standalone's JVM runs with a heap limit: without one the JVM may take a quarter of the machine's memory and keeps
 * what a catch-up grew (2.6 to 3.0 GiB resident after a restart with 10,000 requests, over less than 300 MiB live).
 * {@code ./mvnw -Prun} passes one; {@code java -jar} cannot carry one, so the start warns when none was given.
 */
class HeapLimitTest {

    @Test
    void theFirstCommandStartsTheJvmWithAHeapLimit() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        assertThat(pom).contains("<rightsflow.heap>1g</rightsflow.heap>");
        assertThat(pom).containsPattern("<jvmArguments>[^<]*-Xmx\\$\\{rightsflow\\.heap}[^<]*</jvmArguments>");
    }

    @Test
    void aLimitIsRecognisedInEachWayTheJvmTakesIt() {
        assertThat(RightsflowStandalone.heapSizeGiven(List.of("-Dfoo=bar", "-Xmx1g"))).isTrue();
        assertThat(RightsflowStandalone.heapSizeGiven(List.of("-XX:MaxHeapSize=1073741824"))).isTrue();
        assertThat(RightsflowStandalone.heapSizeGiven(List.of("-XX:MaxRAMPercentage=10"))).isTrue();
        assertThat(RightsflowStandalone.heapSizeGiven(List.of("-Xms1g", "-XX:+UseG1GC", "-Dx=-Xmx1g"))).isFalse();
        assertThat(RightsflowStandalone.heapSizeGiven(List.of())).isFalse();
    }
}
