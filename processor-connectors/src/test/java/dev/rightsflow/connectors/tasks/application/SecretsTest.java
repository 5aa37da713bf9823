package dev.rightsflow.connectors.tasks.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rightsflow.schemas.secrets.Secrets;

/**
 * The connectors' secrets through the shared resolver ({@link Secrets}) as the service configures it: the environment
 * first, then (deprecated, for one release) the old {@code rightsflow.connectors.secrets-file}.
 */
class SecretsTest {

    private static Secrets connectors(Map<String, String> environment, Path file) {
        return new Secrets(environment, null, null, file == null ? List.of()
                : List.of(Secrets.Legacy.propertiesFile("rightsflow.connectors.secrets-file", file)));
    }

    @Test
    void theEnvironmentWinsOverTheSecretsFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("secrets.properties");
        Files.writeString(file, "mailchimp.rip-key=from-file\nQUALTRICS_TOKEN=q-file\n");
        Secrets secrets = connectors(Map.of("RIGHTSFLOW_SECRET_MAILCHIMP_RIP_KEY", "from-env"), file);
        assertThat(secrets.find("mailchimp.rip-key")).contains("from-env");
        assertThat(secrets.find("QUALTRICS_TOKEN")).contains("q-file");
        assertThat(secrets.find("UNKNOWN")).isEmpty();
    }

    @Test
    void anEditedSecretsFileIsReadAgain(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("secrets.properties");
        Files.writeString(file, "KEY=old\n");
        Secrets secrets = connectors(Map.of(), file);
        assertThat(secrets.find("KEY")).contains("old");
        Files.writeString(file, "KEY=rotated\n");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        assertThat(secrets.find("KEY")).contains("rotated");
    }

    @Test
    void noSecretsFileMeansOnlyTheEnvironment() {
        assertThat(connectors(Map.of(), null).find("KEY")).isEmpty();
        assertThat(Secrets.environmentName("opencrm.api-key")).isEqualTo("RIGHTSFLOW_SECRET_OPENCRM_API_KEY");
    }
}
