package dev.rightsflow.connectors.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {

    @Test
    void theEnvironmentWinsOverTheSecretsFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("secrets.properties");
        Files.writeString(file, "mailchimp.rip-key=from-file\nQUALTRICS_TOKEN=q-file\n");
        Secrets secrets = new Secrets(Map.of("RIGHTSFLOW_SECRET_MAILCHIMP_RIP_KEY", "from-env"), file);
        assertThat(secrets.get("mailchimp.rip-key")).contains("from-env");
        assertThat(secrets.get("QUALTRICS_TOKEN")).contains("q-file");
        assertThat(secrets.get("UNKNOWN")).isEmpty();
    }

    @Test
    void anEditedSecretsFileIsReadAgain(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("secrets.properties");
        Files.writeString(file, "KEY=old\n");
        Secrets secrets = new Secrets(Map.of(), file);
        assertThat(secrets.get("KEY")).contains("old");
        Files.writeString(file, "KEY=rotated\n");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        assertThat(secrets.get("KEY")).contains("rotated");
    }

    @Test
    void noSecretsFileMeansOnlyTheEnvironment() {
        assertThat(new Secrets(Map.of(), null).get("KEY")).isEmpty();
        assertThat(Secrets.environmentName("opencrm.api-key")).isEqualTo("RIGHTSFLOW_SECRET_OPENCRM_API_KEY");
    }
}
