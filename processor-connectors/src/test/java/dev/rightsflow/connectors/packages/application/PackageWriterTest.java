package dev.rightsflow.connectors.packages.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rightsflow.connectors.spi.ExportedRecord;
import dev.rightsflow.connectors.tasks.application.ExportVault;


class PackageWriterTest {

    @Test
    void csvQuotesAndNeutralisesSpreadsheetFormulas() {
        String csv = PackageWriter.csv(List.of(new ExportVault.ExportFile.Entry("contact", ExportedRecord.Provenance.PROVIDED,
                Map.of("note", "=HYPERLINK(\"http://evil\")", "address", "1 High St, Stafford"))));
        assertThat(csv).startsWith("category,provenance,");
        assertThat(csv).contains("\"'=HYPERLINK(\"\"http://evil\"\")\"").contains("\"1 High St, Stafford\"");
    }
}
