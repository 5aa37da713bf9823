package dev.rightsflow.schemas.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The one naming rule for secrets: environment, then the secrets directory, then a property; legacy sources last. */
@ExtendWith(OutputCaptureExtension.class)
class SecretsTest {

    @Test
    void theEnvironmentVariableIsTheUpperCasedNameWithOtherCharactersAsUnderscores() {
        assertThat(Secrets.environmentName("opencrm.api-key")).isEqualTo("RIGHTSFLOW_SECRET_OPENCRM_API_KEY");
        assertThat(Secrets.environmentName("MES_PROCESSOR_TOKEN")).isEqualTo("RIGHTSFLOW_SECRET_MES_PROCESSOR_TOKEN");
    }

    @Test
    void theEnvironmentWinsOverTheFileWhichWinsOverTheProperty(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("KEY"), "from-file\n");
        Map<String, String> properties = Map.of("rightsflow.secrets.values.KEY", "from-property",
                "rightsflow.secrets.values.ONLY_PROPERTY", "from-property");
        Secrets secrets = new Secrets(Map.of("RIGHTSFLOW_SECRET_KEY", "from-env"), dir, properties::get, List.of());
        Secrets withoutEnvironment = new Secrets(Map.of(), dir, properties::get, List.of());

        assertThat(secrets.find("KEY")).contains("from-env");
        assertThat(withoutEnvironment.find("KEY")).contains("from-file");
        assertThat(withoutEnvironment.find("ONLY_PROPERTY")).contains("from-property");
    }

    @Test
    void aMountedSecretFileIsReadWithoutItsTrailingLineBreakAndReadAgainWhenRotated(@TempDir Path dir) throws IOException {
        Secrets secrets = new Secrets(Map.of(), dir, null, List.of());
        Files.writeString(dir.resolve("webhook.secret"), "whsec_first\r\n");
        assertThat(secrets.find("webhook.secret")).contains("whsec_first");

        Files.writeString(dir.resolve("webhook.secret"), "whsec_second");
        assertThat(secrets.find("webhook.secret")).contains("whsec_second");
    }

    @Test
    void aReferenceNeverReachesAFileOutsideTheSecretsDirectory(@TempDir Path dir) throws IOException {
        Path inside = Files.createDirectory(dir.resolve("secrets"));
        Files.writeString(dir.resolve("outside"), "not-a-secret");
        Secrets secrets = new Secrets(Map.of(), inside, null, List.of());

        assertThat(secrets.find("../outside")).isEmpty();
        assertThat(secrets.find("..")).isEmpty();
    }

    @Test
    void aMissingSecretNamesItsReferenceAndWhereToSetItButBlankValuesCountAsMissing(@TempDir Path dir) {
        Secrets secrets = new Secrets(Map.of("RIGHTSFLOW_SECRET_BLANK", " "), dir, null, List.of());

        assertThat(secrets.find("BLANK")).isEmpty();
        assertThat(secrets.find(null)).isEmpty();
        assertThatThrownBy(() -> secrets.require("ORG_WEBHOOK_SECRET"))
                .isInstanceOf(MissingSecretException.class)
                .hasMessageContaining("ORG_WEBHOOK_SECRET")
                .hasMessageContaining("RIGHTSFLOW_SECRET_ORG_WEBHOOK_SECRET")
                .hasMessageContaining(dir.resolve("ORG_WEBHOOK_SECRET").toString())
                .hasMessageContaining("rightsflow.secrets.values.ORG_WEBHOOK_SECRET");
    }

    @Test
    void aLegacySourceStillAnswersLastWithOneWarningNamingTheNewVariableAndNeverTheValue(@TempDir Path dir,
            CapturedOutput output) {
        Map<String, String> old = Map.of("MES_PROCESSOR_TOKEN", "old-token-value");
        Secrets secrets = new Secrets(Map.of(), dir, null,
                List.of(new Secrets.Legacy("the property rightsflow.router.secrets.<name>", old::get)));

        assertThat(secrets.find("MES_PROCESSOR_TOKEN")).contains("old-token-value");
        assertThat(secrets.find("MES_PROCESSOR_TOKEN")).contains("old-token-value");

        String log = output.getAll();
        assertThat(log).contains("deprecated").contains("RIGHTSFLOW_SECRET_MES_PROCESSOR_TOKEN")
                .contains("rightsflow.router.secrets").doesNotContain("old-token-value");
        assertThat(log.split("MES_PROCESSOR_TOKEN was read from", -1)).hasSize(2);

        Secrets newWay = new Secrets(Map.of("RIGHTSFLOW_SECRET_MES_PROCESSOR_TOKEN", "new"), dir, null,
                List.of(new Secrets.Legacy("old", old::get)));
        assertThat(newWay.find("MES_PROCESSOR_TOKEN")).contains("new");
    }

    @Test
    void theConnectorsOldPropertiesFileIsReadAgainWhenEdited(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("secrets.properties");
        Files.writeString(file, "KEY=first\n");
        Secrets secrets = new Secrets(Map.of(), null, null,
                List.of(Secrets.Legacy.propertiesFile("rightsflow.connectors.secrets-file", file)));
        assertThat(secrets.find("KEY")).contains("first");

        Files.writeString(file, "KEY=second\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(secrets.find("KEY")).contains("second");
        assertThat(new Secrets(Map.of(), null, null,
                List.of(Secrets.Legacy.propertiesFile("setting", null))).find("KEY")).isEmpty();
    }
}
