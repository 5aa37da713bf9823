package dev.rightsflow.schemas.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.rightsflow.schemas.avro.TaskAction;

/** The shared vocabulary: one action enum, named as the contract's, and the connectors' catalogue read back as written. */
class SharedVocabularyTest {

    @Test
    void theActionsAreTheContractsTaskActions() {
        // UNKNOWN is the contract's reader default for a symbol added later, not an action anyone plans or declares
        assertThat(Arrays.stream(Action.values()).map(Action::name)).containsExactlyElementsOf(Arrays
                .stream(TaskAction.values()).filter(a -> a != TaskAction.UNKNOWN).map(TaskAction::name).toList());
    }

    @Test
    void aCatalogueReadsBackAsItWasWritten() throws Exception {
        List<ConnectorCapabilities> declared = List.of(
                new ConnectorCapabilities("generic-rest", EnumSet.of(Action.ERASE, Action.RESTRICT),
                        Map.of(Action.RESTRICT, "restrictPath")),
                ConnectorCapabilities.of("hotjar", EnumSet.of(Action.EXPORT, Action.ERASE)));
        String text = ConnectorCapabilities.render(declared);

        assertThat(text).contains("generic-rest.actions=ERASE,RESTRICT\n", "generic-rest.needs.RESTRICT=restrictPath\n",
                "hotjar.actions=ERASE,EXPORT\n");
        assertThat(ConnectorCapabilities.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1))))
                .containsExactlyElementsOf(declared);
    }

    @Test
    void theShippedCatalogueHasAPersonForEveryAction() {
        assertThat(ConnectorCapabilities.catalogue()).filteredOn(c -> c.name().equals("manual")).singleElement()
                .satisfies(manual -> assertThat(manual.actions()).containsExactlyInAnyOrder(Action.values()));
    }
}
